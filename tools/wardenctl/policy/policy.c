// SPDX-License-Identifier: GPL-2.0
/* wardenctl policy: per-destination ssthresh policies over generic netlink. */
#include <stdio.h>
#include <stdlib.h>

#include "lib/cli.h"
#include "lib/genl.h"
#include "lib/util.h"
#include "policy/batch.h"
#include "policy/ops.h"
#include "policy/parse.h"
#include "policy/show.h"

static int show(struct wctl_genl *g, const struct pol_key *filter)
{
	struct pol_rows rs = { 0 };
	char buf[WCTL_PREFIX_LEN];
	int rc;

	rc = pol_get(g, filter, &rs);
	if (!rc && filter && !rs.n) {
		wctl_err("no policy for %s; see 'wardenctl policy list'",
			 wctl_prefix_str(&filter->pfx, buf, sizeof(buf)));
		rc = WCTL_EXIT_FAIL;
	}
	if (!rc)
		pol_show(&rs, false);
	pol_rows_free(&rs);
	return rc;
}

static int show_default(struct wctl_genl *g)
{
	struct pol_rows rs = { 0 };
	int rc = pol_default_get(g, &rs);

	if (!rc)
		pol_show(&rs, true);
	pol_rows_free(&rs);
	return rc;
}

static int run(struct wctl_genl *g, const struct pol_cmd *c, struct pol_batch *b)
{
	if (pol_op_changes(c->op))
		return pol_change(g, c, NULL);
	switch (c->op) {
	case POL_SHOW:
		return show(g, &c->key);
	case POL_DEFAULT_SHOW:
		return show_default(g);
	case POL_BATCH:
		return pol_batch_apply(b, g);
	default:
		return show(g, NULL);
	}
}

static int cmd_policy(int argc, char **argv)
{
	struct pol_batch *b = NULL;
	char err[POL_ERR_LEN];
	struct wctl_genl g;
	struct pol_cmd c;
	int rc;

	/* The whole command line (and batch) is checked before the kernel is asked. */
	if (pol_parse(argc - 1, argv + 1, &c, err))
		return wctl_usage(err);
	if (c.op == POL_BATCH) {
		b = pol_batch_read(stdin, err);
		if (!b)
			return wctl_usage(err);
	}
	rc = wctl_genl_open(&g);
	if (!rc) {
		rc = run(&g, &c, b);
		wctl_genl_close(&g);
	}
	if (b)
		pol_batch_free(b);
	return rc;
}
WCTL_COMMAND(policy, &pol_node, cmd_policy, "wardenctl-policy(8)");
