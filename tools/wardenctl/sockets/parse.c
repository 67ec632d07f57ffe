// SPDX-License-Identifier: GPL-2.0
/*
 * The grammar of `wardenctl sockets` and its parser (opts.h). Keywords
 * like iproute2's; the getopt options wardenctl-sockets(8) promised
 * (--state, --sport, -H, ...) are their aliases. An option that would
 * change nothing in the chosen output is refused, not ignored.
 */
#include <stdio.h>
#include <string.h>

#include "sockets/opts.h"

enum {
	KW_STATE = 1, KW_V4, KW_V6, KW_SPORT, KW_DPORT, KW_SRC, KW_DST, KW_INFO, KW_NO_OWNER,
	KW_NO_HEADER, KW_SUMMARY, KW_GROUP, KW_TOP, KW_ALL_NETNS, KW_PROM, KW_OUTPUT,
};

static const char *const group_words[] = {
	[SK_GROUP_REMOTE] = "remote", [SK_GROUP_LPORT] = "local-port",
	[SK_GROUP_PROCESS] = "process",
};

#define STATE_WORDS "all|established|syn-sent|syn-recv|fin-wait-1|fin-wait-2|time-wait|" \
		    "closed|close-wait|last-ack|listen|closing|connected|synchronized|"	\
		    "bucket|big"
#define FILTER_KWS								\
	{ "state", "--state", KW_STATE, "STATE[,STATE...]", STATE_WORDS, 0 },	\
	{ "-4", NULL, KW_V4, NULL, NULL, 0 },					\
	{ "-6", NULL, KW_V6, NULL, NULL, 0 },					\
	{ "sport", "--sport", KW_SPORT, "PORT[-LAST]", NULL, 0 },		\
	{ "dport", "--dport", KW_DPORT, "PORT[-LAST]", NULL, 0 },		\
	{ "src", "--src", KW_SRC, "PREFIX", NULL, 0 },				\
	{ "dst", "--dst", KW_DST, "PREFIX", NULL, 0 }
#define REPORT_KWS								\
	{ "top", "--top", KW_TOP, "N", NULL, 0 },				\
	{ "all-netns", "--all-netns", KW_ALL_NETNS, NULL, NULL, 0 },		\
	{ "prometheus", "--prometheus", KW_PROM, NULL, NULL, 0 },		\
	{ "output", "--output", KW_OUTPUT, "FILE", NULL, WCTL_KW_FILE }

static const struct wctl_kw list_kws[] = {
	FILTER_KWS,
	{ "info", "--info -i", KW_INFO, NULL, NULL, 0 },
	{ "no-owner", "--no-owner", KW_NO_OWNER, NULL, NULL, 0 },
	{ "no-header", "--no-header -H", KW_NO_HEADER, NULL, NULL, 0 },
	{ "summary", "--summary", KW_SUMMARY, NULL, NULL, 0 },
	{ "group-by", "--group-by", KW_GROUP, "remote|local-port|process",
	  "remote|local-port|process", 0 },
	REPORT_KWS,
	{ NULL },
};

static const struct wctl_kw report_kws[] = {
	FILTER_KWS,
	REPORT_KWS,
	{ NULL },
};

static const struct wctl_node subs[] = {
	{ .name = "list", .kws = list_kws },
	{ .name = "report", .id = 1, .kws = report_kws },
	{ NULL },
};

const struct wctl_node sk_node = {
	.name = "sockets", .subs = subs, .dflt = "list", .implicit = true,
	.summary = "TIME_WAIT and CLOSE_WAIT reports (sock_diag)",
};

const char *sk_group_name(enum sk_group g)
{
	return g > SK_GROUP_NONE && g <= SK_GROUP_PROCESS ? group_words[g] : "";
}

static int parse_state(const struct wctl_args *a, const char *val, struct sk_opts *o)
{
	const char *bad;
	size_t badlen;

	if (!sk_parse_states(val, &o->f.states, &bad, &badlen)) {
		o->states_set = true;
		return 0;
	}
	if (!badlen)
		return wctl_perr(a->err, "invalid state '%s'; give e.g. time-wait,close-wait or all",
				 val);
	return wctl_perr(a->err, "invalid state '%.*s'; give e.g. time-wait,close-wait,established or all",
			 (int)badlen, bad);
}

static int parse_addr(const struct wctl_args *a, const struct wctl_kw *kw, const char *val,
		      struct wctl_prefix *p)
{
	const char *why;

	if (wctl_parse_prefix(val, p, &why))
		return wctl_perr(a->err, "invalid %s '%s': %s", kw->name, val, why);
	return 0;
}

static int parse_group(const struct wctl_args *a, const char *val, struct sk_opts *o)
{
	int g;

	for (g = SK_GROUP_REMOTE; g <= SK_GROUP_PROCESS; g++) {
		if (!strcmp(val, group_words[g])) {
			o->group = g;
			return 0;
		}
	}
	return wctl_perr(a->err, "invalid group-by '%s'; give remote, local-port or process", val);
}

