/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command line shared by every wardenctl command (cli.c): the command
 * registry, and the global options -j/--json and -n/--netns,
 * which are accepted before the command and anywhere among its arguments.
 */
#ifndef _WARDENCTL_CLI_H
#define _WARDENCTL_CLI_H

#include <stdbool.h>

#include "lib/util.h"

struct wctl_cmd {
	const char *name;
	int (*run)(int argc, char **argv);	/* argv[0] is the command name */
	const char *usage;			/* one or more lines, no trailing \n */
};

/*
 * Each command registers itself from its own file, so adding one never
 * touches the dispatcher: WCTL_COMMAND(sockets, cmd_sockets, "sockets [...]").
 */
#define WCTL_COMMAND(_name, _run, _usage)					\
	static const struct wctl_cmd wctl_cmd_##_name				\
	__attribute__((used, section("wctl_cmds"), aligned(sizeof(void *)))) = { \
		.name = #_name, .run = _run, .usage = _usage,		\
	}

struct wctl_opts {
	const char *netns;	/* -n NAME: entered before run() */
	bool json;		/* -j / --json, wherever it was given */
};
extern struct wctl_opts wctl_opts;

/*
 * Take the global options out of argv[@from..]: -j, --json, -n NETNS,
 * -nNETNS, --netns NETNS, --netns=NETNS. Returns the new argc; the other
 * arguments keep their order. A bad one (no value, an empty or second
 * netns) is a usage error.
 */
int wctl_take_globals(int argc, char **argv, int from);

/*
 * getopt_long() returned '?' or ':' (optstrings start with ':', opterr is
 * 0): one line naming the option and @page, then exit 2.
 */
void wctl_getopt_fail(int opt, char **argv, const char *cmd, const char *page)
	__attribute__((noreturn));

#endif /* _WARDENCTL_CLI_H */
