/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Network namespaces (netns.c): entering one, naming the current one the
 * same way in every command's output, its cookie, and visiting them all.
 */
#ifndef _WARDENCTL_NETNS_H
#define _WARDENCTL_NETNS_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Enter a named netns (/run/netns/NAME) or a path to a netns file.
 * Returns 0, or an exit code after printing why: WCTL_EXIT_USAGE when it
 * does not exist, WCTL_EXIT_FAIL when it cannot be entered.
 */
int wctl_netns_enter(const char *name);
/*
 * Open @name as wctl_netns_enter() finds it: 0 with the fd in *@fd, or
 * the same exit codes with the message in @err (WCTL_ERR_LEN).
 */
int wctl_netns_open(const char *name, int *fd, char *err);
/* Is the current netns the initial one (PID 1's)? */
bool wctl_netns_is_init(void);

/*
 * The current netns as output names it: the -n name (or the one being
 * visited by wctl_for_each_netns()), else "init" for the initial one,
 * else its name in /run/netns (`ip netns exec NAME wardenctl ...`), else
 * "net:[INODE]" as /proc/PID/ns/net shows it.
 */
const char *wctl_netns_label(void);

/* Its cookie (SO_NETNS_COOKIE): 0, or an exit code after one line saying why. */
int wctl_netns_cookie(uint64_t *cookie);

/*
 * Run @fn in the current netns, then, with @all, in each one of
 * /run/netns but the current, by name, which wctl_netns_label() names
 * meanwhile.
 * Stops at the first non-zero return, which it returns.
 */
int wctl_for_each_netns(bool all, int (*fn)(void *arg), void *arg);

#endif /* _WARDENCTL_NETNS_H */
