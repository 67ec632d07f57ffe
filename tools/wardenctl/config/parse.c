// SPDX-License-Identifier: GPL-2.0
/*
 * A configuration file as commands (state.h), parsed by the commands' own
 * parsers; and the command lines of `save` and `apply` (parse.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/parse.h"
#include "config/state.h"
#include "lib/lines.h"
#include "lib/vec.h"

/* What a file may hold, for messages. */
#define CFG_TAKES	"a configuration holds policy add|replace|del|flush|default set, syn set and syn allow|deny add|del lines"

enum { KW_CHECK = 1 };

static const struct wctl_kw apply_kws[] = {
	{ "check", NULL, KW_CHECK, NULL, NULL, 0 },
	{ NULL },
};

const struct wctl_node cfg_apply_node = {
	.name = "apply", .pos = "FILE|-", .pos_words = "@file", .kws = apply_kws,
	.summary = "apply a configuration file as one change",
};

const struct wctl_node cfg_save_node = {
	.name = "save",
	.summary = "print the running configuration, as a file for apply",
};

/* ---- the file ------------------------------------------------------------ */

/* The index of namespace @name in @f's names (NULL: the one apply runs in). */
static size_t name_index(struct cfg_file *f, const char *name)
{
	struct cfg_name *n;
	size_t i;

	for (i = 1; name && i < f->nnames; i++)
		if (!strcmp(f->names[i].name, name))
			return i;
	if (!name && f->nnames)
		return 0;
	n = WCTL_PUSH(f->names, f->nnames, f->capnames);
	if (!n)
		wctl_oom();
	n->name = name ? strdup(name) : NULL;
	if (name && !n->name)
		wctl_oom();
	n->line = 0;
	return f->nnames - 1;
}

static void named(struct cfg_file *f, size_t ns, unsigned long line)
{
	if (!f->names[ns].line)
		f->names[ns].line = line;
}

/* "netns [NAME]": the lines after it act on NAME (none: where apply runs). */
static int section(struct cfg_file *f, int argc, char **argv, unsigned long line, char *msg)
{
	if (argc > 2)
		return wctl_perr(msg, "'netns' takes one network namespace name; '%s' is one word too many",
				 argv[2]);
	if (argc == 2 && argv[1][0] == '-')
		return wctl_perr(msg, "invalid network namespace name '%s'; give 'netns NAME', or 'netns' alone for the initial one",
				 argv[1]);
	f->cur = name_index(f, argc == 2 ? argv[1] : NULL);
	named(f, f->cur, line);
	return 0;
}

/* "'policy list'": the command's first words, for messages. */
static const char *words_of(int argc, char **argv, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", argv[0], argc > 1 ? " " : "", argc > 1 ? argv[1] : "");
	return buf;
}

static int policy_line(struct cfg_cmd *c, int argc, char **argv, char *msg)
{
	char what[64];

	if (pol_parse(argc - 1, argv + 1, &c->pol, msg))
		return -1;
	if (c->pol.op == POL_BATCH)
		return wctl_perr(msg, "'policy batch' does not belong in a file: write its lines here as 'policy ...' lines");
	if (!pol_op_changes(c->pol.op))
		return wctl_perr(msg, "'%s' sets nothing; " CFG_TAKES,
				 words_of(argc, argv, what, sizeof(what)));
	return 0;
}

static int syn_line(struct cfg_cmd *c, int argc, char **argv, char *msg)
{
	char what[64];

	if (syn_parse(argc - 1, argv + 1, &c->syn, msg))
		return -1;
	c->syn.text = NULL;	/* a word of a line that is gone after parsing */
	switch (c->syn.op) {
	case SYN_SET:
	case SYN_ALLOW_ADD:
	case SYN_ALLOW_DEL:
	case SYN_DENY_ADD:
	case SYN_DENY_DEL:
		return 0;
	default:
		return wctl_perr(msg, "'%s' sets nothing; " CFG_TAKES,
				 words_of(argc, argv, what, sizeof(what)));
	}
}

