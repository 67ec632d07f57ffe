// SPDX-License-Identifier: GPL-2.0
/* wardenctl: entry point, global options and dispatch to commands. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/util.h"

extern const struct wctl_cmd __start_wctl_cmds[];
extern const struct wctl_cmd __stop_wctl_cmds[];

#define for_each_cmd(c) \
	for (c = __start_wctl_cmds; c < __stop_wctl_cmds; c++)

static void usage(void)
{
	const struct wctl_cmd *c;

	printf("Usage: wardenctl [-n NETNS] [-j|--json] COMMAND [ARGS]\n"
	       "  (-n and -j may also follow the command)\n"
	       "Commands:\n");
	for_each_cmd(c)
		printf("  %s\n", c->usage);
	printf("See wardenctl(8).\n");
}

static const struct wctl_cmd *find_cmd(const char *name)
{
	const struct wctl_cmd *c;

	for_each_cmd(c)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

static int cmd_help(int argc, char **argv)
{
	if (argc > 1)
		wctl_usage_err("'help' takes no arguments; see wardenctl(8)");
	usage();
	return 0;
}
WCTL_COMMAND(help, cmd_help, "help");

int main(int argc, char **argv)
{
	const struct wctl_cmd *cmd;
	int rc;

	/* -j and -n wherever they are; what remains is COMMAND [ARGS]. */
	argc = wctl_take_globals(argc, argv, 1);
	if (argc < 2)
		wctl_usage_err("no command given; try 'wardenctl help'");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage();
		return 0;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("wardenctl %s\n", WARDENCTL_VERSION);
		return 0;
	}
	if (argv[1][0] == '-')
		wctl_usage_err("unknown option '%s'; the global options are -n NETNS and -j; see 'wardenctl help'",
			       argv[1]);
	cmd = find_cmd(argv[1]);
	if (!cmd)
		wctl_usage_err("unknown command '%s'; try 'wardenctl help'", argv[1]);
	if (wctl_opts.netns) {
		rc = wctl_netns_enter(wctl_opts.netns);
		if (rc)
			return rc;
	}

	/* Commands parse with getopt too: a fresh start, their own messages. */
	optind = 0;
	opterr = 0;
	return cmd->run(argc - 1, argv + 1);
}
