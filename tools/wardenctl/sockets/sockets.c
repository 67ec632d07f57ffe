// SPDX-License-Identifier: GPL-2.0
/*
 * `wardenctl sockets`: list, count and group TCP sockets through sock_diag,
 * with the owner, the TIME_WAIT timer and (from the agent) the age that
 * make TIME_WAIT and CLOSE_WAIT problems explainable. This file parses the
 * options and hands over to list.c, summary.c, group.c or report.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/util.h"
#include "sockets/diag.h"
#include "sockets/group.h"
#include "sockets/list.h"
#include "sockets/opts.h"
#include "sockets/output.h"
#include "sockets/report.h"
#include "sockets/summary.h"

#define PAGE	"wardenctl-sockets(8)"

static const char sockets_usage[] =
	"sockets [--state LIST|all] [-4|-6] [--sport PORT[-PORT]] [--dport PORT[-PORT]]\n"
	"          [--src PREFIX] [--dst PREFIX] [-n NETNS] [--info] [--no-owner] [-H]\n"
	"          [--summary [--all-netns] | --group-by remote|local-port|process]\n"
	"          [--json | --prometheus] [--output FILE]\n"
	"  sockets report [filters] [--top N] [--all-netns] [--json | --prometheus] [--output FILE]";

enum {
	O_STATE = 256, O_SPORT, O_DPORT, O_SRC, O_DST, O_SUMMARY, O_GROUP,
	O_PROM, O_NO_OWNER, O_ALL_NETNS, O_TOP, O_INFO, O_OUTPUT,
};

static void parse_state(const char *arg, struct sk_opts *o)
{
	const char *bad;
	size_t badlen;

	if (sk_parse_states(arg, &o->f.states, &bad, &badlen)) {
		if (!badlen)
			wctl_usage_err("empty --state list; use e.g. time-wait,close-wait or all");
		wctl_usage_err("unknown state '%.*s'; use e.g. time-wait,close-wait,established or all",
			       (int)badlen, bad);
	}
	o->states_set = true;
}

static void parse_ports(int opt, const char *arg, struct sk_filter *f)
{
	bool s = opt == O_SPORT;

	if (sk_parse_ports(arg, s ? &f->sport_lo : &f->dport_lo, s ? &f->sport_hi : &f->dport_hi))
		wctl_usage_err("bad port '%s' for --%s; use PORT or LOW-HIGH within 0..65535",
			       arg, s ? "sport" : "dport");
	*(s ? &f->sport_set : &f->dport_set) = true;
}

static void parse_addr(int opt, const char *arg, struct sk_filter *f)
{
	bool s = opt == O_SRC;
	const char *why;

	if (wctl_parse_prefix(arg, s ? &f->src : &f->dst, &why))
		wctl_usage_err("bad prefix '%s' for --%s: %s", arg, s ? "src" : "dst", why);
	*(s ? &f->src_set : &f->dst_set) = true;
}

static void parse_group(const char *arg, struct sk_opts *o)
{
	if (!strcmp(arg, "remote"))
		o->group = SK_GROUP_REMOTE;
	else if (!strcmp(arg, "local-port"))
		o->group = SK_GROUP_LPORT;
	else if (!strcmp(arg, "process"))
		o->group = SK_GROUP_PROCESS;
	else
		wctl_usage_err("unknown --group-by '%s'; use remote, local-port or process", arg);
}

/* One option of getopt_long() with its argument. */
static void parse_opt(int opt, const char *arg, struct sk_opts *o)
{
	switch (opt) {
	case O_STATE:
		parse_state(arg, o);
		break;
	case '4':
	case '6':
		if (o->f.family)
			wctl_usage_err("-4 and -6 together: give at most one (none means both)");
		o->f.family = opt == '4' ? AF_INET : AF_INET6;
		break;
	case O_SPORT:
	case O_DPORT:
		parse_ports(opt, arg, &o->f);
		break;
	case O_SRC:
	case O_DST:
		parse_addr(opt, arg, &o->f);
		break;
	case O_GROUP:
		parse_group(arg, o);
		break;
	case O_TOP:
		if (wctl_parse_u32(arg, 0, 1000000, &o->top))
			wctl_usage_err("bad --top '%s'; use a row count (0 = all)", arg);
		break;
	case O_SUMMARY:
		o->summary = true;
		break;
	case O_PROM:
		o->prom = true;
		break;
	case O_NO_OWNER:
		o->no_owner = true;
		break;
	case O_ALL_NETNS:
		o->all_netns = true;
		break;
	case O_OUTPUT:
		o->output = arg;
		break;
	case 'i':
	case O_INFO:
		o->f.info = true;
		break;
	case 'H':
		o->no_header = true;
		break;
	}
}

