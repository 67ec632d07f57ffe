/* SPDX-License-Identifier: GPL-2.0 */
/* The processes that hold a socket, from /proc (owner.c). */
#ifndef _WARDENCTL_SOCKETS_OWNER_H
#define _WARDENCTL_SOCKETS_OWNER_H

#include <stdint.h>

struct sk_owner {
	int pid;
	int fd;
	const char *comm;
};
/* Scan /proc once (idempotent). Returns 0, or -1 when /proc is unreadable. */
int sk_owners_scan(void);
/*
 * Owners of @inode: up to @max written to @out, the total is returned
 * (a socket can be shared by several processes after fork()).
 */
int sk_owners_find(uint32_t inode, struct sk_owner *out, int max);

#endif /* _WARDENCTL_SOCKETS_OWNER_H */
