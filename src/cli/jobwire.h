/*
 * jobwire.h - the worker's side of the runner's socket (runner.c): a
 * request is the path's length (32 bits), the path, its no_follow byte,
 * and the -r root's length (32 bits, UINT32_MAX for none) and root; a
 * reply is its length (64 bits) and its bytes (an encoded outcome, or a
 * names record, names_job.h).
 */
#ifndef HD_CLI_JOBWIRE_H
#define HD_CLI_JOBWIRE_H

#include <stddef.h>

/* The longest path or root a request carries (runner.h HD_RUN_MAX_PATH). */
#define HD_JOB_MAX_PATH (1u << 20)

/* The next request: 1 (*path, *root new strings; *root NULL for none), or 0 when there is none. */
int hd_job_read_request(int fd, char **path, int *no_follow, char **root);

/* One reply: its 64-bit length, then buf.  0, or -1 with errno. */
int hd_job_send_reply(int fd, const char *buf, size_t len);

#endif
