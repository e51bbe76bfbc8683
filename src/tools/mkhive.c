/*
 * mkhive - build a sample hive from REGEDIT4-style text (src/tools/regtext.h).
 *
 * `make` runs it on every samples/<name>.reg; tests use it to craft hives
 * with wrong types, odd lengths and missing keys.  The same text always
 * gives the same bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hive/blankhive.h"
#include "tools/graft.h"
#include "hive/hivebuild.h"
#include "hive/regtext.h"

#define EXIT_FAILED 1   /* the text is wrong, or the hive could not be written */
#define EXIT_USAGE 2
#define MAX_REMOVE 16

static void usage(FILE *f)
{
	fputs("usage: mkhive [-n name] input.reg output.hive\n"
	      "       mkhive -g base.hive [-x key]... input.reg output.hive\n"
	      "       mkhive -h\n", f);
}

static int help(void)
{
	usage(stdout);
	fputs("\nBuild a registry hive from REGEDIT4-style text (\"-\" reads standard input).\n"
	      "  -n name  file name recorded in the base block (default SYSTEM)\n"
	      "  -g base  graft: copy base.hive and add only the input's\n"
	      "           ControlSetNNN\\Services\\MSExchange* keys, into base's\n"
	      "           Select\\Current control set\n"
	      "  -x key   with -g: then delete key (relative to that control set)\n"
	      "  -h       show this help\n"
	      "Exit status: 0 built, 1 bad input or write failure, 2 usage error.\n", stdout);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "mkhive: standard output: %s\n", strerror(errno));
		return EXIT_FAILED;
	}
	return EXIT_SUCCESS;
}

/* All of f into a new buffer, up to HD_REGTEXT_MAX_INPUT bytes (else EFBIG). */
static int slurp(FILE *f, char **text, size_t *len)
{
	size_t cap = 0, n = 0, got;
	char *buf = NULL, *p;

	do {
		if (n == cap) {
			errno = EFBIG;
			p = cap < HD_REGTEXT_MAX_INPUT ? realloc(buf, cap ? 2 * cap : 8192) : NULL;
			if (p == NULL)
				goto fail;
			buf = p;
			cap = cap ? 2 * cap : 8192;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f))
		goto fail;
	*text = buf;
	*len = n;
	return 0;
fail:
	free(buf);
	return -1;
}

static int read_input(const char *path, char **text, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	int rc, err;

	if (f == NULL)
		return -1;
	rc = slurp(f, text, len);
	err = errno;
	if (f != stdin)
		fclose(f);
	errno = err;
	return rc;
}

/* What to build: a new hive, or a graft onto a copy of base. */
struct build_job {
	const char *name;
	const char *base;               /* -g, or NULL */
	const char *remove[MAX_REMOVE]; /* -x */
	size_t n_remove;
};

static int write_hive(const struct hd_regtext *doc, const char *out, const struct build_job *job,
                      struct hd_hivebuild_failure *bf)
{
	if (job->base != NULL)
		return hd_graft_write(doc, job->base, out, job->remove, job->n_remove, bf);
	return hd_hivebuild_write(doc, out, job->name, bf);
}

static int build(const char *in, const char *out, const struct build_job *job)
{
	struct hd_regtext doc = {0};
	struct hd_regtext_error perr;
	struct hd_hivebuild_failure bf;
	char *text = NULL;
	size_t len = 0;
	int status = EXIT_FAILED;

	if (read_input(in, &text, &len) != 0) {
		fprintf(stderr, "mkhive: %s: %s\n", in, strerror(errno));
		goto done;
	}
	if (hd_regtext_parse(text, len, &doc, &perr) != 0) {
		if (errno == EINVAL)
			fprintf(stderr, "mkhive: %s:%u: %s\n", in, perr.line, perr.message);
		else
			fprintf(stderr, "mkhive: %s: %s\n", in, strerror(errno));
		goto done;
	}
	if (write_hive(&doc, out, job, &bf) != 0) {
		if (bf.key != NULL)
			fprintf(stderr, "mkhive: %s: %s [%s] (%s:%u): %s\n", out, bf.what,
			        bf.key->path, in, bf.key->line, strerror(errno));
		else
			fprintf(stderr, "mkhive: %s: %s: %s\n", out, bf.what, strerror(errno));
		goto done;
	}
	status = EXIT_SUCCESS;
done:
	hd_regtext_clear(&doc);
	free(text);
	return status;
}

int main(int argc, char **argv)
{
	struct build_job job = { .name = "SYSTEM" };   /* what real SYSTEM hives record */
	int c;

	while ((c = getopt(argc, argv, "hn:g:x:")) != -1) {
		switch (c) {
		case 'h':
			return help();
		case 'n':
			job.name = optarg;
			if (!hd_blank_hive_name_ok(job.name)) {
				fprintf(stderr, "mkhive: -n: the name must be 1 to 31 printable ASCII characters\n");
				return EXIT_USAGE;
			}
			break;
		case 'g':
			job.base = optarg;
			break;
		case 'x':
			if (job.n_remove == MAX_REMOVE) {
				fprintf(stderr, "mkhive: -x: at most %d keys\n", MAX_REMOVE);
				return EXIT_USAGE;
			}
			job.remove[job.n_remove++] = optarg;
			break;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 2 || (job.n_remove > 0 && job.base == NULL)) {
		usage(stderr);
		return EXIT_USAGE;
	}
	return build(argv[optind], argv[optind + 1], &job);
}
