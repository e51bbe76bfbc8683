/*
 * fuzz_expand.c - libFuzzer harness over the compressed-copy path (issue
 * 26): each input is written to a memfd, its magic sniffed
 * (hd_expand_sniff) and, when it announces SZDD, KWAJ or a cabinet,
 * expanded by libmspack through hive/expand.c's I/O (hd_expand_fd), as the
 * pipeline does for repair\system._ before hivex sees it.
 *
 * Oracles, beyond the sanitizers: the sniffed format is the one the first
 * bytes announce; a success gives an image (or none for an empty
 * expansion) no larger than HD_EXPAND_MAX_IMAGE, held in a memfd of exactly
 * its length, sealed against writing, shrinking and growing; a failure
 * gives no image, errno set and a reason; an input that announces no format
 * is refused with EINVAL; no descriptor is left open (the lowest free one
 * stays low: libFuzzer's leak check sees memory, not a leaked memfd).  Run with ASan's default malloc fill (fuzz.mk's
 * FUZZ_EXPAND_ENV): memory libmspack reads before writing is then garbage,
 * not zero, as it was with glibc after an earlier hive.
 *
 * Build and run: make fuzz-expand FUZZ_SECONDS=N (see tests/fuzz/fuzz.mk).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hive/expand.h"
#include "util/fdio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_expand: oracle failed: %s\n", what);
	abort();
}

/* One memfd for the whole run, refilled per input. */
static int in_fd = -1;

/* A success: the image is a sealed memfd of exactly len bytes, mapped. */
static void check_image(const struct hd_expanded *x)
{
	struct stat st;
	int seals;

	if (x->len == 0) {
		if (x->fd != -1 || x->data != NULL)
			fail("an empty image with a memfd or a mapping");
		return;
	}
	if (x->len > HD_EXPAND_MAX_IMAGE || x->fd < 0 || x->data == NULL)
		fail("an image past the cap, or without its memfd or mapping");
	if (fstat(x->fd, &st) < 0 || (uint64_t)st.st_size != x->len)
		fail("the memfd's size is not the image's length");
	seals = fcntl(x->fd, F_GET_SEALS);
	if (seals < 0 || (seals & (F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW)) !=
	                 (F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW))
		fail("the image is not sealed");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hd_expanded x = { .fd = 12345, .data = data, .len = 1 };   /* the call must reset them */
	const char *why = NULL;
	int fmt, rc, probe;

	if (in_fd < 0 && (in_fd = memfd_create("fuzz-expand", MFD_CLOEXEC)) < 0)
		fail("memfd_create");
	if (ftruncate(in_fd, 0) < 0 || lseek(in_fd, 0, SEEK_SET) < 0 || hd_write_all(in_fd, data, size) < 0)
		fail("memfd write");
	fmt = hd_expand_sniff(in_fd);
	if (fmt < 0)
		fail("hd_expand_sniff cannot read a memfd");
	if (fmt != (int)hd_expand_detect(data, size))
		fail("hd_expand_sniff disagrees with the input's first bytes");
	errno = 0;
	rc = hd_expand_fd(in_fd, (enum hd_packed)fmt, &x, &why);
	if (rc == 0) {
		if (fmt == HD_PACKED_NONE)
			fail("an input of no format expanded");
		check_image(&x);
		hd_expanded_release(&x, 0);
	} else {
		if (rc != -1 || errno == 0 || why == NULL || x.fd != -1 || x.data != NULL || x.len != 0)
			fail("a failure without errno, reason, or with an image");
		if (fmt == HD_PACKED_NONE && errno != EINVAL)
			fail("an input of no format not refused with EINVAL");
	}
	if ((probe = dup(in_fd)) < 0 || probe > 64)
		fail("a descriptor leaked");
	close(probe);
	return 0;
}
