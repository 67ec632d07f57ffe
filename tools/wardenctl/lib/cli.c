// SPDX-License-Identifier: GPL-2.0
/*
 * Global options, like iproute2's: one scanner for -j and -n, used before
 * the command and among its arguments, so that every command takes them
 * the same way (`wardenctl -j syn list`, `wardenctl syn list -j`).
 */
#include <getopt.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/util.h"

struct wctl_opts wctl_opts;

static void set_netns(const char *opt, const char *name)
{
	if (!*name)
		wctl_usage_err("%s needs a network namespace name or path; see 'ip netns list'", opt);
	if (wctl_opts.netns && strcmp(wctl_opts.netns, name))
		wctl_usage_err("two network namespaces given ('%s' and '%s'); give one", wctl_opts.netns,
			       name);
	wctl_opts.netns = name;
}

/* How many arguments argv[i] takes as a global option (0: not one). */
static int take_one(int argc, char **argv, int i)
{
	const char *a = argv[i];

	if (!strcmp(a, "-j") || !strcmp(a, "--json")) {
		wctl_opts.json = true;
		return 1;
	}
	if (!strcmp(a, "-n") || !strcmp(a, "--netns")) {
		if (i + 1 >= argc)
			wctl_usage_err("%s needs a network namespace name or path; see 'ip netns list'", a);
		set_netns(a, argv[i + 1]);
		return 2;
	}
	if (!strncmp(a, "--netns=", 8)) {
		set_netns("--netns", a + 8);
		return 1;
	}
	if (!strncmp(a, "-n", 2) && a[2]) {
		set_netns("-n", a + 2);
		return 1;
	}
	return 0;
}

int wctl_take_globals(int argc, char **argv, int from)
{
	int i = from, n = from, used;

	while (i < argc) {
		used = take_one(argc, argv, i);
		if (used) {
			i += used;
			continue;
		}
		argv[n++] = argv[i++];
	}
	argv[n] = NULL;
	return n;
}

void wctl_getopt_fail(int opt, char **argv, const char *cmd, const char *page)
{
	const char *tok = argv[optind - 1];
	char name[3] = { '-', (char)optopt, '\0' };
	/* a long option as written (less "=value"), a short one by its letter */
	const char *what = !strncmp(tok, "--", 2) ? tok : name;
	size_t len = strcspn(what, "=");

	if (opt == ':')
		wctl_usage_err("option '%.*s' of '%s' needs a value; see %s", (int)len, what, cmd,
			       page);
	wctl_usage_err("unknown option '%.*s' for '%s'; see %s", (int)len, what, cmd, page);
}
