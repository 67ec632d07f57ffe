// SPDX-License-Identifier: GPL-2.0
/*
 * One line per traced event (events.h): aligned columns built without
 * printf, or a JSON object per line.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "lib/json.h"
#include "lib/tcp.h"
#include "lib/util.h"
#include "warden_tracepoint.h"
#include "trace/env.h"
#include "trace/events.h"
#include "trace/line.h"

static const char *ev_type_name(unsigned int type)
{
	switch (type) {
	case WEV_STATE:		return "state";
	case WEV_RETRANS:	return "retransmit";
	case WEV_SYNACK_RETRANS: return "synack-retransmit";
	case WEV_RESET_TX:	return "reset-sent";
	case WEV_RESET_RX:	return "reset-received";
	case WEV_HANDSHAKE:	return "handshake";
	case WEV_CWND:		return "cwnd";
	case WEV_WARDEN:	return "warden_ssthresh";	/* the tracepoint's name */
	}
	return "unknown";
}

/*
 * The classic causes of a reset, told apart by direction, the socket's
 * state and the segment that drew it.
 */
static const char *reset_cause(const struct warden_event *e)
{
	if (e->type == WEV_RESET_RX) {
		switch (e->state) {
		case TCP_SYN_SENT:
			return "refused: closed port";
		case TCP_ESTABLISHED:
			return "peer reset: peer lost state or aborted";
		default:
			return "peer reset while closing";
		}
	}
	if (e->flags & WEV_F_NOSK)
		return e->flags & WEV_F_SYN ? "closed port: no listener"
					    : "no socket: half-open peer";
	if (e->flags & WEV_F_ACTIVE)
		return "local abort: close with unread data or SO_LINGER 0";
	switch (e->state) {
	case TCP_LISTEN:
		return "no connection: half-open peer";
	case TCP_FIN_WAIT1:
	case TCP_FIN_WAIT2:
	case TCP_TIME_WAIT:
	case TCP_CLOSING:
	case TCP_LAST_ACK:
	case TCP_CLOSE:
		return "data on a closed socket";
	default:
		return "bad segment";
	}
}

/* What the module's tracepoint says, in its own words (warden_tracepoint.h). */
static const char *reason_name(unsigned int r)
{
	static const struct {
		unsigned int reason;
		const char *name;
	} names[] = { WARDEN_REASON_SYMBOLS };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].reason == r)
			return names[i].name;
	return "unknown";
}

/* The name of the namespace of cookie @c, or NULL when it has none. */
static const char *netns_name(struct wtr_out *o, uint64_t c)
{
	static size_t last;
	size_t i;

	/* events come in runs of one namespace */
	if (last < o->names.n && o->names.v[last].cookie == c)
		return o->names.v[last].name;
	for (i = 0; i < o->names.n; i++) {
		if (o->names.v[i].cookie == c) {
			last = i;
			return o->names.v[i].name;
		}
	}
	return NULL;
}

void wtr_json_flow(struct wtr_out *o, uint64_t netns, const struct warden_tuple *t)
{
	struct wctl_json *j = &o->j;
	char a[INET6_ADDRSTRLEN];

	wj_u64(j, "netns-cookie", netns);
	wj_str(j, "netns", netns_name(o, netns));
	wj_str(j, "family", t->family == AF_INET6 ? "inet6" : "inet");
	wj_str(j, "saddr", wtr_addr(t, true, a, sizeof(a)));
	wj_u64(j, "sport", t->sport);
	wj_str(j, "daddr", wtr_addr(t, false, a, sizeof(a)));
	wj_u64(j, "dport", t->dport);
}

