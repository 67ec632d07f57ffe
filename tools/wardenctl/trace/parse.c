// SPDX-License-Identifier: GPL-2.0
/*
 * The grammar of `trace` and `agent` and their parsers (parse.h).
 * Keywords like iproute2's; the getopt options wardenctl-trace(8)
 * promised (--port, -p, --duration, ...) are their aliases.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "trace/parse.h"

enum {
	KW_V4 = 1, KW_V6, KW_PORT, KW_PID, KW_CGROUP, KW_ALL_NETNS, KW_DURATION, KW_COUNT,
	KW_BUFFER, KW_ALL, KW_PLOT,
};

#define TRACE_KWS								\
	{ "-4", NULL, KW_V4, NULL, NULL, 0 },					\
	{ "-6", NULL, KW_V6, NULL, NULL, 0 },					\
	{ "port", "--port -p", KW_PORT, "PORT[-LAST]", NULL, WCTL_KW_REPEAT },	\
	{ "pid", "--pid", KW_PID, "PID", NULL, 0 },				\
	{ "cgroup", "--cgroup", KW_CGROUP, "PATH", NULL, WCTL_KW_FILE },	\
	{ "all-netns", NULL, KW_ALL_NETNS, NULL, NULL, 0 },			\
	{ "duration", "--duration", KW_DURATION, "SECONDS", NULL, 0 },		\
	{ "count", "--count", KW_COUNT, "N", NULL, 0 },				\
	{ "buffer", "--buffer", KW_BUFFER, "MB", NULL, 0 }

static const struct wctl_kw trace_kws[] = {
	TRACE_KWS,
	{ NULL },
};

static const struct wctl_kw cwnd_kws[] = {
	TRACE_KWS,
	{ "all", "--all", KW_ALL, NULL, NULL, 0 },
	{ "plot", "--plot", KW_PLOT, "FILE.svg|FILE.png", NULL, WCTL_KW_FILE },
	{ NULL },
};

static const struct wctl_node trace_subs[] = {
	{ .name = "states", .id = WMODE_STATES, .kws = trace_kws },
	{ .name = "retrans", .id = WMODE_RETRANS, .kws = trace_kws },
	{ .name = "resets", .id = WMODE_RESETS, .kws = trace_kws },
	{ .name = "handshake", .id = WMODE_HANDSHAKE, .kws = trace_kws },
	{ .name = "cwnd", .id = WMODE_CWND, .kws = cwnd_kws },
	{ NULL },
};

const struct wctl_node trace_node = {
	.name = "trace", .subs = trace_subs,
	.summary = "eBPF tracing of TCP (states, retransmits, resets, ...)",
};

static const struct wctl_node agent_subs[] = {
	{ .name = "start", .id = AGENT_START },
	{ .name = "stop", .id = AGENT_STOP },
	{ .name = "status", .id = AGENT_STATUS },
	{ .name = "dump", .id = AGENT_DUMP },
	{ .name = "run", .id = AGENT_RUN },
	{ NULL },
};

const struct wctl_node agent_node = {
	.name = "agent", .subs = agent_subs,
	.summary = "the pinned socket-state tracker",
};

/* plot FILE: gnuplot's terminal is chosen by the extension, the name quoted. */
static int parse_plot(const struct wctl_args *a, const char *val, struct trace_opts *o)
{
	const char *ext = strrchr(val, '.');

	if (!ext || (strcmp(ext, ".svg") && strcmp(ext, ".png")))
		return wctl_perr(a->err, "invalid plot '%s': the file name must end in .svg or .png",
				 val);
	if (strchr(val, '\''))
		return wctl_perr(a->err, "invalid plot '%s': the file name must not contain a quote",
				 val);
	o->plot = val;
	return 0;
}

static int parse_kw(const struct wctl_args *a, const struct wctl_kw *kw, const char *val,
		    void *arg)
{
	struct trace_opts *o = arg;

	switch (kw->id) {
	case KW_V4:
	case KW_V6:
		if (o->family && o->family != (kw->id == KW_V4 ? AF_INET : AF_INET6))
			return wctl_perr(a->err, "-4 and -6 together: give at most one (none means both)");
		o->family = kw->id == KW_V4 ? AF_INET : AF_INET6;
		return 0;
	case KW_PORT:
		if (o->nports == WARDEN_MAX_PORTS)
			return wctl_perr(a->err, "at most %d port filters; give ranges (FIRST-LAST) instead",
					 WARDEN_MAX_PORTS);
		return wctl_args_ports(a, kw, val, &o->ports[o->nports++]);
	case KW_PID:
		return wctl_args_u32(a, kw, val, 1, INT32_MAX, "(a process id)", &o->pid);
	case KW_CGROUP:
		o->cgroup = val;
		return 0;
	case KW_ALL_NETNS:
		o->all_netns = true;
		return 0;
	case KW_DURATION:
		return wctl_args_u32(a, kw, val, 1, 86400 * 365, "seconds", &o->duration);
	case KW_COUNT:
		return wctl_args_u32(a, kw, val, 1, UINT32_MAX, "events", &o->count);
	case KW_BUFFER:
		if (wctl_parse_u32(val, 1, 1024, &o->buffer_mb) || (o->buffer_mb & (o->buffer_mb - 1)))
			return wctl_perr(a->err, "invalid buffer '%s'; give a power of two in MiB, 1..1024",
					 val);
		return 0;
	case KW_ALL:
		o->all = true;
		return 0;
	default:
		return parse_plot(a, val, o);
	}
}

int wtr_parse(int argc, char **argv, struct trace_opts *o, char *err)
{
	const struct wctl_node *n;
	struct wctl_args a;

	memset(o, 0, sizeof(*o));
	o->buffer_mb = 8;
	n = wctl_args_start(&a, &trace_node, argc, argv, err);
	if (!n)
		return -1;
	o->mode = n->id;
	o->mode_name = n->name;
	if (wctl_args_each(&a, parse_kw, o))
		return -1;
	if (o->all_netns && wctl_opts.netns)
		return wctl_perr(err, "-n and all-netns together: choose one");
	return 0;
}

int agent_parse(int argc, char **argv, enum agent_op *op, char *err)
{
	const struct wctl_node *n;
	struct wctl_args a;

	n = wctl_args_start(&a, &agent_node, argc, argv, err);
	if (!n)
		return -1;
	*op = n->id;
	return wctl_args_each(&a, NULL, NULL);
}
