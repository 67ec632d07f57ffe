// SPDX-License-Identifier: GPL-2.0
/*
 * wardenctl apply FILE: the whole file is parsed (each line by its
 * command's parser), its namespaces found, their state read and what the
 * file wants worked out, all before the first change. The kernel takes
 * one change per request, so the file is made one change in user space:
 * the state of every namespace it names is kept (read.c, as `save` reads
 * it), only what differs is sent, and when the kernel refuses a request,
 * each namespace is brought back to what was kept, by the same planning.
 * A kernel transaction (one request carrying a namespace's whole table,
 * published as one table) would also hide the steps from connections
 * starting meanwhile and isolate concurrent writers; this does neither.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "config/parse.h"
#include "config/read.h"
#include "config/state.h"
#include "lib/cli.h"
#include "lib/genl.h"
#include "lib/json.h"
#include "lib/lines.h"
#include "lib/netns.h"
#include "lib/util.h"
#include "policy/ops.h"
#include "syn/lists.h"
#include "syn/set.h"

#define NO_SLOT	((size_t)-1)

/* A namespace the file names (perhaps by several names). */
struct slot {
	int fd;
	struct stat st;
	bool init;
	const char *name;	/* the file's first name for it; NULL: where apply runs */
	unsigned long line;	/* the first line that names it */
	struct wctl_genl g;
	struct cfg_ns before, want;
};

struct apply {
	const char *what;	/* the file, for messages */
	struct cfg_file f;
	size_t *slot_of;	/* by name of the file */
	struct slot *slots;
	size_t n;
	int home;
	struct cfg_cmds plan;
};

static int read_file(struct apply *ap, const struct cfg_apply_opts *o)
{
	char err[WCTL_ERR_LEN];
	FILE *in = stdin;
	int rc;

	if (strcmp(o->file, "-")) {
		in = fopen(o->file, "re");
		if (!in) {
			rc = errno;
			wctl_err("cannot read %s: %s", o->file, strerror(rc));
			return rc == ENOENT ? WCTL_EXIT_USAGE : WCTL_EXIT_FAIL;
		}
	}
	rc = cfg_parse(in, ap->what, &ap->f, err);
	if (in != stdin)
		fclose(in);
	if (rc) {
		wctl_err("%s: %s", ap->what, err);
		return WCTL_EXIT_USAGE;
	}
	return 0;
}

