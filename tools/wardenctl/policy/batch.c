// SPDX-License-Identifier: GPL-2.0
/*
 * `policy batch`: every line is parsed before the first change is sent, so
 * a bad line changes nothing. The kernel takes one change per request, so
 * the batch is made all-or-nothing by undoing: each applied line records
 * how to undo it, and when the kernel refuses line N, lines N-1..1 are
 * undone in reverse (what was added is deleted, what was deleted or
 * replaced comes back with its old parameters; a policy that comes back
 * gets a new id, as ids are never reused). Writers running at the same
 * time are not isolated from the batch.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/lines.h"
#include "lib/util.h"
#include "lib/vec.h"
#include "policy/batch.h"
#include "policy/ops.h"
#include "policy/parse.h"

struct batch_line {
	unsigned long lineno;
	struct pol_cmd c;
};

/* A policy as the batch believes it is in the kernel. */
struct live {
	struct pol_key key;
	struct pol_params p;
	bool present;		/* slots stay once used; deleted ones are absent */
};

/* Policies by key: a snapshot taken before the batch, kept up to date. */
struct live_table {
	struct live *slots;
	size_t cap, used;
	struct pol_params dflt;
};

enum undo_op { UNDO_DEL, UNDO_ADD, UNDO_REPLACE, UNDO_DEFAULT };

struct undo {
	enum undo_op op;
	struct pol_key key;
	struct pol_params p;
};

struct pol_batch {
	struct wctl_genl *g;
	struct batch_line *lines;
	size_t n, cap;
	bool need_snapshot;	/* some line deletes, replaces or sets the default */
	struct live_table live;
	struct undo *undo;
	size_t nundo, capundo;
};

/* ---- reading ------------------------------------------------------------ */

static int check_batch_cmd(const struct pol_cmd *c, char *msg)
{
	if (c->op == POL_BATCH)
		return wctl_perr(msg, "batches do not nest");
	if (!pol_op_changes(c->op))
		return wctl_perr(msg, "a batch holds changes only (add, replace, del, flush, default set); run reads on their own");
	return 0;
}

static int parse_line(int argc, char **argv, unsigned long lineno, void *arg, char *msg)
{
	struct pol_batch *b = arg;
	struct batch_line *l = WCTL_PUSH(b->lines, b->n, b->cap);

	if (!l)
		wctl_oom();
	l->lineno = lineno;
	if (pol_parse(argc, argv, &l->c, msg) || check_batch_cmd(&l->c, msg))
		return -1;
	if (l->c.op != POL_ADD || l->c.replace)
		b->need_snapshot = true;
	return 0;
}

/* ---- what is in the kernel ---------------------------------------------- */

/* The fixed-size identity of a key, for hashing. */
struct key_id {
	uint8_t family, len;
	uint16_t lo, hi;
	uint8_t addr[16];
};

static void key_id(const struct pol_key *k, struct key_id *id)
{
	memset(id, 0, sizeof(*id));
	id->family = (uint8_t)k->pfx.family;
	id->len = k->pfx.len;
	id->lo = k->have_port ? (uint16_t)k->ports.lo : 0;
	id->hi = k->have_port ? (uint16_t)k->ports.hi : 65535;
	memcpy(id->addr, k->pfx.addr.bytes, 16);
}

static size_t key_slot(const struct live_table *t, const struct pol_key *k)
{
	struct key_id id;

	key_id(k, &id);
	return wctl_hash(&id, sizeof(id)) & (t->cap - 1);
}

static struct live *live_find(struct live_table *t, const struct pol_key *k, bool create);

static void live_grow(struct live_table *t)
{
	struct live_table n = { .cap = t->cap ? t->cap * 2 : 256, .dflt = t->dflt };
	size_t i;

	n.slots = calloc(n.cap, sizeof(*n.slots));
	if (!n.slots)
		wctl_oom();
	for (i = 0; i < t->cap; i++)
		if (t->slots[i].key.pfx.family)
			*live_find(&n, &t->slots[i].key, true) = t->slots[i];
	free(t->slots);
	*t = n;
}

/* Open addressing on the key; a slot is used once its family is set. */
static struct live *live_find(struct live_table *t, const struct pol_key *k, bool create)
{
	struct live *s;
	size_t i;

	if (create && (t->used + 1) * 2 > t->cap)
		live_grow(t);
	if (!t->cap)
		return NULL;
	for (i = key_slot(t, k);; i = (i + 1) & (t->cap - 1)) {
		s = &t->slots[i];
		if (!s->key.pfx.family)
			break;
		if (pol_key_eq(&s->key, k))
			return s;
	}
	if (!create)
		return NULL;
	memset(s, 0, sizeof(*s));
	s->key = *k;
	t->used++;
	return s;
}

static int snapshot(struct pol_batch *b)
{
	struct pol_rows rs = { 0 };
	struct live *l;
	size_t i;
	int rc;

	rc = pol_get(b->g, NULL, &rs);
	if (!rc)
		rc = pol_default_get(b->g, &rs);
	if (rc) {
		pol_rows_free(&rs);
		return rc;
	}
	for (i = 0; i < rs.n; i++) {
		if (rs.r[i].is_default) {
			pol_row_params(&rs.r[i], &b->live.dflt);
			continue;
		}
		l = live_find(&b->live, &rs.r[i].key, true);
		pol_row_params(&rs.r[i], &l->p);
		l->present = true;
	}
	pol_rows_free(&rs);
	return 0;
}

