// SPDX-License-Identifier: GPL-2.0
/*
 * What a file wants, and the commands that get there (state.h). Tables
 * (policies, list entries) are compared sorted by key, so that files and
 * tables of tens of thousands of policies cost n log n. A file's changes
 * are told apart by their line: one command per line.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "config/state.h"
#include "lib/cli.h"
#include "lib/vec.h"

/* ---- keys ----------------------------------------------------------------- */

static int prefix_cmp(const struct wctl_prefix *a, const struct wctl_prefix *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return memcmp(a->addr.bytes, b->addr.bytes, 16);
}

/* A key's ports, all of them when none were given. */
static void key_ports(const struct pol_key *k, uint32_t *lo, uint32_t *hi)
{
	*lo = k->have_port ? k->ports.lo : 0;
	*hi = k->have_port ? k->ports.hi : 65535;
}

/* The kernel's form of a key: every port when none was given. */
static void norm_key(struct pol_key *k)
{
	if (k->have_port)
		return;
	k->have_port = true;
	k->ports.lo = 0;
	k->ports.hi = 65535;
}

static int key_cmp(const struct pol_key *a, const struct pol_key *b)
{
	uint32_t alo, ahi, blo, bhi;
	int c = prefix_cmp(&a->pfx, &b->pfx);

	if (c)
		return c;
	key_ports(a, &alo, &ahi);
	key_ports(b, &blo, &bhi);
	if (alo != blo)
		return alo < blo ? -1 : 1;
	return ahi < bhi ? -1 : ahi > bhi;
}

static int ent_cmp(const struct cfg_ent *a, const struct cfg_ent *b)
{
	if (a->deny != b->deny)
		return a->deny ? 1 : -1;
	return prefix_cmp(&a->p, &b->p);
}

/* ---- tables: policies, list entries, and the file's changes to them ----- */

/* A table for the walks below: its items, their keys, values and lines. */
struct tab {
	void *v;
	size_t n, size;
	int (*cmp)(const void *a, const void *b);	/* their keys */
	bool (*same)(const void *a, const void *b);	/* their values; NULL: keys only */
	unsigned long (*line)(const void *a);		/* of a file's change */
};

static void *at(const struct tab *t, size_t i)
{
	return (char *)t->v + i * t->size;
}

static int by_index(const void *x, const void *y, void *arg)
{
	const struct tab *t = arg;

	return t->cmp(at(t, *(const size_t *)x), at(t, *(const size_t *)y));
}

/* A file's changes to one key are ordered by line: no two share one. */
static int by_key_line(const void *x, const void *y, void *arg)
{
	const struct tab *t = arg;
	int c = t->cmp(x, y);

	return c ? c : t->line(x) < t->line(y) ? -1 : 1;
}

static int by_line(const void *x, const void *y, void *arg)
{
	const struct tab *t = arg;

	return t->line(x) < t->line(y) ? -1 : t->line(x) > t->line(y);
}

/* A file's change: an add or a del of a policy or of a list entry. */
struct ev {
	bool add;
	struct cfg_pol pol;
	struct cfg_ent ent;
};

static int ev_pol_cmp(const void *a, const void *b)
{
	return key_cmp(&((const struct ev *)a)->pol.key, &((const struct ev *)b)->pol.key);
}

static unsigned long ev_pol_line(const void *a)
{
	return ((const struct ev *)a)->pol.line;
}

static int ev_ent_cmp(const void *a, const void *b)
{
	return ent_cmp(&((const struct ev *)a)->ent, &((const struct ev *)b)->ent);
}

static unsigned long ev_ent_line(const void *a)
{
	return ((const struct ev *)a)->ent.line;
}

/*
 * The table the changes @t leave, in place: per key the last change, kept
 * when it adds, in the order of the file. How many are kept.
 */
static size_t last_adds(struct tab *t)
{
	size_t i, k = 0;

	if (!t->n)
		return 0;
	qsort_r(t->v, t->n, t->size, by_key_line, t);
	for (i = 0; i < t->n; i++)
		if ((i + 1 == t->n || t->cmp(at(t, i), at(t, i + 1))) &&
		    ((struct ev *)at(t, i))->add)
			memcpy(at(t, k++), at(t, i), t->size);
	qsort_r(t->v, k, t->size, by_line, t);
	return k;
}