/* Options that contradict each other, and the defaults they imply. */
static void check_opts(struct sk_opts *o, bool report)
{
	const struct wctl_prefix *p[2] = {
		o->f.src_set ? &o->f.src : NULL, o->f.dst_set ? &o->f.dst : NULL,
	};
	int i;

	for (i = 0; i < 2 && o->f.family; i++)
		if (p[i] && p[i]->family != o->f.family)
			wctl_usage_err("--%s is %s but %s was given", i ? "dst" : "src",
				       p[i]->family == AF_INET ? "IPv4" : "IPv6",
				       o->f.family == AF_INET ? "-4" : "-6");
	if (report && (o->summary || o->group))
		wctl_usage_err("'sockets report' takes filters and an output format, not --summary or --group-by");
	if (o->json && o->prom)
		wctl_usage_err("--json and --prometheus together: choose one output format");
	if (o->summary && o->group)
		wctl_usage_err("--summary and --group-by together: choose one");
	if (o->prom && o->group)
		wctl_usage_err("--prometheus exports counts, not groups: drop --group-by");
	if (o->all_netns && wctl_opts.netns)
		wctl_usage_err("-n and --all-netns together: choose one");
	if (o->all_netns && !report && !o->summary && !o->prom)
		wctl_usage_err("--all-netns works with --summary, --prometheus and 'report'");
	/* A summary counts every state unless told otherwise. */
	if ((o->summary || (o->prom && !report)) && !o->states_set)
		o->f.states = SK_ALL_STATES;
}

/* Options after "sockets" (or "sockets report"); -j and -n are global. */
static void parse(int argc, char **argv, struct sk_opts *o, bool report)
{
	static const struct option longopts[] = {
		{ "state", required_argument, NULL, O_STATE },
		{ "sport", required_argument, NULL, O_SPORT },
		{ "dport", required_argument, NULL, O_DPORT },
		{ "src", required_argument, NULL, O_SRC },
		{ "dst", required_argument, NULL, O_DST },
		{ "summary", no_argument, NULL, O_SUMMARY },
		{ "group-by", required_argument, NULL, O_GROUP },
		{ "prometheus", no_argument, NULL, O_PROM },
		{ "no-owner", no_argument, NULL, O_NO_OWNER },
		{ "all-netns", no_argument, NULL, O_ALL_NETNS },
		{ "top", required_argument, NULL, O_TOP },
		{ "info", no_argument, NULL, O_INFO },
		{ "output", required_argument, NULL, O_OUTPUT },
		{ "no-header", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const char *cmd = report ? "sockets report" : "sockets";
	int opt;

	memset(o, 0, sizeof(*o));
	o->json = wctl_opts.json;
	o->top = report ? 20 : 0;
	o->f.states = 1u << SK_TIME_WAIT | 1u << SK_CLOSE_WAIT;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":46Hih", longopts, NULL)) != -1) {
		if (opt == '?' || opt == ':')
			wctl_getopt_fail(opt, argv, cmd, PAGE);
		if (opt == 'h') {
			printf("Usage: wardenctl %s\nSee %s.\n", sockets_usage, PAGE);
			exit(0);
		}
		parse_opt(opt, optarg, o);
	}
	if (optind < argc)
		wctl_usage_err("unexpected argument '%s'; see %s", argv[optind], PAGE);
	check_opts(o, report);
}

static int run(struct sk_opts *o, bool report)
{
	if (report)
		return sk_report(o);
	if (o->summary || o->prom)
		return sk_summary(o);
	if (o->group)
		return sk_group_by(o);
	return sk_list(o);
}

static int cmd_sockets(int argc, char **argv)
{
	bool report = argc > 1 && !strcmp(argv[1], "report");
	char tmp[4096];
	struct sk_opts o;
	int rc;

	sk_fast_stdout();
	if (report)
		parse(argc - 1, argv + 1, &o, true);
	else
		parse(argc, argv, &o, false);
	if (!o.output)
		return run(&o, report);
	if (sk_output_begin(o.output, tmp, sizeof(tmp)))
		return WCTL_EXIT_FAIL;
	rc = run(&o, report);
	return sk_output_end(o.output, tmp, rc);
}
WCTL_COMMAND(sockets, cmd_sockets, sockets_usage);
