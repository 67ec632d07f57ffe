// SPDX-License-Identifier: GPL-2.0
/* Where socket reports go, and over which namespaces (output.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "lib/netns.h"
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
 * reads half a file. 0, or an exit code after one line saying why.
 */
int sk_output_begin(const char *path, char *tmp, size_t len)
{
	int fd;

	if ((size_t)snprintf(tmp, len, "%s.XXXXXX", path) >= len) {
		wctl_err("output path '%.64s...' is too long; give a shorter one", path);
		return WCTL_EXIT_USAGE;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		wctl_err("cannot create a file next to %s: %s", path, strerror(errno));
		return WCTL_EXIT_FAIL;
	}
	if (fchmod(fd, 0644) || dup2(fd, STDOUT_FILENO) < 0) {
		wctl_err("cannot use %s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return WCTL_EXIT_FAIL;
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

struct each {
	struct sk_opts *o;
	int (*fn)(struct sk_opts *o, void *arg);
	void *arg;
};

static int each_one(void *arg)
{
	struct each *e = arg;

	return e->fn(e->o, e->arg);
}

int sk_for_each_netns(struct sk_opts *o, int (*fn)(struct sk_opts *, void *), void *arg)
{
	struct each e = { o, fn, arg };

	return wctl_for_each_netns(o->all_netns, each_one, &e);
}