/* Open the namespace of name @i, and give it a slot (one per namespace). */
static int resolve(struct apply *ap, size_t i)
{
	const struct cfg_name *nm = &ap->f.names[i];
	char err[WCTL_ERR_LEN];
	struct stat st;
	struct slot *s;
	size_t k;
	int fd, rc;

	if (nm->name) {
		rc = wctl_netns_open(nm->name, &fd, err);
		if (rc) {
			wctl_err("%s: line %lu: %s", ap->what, nm->line, err);
			return rc;
		}
	} else {
		fd = dup(ap->home);
	}
	if (fd < 0 || fstat(fd, &st)) {
		wctl_err("%s: line %lu: cannot open its network namespace: %s", ap->what, nm->line,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return WCTL_EXIT_FAIL;
	}
	for (k = 0; k < ap->n; k++)
		if (ap->slots[k].st.st_ino == st.st_ino && ap->slots[k].st.st_dev == st.st_dev)
			break;
	ap->slot_of[i] = k;
	if (k < ap->n) {
		close(fd);
		if (nm->line < ap->slots[k].line)
			ap->slots[k].line = nm->line;
		return 0;
	}
	s = &ap->slots[ap->n++];
	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->st = st;
	s->name = nm->name;
	s->line = nm->line;
	return 0;
}

/* Connect to the family from inside each namespace, and keep its state. */
static int snapshot(struct apply *ap, struct slot *s)
{
	int rc;

	if (setns(s->fd, CLONE_NEWNET)) {
		wctl_err("%s: line %lu: cannot enter network namespace '%s': %s%s", ap->what,
			 s->line, s->name ? s->name : "", strerror(errno),
			 errno == EPERM ? " (run as root)" : "");
		return WCTL_EXIT_FAIL;
	}
	s->init = wctl_netns_is_init();
	rc = wctl_genl_open(&s->g);
	if (setns(ap->home, CLONE_NEWNET)) {
		wctl_err("cannot return to the original network namespace: %s", strerror(errno));
		return WCTL_EXIT_FAIL;
	}
	return rc ? rc : cfg_read(&s->g, s->init, &s->before);
}

static int prepare(struct apply *ap)
{
	char err[WCTL_ERR_LEN];
	size_t i;
	int rc;

	ap->home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (ap->home < 0) {
		wctl_err("cannot open /proc/self/ns/net: %s", strerror(errno));
		return WCTL_EXIT_FAIL;
	}
	ap->slot_of = calloc(ap->f.nnames, sizeof(*ap->slot_of));
	ap->slots = calloc(ap->f.nnames, sizeof(*ap->slots));
	if (!ap->slot_of || !ap->slots)
		wctl_oom();
	for (i = 0; i < ap->f.nnames; i++) {
		ap->slot_of[i] = NO_SLOT;
		if (ap->f.names[i].line) {
			rc = resolve(ap, i);
			if (rc)
				return rc;
		}
	}
	for (i = 0; i < ap->n; i++) {
		rc = snapshot(ap, &ap->slots[i]);
		if (rc)
			return rc;
	}
	for (i = 0; i < ap->n; i++) {
		if (cfg_eval(&ap->f, ap->slot_of, i, &ap->slots[i].before, &ap->slots[i].want, err)) {
			wctl_err("%s: %s", ap->what, err);
			return WCTL_EXIT_USAGE;
		}
		cfg_plan(&ap->slots[i].before, &ap->slots[i].want, i, ap->slots[i].line, &ap->plan);
	}
	return 0;
}

/* Send one command with the requests of `policy` and `syn`. */
static int run_cmd(struct wctl_genl *g, const struct cfg_cmd *c, char *msg)
{
	const struct syn_cmd *s = &c->syn;

	if (c->kind == CFG_POLICY)
		return pol_change(g, &c->pol, msg);
	if (s->op == SYN_SET)
		return syn_set(g, s, msg);
	return syn_list_change(g, s->op == SYN_DENY_ADD || s->op == SYN_DENY_DEL,
			       s->op == SYN_ALLOW_ADD || s->op == SYN_DENY_ADD, &s->p, msg);
}

/* Bring every namespace back to its snapshot; how many steps failed. */
static size_t restore(struct apply *ap, char *first)
{
	char msg[WCTL_MSG_LEN];
	struct cfg_cmds back = { 0 };
	struct cfg_ns now;
	size_t i, failed = 0;

	for (i = 0; i < ap->n; i++) {
		struct slot *s = &ap->slots[i];

		if (cfg_read(&s->g, s->init, &now)) {
			if (!failed++)
				snprintf(first, WCTL_MSG_LEN, "cannot read the state back");
			continue;
		}
		cfg_plan(&now, &s->before, i, 0, &back);
		cfg_ns_free(&now);
	}
	for (i = 0; i < back.n; i++) {
		if (!run_cmd(&ap->slots[back.c[i].ns].g, &back.c[i], msg))
			continue;
		if (!failed++)
			snprintf(first, WCTL_MSG_LEN, "%s", msg);
	}
	cfg_cmds_free(&back);
	return failed;
}

static int execute(struct apply *ap)
{
	char msg[WCTL_MSG_LEN], first[WCTL_MSG_LEN];
	const struct cfg_cmd *c;
	size_t i, failed;
	int rc;

	for (i = 0; i < ap->plan.n; i++) {
		c = &ap->plan.c[i];
		rc = run_cmd(&ap->slots[c->ns].g, c, msg);
		if (!rc)
			continue;
		failed = restore(ap, first);
		if (failed)
			wctl_err("%s: line %lu: %s; restoring the earlier state failed %zu times (first: %s): see what is in force with 'wardenctl save'",
				 ap->what, c->line, msg, failed, first);
		else
			wctl_err("%s: line %lu: %s; nothing was applied (the %zu earlier changes were undone)",
				 ap->what, c->line, msg, i);
		return rc;
	}
	return 0;
}

/* The namespace of a slot as JSON names namespaces ("init", or its name). */
static const char *slot_label(const struct slot *s)
{
	return s->name ? s->name : wctl_netns_label();
}

/* -j: the counts, and with check the commands, each with its line. */
static void show_json(const struct apply *ap, bool check)
{
	char text[WCTL_LINE_MAX + 1];
	const struct cfg_cmd *c;
	struct wctl_json j;
	size_t i;
	FILE *f;

	wj_init(&j, stdout);
	wj_obj_open(&j, NULL);
	wj_str(&j, "file", ap->what);
	wj_u64(&j, "namespaces", ap->n);
	wj_u64(&j, "changes", ap->plan.n);
	if (check) {
		wj_arr_open(&j, "commands");
		for (i = 0; i < ap->plan.n; i++) {
			c = &ap->plan.c[i];
			f = fmemopen(text, sizeof(text), "w");
			if (!f)
				wctl_oom();
			cfg_print_cmd(f, c);
			fclose(f);
			wj_obj_open(&j, NULL);
			wj_str(&j, "netns", slot_label(&ap->slots[c->ns]));
			wj_u64(&j, "line", c->line);
			wj_str(&j, "command", text);
			wj_obj_close(&j);
		}
		wj_arr_close(&j);
	}
	wj_obj_close(&j);
	wj_end(&j);
}

/* `apply FILE check`: the changes as lines of a file, changing nothing. */
static void show_plan(const struct apply *ap)
{
	size_t i, ns = NO_SLOT;
	const struct cfg_cmd *c;

	if (wctl_opts.json) {
		show_json(ap, true);
		return;
	}
	printf("# %s: %zu change%s in %zu namespace%s\n", ap->what, ap->plan.n,
	       ap->plan.n == 1 ? "" : "s", ap->n, ap->n == 1 ? "" : "s");
	for (i = 0; i < ap->plan.n; i++) {
		c = &ap->plan.c[i];
		if (c->ns != ns) {
			ns = c->ns;
			printf("netns%s%s\n", ap->slots[ns].name ? " " : "",
			       ap->slots[ns].name ? ap->slots[ns].name : "");
		}
		cfg_print_cmd(stdout, c);
		printf("\n");
	}
}

static void done(struct apply *ap)
{
	size_t i;

	for (i = 0; i < ap->n; i++) {
		wctl_genl_close(&ap->slots[i].g);
		cfg_ns_free(&ap->slots[i].before);
		cfg_ns_free(&ap->slots[i].want);
		close(ap->slots[i].fd);
	}
	if (ap->home >= 0)
		close(ap->home);
	free(ap->slots);
	free(ap->slot_of);
	cfg_cmds_free(&ap->plan);
	cfg_file_free(&ap->f);
}

static int cmd_apply(int argc, char **argv)
{
	struct apply ap = { .home = -1 };
	struct cfg_apply_opts o;
	char err[WCTL_ERR_LEN];
	int rc;

	if (cfg_apply_parse(argc - 1, argv + 1, &o, err))
		return wctl_usage(err);
	ap.what = strcmp(o.file, "-") ? o.file : "standard input";
	rc = read_file(&ap, &o);
	if (!rc)
		rc = prepare(&ap);
	if (!rc && o.check)
		show_plan(&ap);
	else if (!rc)
		rc = execute(&ap);
	if (!rc && !o.check && wctl_opts.json)
		show_json(&ap, false);
	else if (!rc && !o.check)
		printf("%s: %zu change%s in %zu namespace%s\n", ap.what, ap.plan.n,
		       ap.plan.n == 1 ? "" : "s", ap.n, ap.n == 1 ? "" : "s");
	done(&ap);
	return rc;
}
WCTL_COMMAND(apply, &cfg_apply_node, cmd_apply, "wardenctl-config(8)");
