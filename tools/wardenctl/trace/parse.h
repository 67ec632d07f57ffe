/* SPDX-License-Identifier: GPL-2.0 */
/* `trace` and `agent` command lines as structs (parse.c); no BPF here. */
#ifndef _WARDENCTL_TRACE_PARSE_H
#define _WARDENCTL_TRACE_PARSE_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/types.h>

#include "lib/cli.h"
#include "lib/util.h"
#include "trace_event.h"

struct trace_opts {
	enum warden_trace_mode mode;
	const char *mode_name;
	int family;		/* -4/-6: AF_INET or AF_INET6; 0: both */
	struct wctl_ports ports[WARDEN_MAX_PORTS];
	uint32_t nports, pid, buffer_mb;
	uint32_t count;		/* stop after this many events (0: never) */
	uint32_t duration;	/* seconds (0: until interrupted) */
	const char *cgroup, *plot;
	bool all;		/* cwnd: every sample */
	bool all_netns;		/* every netns, not just the one it runs in */
};

enum agent_op { AGENT_START = 1, AGENT_STOP, AGENT_STATUS, AGENT_DUMP, AGENT_RUN };

/* The grammars (help and completion read them too). */
extern const struct wctl_node trace_node, agent_node;

/*
 * Parse what follows "trace" (@argv[0] is the program) or "agent" (the
 * action). 0, or -1 with a one-line message in @err (WCTL_ERR_LEN).
 */
int wtr_parse(int argc, char **argv, struct trace_opts *o, char *err);
int agent_parse(int argc, char **argv, enum agent_op *op, char *err);

#endif /* _WARDENCTL_TRACE_PARSE_H */
