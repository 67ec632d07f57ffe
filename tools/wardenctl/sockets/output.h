/* SPDX-License-Identifier: GPL-2.0 */
/* Where socket reports go, and over which namespaces (output.c). */
#ifndef _WARDENCTL_SOCKETS_OUTPUT_H
#define _WARDENCTL_SOCKETS_OUTPUT_H

#include <stddef.h>

#include "sockets/opts.h"

/* A big, lock-free stdout: rows come by the hundred thousand. */
void sk_fast_stdout(void);
/* Flush stdout; an exit code after a one-line error when it failed. */
int sk_finish_output(void);
/*
 * --output FILE: stdout goes to a temporary file next to FILE (its name in
 * @tmp), renamed over FILE by sk_output_end() only when all was written.
 */
int sk_output_begin(const char *path, char *tmp, size_t len);
int sk_output_end(const char *path, const char *tmp, int rc);

/* Run @fn in the current netns, then in each of /run/netns with --all-netns. */
int sk_for_each_netns(struct sk_opts *o, int (*fn)(struct sk_opts *o, void *arg), void *arg);

#endif /* _WARDENCTL_SOCKETS_OUTPUT_H */
