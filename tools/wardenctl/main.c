// SPDX-License-Identifier: GPL-2.0
/* wardenctl: entry point, global options and dispatch to subcommands. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "wardenctl.h"

struct wctl_opts wctl_opts;

extern const struct wctl_cmd __start_wctl_cmds[];
extern const struct wctl_cmd __stop_wctl_cmds[];

#define for_each_cmd(c) \
	for (c = __start_wctl_cmds; c < __stop_wctl_cmds; c++)

static void usage(FILE *f)
{
	const struct wctl_cmd *c;

	fprintf(f, "Usage: wardenctl [-n NETNS] [-j|--json] COMMAND [ARGS]\n"
		   "Commands:\n");
	for_each_cmd(c)
		fprintf(f, "  %s\n", c->usage);
	fprintf(f, "See wardenctl(8).\n");
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
	usage(stdout);
	return 0;
}
WCTL_COMMAND(help, cmd_help, "help");

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "netns", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ }
	};
	const struct wctl_cmd *cmd;
	int opt;

	/* '+': stop at the command name; its options are its own. */
	while ((opt = getopt_long(argc, argv, "+n:jhV", longopts, NULL)) != -1) {
		switch (opt) {
		case 'n':
			wctl_opts.netns = optarg;
			break;
		case 'j':
			wctl_opts.json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("wardenctl %s\n", WARDENCTL_VERSION);
			return 0;
		default:
			usage(stderr);
			return WCTL_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return WCTL_EXIT_USAGE;
	}
	cmd = find_cmd(argv[optind]);
	if (!cmd)
		wctl_usage_err("unknown command '%s'; try 'wardenctl help'", argv[optind]);
	if (wctl_opts.netns) {
		int rc = wctl_netns_enter(wctl_opts.netns);

		if (rc)
			return rc;
	}

	/* Subcommands parse with getopt too: give them a fresh start. */
	argc -= optind;
	argv += optind;
	optind = 0;
	return cmd->run(argc, argv);
}