static int parse_family(const struct wctl_args *a, int family, struct sk_opts *o)
{
	if (o->f.family && o->f.family != family)
		return wctl_perr(a->err, "-4 and -6 together: give at most one (none means both)");
	o->f.family = family;
	return 0;
}

/* One keyword with its value. */
static int parse_kw(const struct wctl_args *a, const struct wctl_kw *kw, const char *val,
		    void *arg)
{
	struct sk_opts *o = arg;
	struct wctl_ports p;

	switch (kw->id) {
	case KW_STATE:
		return parse_state(a, val, o);
	case KW_V4:
	case KW_V6:
		return parse_family(a, kw->id == KW_V4 ? AF_INET : AF_INET6, o);
	case KW_SPORT:
	case KW_DPORT:
		if (wctl_args_ports(a, kw, val, &p))
			return -1;
		*(kw->id == KW_SPORT ? &o->f.sport : &o->f.dport) = p;
		*(kw->id == KW_SPORT ? &o->f.sport_set : &o->f.dport_set) = true;
		return 0;
	case KW_SRC:
		o->f.src_set = true;
		return parse_addr(a, kw, val, &o->f.src);
	case KW_DST:
		o->f.dst_set = true;
		return parse_addr(a, kw, val, &o->f.dst);
	case KW_GROUP:
		return parse_group(a, val, o);
	case KW_TOP:
		return wctl_args_u32(a, kw, val, 0, 1000000, "rows (0: all)", &o->top);
	case KW_OUTPUT:
		o->output = val;
		break;
	case KW_INFO:
		o->f.info = true;
		break;
	case KW_NO_OWNER:
		o->no_owner = true;
		break;
	case KW_NO_HEADER:
		o->no_header = true;
		break;
	case KW_SUMMARY:
		o->summary = true;
		break;
	case KW_ALL_NETNS:
		o->all_netns = true;
		break;
	case KW_PROM:
		o->prom = true;
		break;
	}
	return 0;
}

/* Options that contradict each other, or would change nothing. */
static int check_opts(const struct wctl_args *a, struct sk_opts *o)
{
	const struct wctl_prefix *p[2] = {
		o->f.src_set ? &o->f.src : NULL, o->f.dst_set ? &o->f.dst : NULL,
	};
	bool listing = !o->report && !o->summary && !o->group && !o->prom;
	int i;

	for (i = 0; i < 2 && o->f.family; i++)
		if (p[i] && p[i]->family != o->f.family)
			return wctl_perr(a->err, "%s is %s but %s was given", i ? "dst" : "src",
					 p[i]->family == AF_INET ? "IPv4" : "IPv6",
					 o->f.family == AF_INET ? "-4" : "-6");
	if (o->json && o->prom)
		return wctl_perr(a->err, "--json and prometheus together: choose one output format");
	if (o->summary && o->group)
		return wctl_perr(a->err, "summary and group-by together: choose one");
	if (o->prom && o->group)
		return wctl_perr(a->err, "prometheus exports counts, not groups: drop group-by");
	if (o->all_netns && wctl_opts.netns)
		return wctl_perr(a->err, "-n and all-netns together: choose one");
	if (o->all_netns && !o->report && !o->summary && !o->prom)
		return wctl_perr(a->err, "all-netns works with summary, prometheus and 'report'; add one or drop all-netns");
	if (wctl_args_seen(a, KW_TOP) && !o->report && !o->group)
		return wctl_perr(a->err, "top works with 'report' and group-by; add one or drop top");
	if (o->f.info && !listing)
		return wctl_perr(a->err, "info adds details to the listing: drop it with summary, group-by or prometheus");
	if (o->no_owner && !listing && o->group != SK_GROUP_PROCESS)
		return wctl_perr(a->err, "no-owner works with the listing and group-by process; drop it");
	if (o->no_header && (o->json || o->prom))
		return wctl_perr(a->err, "no-header is for the text output: drop it with --json or prometheus");
	/* A summary counts every state unless told otherwise. */
	if ((o->summary || (o->prom && !o->report)) && !o->states_set)
		o->f.states = SK_ALL_STATES;
	return 0;
}

int sk_parse(int argc, char **argv, struct sk_opts *o, char *err)
{
	const struct wctl_node *n;
	struct wctl_args a;

	memset(o, 0, sizeof(*o));
	n = wctl_args_start(&a, &sk_node, argc, argv, err);
	if (!n)
		return -1;
	o->report = n->id == 1;
	o->json = wctl_opts.json;
	o->top = o->report ? 20 : 0;
	o->f.states = 1u << WCTL_TCP_TIME_WAIT | 1u << WCTL_TCP_CLOSE_WAIT;
	return wctl_args_each(&a, parse_kw, o) ? -1 : check_opts(&a, o);
}
