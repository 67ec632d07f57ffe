// SPDX-License-Identifier: GPL-2.0
/* wardenctl: entry point, global options and dispatch to commands. */
#include <stdio.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/netns.h"
#include "lib/util.h"

int main(int argc, char **argv)
{
	char err[WCTL_ERR_LEN];
	const struct wctl_cmd *cmd;
	int rc;

	/* -j and -n wherever they are; what remains is COMMAND [ARGS]. */
	argc = wctl_take_globals(argc, argv, 1, err);
	if (argc < 0)
		return wctl_usage(err);
	if (argc < 2)
		return wctl_usage("no command given; try 'wardenctl help'");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		argv[1] = "help";
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("wardenctl %s\n", WARDENCTL_VERSION);
		return 0;
	}
	if (argv[1][0] == '-') {
		wctl_perr(err, "unknown option '%s'; the global options are -n NETNS and -j; see 'wardenctl help'",
			  argv[1]);
		return wctl_usage(err);
	}
	cmd = wctl_cmd_find(argv[1]);
	if (!cmd) {
		wctl_perr(err, "unknown command '%s'; try 'wardenctl help'", argv[1]);
		return wctl_usage(err);
	}
	if (wctl_help_wanted(argc - 1, argv + 1))
		return wctl_help_show(argc - 1, argv + 1);
	if (wctl_opts.netns) {
		rc = wctl_netns_enter(wctl_opts.netns);
		if (rc)
			return rc;
	}
	return cmd->run(argc - 1, argv + 1);
}
