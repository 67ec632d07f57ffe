// SPDX-License-Identifier: GPL-2.0
/*
 * `wardenctl sockets`: list, count and group TCP sockets through sock_diag,
 * with the owner, the TIME_WAIT timer and (from the agent) the age that
 * make TIME_WAIT and CLOSE_WAIT problems explainable. The command line is
 * parsed whole (parse.c), then list.c, summary.c, group.c or report.c runs.
 */
#include "lib/cli.h"
#include "lib/util.h"
#include "sockets/diag.h"
#include "sockets/group.h"
#include "sockets/list.h"
#include "sockets/opts.h"
#include "sockets/output.h"
#include "sockets/report.h"
#include "sockets/summary.h"

static int run(struct sk_opts *o)
{
	if (o->report)
		return sk_report(o);
	if (o->summary || o->prom)
		return sk_summary(o);
	if (o->group)
		return sk_group_by(o);
	return sk_list(o);
}

static int cmd_sockets(int argc, char **argv)
{
	char tmp[4096], err[WCTL_ERR_LEN];
	struct sk_opts o;
	int rc;

	if (sk_parse(argc - 1, argv + 1, &o, err))
		return wctl_usage(err);
	sk_fast_stdout();
	if (!o.output)
		return run(&o);
	rc = sk_output_begin(o.output, tmp, sizeof(tmp));
	if (rc)
		return rc;
	rc = run(&o);
	return sk_output_end(o.output, tmp, rc);
}
WCTL_COMMAND(sockets, &sk_node, cmd_sockets, "wardenctl-sockets(8)");
