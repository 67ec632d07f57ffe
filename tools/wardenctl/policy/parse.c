// SPDX-License-Identifier: GPL-2.0
/*
 * The grammar of `policy` and its parser (parse.h); no netlink here. The
 * parameters' ranges are the uAPI header's, so that a value the kernel
 * would refuse is a usage error whether or not the module is loaded.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/names.h"
#include "policy/parse.h"

enum { KW_PORT = TCP_WARDEN_A_PARAMS_MAX + 1, KW_REPLACE };

static const struct wctl_kw key_kws[] = {
	{ "port", NULL, KW_PORT, "PORT[-LAST]", NULL, 0 },
	{ NULL },
};

static const struct wctl_kw add_kws[] = {
	{ "port", NULL, KW_PORT, "PORT[-LAST]", NULL, 0 },
	POL_PARAM_KWS,
	{ "replace", NULL, KW_REPLACE, NULL, NULL, 0 },
	{ NULL },
};

static const struct wctl_node default_subs[] = {
	{ .name = "show", .id = POL_DEFAULT_SHOW },
	{ .name = "set", .id = POL_DEFAULT_SET, .kws = pol_param_kws },
	{ NULL },
};

static const struct wctl_node subs[] = {
	{ .name = "add", .id = POL_ADD, .pos = "PREFIX", .kws = add_kws },
	{ .name = "replace", .id = POL_REPLACE, .pos = "PREFIX", .kws = add_kws },
	{ .name = "del", .alias = "delete", .id = POL_DEL, .pos = "PREFIX", .kws = key_kws },
	{ .name = "list", .alias = "ls", .id = POL_LIST },
	{ .name = "show", .id = POL_SHOW, .pos = "PREFIX", .kws = key_kws },
	{ .name = "flush", .id = POL_FLUSH },
	{ .name = "default", .subs = default_subs, .dflt = "show" },
	{ .name = "batch", .id = POL_BATCH, .pos = "< FILE" },
	{ NULL },
};

const struct wctl_node pol_node = {
	.name = "policy", .subs = subs, .dflt = "list",
	.summary = "per-destination ssthresh policies",
};

/* "0.7" (a fraction of 1) or "717" (1/1024 units), within the uAPI's range. */
static int parse_beta(const char *s, uint32_t *out)
{
	char *end;
	double d;

	if (!strchr(s, '.'))
		return wctl_parse_u32(s, TCP_WARDEN_BETA_MIN, TCP_WARDEN_BETA_MAX, out);
	errno = 0;
	d = strtod(s, &end);
	if (errno || *end || !(d > 0) || d >= 1.0)
		return -1;
	*out = (uint32_t)lround(d * TCP_WARDEN_BETA_SCALE);
	return *out < TCP_WARDEN_BETA_MIN || *out > TCP_WARDEN_BETA_MAX ? -1 : 0;
}

/* A number of segments in 0..@max, or @zero ("inf", "none") for 0. */
static int parse_segs(const char *s, const char *zero, uint32_t max, uint32_t *out)
{
	if (zero && !strcmp(s, zero)) {
		*out = 0;
		return 0;
	}
	return wctl_parse_u32(s, 0, max, out);
}

/* Values that are words: a word's index is its value. */
static int word_value(const char *val, const char *const *words, uint32_t *v)
{
	uint32_t i;

	for (i = 0; words[i]; i++) {
		if (!strcmp(val, words[i])) {
			*v = i;
			return 0;
		}
	}
	return -1;
}

static int param_value(const struct wctl_args *a, const struct wctl_kw *kw, const char *val,
		       uint32_t *v)
{
	static const char *const growth_words[] = {
		[TCP_WARDEN_GROWTH_RENO] = "reno", [TCP_WARDEN_GROWTH_CUBIC] = "cubic", NULL,
	};
	static const char *const hystart_words[] = { "off", "on", NULL };

	switch (kw->id) {
	case TCP_WARDEN_A_PARAMS_BETA:
		if (parse_beta(val, v))
			return wctl_perr(a->err, "invalid beta '%s'; %s", val, POL_BETA_HINT);
		return 0;
	case TCP_WARDEN_A_PARAMS_RTO_BETA:
		if (!strcmp(val, "beta") || !strcmp(val, "same"))
			*v = 0;
		else if (parse_beta(val, v))
			return wctl_perr(a->err, "invalid rto-beta '%s'; give 'beta' or a beta: %s",
					 val, POL_BETA_HINT);
		return 0;
	case TCP_WARDEN_A_PARAMS_GROWTH:
		if (word_value(val, growth_words, v))
			return wctl_perr(a->err, "invalid growth '%s'; give reno or cubic", val);
		return 0;
	case TCP_WARDEN_A_PARAMS_HYSTART:
		if (word_value(val, hystart_words, v))
			return wctl_perr(a->err, "invalid hystart '%s'; give off or on", val);
		return 0;
	case TCP_WARDEN_A_PARAMS_MIN_SSTHRESH:
		return wctl_args_u32(a, kw, val, TCP_WARDEN_MIN_SSTHRESH_MIN,
				     TCP_WARDEN_MIN_SSTHRESH_MAX, "segments", v);
	default:
		if (parse_segs(val, kw->id == TCP_WARDEN_A_PARAMS_MAX_CWND ? "none" : "inf",
			       TCP_WARDEN_SSTHRESH_MAX, v))
			return wctl_perr(a->err, "invalid %s '%s'; %s (0 or %s: %s)", kw->name, val,
					 POL_SEGS_HINT,
					 kw->id == TCP_WARDEN_A_PARAMS_MAX_CWND ? "none" : "inf",
					 kw->id == TCP_WARDEN_A_PARAMS_MAX_CWND ? "no clamp" :
					 "infinite");
		return 0;
	}
}

