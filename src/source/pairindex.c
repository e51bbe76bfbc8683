/*
 * pairindex.c - the names pass's notes for the -r pairing (see
 * pairindex.h).  Written by hand: a fixed-size record table in a file is
 * all it is, and no library of the stack keeps one on disk.
 */
#include "source/pairindex.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/fdio.h"

#define NOTE_BYTES ((off_t)sizeof(struct hd_pair_note))
#define CHUNK 256               /* notes read at a time while sealing */
#define MIN_SLOTS 16u

static struct {
	int stage_fd;           /* the notes in arrival order */
	int table_fd;           /* the sealed table, or -1 */
	uint64_t n;             /* notes staged */
	uint64_t slots;         /* the table's slots, a power of two */
	int broken;             /* a note could not be staged: never sealed */
} ix = { -1, -1, 0, 0, 0 };

void hd_pair_note_of(const struct stat *st, uint32_t flags, struct hd_pair_note *n)
{
	memset(n, 0, sizeof *n);
	n->dev = (uint64_t)st->st_dev;
	n->ino = (uint64_t)st->st_ino;
	n->size = (uint64_t)st->st_size;
	n->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
	n->ctime_ns = (int64_t)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec;
	n->flags = flags | HD_PAIR_KNOWN;
}

/* splitmix64's finalizer over the file's identity. */
static uint64_t slot_of(uint64_t dev, uint64_t ino, uint64_t slots)
{
	uint64_t h = dev * 0x9e3779b97f4a7c15u ^ ino;

	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9u;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebu;
	return (h ^ (h >> 31)) & (slots - 1);
}

int hd_pairindex_begin(void)
{
	hd_pairindex_end();
	if ((ix.stage_fd = hd_tmpfile("pairs")) < 0)
		return -1;
	return 0;
}

void hd_pairindex_add(const struct hd_pair_note *n)
{
	if (ix.stage_fd < 0 || ix.broken)
		return;
	if (hd_pwrite_all(ix.stage_fd, n, sizeof *n, (off_t)ix.n * NOTE_BYTES) < 0)
		ix.broken = 1;
	else
		ix.n++;
}

/* Put note n in the table (a file noted twice, as hard links are, keeps one slot).  0, or -1. */
static int place(int fd, uint64_t slots, const struct hd_pair_note *n)
{
	struct hd_pair_note at;

	for (uint64_t i = slot_of(n->dev, n->ino, slots), probes = 0; probes < slots; i = (i + 1) & (slots - 1), probes++) {
		if (hd_pread_full(fd, &at, sizeof at, (off_t)i * NOTE_BYTES) != (ssize_t)sizeof at)
			return -1;
		if (at.flags == 0 || (at.dev == n->dev && at.ino == n->ino))
			return hd_pwrite_all(fd, n, sizeof *n, (off_t)i * NOTE_BYTES);
	}
	errno = ENOSPC;
	return -1;
}

int hd_pairindex_seal(void)
{
	struct hd_pair_note buf[CHUNK];
	uint64_t slots = MIN_SLOTS;
	int fd;

	if (ix.stage_fd < 0 || ix.broken) {
		errno = ix.broken ? EIO : EBADF;
		return -1;
	}
	while (slots < 2 * ix.n)
		slots *= 2;
	if ((fd = hd_tmpfile("pairs")) < 0)
		return -1;
	if (ftruncate(fd, (off_t)slots * NOTE_BYTES) < 0)
		goto fail;
	for (uint64_t done = 0; done < ix.n;) {
		size_t k = ix.n - done < CHUNK ? (size_t)(ix.n - done) : CHUNK;
		if (hd_pread_full(ix.stage_fd, buf, k * sizeof *buf, (off_t)done * NOTE_BYTES) != (ssize_t)(k * sizeof *buf))
			goto fail;
		for (size_t i = 0; i < k; i++)
			if (place(fd, slots, &buf[i]) < 0)
				goto fail;
		done += k;
	}
	ix.table_fd = fd;
	ix.slots = slots;
	return 0;
fail:
	if (errno == 0)
		errno = EIO;
	close(fd);
	return -1;
}

void hd_pairindex_end(void)
{
	if (ix.stage_fd >= 0)
		close(ix.stage_fd);
	if (ix.table_fd >= 0)
		close(ix.table_fd);
	ix.stage_fd = ix.table_fd = -1;
	ix.n = ix.slots = 0;
	ix.broken = 0;
}

int hd_pairindex_active(void)
{
	return ix.table_fd >= 0;
}

int hd_pairindex_lookup(const struct stat *st, uint32_t *flags)
{
	struct hd_pair_note want, at;

	if (ix.table_fd < 0)
		return 0;
	hd_pair_note_of(st, 0, &want);
	for (uint64_t i = slot_of(want.dev, want.ino, ix.slots), probes = 0; probes < ix.slots;
	     i = (i + 1) & (ix.slots - 1), probes++) {
		if (hd_pread_full(ix.table_fd, &at, sizeof at, (off_t)i * NOTE_BYTES) != (ssize_t)sizeof at ||
		    at.flags == 0)
			return 0;
		if (at.dev != want.dev || at.ino != want.ino)
			continue;
		if (at.size != want.size || at.mtime_ns != want.mtime_ns || at.ctime_ns != want.ctime_ns)
			return 0;       /* changed since the names pass read it */
		*flags = at.flags;
		return 1;
	}
	return 0;
}
