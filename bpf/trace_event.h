/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Records the tracing tools (bpf/states.bpf.c, retrans, resets, handshake,
 * cwnd) send to wardenctl through the ring buffer, the settings wardenctl
 * gives them, and the keys of their summary maps. Shared by the BPF side
 * and the CLI: change both together.
 */
#ifndef _WARDEN_TRACE_EVENT_H
#define _WARDEN_TRACE_EVENT_H

#define WARDEN_TASK_COMM_LEN	16
#define WARDEN_MAX_PORTS	8
#define WARDEN_HIST_SLOTS	32	/* log2(usec) buckets */

enum warden_ev_type {
	WEV_STATE = 1,		/* inet_sock_set_state */
	WEV_RETRANS,		/* tcp_retransmit_skb */
	WEV_SYNACK_RETRANS,	/* tcp_retransmit_synack */
	WEV_RESET_TX,		/* tcp_send_reset */
	WEV_RESET_RX,		/* tcp_receive_reset */
	WEV_HANDSHAKE,		/* SYN_SENT/SYN_RECV -> ESTABLISHED */
	WEV_CWND,		/* tcp_probe sample */
	WEV_WARDEN,		/* tcp_warden:warden_ssthresh */
};

/* The `wardenctl trace` subcommands: one tool, and skeleton, each. */
enum warden_trace_mode {
	WMODE_STATES = 1,
	WMODE_RETRANS,
	WMODE_RESETS,
	WMODE_HANDSHAKE,
	WMODE_CWND,
};

/* ev->flags */
#define WEV_F_PID	0x01	/* pid/comm belong to the socket's owner */
#define WEV_F_DELTA	0x02	/* delta_ns is known */
#define WEV_F_TW	0x04	/* ->CLOSE handed the flow to a timewait sock */
#define WEV_F_NOSK	0x08	/* reset sent with no socket (tuple from skb) */
#define WEV_F_SYN	0x10	/* the segment that drew the reset had SYN */
#define WEV_F_ACTIVE	0x20	/* reset sent by the local stack's own abort */
#define WEV_F_SERVER	0x40	/* handshake: passive (accepting) side */

struct warden_tuple {
	__u8 saddr[16];		/* local; IPv4 in the first 4 bytes */
	__u8 daddr[16];		/* remote */
	__u16 sport;		/* local, host order */
	__u16 dport;		/* remote, host order */
	__u16 family;		/* AF_INET or AF_INET6 */
	__u16 pad;
};

/* An inclusive range of ports, host order. */
struct warden_ports {
	__u16 lo, hi;
};

/*
 * What wardenctl writes into every tool's rodata (`cfg`) before load: the
 * verifier then prunes each branch a run cannot take.
 */
struct warden_trace_cfg {
	__u64 cgroup;		/* cgroup: cgroup v2 id; 0: any */
	__u64 netns;		/* the netns cookie wardenctl runs in; 0 (all-netns): any */
	__u32 pid;		/* pid: tgid; 0: any */
	__u32 nports;		/* port: entries of ports[] */
	struct warden_ports ports[WARDEN_MAX_PORTS];	/* local or remote */
	__u32 wakeup_every;	/* events per CPU between wake-ups; 0: each */
	__u16 family;		/* -4/-6: AF_INET or AF_INET6; 0: both */
	__u8 cwnd_all;		/* cwnd --all: every tcp_probe hit, not just changes */
	__u8 kernel_since;	/* keep state entry time and port per socket */
};

struct warden_event {
	__u64 ts_ns;		/* bpf_ktime_get_ns() */
	__u64 cookie;		/* socket cookie (0 when there is no socket) */
	__u64 netns;		/* netns cookie */
	__u64 cgroup;		/* the socket's cgroup v2 id */
	__u64 delta_ns;		/* time in old state / handshake latency */
	struct warden_tuple t;
	__u32 pid;		/* tgid, valid with WEV_F_PID */
	__u32 count;		/* retransmits of this flow so far */
	__u32 cwnd;
	__u32 ssthresh;
	__u32 srtt_us;
	__u32 policy_id;	/* WEV_WARDEN */
	__u8 type;		/* enum warden_ev_type */
	__u8 oldstate;		/* WEV_STATE */
	__u8 state;		/* new state / socket state at the event */
	__u8 substate;		/* WEV_F_TW: TIME_WAIT or FIN_WAIT2 */
	__u8 ca_state;		/* WEV_CWND */
	__u8 reason;		/* WEV_WARDEN: WARDEN_REASON_* (warden_tracepoint.h) */
	__u8 flags;		/* WEV_F_* */
	__u8 pad;
	char comm[WARDEN_TASK_COMM_LEN];
};

/* Retransmit counts (retrans) and SYN arrivals (handshake), per flow. */
struct warden_flow_key {
	__u64 netns;
	struct warden_tuple t;
};

/* Handshake histogram key: one log2 histogram per (port, side). */
struct warden_hist_key {
	__u16 port;		/* server: local port; client: remote port */
	__u8 server;
	__u8 pad;
	__u32 pad2;
};

struct warden_hist {
	__u64 slots[WARDEN_HIST_SLOTS];
	__u64 count;
	__u64 sum_ns;
};

/* The programs that have a nested-run copy (trace_tool.bpf.h). */
enum warden_nested_prog { WARDEN_NEST_STATE, WARDEN_NEST_PROBE, WARDEN_NEST_PROGS };

/* Per CPU, for the programs' nested-run copies. */
struct warden_nesting {
	__u8 running[WARDEN_NEST_PROGS];	/* that program is running on this CPU */
	__u8 pad[8 - WARDEN_NEST_PROGS];
	__u64 recovered;	/* nested runs the copies traced */
	__u64 done[WARDEN_NEST_PROGS];	/* the event that program last finished */
};

#ifndef __bpf__
/*
 * Events each CPU submits between forced wake-ups of the reader (the
 * programs' wakeup_every). Bigger batches cost the traced workload less,
 * but every CPU may hold one back at once: together they stay within a
 * quarter of the ring, so a burst does not find it full.
 */
static inline __u32 warden_wakeup_every(__u64 ring_bytes, int ncpu)
{
	__u64 n = ring_bytes / (sizeof(struct warden_event) + 8) / 4 / (ncpu > 0 ? ncpu : 1);

	return n < 64 ? 64 : n > 8192 ? 8192 : n;
}
#endif

#endif /* _WARDEN_TRACE_EVENT_H */
