// SPDX-License-Identifier: GPL-2.0
/* Parsing of `policy` commands (parse.h); no netlink here. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/parse.h"
#include "policy/names.h"

static int perr(char *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int perr(char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, POL_ERR_LEN, fmt, ap);
	va_end(ap);
	return -1;
}

/* "0.7" (a fraction of 1) or "717" (1/1024 units). */
static int parse_beta(const char *s, uint32_t *out)
{
	char *end;
	double d;

	if (!strchr(s, '.'))
		return wctl_parse_u32(s, 0, UINT32_MAX, out);
	errno = 0;
	d = strtod(s, &end);
	if (errno || *end || !(d > 0) || d >= 4.0)
		return -1;
	*out = (uint32_t)lround(d * TCP_WARDEN_BETA_SCALE);
	return 0;
}

static int parse_port(const char *s, struct pol_key *k, char *err)
{
	const char *dash = strchr(s, '-');
	char first[16];

	if (k->have_port)
		return perr(err, "'port' given twice; give one PORT or FIRST-LAST");
	if (dash) {
		snprintf(first, sizeof(first), "%.*s", (int)(dash - s), s);
		if (wctl_parse_u32(first, 0, 65535, &k->port_lo) ||
		    wctl_parse_u32(dash + 1, 0, 65535, &k->port_hi))
			return perr(err, "invalid port range '%s'; give PORT or FIRST-LAST, each 0..65535", s);
		if (k->port_lo > k->port_hi)
			return perr(err, "invalid port range '%s'; the first port must not exceed the last", s);
	} else {
		if (wctl_parse_u32(s, 0, 65535, &k->port_lo))
			return perr(err, "invalid port '%s'; give PORT or FIRST-LAST, each 0..65535", s);
		k->port_hi = k->port_lo;
	}
	k->have_port = true;
	return 0;
}

static int parse_prefix(const char *s, struct pol_key *k, char *err)
{
	char v4[WCTL_PREFIX_LEN] = "";
	const char *why;

	if (wctl_parse_dst_prefix(s, &k->pfx, &why, v4))
		return perr(err, "invalid prefix '%s': %s%s%s", s, why, v4[0] ? "; use " : "", v4);
	return 0;
}

/* The value of argv[i], the name of a NAME VALUE pair. */
static const char *value_of(int argc, char **argv, int i, char *err)
{
	if (i + 1 >= argc) {
		perr(err, "'%s' needs a value; see wardenctl-policy(8)", argv[i]);
		return NULL;
	}
	return argv[i + 1];
}

/* Values that are words: a word's index is its value. */
static const char *const growth_words[] = {
	[TCP_WARDEN_GROWTH_RENO] = "reno", [TCP_WARDEN_GROWTH_CUBIC] = "cubic", NULL,
};
static const char *const hystart_words[] = { "off", "on", NULL };

static int word_value(const char *name, const char *val, const char *const *words,
		      uint32_t *v, char *err)
{
	uint32_t i;

	for (i = 0; words[i]; i++) {
		if (!strcmp(val, words[i])) {
			*v = i;
			return 0;
		}
	}
	return perr(err, "invalid %s '%s'; give %s or %s", name, val, words[0], words[1]);
}

static int param_value(int a, const char *name, const char *val, uint32_t *v, char *err)
{
	switch (a) {
	case TCP_WARDEN_A_PARAMS_BETA:
		if (parse_beta(val, v))
			return perr(err, "invalid beta '%s'; %s", val, POL_BETA_HINT);
		return 0;
	case TCP_WARDEN_A_PARAMS_RTO_BETA:
		if (!strcmp(val, "beta") || !strcmp(val, "same"))
			*v = 0;
		else if (parse_beta(val, v))
			return perr(err, "invalid rto-beta '%s'; give 'beta' or %s", val, POL_BETA_HINT);
		return 0;
	case TCP_WARDEN_A_PARAMS_GROWTH:
		return word_value(name, val, growth_words, v, err);
	case TCP_WARDEN_A_PARAMS_HYSTART:
		return word_value(name, val, hystart_words, v, err);
	default:
		if (!strcmp(val, "none") || !strcmp(val, "inf"))
			*v = 0;
		else if (wctl_parse_u32(val, 0, UINT32_MAX, v))
			return perr(err, "invalid %s '%s'; give a number of segments", name, val);
		return 0;
	}
}

/*
 * A "NAME VALUE" parameter pair at argv[i]: 2 (the words used), 0 when
 * argv[i] is no parameter name, -1 on an error.
 */
