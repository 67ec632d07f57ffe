/* SPDX-License-Identifier: GPL-2.0 */
/* The cgroup filter's id, and the names of the traced namespaces (filters.c). */
#ifndef _WARDENCTL_TRACE_FILTERS_H
#define _WARDENCTL_TRACE_FILTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The id of cgroup v2 directory @path (absolute, or under the mount). */
int wtr_cgroup_id(const char *path, uint64_t *id);

/* A namespace's cookie, as events carry it, and its name as output shows it. */
struct wtr_netns_name {
	uint64_t cookie;
	char name[64];
};
struct wtr_netns_names {
	struct wtr_netns_name *v;
	size_t n, cap;
};
/*
 * The namespace wardenctl runs in, and with @all every one of /run/netns
 * too. 0, or an exit code after one line saying why.
 */
int wtr_netns_names(bool all, struct wtr_netns_names *names);
void wtr_netns_names_free(struct wtr_netns_names *names);

#endif /* _WARDENCTL_TRACE_FILTERS_H */
