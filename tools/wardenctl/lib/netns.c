// SPDX-License-Identifier: GPL-2.0
/* Network namespaces (netns.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "lib/cli.h"
#include "lib/netns.h"
#include "lib/util.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

int wctl_netns_open(const char *name, int *fd, char *err)
{
	char path[256];

	if (!*name) {
		wctl_perr(err, "-n needs a network namespace name or path; see 'ip netns list'");
		return WCTL_EXIT_USAGE;
	}
	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd >= 0)
		return 0;
	if (errno == ENOENT) {
		wctl_perr(err, "network namespace '%s' does not exist; see 'ip netns list'", name);
		return WCTL_EXIT_USAGE;
	}
	wctl_perr(err, "cannot open network namespace '%s': %s", name, strerror(errno));
	return WCTL_EXIT_FAIL;
}

int wctl_netns_enter(const char *name)
{
	char err[WCTL_ERR_LEN];
	int fd, rc;

	rc = wctl_netns_open(name, &fd, err);
	if (rc) {
		wctl_err("%s", err);
		return rc;
	}
	if (setns(fd, CLONE_NEWNET)) {
		wctl_err("cannot enter network namespace '%s': %s%s", name, strerror(errno),
			 errno == EPERM ? " (run as root)" : "");
		close(fd);
		return WCTL_EXIT_FAIL;
	}
	close(fd);
	return 0;
}

/* The name in /run/netns of namespace @self, as `ip netns identify` finds it. */
static bool identify(const struct stat *self, char *buf, size_t len)
{
	DIR *d = opendir("/run/netns");
	struct dirent *de;
	char path[300];
	struct stat st;
	bool found = false;

	while (d && !found && (de = readdir(d))) {
		snprintf(path, sizeof(path), "/run/netns/%s", de->d_name);
		found = de->d_name[0] != '.' && !stat(path, &st) && st.st_ino == self->st_ino &&
			st.st_dev == self->st_dev;
		if (found)
			snprintf(buf, len, "%.*s", (int)len - 1, de->d_name);
	}
	if (d)
		closedir(d);
	return found;
}

/* Is the namespace of @self PID 1's, the initial one? */
static bool is_init(const struct stat *self)
{
	struct stat init;

	return !stat("/proc/1/ns/net", &init) && init.st_ino == self->st_ino &&
	       init.st_dev == self->st_dev;
}

bool wctl_netns_is_init(void)
{
	struct stat self;

	return !stat("/proc/self/ns/net", &self) && is_init(&self);
}

const char *wctl_netns_label(void)
{
	static char buf[64];
	struct stat self;

	if (wctl_opts.netns)
		return wctl_opts.netns;
	if (buf[0])
		return buf;
	if (stat("/proc/self/ns/net", &self)) {
		strcpy(buf, "unknown");
		return buf;
	}
	if (is_init(&self))
		strcpy(buf, "init");
	else if (!identify(&self, buf, sizeof(buf)))
		snprintf(buf, sizeof(buf), "net:[%llu]", (unsigned long long)self.st_ino);
	return buf;
}

int wctl_netns_cookie(uint64_t *cookie)
{
	socklen_t len = sizeof(*cookie);
	int fd, rc = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, cookie, &len)) {
		wctl_err("cannot read the netns cookie (SO_NETNS_COOKIE needs Linux 5.14+): %s",
			 strerror(errno));
		rc = WCTL_EXIT_FAIL;
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

/* @fn in netns @name of /run/netns, then back to @home. */
static int visit(const char *name, int home, int (*fn)(void *), void *arg)
{
	char path[300];
	int rc;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	rc = wctl_netns_enter(path);
	if (rc)
		return rc;
	wctl_opts.netns = name;		/* the label of what follows */
	rc = fn(arg);
	wctl_opts.netns = NULL;
	if (setns(home, CLONE_NEWNET)) {
		wctl_err("cannot return to the original netns: %s", strerror(errno));
		rc = WCTL_EXIT_FAIL;
	}
	return rc;
}

int wctl_for_each_netns(bool all, int (*fn)(void *arg), void *arg)
{
	struct dirent **names = NULL;
	struct stat home_st, st;
	char path[300];
	int home, rc, n, i;

	rc = fn(arg);
	if (rc || !all)
		return rc;
	home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0 || fstat(home, &home_st)) {
		wctl_err("cannot open /proc/self/ns/net: %s", strerror(errno));
		if (home >= 0)
			close(home);
		return WCTL_EXIT_FAIL;
	}
	/* by name, so that what is printed per namespace comes in one order */
	n = scandir("/run/netns", &names, NULL, alphasort);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/run/netns/%s", names[i]->d_name);
		if (!rc && names[i]->d_name[0] != '.' && !stat(path, &st) &&
		    (st.st_ino != home_st.st_ino || st.st_dev != home_st.st_dev))
			rc = visit(names[i]->d_name, home, fn, arg);
		free(names[i]);
	}
	free(names);
	close(home);
	return rc;
}
