/*
 * txlog_marvin.c - the Marvin32 hash, hand-written because no Debian
 * library provides it.
 *
 * Marvin32 is Niels Ferguson's seeded hash used by Windows (and .NET for
 * string hashing).  The registry protects each HvLE log entry with two
 * Marvin32 values under a fixed seed ([SPEC] "Log entries", notes 1-3).
 * Algorithm as described by dotnet/runtime's Marvin.cs and its MarvinTests
 * vectors (used in tests/unit/txlog/test_txlog.c); learned from, not copied.
 */
#include "txlog/txlog.h"

static uint32_t rotl32(uint32_t x, unsigned n)
{
	return x << n | x >> (32u - n);
}

/* One mixing round over the two 32-bit halves of the state. */
static void marvin_block(uint32_t *p0, uint32_t *p1)
{
	*p1 ^= *p0;
	*p0 = rotl32(*p0, 20);
	*p0 += *p1;
	*p1 = rotl32(*p1, 9);
	*p1 ^= *p0;
	*p0 = rotl32(*p0, 27);
	*p0 += *p1;
	*p1 = rotl32(*p1, 19);
}

uint64_t hd_marvin32(const uint8_t *buf, size_t len, uint64_t seed)
{
	uint32_t p0 = (uint32_t)seed;
	uint32_t p1 = (uint32_t)(seed >> 32);
	uint32_t tail = 0x80;   /* the 0x80 pad byte follows the last data byte */
	size_t i = 0;

	for (; len - i >= 4; i += 4) {
		p0 += (uint32_t)buf[i] | (uint32_t)buf[i + 1] << 8 |
		      (uint32_t)buf[i + 2] << 16 | (uint32_t)buf[i + 3] << 24;
		marvin_block(&p0, &p1);
	}
	/* 0-3 bytes remain: little-endian, then the pad byte above them. */
	for (size_t k = len - i; k > 0; k--)
		tail = tail << 8 | buf[i + k - 1];
	p0 += tail;
	marvin_block(&p0, &p1);
	marvin_block(&p0, &p1);
	return (uint64_t)p1 << 32 | p0;
}