static int parse_param(int argc, char **argv, int i, struct pol_params *p, char *err)
{
	const char *val;
	int a = pol_param_attr(argv[i]);

	if (!a)
		return 0;
	if (p->have[a])
		return perr(err, "'%s' given twice; give each parameter once", pol_param_name(a));
	val = value_of(argc, argv, i, err);
	if (!val || param_value(a, argv[i], val, &p->v[a], err))
		return -1;
	p->have[a] = true;
	return 2;
}

static int parse_add(int argc, char **argv, struct pol_cmd *c, char *err)
{
	const char *val;
	int i, used;

	if (argc < 2)
		return perr(err, "policy %s needs a PREFIX; e.g. 'wardenctl policy add 10.0.0.0/8 beta 0.7'",
			    argv[0]);
	if (parse_prefix(argv[1], &c->key, err))
		return -1;
	for (i = 2; i < argc; i += used) {
		used = 2;
		if (!strcmp(argv[i], "port")) {
			val = value_of(argc, argv, i, err);
			if (!val || parse_port(val, &c->key, err))
				return -1;
		} else if (!strcmp(argv[i], "replace")) {
			if (c->replace && strcmp(argv[0], "replace"))
				return perr(err, "'replace' given twice; give it once");
			c->replace = true;
			used = 1;
		} else {
			used = parse_param(argc, argv, i, &c->p, err);
			if (used < 0)
				return -1;
			if (!used)
				return perr(err, "unknown policy option '%s'; see wardenctl-policy(8)",
					    argv[i]);
		}
	}
	return 0;
}

static int parse_key_args(int argc, char **argv, struct pol_cmd *c, char *err)
{
	const char *val;
	int i;

	if (argc < 2)
		return perr(err, "policy %s needs a PREFIX [port PORT[-LAST]]", argv[0]);
	if (parse_prefix(argv[1], &c->key, err))
		return -1;
	for (i = 2; i < argc; i += 2) {
		if (strcmp(argv[i], "port"))
			return perr(err, "unknown policy %s option '%s'; give PREFIX [port PORT[-LAST]]",
				    argv[0], argv[i]);
		val = value_of(argc, argv, i, err);
		if (!val || parse_port(val, &c->key, err))
			return -1;
	}
	return 0;
}

static int parse_default(int argc, char **argv, struct pol_cmd *c, char *err)
{
	int i, used;

	if (argc == 1 || !strcmp(argv[1], "show")) {
		c->op = POL_DEFAULT_SHOW;
		if (argc > 2)
			return perr(err, "'policy default show' takes no arguments");
		return 0;
	}
	if (strcmp(argv[1], "set"))
		return perr(err, "unknown 'policy default' command '%s'; give show or set", argv[1]);
	c->op = POL_DEFAULT_SET;
	if (argc < 3)
		return perr(err, "policy default set needs parameters, e.g. 'beta 0.7'");
	for (i = 2; i < argc; i += used) {
		used = parse_param(argc, argv, i, &c->p, err);
		if (used < 0)
			return -1;
		if (!used)
			return perr(err, "unknown default option '%s'; see wardenctl-policy(8)", argv[i]);
	}
	return 0;
}

int pol_parse(int argc, char **argv, struct pol_cmd *c, char *err)
{
	static const struct {
		const char *name;
		enum pol_op op;
	} plain[] = {
		{ "list", POL_LIST }, { "ls", POL_LIST }, { "flush", POL_FLUSH },
		{ "batch", POL_BATCH },
	};
	const char *sub = argv[0];
	size_t i;

	memset(c, 0, sizeof(*c));
	if (!strcmp(sub, "add") || !strcmp(sub, "replace")) {
		c->op = POL_ADD;
		c->replace = !strcmp(sub, "replace");
		return parse_add(argc, argv, c, err);
	}
	if (!strcmp(sub, "del") || !strcmp(sub, "delete")) {
		c->op = POL_DEL;
		return parse_key_args(argc, argv, c, err);
	}
	if (!strcmp(sub, "show")) {
		c->op = POL_SHOW;
		return parse_key_args(argc, argv, c, err);
	}
	if (!strcmp(sub, "default"))
		return parse_default(argc, argv, c, err);
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		if (strcmp(sub, plain[i].name))
			continue;
		c->op = plain[i].op;
		if (argc > 1)
			return perr(err, "'policy %s' takes no arguments", sub);
		return 0;
	}
	return perr(err, "unknown 'policy' command '%s'; give add, del, list, show, flush, default or batch",
		    sub);
}
