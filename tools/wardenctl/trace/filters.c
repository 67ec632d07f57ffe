// SPDX-License-Identifier: GPL-2.0
/* The cgroup filter's id, and the names of namespaces (filters.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/vfs.h>

#include "lib/netns.h"
#include "lib/util.h"
#include "lib/vec.h"
#include "trace/filters.h"

#define CGROUP2_MAGIC	0x63677270

/* Where cgroup v2 is mounted (/sys/fs/cgroup, or .../unified on hybrid). */
static const char *cgroup2_root(char *buf, size_t len)
{
	char dev[256], dir[4096], type[64];
	FILE *f = fopen("/proc/self/mounts", "r");
	const char *root = "/sys/fs/cgroup";

	if (!f)
		return root;
	while (fscanf(f, "%255s %4095s %63s %*[^\n]", dev, dir, type) == 3) {
		if (!strcmp(type, "cgroup2")) {
			snprintf(buf, len, "%s", dir);
			root = buf;
			break;
		}
	}
	fclose(f);
	return root;
}

int wtr_cgroup_id(const char *path, uint64_t *id)
{
	struct {
		struct file_handle fh;
		uint64_t id;
	} h = { .fh.handle_bytes = sizeof(uint64_t) };
	char full[8192], root[4096];
	struct statfs st;
	int mount_id;

	if (path[0] == '/' && access(path, F_OK) == 0)
		snprintf(full, sizeof(full), "%s", path);
	else
		snprintf(full, sizeof(full), "%s/%s", cgroup2_root(root, sizeof(root)),
			 path + (path[0] == '/'));
	if (statfs(full, &st) || (unsigned long)st.f_type != CGROUP2_MAGIC ||
	    name_to_handle_at(AT_FDCWD, full, &h.fh, &mount_id, 0)) {
		wctl_err("'%s' is not a cgroup v2 directory: give e.g. /sys/fs/cgroup/system.slice/foo.service or a path relative to the cgroup2 mount",
			 path);
		return WCTL_EXIT_USAGE;
	}
	*id = h.id;
	return 0;
}

static int record(void *arg)
{
	struct wtr_netns_names *names = arg;
	struct wtr_netns_name *n = WCTL_PUSH(names->v, names->n, names->cap);

	if (!n)
		wctl_oom();
	snprintf(n->name, sizeof(n->name), "%s", wctl_netns_label());
	return wctl_netns_cookie(&n->cookie);
}

int wtr_netns_names(bool all, struct wtr_netns_names *names)
{
	return wctl_for_each_netns(all, record, names);
}

void wtr_netns_names_free(struct wtr_netns_names *names)
{
	free(names->v);
	names->v = NULL;
	names->n = names->cap = 0;
}
