/* SPDX-License-Identifier: GPL-2.0 */
/* The ids of the --cgroup and -n/--netns filters of `trace` (filters.c). */
#ifndef _WARDENCTL_TRACE_FILTERS_H
#define _WARDENCTL_TRACE_FILTERS_H

#include <stdint.h>

/*
 * The cookie of the netns wardenctl runs in: -n NETNS entered it already.
 * 0, or an exit code after one line saying why.
 */
int wtr_netns_cookie(uint64_t *cookie);
/* The id of cgroup v2 directory @path (absolute, or under the mount). */
int wtr_cgroup_id(const char *path, uint64_t *id);

#endif /* _WARDENCTL_TRACE_FILTERS_H */