/* The words of a command that is not policy or syn: what to say. */
static int other_line(char **argv, char *msg)
{
	if (!strcmp(argv[0], "wardenctl"))
		return wctl_perr(msg, "a line is a command without the word 'wardenctl'; drop it");
	if (!strcmp(argv[0], "netns"))
		return wctl_perr(msg, "a 'netns' line takes no -n: it names the namespace itself");
	if (wctl_cmd_find(argv[0]))
		return wctl_perr(msg, "'%s' sets nothing; " CFG_TAKES, argv[0]);
	return wctl_perr(msg, "unknown command '%s'; " CFG_TAKES, argv[0]);
}

/* -n NAME and -j anywhere in the line, as on the command line. */
static int take_globals(int *argc, char **argv, const char **netns, char *msg)
{
	struct wctl_opts saved = wctl_opts;
	bool json;

	wctl_opts.netns = NULL;
	wctl_opts.json = false;
	*argc = wctl_take_globals(*argc, argv, 0, msg);
	*netns = wctl_opts.netns;
	json = wctl_opts.json;
	wctl_opts = saved;
	if (*argc < 0)
		return -1;
	if (json)
		return wctl_perr(msg, "-j means nothing in a file; drop it");
	if (!*argc)
		return wctl_perr(msg, "-n %s needs a command after it", *netns);
	return 0;
}

static int parse_line(int argc, char **argv, unsigned long line, void *arg, char *msg)
{
	struct cfg_file *f = arg;
	const char *netns;
	struct cfg_cmd *c;
	size_t ns;

	if (!strcmp(argv[0], "netns"))
		return section(f, argc, argv, line, msg);
	if (take_globals(&argc, argv, &netns, msg))
		return -1;
	ns = netns ? name_index(f, netns) : f->cur;
	if (!strcmp(argv[0], "policy")) {
		c = cfg_cmds_push(&f->cmds, CFG_POLICY, ns, line);
		if (policy_line(c, argc, argv, msg))
			return -1;
	} else if (!strcmp(argv[0], "syn")) {
		c = cfg_cmds_push(&f->cmds, CFG_SYN, ns, line);
		if (syn_line(c, argc, argv, msg))
			return -1;
	} else {
		return other_line(argv, msg);
	}
	named(f, ns, line);
	return 0;
}

int cfg_parse(FILE *in, const char *what, struct cfg_file *f, char *err)
{
	memset(f, 0, sizeof(*f));
	name_index(f, NULL);
	return wctl_lines_read(in, what, parse_line, f, err);
}

void cfg_file_free(struct cfg_file *f)
{
	size_t i;

	for (i = 0; i < f->nnames; i++)
		free(f->names[i].name);
	free(f->names);
	cfg_cmds_free(&f->cmds);
	memset(f, 0, sizeof(*f));
}

/* ---- the command lines --------------------------------------------------- */

int cfg_save_parse(int argc, char **argv, char *err)
{
	struct wctl_args a;

	if (!wctl_args_start(&a, &cfg_save_node, argc, argv, err))
		return -1;
	if (wctl_args_each(&a, NULL, NULL))
		return -1;
	if (wctl_opts.json)
		return wctl_perr(err, "'save' prints a file for 'apply', not JSON; drop -j (policy list -j and syn status -j show the state as JSON)");
	return 0;
}

int cfg_apply_parse(int argc, char **argv, struct cfg_apply_opts *o, char *err)
{
	const struct wctl_kw *kw;
	struct wctl_args a;
	const char *val;
	int rc;

	memset(o, 0, sizeof(*o));
	if (!wctl_args_start(&a, &cfg_apply_node, argc, argv, err))
		return -1;
	while ((rc = wctl_args_next(&a, &kw, &val)) > 0) {
		if (kw) {
			o->check = true;
			continue;
		}
		if (o->file || !*val)
			return wctl_args_unknown(&a, val);
		o->file = val;
	}
	if (rc < 0)
		return -1;
	if (!o->file)
		return wctl_perr(err, "'apply' needs a FILE, or - for standard input; e.g. 'wardenctl apply /etc/tcpwarden/tcpwarden.conf'");
	return 0;
}