/*
 * Walk two tables in key order: which items of @want have no key in
 * @cur (1) or one with another value (2), in *@need; which of @cur's have
 * none in @want, in *@gone. Both arrays are the caller's to free.
 */
static void match(const struct tab *cur, const struct tab *want, unsigned char **need,
		  unsigned char **gone)
{
	size_t *ci = calloc(cur->n + 1, sizeof(*ci)), *wi = calloc(want->n + 1, sizeof(*wi));
	size_t i, j;
	int c;

	*need = calloc(want->n + 1, 1);
	*gone = calloc(cur->n + 1, 1);
	if (!ci || !wi || !*need || !*gone)
		wctl_oom();
	for (i = 0; i < cur->n; i++)
		ci[i] = i;
	for (i = 0; i < want->n; i++)
		wi[i] = i;
	qsort_r(ci, cur->n, sizeof(*ci), by_index, (void *)cur);
	qsort_r(wi, want->n, sizeof(*wi), by_index, (void *)want);
	for (i = 0, j = 0; i < want->n || j < cur->n;) {
		c = i == want->n ? 1 : j == cur->n ? -1 : want->cmp(at(want, wi[i]), at(cur, ci[j]));
		if (c < 0) {
			(*need)[wi[i++]] = 1;
		} else if (c > 0) {
			(*gone)[ci[j++]] = 1;
		} else {
			(*need)[wi[i]] = !want->same || want->same(at(want, wi[i]), at(cur, ci[j])) ? 0 : 2;
			i++;
			j++;
		}
	}
	free(ci);
	free(wi);
}

static int pol_cmp(const void *a, const void *b)
{
	return key_cmp(&((const struct cfg_pol *)a)->key, &((const struct cfg_pol *)b)->key);
}

static bool pol_same(const void *a, const void *b)
{
	return cfg_params_eq(&((const struct cfg_pol *)a)->p, &((const struct cfg_pol *)b)->p);
}

static int ent_tab_cmp(const void *a, const void *b)
{
	return ent_cmp(a, b);
}

static struct tab pol_tab(const struct cfg_ns *s)
{
	return (struct tab){ .v = s->pol, .n = s->npol, .size = sizeof(*s->pol), .cmp = pol_cmp,
			     .same = pol_same };
}

static struct tab ent_tab(const struct cfg_ns *s)
{
	return (struct tab){ .v = s->ent, .n = s->nent, .size = sizeof(*s->ent),
			     .cmp = ent_tab_cmp };
}

/* ---- evaluating a file ------------------------------------------------------- */

/* The file's changes to the tables, after the last flush. */
struct evs {
	struct ev *pol;
	size_t npol, cappol;
	struct ev *ent;
	size_t nent, capent;
};

static struct ev *push_ev(struct ev **v, size_t *n, size_t *cap, bool add)
{
	struct ev *e = WCTL_PUSH(*v, *n, *cap);

	if (!e)
		wctl_oom();
	memset(e, 0, sizeof(*e));
	e->add = add;
	return e;
}

/* The first @k events of @t, as a table of the member at @off (@size bytes). */
static void *members(const struct tab *t, size_t k, size_t off, size_t size)
{
	char *v = calloc(k + 1, size);
	size_t i;

	if (!v)
		wctl_oom();
	for (i = 0; i < k; i++)
		memcpy(v + i * size, (char *)at(t, i) + off, size);
	return v;
}

static void build_tables(struct evs *e, struct cfg_ns *want)
{
	struct tab pt = { .v = e->pol, .n = e->npol, .size = sizeof(*e->pol), .cmp = ev_pol_cmp,
			  .line = ev_pol_line };
	struct tab et = { .v = e->ent, .n = e->nent, .size = sizeof(*e->ent), .cmp = ev_ent_cmp,
			  .line = ev_ent_line };

	want->npol = want->cappol = last_adds(&pt);
	want->pol = members(&pt, want->npol, offsetof(struct ev, pol), sizeof(*want->pol));
	want->nent = want->capent = last_adds(&et);
	want->ent = members(&et, want->nent, offsetof(struct ev, ent), sizeof(*want->ent));
}

