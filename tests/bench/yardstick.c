/*
 * yardstick.c - the least work an evidence-grade analyzer must do per hive
 * (issue 12's bench yardstick, not part of hivediag): hash the whole file
 * with SHA-256 on a second thread while hivex opens (and closes) it.  Each
 * FILE is done in turn; prints nothing but errors.  make bench compares
 * hivediag's times with this program's.
 *
 * Usage: yardstick FILE...
 */
#include <errno.h>
#include <fcntl.h>
#include <hivex.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (1u << 13)

struct job {
	int fd;
	int err;
	uint8_t digest[SHA256_DIGEST_SIZE];
};

static void *hash_file(void *arg)
{
	struct job *j = arg;
	struct sha256_ctx ctx;
	uint8_t buf[CHUNK];
	off_t off = 0;
	ssize_t n;

	sha256_init(&ctx);
	while ((n = pread(j->fd, buf, sizeof buf, off)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			j->err = errno;
			break;
		}
		sha256_update(&ctx, (size_t)n, buf);
		off += n;
	}
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, j->digest);
	return NULL;
}

static int one(const char *path)
{
	struct job j = { .fd = open(path, O_RDONLY | O_CLOEXEC) };
	pthread_t t;
	hive_h *h;
	int rc = 0;

	if (j.fd < 0 || pthread_create(&t, NULL, hash_file, &j) != 0) {
		fprintf(stderr, "yardstick: %s: %s\n", path, strerror(errno));
		if (j.fd >= 0)
			close(j.fd);
		return 1;
	}
	h = hivex_open(path, 0);
	if (h == NULL)
		rc = 1;
	else
		hivex_close(h);
	pthread_join(t, NULL);
	close(j.fd);
	return rc || j.err;
}

int main(int argc, char **argv)
{
	int rc = 0;

	for (int i = 1; i < argc; i++)
		rc |= one(argv[i]);
	return rc;
}
