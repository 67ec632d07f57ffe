// SPDX-License-Identifier: GPL-2.0
/* Where socket reports go, and over which namespaces (output.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "lib/cli.h"
#include "lib/util.h"
#include "sockets/output.h"

int sk_finish_output(void)
{
	if (fflush(stdout) || ferror(stdout)) {
		if (errno == EPIPE)
			return 0;
		wctl_err("cannot write the output: %s", strerror(errno));
		return WCTL_EXIT_FAIL;
	}
	return 0;
}

void sk_fast_stdout(void)
{
	static char buf[1 << 16];

	setvbuf(stdout, buf, _IOFBF, sizeof(buf));
	__fsetlocking(stdout, FSETLOCKING_BYCALLER);
}

/*
 * --output FILE: write to a temporary file next to FILE and rename it over
 * FILE only when everything was written, so a textfile collector never
 * reads half a file. 0, or -1 after one line saying why.
 */
int sk_output_begin(const char *path, char *tmp, size_t len)
{
	int fd;

	if ((size_t)snprintf(tmp, len, "%s.XXXXXX", path) >= len)
		wctl_usage_err("--output path too long");
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		wctl_err("cannot create a file next to %s: %s", path, strerror(errno));
		return -1;
	}
	if (fchmod(fd, 0644) || dup2(fd, STDOUT_FILENO) < 0) {
		wctl_err("cannot use %s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	return 0;
}

int sk_output_end(const char *path, const char *tmp, int rc)
{
	if (!rc)
		rc = sk_finish_output();
	if (!rc && (fsync(STDOUT_FILENO) || rename(tmp, path))) {
		wctl_err("cannot write %s: %s", path, strerror(errno));
		rc = WCTL_EXIT_FAIL;
	}
	if (rc)
		unlink(tmp);
	return rc;
}

int sk_for_each_netns(struct sk_opts *o, int (*fn)(struct sk_opts *, void *), void *arg)
{
	struct stat home_st, st;
	struct dirent *de;
	char path[300];
	int home, rc;
	DIR *d;

	rc = fn(o, arg);
	if (rc || !o->all_netns)
		return rc;
	home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0 || fstat(home, &home_st)) {
		wctl_err("cannot open /proc/self/ns/net: %s", strerror(errno));
		return WCTL_EXIT_FAIL;
	}
	d = opendir("/run/netns");
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/run/netns/%s", de->d_name);
		if (stat(path, &st) || (st.st_ino == home_st.st_ino && st.st_dev == home_st.st_dev))
			continue;
		rc = wctl_netns_enter(path);
		if (rc)
			break;
		wctl_opts.netns = de->d_name;	/* the label of what follows */
		rc = fn(o, arg);
		wctl_opts.netns = NULL;
		if (setns(home, CLONE_NEWNET)) {
			wctl_err("cannot return to the original netns: %s", strerror(errno));
			rc = WCTL_EXIT_FAIL;
		}
		if (rc)
			break;
	}
	if (d)
		closedir(d);
	close(home);
	return rc;
}
