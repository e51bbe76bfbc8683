/*
 * sealfd.c - sealed memfds (see sealfd.h).
 */
#include "util/sealfd.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util/fdio.h"

int hd_sealfd_new(const char *name)
{
	return memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
}

int hd_sealfd_seal(int fd)
{
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) < 0)
		return -1;
	return lseek(fd, 0, SEEK_SET) < 0 ? -1 : 0;
}

int hd_sealfd_from(const char *name, const void *buf, size_t len)
{
	int fd = hd_sealfd_new(name), saved;

	if (fd < 0)
		return -1;
	if ((len == 0 || hd_write_all(fd, buf, len) == 0) && hd_sealfd_seal(fd) == 0)
		return fd;
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}
