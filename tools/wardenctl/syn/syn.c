// SPDX-License-Identifier: GPL-2.0
/*
 * wardenctl syn: the SYN-flood guard over generic netlink. The whole
 * command line is parsed (parse.c) before the module is asked anything.
 */
#include <string.h>

#include "lib/cli.h"
#include "lib/genl.h"
#include "lib/util.h"
#include "syn/lists.h"
#include "syn/parse.h"
#include "syn/set.h"
#include "syn/status.h"
#include "syn/top.h"
#include "syn/watch.h"

static int run(struct wctl_genl *g, const struct syn_cmd *c)
{
	switch (c->op) {
	case SYN_SET:
		return syn_set(g, c, NULL);
	case SYN_TOP:
		return syn_top(g, c->port);
	case SYN_WATCH:
		return syn_watch(g);
	case SYN_STATUS:
		return syn_status(g);
	default:
		return syn_list(g, c);
	}
}

static int cmd_syn(int argc, char **argv)
{
	char err[WCTL_ERR_LEN];
	struct wctl_genl g;
	struct syn_cmd c;
	int rc;

	if (syn_parse(argc - 1, argv + 1, &c, err))
		return wctl_usage(err);
	rc = wctl_genl_open(&g);
	if (rc)
		return rc;
	rc = run(&g, &c);
	wctl_genl_close(&g);
	return rc;
}
WCTL_COMMAND(syn, &syn_node, cmd_syn, "wardenctl-syn(8)");