static int eval_policy(const struct cfg_cmd *c, struct cfg_ns *want, struct evs *e, char *msg)
{
	const struct pol_cmd *p = &c->pol;
	struct ev *ev;
	int a;

	switch (p->op) {
	case POL_FLUSH:
		e->npol = 0;
		return 0;
	case POL_DEFAULT_SET:
		if (cfg_params_merge(&want->dflt, &p->p, msg))
			return -1;
		for (a = 1; a <= TCP_WARDEN_A_PARAMS_MAX; a++)
			if (p->p.have[a])
				want->dflt_line[a] = c->line;
		return 0;
	default:
		ev = push_ev(&e->pol, &e->npol, &e->cappol, p->op == POL_ADD);
		ev->pol.key = p->key;
		norm_key(&ev->pol.key);
		ev->pol.line = c->line;
		/* a policy starts from the default as the file has it so far */
		ev->pol.p = want->dflt;
		return ev->add ? cfg_params_merge(&ev->pol.p, &p->p, msg) : 0;
	}
}

/* Settings that act on every namespace: the initial one's alone. */
static bool syn_global(const struct syn_cmd *s)
{
	return s->global || memchr(s->have, true, sizeof(s->have));
}

static int eval_syn(const struct cfg_cmd *c, const struct cfg_ns *cur, struct cfg_ns *want,
		    struct evs *e, char *msg)
{
	const struct syn_cmd *s = &c->syn;
	struct cfg_syn *w = &want->syn;
	struct ev *ev;
	size_t k;

	if (s->op != SYN_SET) {
		ev = push_ev(&e->ent, &e->nent, &e->capent,
			     s->op == SYN_ALLOW_ADD || s->op == SYN_DENY_ADD);
		ev->ent.deny = s->op == SYN_DENY_ADD || s->op == SYN_DENY_DEL;
		ev->ent.p = s->p;
		ev->ent.line = c->line;
		return 0;
	}
	if (syn_global(s) && !cur->global)
		return wctl_perr(msg, "thresholds, budgets and the global mode act on every namespace and are set in the initial one only: move them before any 'netns' line");
	if (s->global) {
		w->global_mode = s->mode;
		w->global_mode_line = c->line;
	} else if (s->mode >= 0) {
		w->mode = s->mode;
		w->mode_line = c->line;
	}
	for (k = 0; k < SYN_NSETTINGS; k++) {
		if (!s->have[k])
			continue;
		w->v[k] = s->v[k];
		w->line[k] = c->line;
	}
	return 0;
}

int cfg_eval(const struct cfg_file *f, const size_t *slot, size_t ns, const struct cfg_ns *cur,
	     struct cfg_ns *want, char *err)
{
	char msg[WCTL_ERR_LEN];
	struct evs e = { 0 };
	const struct cfg_cmd *c;
	size_t i;
	int rc = 0;

	memset(want, 0, sizeof(*want));
	want->global = cur->global;
	want->dflt = cur->dflt;
	want->syn = cur->syn;
	for (i = 0; !rc && i < f->cmds.n; i++) {
		c = &f->cmds.c[i];
		if (slot[c->ns] != ns)
			continue;
		if (c->kind == CFG_POLICY)
			rc = eval_policy(c, want, &e, msg);
		else
			rc = eval_syn(c, cur, want, &e, msg);
		if (rc)
			wctl_perr(err, "line %lu: %s", c->line, msg);
	}
	if (!rc)
		build_tables(&e, want);
	free(e.pol);
	free(e.ent);
	return rc;
}

/* ---- from one state to another ------------------------------------------------ */

/* The earlier of two lines, 0 meaning none. */
static unsigned long first_line(unsigned long a, unsigned long b)
{
	return !a ? b : !b ? a : a < b ? a : b;
}