static void event_json(struct wtr_out *c, const struct warden_event *e)
{
	struct wctl_json *j = &c->j;

	wj_obj_open(j, NULL);
	wj_str(j, "type", ev_type_name(e->type));
	wj_u64(j, "time-us", (uint64_t)(wtr_realtime(e->ts_ns) * 1e6));
	wj_u64(j, "ts-ns", e->ts_ns);
	if (e->cookie)
		wj_u64(j, "cookie", e->cookie);
	else
		wj_null(j, "cookie");
	wj_u64(j, "cgroup", e->cgroup);
	wtr_json_flow(c, e->netns, &e->t);
	switch (e->type) {
	case WEV_STATE:
		wj_str(j, "oldstate", wctl_tcp_word(e->oldstate));
		wj_str(j, "newstate", wctl_tcp_word(e->state));
		if (e->flags & WEV_F_DELTA)
			wj_u64(j, "in-old-ns", e->delta_ns);
		else
			wj_null(j, "in-old-ns");
		if (e->flags & WEV_F_TW)
			wj_str(j, "timewait", wctl_tcp_word(e->substate));
		break;
	case WEV_RETRANS:
	case WEV_SYNACK_RETRANS:
		wj_str(j, "state", wctl_tcp_word(e->state));
		wj_u64(j, "count", e->count);
		break;
	case WEV_RESET_TX:
	case WEV_RESET_RX:
		if (e->flags & WEV_F_NOSK)
			wj_null(j, "state");
		else
			wj_str(j, "state", wctl_tcp_word(e->state));
		wj_bool(j, "syn", e->flags & WEV_F_SYN);
		wj_bool(j, "active", e->flags & WEV_F_ACTIVE);
		wj_str(j, "cause", reset_cause(e));
		break;
	case WEV_HANDSHAKE:
		wj_str(j, "side", e->flags & WEV_F_SERVER ? "server" : "client");
		wj_u64(j, "latency-ns", e->delta_ns);
		break;
	case WEV_CWND:
	case WEV_WARDEN:
		wj_str(j, "state", wctl_tcp_word(e->state));
		wj_str(j, "ca-state", wtr_ca_state_name(e->ca_state));
		wj_u64(j, "cwnd", e->cwnd);
		wj_u64(j, "ssthresh", e->ssthresh);
		wj_u64(j, "srtt-us", e->srtt_us);
		if (e->type == WEV_WARDEN) {
			wj_u64(j, "policy-id", e->policy_id);
			wj_str(j, "reason", reason_name(e->reason));
		}
		break;
	}
	if (e->flags & WEV_F_PID) {
		wj_u64(j, "pid", e->pid);
		wj_str(j, "comm", e->comm);
	} else {
		wj_null(j, "pid");
		wj_null(j, "comm");
	}
	wj_obj_close(j);
	wj_end(j);
}

static void line_time(struct wtr_line *l, const struct warden_event *e)
{
	static time_t last = -1;
	static char hms[16];
	static size_t hms_len;
	uint64_t ns = wtr_realtime_ns(e->ts_ns);
	time_t sec = ns / 1000000000;
	char n[WCTL_NUM_LEN];
	const char *us;
	struct tm tm;

	/* events arrive in bursts: format the second once */
	if (sec != last) {
		localtime_r(&sec, &tm);
		hms_len = strftime(hms, sizeof(hms), "%H:%M:%S.", &tm);
		last = sec;
	}
	wl_put(l, hms, hms_len);
	/* microseconds, zero-padded to six digits: 1000000 + us, less the 1 */
	us = wctl_fixed(ns % 1000000000 / 1000 + 1000000, 0, n + sizeof(n)) + 1;
	wl_put(l, us, 6);
	wl_put(l, " ", 1);
}

/* The NETNS column: its name, or the cookie of one born after the start. */
static void line_netns(struct wtr_out *o, struct wtr_line *l, uint64_t cookie)
{
	const char *name = netns_name(o, cookie);

	if (name)
		wl_left(l, name, o->netns_width);
	else
		wl_fixed(l, cookie, 0, o->netns_width, true);
	wl_str(l, " ");
}

void wtr_out_header(struct wtr_out *c)
{
	int w = c->addr_width;
	size_t i;

	for (c->netns_width = 5, i = 0; i < c->names.n; i++)
		if ((int)strlen(c->names.v[i].name) > c->netns_width)
			c->netns_width = strlen(c->names.v[i].name);

	if (c->json)
		return;
	printf("%-15s ", "TIME");
	if (c->all_netns)
		printf("%-*s ", c->netns_width, "NETNS");
	switch (c->mode) {
	case WMODE_STATES:
		printf("%-7s %-15s %-*s %-*s %-11s    %-11s %10s %s\n", "PID", "COMM",
		       w, "LOCAL", w, "REMOTE", "OLDSTATE", "NEWSTATE", "MS", "NOTE");
		break;
	case WMODE_RETRANS:
		printf("%-17s %-*s %-*s %-12s %6s\n", "EVENT", w, "LOCAL", w, "REMOTE",
		       "STATE", "COUNT");
		break;
	case WMODE_RESETS:
		printf("%-4s %-*s %-*s %-12s %s\n", "DIR", w, "LOCAL", w, "REMOTE", "STATE",
		       "CAUSE");
		break;
	case WMODE_HANDSHAKE:
		printf("%-6s %-*s %-*s %12s\n", "SIDE", w, "LOCAL", w, "REMOTE", "LATENCY_US");
		break;
	case WMODE_CWND:
		printf("%-*s %-*s %-11s %-8s %8s %10s %9s %s\n", w, "LOCAL", w, "REMOTE",
		       "STATE", "CA", "CWND", "SSTHRESH", "SRTT_US", "NOTE");
		break;
	}
	fflush(stdout);
}

