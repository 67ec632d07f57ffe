// SPDX-License-Identifier: GPL-2.0
/*
 * wardenctl save: the running configuration as a file for `apply`: the
 * namespace it runs in, then every namespace in /run/netns (or only the
 * -n one), each read with the requests of `policy` and `syn` (read.c).
 * Everything is gathered first, so a failure prints nothing but its one
 * line.
 */
#include <stdio.h>
#include <stdlib.h>

#include "config/parse.h"
#include "config/read.h"
#include "config/state.h"
#include "lib/cli.h"
#include "lib/genl.h"
#include "lib/netns.h"
#include "lib/util.h"

struct save {
	FILE *out;
	unsigned int visited;
};

static void print_ns(FILE *out, const struct cfg_ns *ns, const char *header)
{
	struct cfg_cmds cmds = { 0 };
	size_t i;

	if (header)
		fprintf(out, "\nnetns %s\n", header);
	cfg_state_cmds(ns, 0, &cmds);
	for (i = 0; i < cmds.n; i++) {
		cfg_print_cmd(out, &cmds.c[i]);
		fputc('\n', out);
	}
	cfg_cmds_free(&cmds);
}

/*
 * The namespace save runs in needs no netns line (apply's lines without
 * one act where apply runs), unless -n named it; the others are visited
 * by their name in /run/netns.
 */
static int save_one(void *arg)
{
	struct save *s = arg;
	bool home = !s->visited++, init = wctl_netns_is_init();
	const char *header = home ? wctl_opts.netns : wctl_netns_label();
	struct wctl_genl g;
	struct cfg_ns ns;
	int rc;

	rc = wctl_genl_open(&g);
	if (rc)
		return rc;
	rc = cfg_read(&g, init, &ns);
	wctl_genl_close(&g);
	if (rc)
		return rc;
	/* untouched namespaces are left out: short-lived ones (CNI's) would
	 * make the file name namespaces that are gone at the next boot */
	if (home || !cfg_pristine(&ns))
		print_ns(s->out, &ns, init ? NULL : header);
	cfg_ns_free(&ns);
	return 0;
}

static int cmd_save(int argc, char **argv)
{
	char err[WCTL_ERR_LEN], *text = NULL;
	struct save s = { 0 };
	size_t len = 0;
	int rc;

	if (cfg_save_parse(argc - 1, argv + 1, err))
		return wctl_usage(err);
	s.out = open_memstream(&text, &len);
	if (!s.out)
		wctl_oom();
	fprintf(s.out, "# tcp_warden's configuration, from 'wardenctl save': apply it with\n"
		"# 'wardenctl apply FILE' (wardenctl-config(8)).\n");
	rc = wctl_for_each_netns(!wctl_opts.netns, save_one, &s);
	fclose(s.out);
	if (!rc)
		fwrite(text, 1, len, stdout);
	free(text);
	return rc;
}
WCTL_COMMAND(save, &cfg_save_node, cmd_save, "wardenctl-config(8)");