/* ---- applying and undoing ------------------------------------------------ */

static void push_undo(struct pol_batch *b, enum undo_op op, const struct pol_key *k,
		      const struct pol_params *p)
{
	struct undo *u = WCTL_PUSH(b->undo, b->nundo, b->capundo);

	if (!u)
		wctl_oom();
	memset(u, 0, sizeof(*u));
	u->op = op;
	if (k)
		u->key = *k;
	if (p)
		u->p = *p;
}

/* Given parameters over @base. */
static void merge_params(struct pol_params *base, const struct pol_params *given)
{
	int a;

	for (a = 1; a <= TCP_WARDEN_A_PARAMS_MAX; a++) {
		if (!given->have[a])
			continue;
		base->v[a] = given->v[a];
		base->have[a] = true;
	}
}

static void applied_add(struct pol_batch *b, const struct pol_cmd *c, struct live *old)
{
	struct live *l;

	if (old && old->present)
		push_undo(b, UNDO_REPLACE, &c->key, &old->p);
	else
		push_undo(b, UNDO_DEL, &c->key, NULL);
	if (!b->need_snapshot)
		return;		/* adds only: nothing needs the table */
	l = old ? old : live_find(&b->live, &c->key, true);
	l->p = c->p;
	l->present = true;
}

static void applied_flush(struct pol_batch *b)
{
	size_t i;

	for (i = 0; i < b->live.cap; i++) {
		struct live *l = &b->live.slots[i];

		if (!l->present)
			continue;
		push_undo(b, UNDO_ADD, &l->key, &l->p);
		l->present = false;
	}
}

/* Send one line's change; on success record how to undo it. */
static int apply(struct pol_batch *b, const struct pol_cmd *c, char *msg)
{
	struct live *old = b->need_snapshot ? live_find(&b->live, &c->key, false) : NULL;
	int rc;

	switch (c->op) {
	case POL_ADD:
		rc = pol_add(b->g, &c->key, &c->p, c->replace, msg);
		if (!rc)
			applied_add(b, c, old);
		return rc;
	case POL_DEL:
		rc = pol_del(b->g, &c->key, msg);
		if (!rc && old) {
			push_undo(b, UNDO_ADD, &c->key, &old->p);
			old->present = false;
		}
		return rc;
	case POL_FLUSH:
		rc = pol_flush(b->g, msg);
		if (!rc)
			applied_flush(b);
		return rc;
	default:
		rc = pol_default_set(b->g, &c->p, msg);
		if (!rc) {
			push_undo(b, UNDO_DEFAULT, NULL, &b->live.dflt);
			merge_params(&b->live.dflt, &c->p);
		}
		return rc;
	}
}

static int undo_one(struct pol_batch *b, const struct undo *u, char *msg)
{
	switch (u->op) {
	case UNDO_DEL:
		return pol_del(b->g, &u->key, msg);
	case UNDO_ADD:
		return pol_add(b->g, &u->key, &u->p, false, msg);
	case UNDO_REPLACE:
		return pol_add(b->g, &u->key, &u->p, true, msg);
	default:
		return pol_default_set(b->g, &u->p, msg);
	}
}

/* Undo everything applied, newest first; how many undos failed. */
static size_t roll_back(struct pol_batch *b, char *first_err)
{
	char msg[POL_MSG_LEN];
	size_t i, failed = 0;

	for (i = b->nundo; i-- > 0;) {
		if (!undo_one(b, &b->undo[i], msg))
			continue;
		if (!failed++)
			snprintf(first_err, POL_MSG_LEN, "%s", msg);
	}
	return failed;
}

static int apply_all(struct pol_batch *b)
{
	char msg[POL_MSG_LEN], undo_err[POL_MSG_LEN];
	size_t i, failed;
	int rc;

	for (i = 0; i < b->n; i++) {
		rc = apply(b, &b->lines[i].c, msg);
		if (!rc)
			continue;
		failed = roll_back(b, undo_err);
		if (failed) {
			wctl_err("line %lu: %s; undoing the %zu earlier lines failed %zu times (first: %s): the table is half-applied, check 'wardenctl policy list'",
				 b->lines[i].lineno, msg, i, failed, undo_err);
			return WCTL_EXIT_FAIL;
		}
		wctl_err("line %lu: %s; nothing was applied (the %zu earlier lines were undone)",
			 b->lines[i].lineno, msg, i);
		return rc;
	}
	return 0;
}

struct pol_batch *pol_batch_read(FILE *in, char *err)
{
	struct pol_batch *b = calloc(1, sizeof(*b));

	if (!b)
		wctl_oom();
	if (wctl_lines_read(in, "the batch from standard input", parse_line, b, err)) {
		pol_batch_free(b);
		return NULL;
	}
	return b;
}

int pol_batch_apply(struct pol_batch *b, struct wctl_genl *g)
{
	int rc = 0;

	b->g = g;
	if (b->need_snapshot)
		rc = snapshot(b);
	return rc ? rc : apply_all(b);
}

void pol_batch_free(struct pol_batch *b)
{
	free(b->lines);
	free(b->live.slots);
	free(b->undo);
	free(b);
}