static void plan_syn(const struct cfg_ns *cur, const struct cfg_ns *want, size_t ns,
		     unsigned long line, struct cfg_cmds *out)
{
	const struct cfg_syn *c = &cur->syn, *w = &want->syn;
	struct syn_cmd s = { .op = SYN_SET, .mode = -1 };
	unsigned long at = 0;
	struct cfg_cmd *cmd;
	size_t k;

	if (want->global) {
		if (c->global_mode != w->global_mode) {
			s.global = true;
			s.mode = w->global_mode;
			at = first_line(at, w->global_mode_line);
		}
		for (k = 0; k < SYN_NSETTINGS; k++) {
			if (c->v[k] == w->v[k])
				continue;
			s.have[k] = true;
			s.v[k] = w->v[k];
			at = first_line(at, w->line[k]);
		}
		if (s.global || memchr(s.have, true, sizeof(s.have))) {
			cmd = cfg_cmds_push(out, CFG_SYN, ns, at ? at : line);
			cmd->syn = s;
		}
	}
	if (c->mode != w->mode) {
		cmd = cfg_cmds_push(out, CFG_SYN, ns, w->mode_line ? w->mode_line : line);
		cmd->syn.op = SYN_SET;
		cmd->syn.mode = w->mode;
	}
}

static void plan_default(const struct cfg_ns *cur, const struct cfg_ns *want, size_t ns,
			 unsigned long line, struct cfg_cmds *out)
{
	unsigned long at = 0;
	struct cfg_cmd *cmd;
	int a;

	if (cfg_params_eq(&cur->dflt, &want->dflt))
		return;
	for (a = 1; a <= TCP_WARDEN_A_PARAMS_MAX; a++)
		if (cur->dflt.v[a] != want->dflt.v[a])
			at = first_line(at, want->dflt_line[a]);
	cmd = cfg_cmds_push(out, CFG_POLICY, ns, at ? at : line);
	cmd->pol.op = POL_DEFAULT_SET;
	cmd->pol.p = want->dflt;
}

static void plan_policies(const struct cfg_ns *cur, const struct cfg_ns *want, size_t ns,
			  unsigned long line, struct cfg_cmds *out)
{
	struct tab ct = pol_tab(cur), wt = pol_tab(want);
	unsigned char *need, *gone;
	struct cfg_cmd *cmd;
	size_t i;

	match(&ct, &wt, &need, &gone);
	/* new ones in the file's order (their ids follow it), then the rest goes */
	for (i = 0; i < want->npol; i++) {
		if (!need[i])
			continue;
		cmd = cfg_cmds_push(out, CFG_POLICY, ns, want->pol[i].line ? want->pol[i].line : line);
		cmd->pol.op = POL_ADD;
		cmd->pol.replace = need[i] == 2;
		cmd->pol.key = want->pol[i].key;
		cmd->pol.p = want->pol[i].p;
	}
	for (i = 0; i < cur->npol; i++) {
		if (!gone[i])
			continue;
		cmd = cfg_cmds_push(out, CFG_POLICY, ns, line);
		cmd->pol.op = POL_DEL;
		cmd->pol.key = cur->pol[i].key;
	}
	free(need);
	free(gone);
}

static void push_ent(struct cfg_cmds *out, size_t ns, unsigned long line, const struct cfg_ent *e,
		     bool add)
{
	struct cfg_cmd *cmd = cfg_cmds_push(out, CFG_SYN, ns, line);

	cmd->syn.op = e->deny ? (add ? SYN_DENY_ADD : SYN_DENY_DEL) :
			        (add ? SYN_ALLOW_ADD : SYN_ALLOW_DEL);
	cmd->syn.p = e->p;
}

static void plan_lists(const struct cfg_ns *cur, const struct cfg_ns *want, size_t ns,
		       unsigned long line, struct cfg_cmds *out)
{
	struct tab ct = ent_tab(cur), wt = ent_tab(want);
	unsigned char *need, *gone;
	size_t i;

	match(&ct, &wt, &need, &gone);
	for (i = 0; i < want->nent; i++)
		if (need[i])
			push_ent(out, ns, want->ent[i].line ? want->ent[i].line : line, &want->ent[i],
				 true);
	for (i = 0; i < cur->nent; i++)
		if (gone[i])
			push_ent(out, ns, line, &cur->ent[i], false);
	free(need);
	free(gone);
}

/*
 * Adds before deletions: a destination whose policy or list entry moves
 * to another key is never without one in between.
 */
void cfg_plan(const struct cfg_ns *cur, const struct cfg_ns *want, size_t ns,
	      unsigned long line, struct cfg_cmds *out)
{
	plan_default(cur, want, ns, line, out);
	plan_policies(cur, want, ns, line, out);
	plan_lists(cur, want, ns, line, out);
	plan_syn(cur, want, ns, line, out);
}