int pol_params_check(const struct pol_params *p, char *err)
{
	const uint32_t *v = p->v;

	if (p->have[TCP_WARDEN_A_PARAMS_HYSTART] && p->have[TCP_WARDEN_A_PARAMS_GROWTH] &&
	    v[TCP_WARDEN_A_PARAMS_GROWTH] != TCP_WARDEN_GROWTH_CUBIC)
		return wctl_perr(err, "hystart applies to growth cubic only; drop hystart or give growth cubic");
	if (p->have[TCP_WARDEN_A_PARAMS_MAX_CWND] && p->have[TCP_WARDEN_A_PARAMS_MIN_SSTHRESH] &&
	    v[TCP_WARDEN_A_PARAMS_MAX_CWND] &&
	    v[TCP_WARDEN_A_PARAMS_MAX_CWND] < v[TCP_WARDEN_A_PARAMS_MIN_SSTHRESH])
		return wctl_perr(err, "max-cwnd %u is below min-ssthresh %u; give a larger max-cwnd or none",
				 v[TCP_WARDEN_A_PARAMS_MAX_CWND], v[TCP_WARDEN_A_PARAMS_MIN_SSTHRESH]);
	return 0;
}

static int parse_prefix(const struct wctl_args *a, const char *s, struct pol_key *k)
{
	char v4[WCTL_PREFIX_LEN] = "";
	const char *why;

	if (wctl_parse_dst_prefix(s, &k->pfx, &why, v4))
		return wctl_perr(a->err, "invalid prefix '%s': %s%s%s", s, why, v4[0] ? "; use " : "",
				 v4);
	return 0;
}

/* The words after the subcommand: PREFIX, port, parameters, replace. */
static int parse_words(struct wctl_args *a, struct pol_cmd *c)
{
	/* the subcommands with keywords, but default set, are about a prefix */
	bool takes_prefix = a->node->kws && c->op != POL_DEFAULT_SET, have_prefix = false;
	const struct wctl_kw *kw;
	const char *val;
	int rc;

	while ((rc = wctl_args_next(a, &kw, &val)) > 0) {
		if (!kw) {
			if (!takes_prefix || have_prefix)
				return wctl_args_unknown(a, val);
			if (parse_prefix(a, val, &c->key))
				return -1;
			have_prefix = true;
		} else if (kw->id == KW_PORT) {
			if (wctl_args_ports(a, kw, val, &c->key.ports))
				return -1;
			c->key.have_port = true;
		} else if (kw->id == KW_REPLACE) {
			c->replace = true;
		} else {
			if (param_value(a, kw, val, &c->p.v[kw->id]))
				return -1;
			c->p.have[kw->id] = true;
		}
	}
	if (rc < 0)
		return -1;
	if (takes_prefix && !have_prefix)
		return wctl_perr(a->err, "'%s' needs a PREFIX; e.g. 'wardenctl %s 10.0.0.0/8%s'",
				 a->what, a->what, a->node->kws == add_kws ? " beta 0.7" : "");
	if (c->op == POL_DEFAULT_SET && !a->seen)
		return wctl_perr(a->err, "'policy default set' needs parameters, e.g. 'beta 0.7'");
	return pol_params_check(&c->p, a->err);
}

int pol_parse(int argc, char **argv, struct pol_cmd *c, char *err)
{
	const struct wctl_node *n;
	struct wctl_args a;

	memset(c, 0, sizeof(*c));
	n = wctl_args_start(&a, &pol_node, argc, argv, err);
	if (!n)
		return -1;
	c->op = n->id;
	if (c->op == POL_REPLACE) {
		c->op = POL_ADD;
		c->replace = true;
	}
	return parse_words(&a, c);
}
