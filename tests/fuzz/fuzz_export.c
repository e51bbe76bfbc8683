/*
 * fuzz_export.c - libFuzzer harness over the registry-export reader (issue
 * 22): each input is parsed as text by both dialects of hive/regtext.c (the
 * samples' and the export's), then written to a memfd and, when the export
 * backend's sniff takes it, rebuilt into a hive (source/export.c) and read
 * back through hive.c as the analysis would.
 *
 * Oracles, beyond the sanitizers: a failed parse leaves an empty document
 * with errno EINVAL (and a line) or ENOMEM; a success gives keys with
 * non-NULL paths and values whose data is within HD_REGTEXT_MAX_DATA; the
 * backend either returns a sealed memfd hive that hivex opens, whose every
 * key time is absent under HD_OPEN_NO_TIMES and whose provenance ends in an
 * "export" link flagged HD_SRC_RECONSTRUCTED, or fails with no descriptor, a
 * code and a message; no descriptor is left open.
 *
 * Build and run: make fuzz-export FUZZ_SECONDS=N (see tests/fuzz/fuzz.mk).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hive/hive.h"
#include "hive/regtext.h"
#include "source/export.h"
#include "util/fdio.h"
#include "util/textutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_export: oracle failed: %s\n", what);
	abort();
}

static void check_parse(const uint8_t *data, size_t size, enum hd_regtext_dialect dialect)
{
	const struct hd_regtext_opts opts = { dialect };
	struct hd_regtext doc;
	struct hd_regtext_error err;

	if (hd_regtext_parse_opts((const char *)data, size, &opts, &doc, &err) != 0) {
		if ((errno != EINVAL && errno != ENOMEM) || doc.n_keys != 0 || doc.keys != NULL)
			fail("a failed parse: errno not EINVAL/ENOMEM, or a document left");
		if (errno == EINVAL && err.message[0] == '\0')
			fail("a refusal without a message");
		return;
	}
	for (size_t i = 0; i < doc.n_keys; i++) {
		if (doc.keys[i].path == NULL)
			fail("a key without a path");
		for (size_t j = 0; j < doc.keys[i].n_values; j++)
			if (doc.keys[i].values[j].name == NULL || doc.keys[i].values[j].len > HD_REGTEXT_MAX_DATA)
				fail("a value without a name or past the data limit");
	}
	hd_regtext_clear(&doc);
}

/* Every key below the root (breadth-first, bounded) has no time. */
static void check_hive(int fd)
{
	char path[32];
	struct hd_hive *h;
	hd_key stack[64];
	size_t n = 0, seen = 0;
	int seals = fcntl(fd, F_GET_SEALS);

	if (seals < 0 || (seals & (F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK)) !=
	                 (F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK))
		fail("the rebuilt hive's memfd is not sealed");
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	h = hd_hive_open(path, HD_OPEN_NO_TIMES, NULL);
	if (h == NULL)
		fail("hivex cannot open the rebuilt hive");
	stack[n++] = hd_hive_root(h);
	while (n > 0 && seen++ < 256) {
		hd_key k = stack[--n];
		char **names = NULL;
		size_t count = 0;
		uint64_t t = 1;

		if (hd_key_time(h, k, &t) != HD_ABSENT || t != 0)
			fail("a key time read from a reconstruction");
		if (hd_key_subkey_names(h, k, &names, &count) != HD_FOUND)
			continue;
		for (size_t i = 0; i < count && n < sizeof stack / sizeof stack[0]; i++)
			if (hd_key_child(h, k, names[i], &stack[n]) == HD_FOUND)
				n++;
		hd_strv_free(names);
	}
	hd_hive_close(h);
}

static void check_backend(const uint8_t *data, size_t size)
{
	struct hd_src_limits lim;
	struct hd_provenance prov = { 0 };
	struct hd_src_error e = { 0 };
	unsigned flags = 0;
	int fd = memfd_create("fuzz-export", MFD_CLOEXEC), hive_fd = -2, rc;

	if (fd < 0 || hd_write_all(fd, data, size) != 0)
		fail("cannot write the input to a memfd");
	if (!hd_src_export_backend.sniff(fd, data, size)) {
		close(fd);
		return;
	}
	hd_src_limits_default(&lim);
	lim.max_member_bytes = 1u << 20;
	rc = hd_src_export_backend.open_hive(fd, "fuzz.reg", NULL, &lim, &hive_fd, &flags, &prov, &e);
	close(fd);
	if (rc == 0) {
		if (hive_fd < 0 || !(flags & HD_SRC_RECONSTRUCTED) || prov.n_links != 1 ||
		    strcmp(prov.links[0].kind, "export") != 0)
			fail("a rebuilt export without its hive, flag or provenance");
		check_hive(hive_fd);
		close(hive_fd);
	} else if (hive_fd != -1 || e.code == NULL || e.message == NULL) {
		fail("a refused export with a descriptor, or without a code and a message");
	}
	hd_prov_clear(&prov);
	hd_src_error_clear(&e);
}

/*
 * Descriptors open now, counted in /proc/self/fd (-1 when it cannot be read).
 * Counted before and after each input, inside the callback: libFuzzer opens
 * descriptors of its own between inputs (a corpus folder while it loads; the
 * symbolizer's pipes the first time it prints NEW_FUNC, which it keeps open:
 * that failed CI's smoke run when this oracle compared against the lowest
 * free descriptor ever seen).
 */
static int open_descriptors(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (d == NULL)
		return -1;
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int before = open_descriptors();

	check_parse(data, size, HD_REGTEXT_SAMPLE);
	check_parse(data, size, HD_REGTEXT_EXPORT);
	check_backend(data, size);
	if (before >= 0 && open_descriptors() != before)
		fail("a descriptor was left open");
	return 0;
}