/* PID COMM LOCAL REMOTE OLDSTATE -> NEWSTATE MS NOTE */
static void text_state(struct wtr_line *l, const struct warden_event *e, int w)
{
	if (e->flags & WEV_F_PID) {
		wl_owner(l, e->pid, e->comm);
	} else {
		wl_leftn(l, "-", 1, 7);
		wl_put(l, " ", 1);
		wl_leftn(l, "-", 1, 15);
	}
	wl_put(l, " ", 1);
	wl_flow(l, &e->t, w);
	wl_state(l, e->oldstate, 11);
	wl_put(l, " -> ", 4);
	wl_state(l, e->state, 11);
	wl_put(l, " ", 1);
	/* milliseconds with three decimals, rounded */
	if (e->flags & WEV_F_DELTA)
		wl_fixed(l, (e->delta_ns + 500) / 1000, 3, 10, false);
	else
		wl_rightn(l, "-", 1, 10);
	if (e->flags & WEV_F_TW) {
		wl_str(l, " timewait:");
		wl_state(l, e->substate, 0);
	}
}

/* LOCAL REMOTE STATE CA CWND SSTHRESH SRTT_US NOTE */
static void text_cwnd(struct wtr_line *l, const struct warden_event *e, int w)
{
	wl_flow(l, &e->t, w);
	wl_state(l, e->state, 11);
	wl_str(l, " ");
	wl_left(l, wtr_ca_state_name(e->ca_state), 8);
	wl_str(l, " ");
	wl_u64(l, e->cwnd, 8);
	wl_str(l, " ");
	wl_u64(l, e->ssthresh, 10);
	wl_str(l, " ");
	wl_u64(l, e->srtt_us, 9);
	wl_str(l, " ");
	if (e->type == WEV_WARDEN) {
		wl_str(l, "warden policy=");
		wl_u64(l, e->policy_id, 0);
		wl_str(l, " reason=");
		wl_str(l, reason_name(e->reason));
	}
}

static void event_text(struct wtr_out *c, const struct warden_event *e)
{
	struct wtr_line l;
	int w = c->addr_width;

	wl_init(&l);
	line_time(&l, e);
	if (c->all_netns)
		line_netns(c, &l, e->netns);
	switch (e->type) {
	case WEV_STATE:
		text_state(&l, e, w);
		break;
	case WEV_RETRANS:
	case WEV_SYNACK_RETRANS:
		wl_left(&l, ev_type_name(e->type), 17);
		wl_str(&l, " ");
		wl_flow(&l, &e->t, w);
		wl_state(&l, e->state, 12);
		wl_str(&l, " ");
		wl_u64(&l, e->count, 6);
		break;
	case WEV_RESET_TX:
	case WEV_RESET_RX:
		wl_left(&l, e->type == WEV_RESET_TX ? "TX" : "RX", 4);
		wl_str(&l, " ");
		wl_flow(&l, &e->t, w);
		if (e->flags & WEV_F_NOSK)
			wl_leftn(&l, "-", 1, 12);
		else
			wl_state(&l, e->state, 12);
		wl_str(&l, " ");
		wl_str(&l, reset_cause(e));
		break;
	case WEV_HANDSHAKE:
		wl_left(&l, e->flags & WEV_F_SERVER ? "server" : "client", 6);
		wl_str(&l, " ");
		wl_flow(&l, &e->t, w);
		/* microseconds with one decimal, rounded */
		wl_fixed(&l, (e->delta_ns + 50) / 100, 1, 12, false);
		break;
	case WEV_CWND:
	case WEV_WARDEN:
		text_cwnd(&l, e, w);
		break;
	}
	wl_str(&l, "\n");
	fwrite_unlocked(l.buf, 1, l.n, stdout);	/* one thread */
}

void wtr_out_init(struct wtr_out *o, enum warden_trace_mode mode, bool json, int family,
		  bool all_netns)
{
	o->mode = mode;
	o->json = json;
	o->all_netns = all_netns;
	o->addr_width = family == AF_INET ? 21 : family == AF_INET6 ? 47 : 27;
	wj_init(&o->j, stdout);
}

void wtr_out_event(struct wtr_out *o, const struct warden_event *e)
{
	if (o->json)
		event_json(o, e);
	else
		event_text(o, e);
}
