/*
 * unszdd.c - the bench's floor for a compressed repair copy (not part of
 * hivediag): libmspack expanding an SZDD file with its own default I/O
 * (stdio, buffered) into OUT.  make bench compares hivediag on the SZDD
 * copy with this program followed by hivediag on the expanded hive: what
 * an examiner would do by hand, with no byte-at-a-time writes (Debian's
 * msexpand writes to its output a byte at a time: 6 s for 11.8 MB).
 *
 * Usage: unszdd IN OUT
 */
#include <mspack.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	struct msszdd_decompressor *d;
	struct msszddd_header *h;
	int rc = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: unszdd IN OUT\n");
		return 2;
	}
	if ((d = mspack_create_szdd_decompressor(NULL)) == NULL)
		return 1;
	if ((h = d->open(d, argv[1])) != NULL) {
		rc = d->extract(d, h, argv[2]) == MSPACK_ERR_OK ? 0 : 1;
		d->close(d, h);
	}
	if (rc != 0)
		fprintf(stderr, "unszdd: cannot expand %s (libmspack error %d)\n", argv[1], d->last_error(d));
	mspack_destroy_szdd_decompressor(d);
	return rc;
}
