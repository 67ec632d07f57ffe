// SPDX-License-Identifier: GPL-2.0
/*
 * wardenctl syn: the SYN-flood guard over generic netlink. Each subcommand
 * checks its whole command line before the module is asked anything.
 */
#include <string.h>

#include "lib/cli.h"
#include "lib/genl.h"
#include "lib/util.h"
#include "syn/common.h"
#include "syn/lists.h"
#include "syn/set.h"
#include "syn/status.h"
#include "syn/top.h"
#include "syn/watch.h"

enum syn_sub { SUB_STATUS, SUB_SET, SUB_TOP, SUB_LIST, SUB_WATCH };

struct syn_req {
	enum syn_sub sub;
	struct syn_set_req set;
	uint16_t port;
	struct syn_list_req list;
};

static void parse(int argc, char **argv, struct syn_req *r)
{
	const char *sub = argv[0];

	if (!strcmp(sub, "status")) {
		r->sub = SUB_STATUS;
		syn_max_args(argc, argv, 0, "syn [status]");
	} else if (!strcmp(sub, "set")) {
		r->sub = SUB_SET;
		syn_set_parse(argc, argv, &r->set);
	} else if (!strcmp(sub, "top")) {
		r->sub = SUB_TOP;
		r->port = syn_top_parse(argc, argv);
	} else if (!strcmp(sub, "list") || !strcmp(sub, "allow") || !strcmp(sub, "deny")) {
		r->sub = SUB_LIST;
		syn_list_parse(argc, argv, &r->list);
	} else if (!strcmp(sub, "watch")) {
		r->sub = SUB_WATCH;
		syn_max_args(argc, argv, 0, "syn watch");
	} else {
		wctl_usage_err("unknown syn command '%s'; give status, set, top, allow, deny, list or watch",
			       sub);
	}
}

static int cmd_syn(int argc, char **argv)
{
	static char *status[] = { "status", NULL };
	struct wctl_genl g;
	struct syn_req r;
	int rc;

	memset(&r, 0, sizeof(r));
	if (argc > 1)
		parse(argc - 1, argv + 1, &r);
	else
		parse(1, status, &r);
	rc = wctl_genl_open(&g);
	if (rc)
		return rc;
	switch (r.sub) {
	case SUB_STATUS:
		rc = syn_status(&g);
		break;
	case SUB_SET:
		rc = syn_set(&g, &r.set);
		break;
	case SUB_TOP:
		rc = syn_top(&g, r.port);
		break;
	case SUB_LIST:
		rc = syn_list(&g, &r.list);
		break;
	case SUB_WATCH:
		rc = syn_watch(&g);
		break;
	}
	wctl_genl_close(&g);
	return rc;
}
WCTL_COMMAND(syn, cmd_syn,
	     "syn [status]\n"
	     "  syn set [global] [mode enforce|monitor|off|default] [threshold SYN/s] [queue PCT]\n"
	     "          [quiet MS] [rate SYN/s] [burst N] [all-rate SYN/s] [all-burst N]\n"
	     "          [v4-prefix LEN] [v6-prefix LEN]\n"
	     "  syn top [PORT]\n"
	     "  syn allow|deny [add|del PREFIX]\n"
	     "  syn list\n"
	     "  syn watch");
