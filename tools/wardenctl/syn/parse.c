// SPDX-License-Identifier: GPL-2.0
/* The grammar of `syn` and its parser (parse.h). */
#include <stdio.h>
#include <string.h>

#include "syn/parse.h"

enum { KW_MODE = 1000, KW_GLOBAL, KW_PORT };

#define SET_KW(a, name, alias, arg, bits, lo, hi, unit)				\
	{ name, alias, TCP_WARDEN_A_SYN_##a, arg, NULL, 0 },
static const struct wctl_kw set_kws[] = {
	{ "mode", NULL, KW_MODE, "enforce|monitor|off|default", "enforce|monitor|off|default", 0 },
	{ "global", NULL, KW_GLOBAL, NULL, NULL, 0 },
	SYN_SETTINGS(SET_KW)
	{ NULL },
};

static const struct wctl_kw top_kws[] = {
	{ "port", NULL, KW_PORT, "PORT", NULL, 0 },
	{ NULL },
};

static const struct wctl_node allow_subs[] = {
	{ .name = "list", .id = SYN_LIST },
	{ .name = "add", .id = SYN_ALLOW_ADD, .pos = "PREFIX" },
	{ .name = "del", .alias = "delete", .id = SYN_ALLOW_DEL, .pos = "PREFIX" },
	{ NULL },
};

static const struct wctl_node deny_subs[] = {
	{ .name = "list", .id = SYN_LIST },
	{ .name = "add", .id = SYN_DENY_ADD, .pos = "PREFIX" },
	{ .name = "del", .alias = "delete", .id = SYN_DENY_DEL, .pos = "PREFIX" },
	{ NULL },
};

static const struct wctl_node subs[] = {
	{ .name = "status", .id = SYN_STATUS },
	{ .name = "set", .id = SYN_SET, .kws = set_kws },
	{ .name = "top", .id = SYN_TOP, .pos = "[PORT]", .kws = top_kws },
	{ .name = "allow", .subs = allow_subs, .dflt = "list" },
	{ .name = "deny", .subs = deny_subs, .dflt = "list" },
	{ .name = "list", .id = SYN_LIST },
	{ .name = "watch", .id = SYN_WATCH },
	{ NULL },
};

const struct wctl_node syn_node = {
	.name = "syn", .subs = subs, .dflt = "status",
	.summary = "the SYN-flood guard",
};

static int parse_mode(const struct wctl_args *a, const char *m, struct syn_cmd *c)
{
	int k;

	if (!strcmp(m, "default")) {
		c->mode = SYN_MODE_DEFAULT;
		return 0;
	}
	for (k = 0; k < SYN_NMODES; k++) {
		if (!strcmp(m, syn_mode_names[k])) {
			c->mode = k;
			return 0;
		}
	}
	return wctl_perr(a->err, "invalid mode '%s'; give enforce, monitor, off or default", m);
}

static int parse_setting(const struct wctl_args *a, const struct wctl_kw *kw, const char *val,
			 struct syn_cmd *c)
{
	const struct syn_setting *s;
	size_t i;

	for (i = 0; i < SYN_NSETTINGS && syn_settings[i].attr != kw->id; i++)
		;
	s = &syn_settings[i];
	if (wctl_args_u32(a, kw, val, s->lo, s->hi, s->unit, &c->v[i]))
		return -1;
	c->have[i] = true;
	return 0;
}

static int set_kw(const struct wctl_args *a, const struct wctl_kw *kw, const char *val, void *arg)
{
	struct syn_cmd *c = arg;

	if (kw->id == KW_GLOBAL) {
		c->global = true;
		return 0;
	}
	return kw->id == KW_MODE ? parse_mode(a, val, c) : parse_setting(a, kw, val, c);
}

static int parse_set(struct wctl_args *a, struct syn_cmd *c)
{
	if (wctl_args_each(a, set_kw, c))
		return -1;
	if (c->mode < 0 && !memchr(c->have, true, sizeof(c->have)))
		return wctl_perr(a->err, "'syn set' needs something to set, e.g. 'mode enforce' or 'threshold 5000'");
	if (c->global && c->mode == SYN_MODE_DEFAULT)
		return wctl_perr(a->err, "'global' with 'mode default': give either a mode or 'default'");
	return 0;
}

/* `syn top [PORT]`, as released, or `syn top port PORT`. */
static int parse_top(struct wctl_args *a, struct syn_cmd *c)
{
	const struct wctl_kw *kw;
	struct wctl_ports ports;
	const char *val;
	int rc, given = 0;

	while ((rc = wctl_args_next(a, &kw, &val)) > 0) {
		if (given)
			return kw ? wctl_perr(a->err, "'port' given twice; give it once") :
				    wctl_args_unknown(a, val);
		if (wctl_args_ports(a, &top_kws[0], val, &ports))
			return -1;
		if (ports.lo != ports.hi || !ports.lo)
			return wctl_perr(a->err, "invalid port '%s'; 'syn top' takes one port, 1..65535",
					 val);
		c->port = ports.lo;
		given++;
	}
	return rc;
}

/* `syn allow|deny add|del PREFIX`, and the words-less list and watch. */
static int parse_prefix(struct wctl_args *a, struct syn_cmd *c)
{
	char v4[WCTL_PREFIX_LEN] = "";
	const struct wctl_kw *kw;
	const char *val, *why;
	int rc;

	while ((rc = wctl_args_next(a, &kw, &val)) > 0) {
		if (kw || !a->node->pos || c->text)
			return wctl_args_unknown(a, val);
		if (wctl_parse_dst_prefix(val, &c->p, &why, v4))
			return wctl_perr(a->err, "invalid prefix '%s': %s%s%s", val, why,
					 v4[0] ? "; use " : "", v4);
		c->text = val;
	}
	if (rc < 0)
		return -1;
	if (a->node->pos && !c->text)
		return wctl_perr(a->err, "'%s' needs a PREFIX; e.g. 'wardenctl %s 192.0.2.0/24'",
				 a->what, a->what);
	return 0;
}

int syn_parse(int argc, char **argv, struct syn_cmd *c, char *err)
{
	const struct wctl_node *n;
	struct wctl_args a;

	memset(c, 0, sizeof(*c));
	c->mode = -1;
	n = wctl_args_start(&a, &syn_node, argc, argv, err);
	if (!n)
		return -1;
	c->op = n->id;
	if (c->op == SYN_SET)
		return parse_set(&a, c);
	return c->op == SYN_TOP ? parse_top(&a, c) : parse_prefix(&a, c);
}
