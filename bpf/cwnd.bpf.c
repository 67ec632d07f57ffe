// SPDX-License-Identifier: GPL-2.0
/*
 * wardenctl trace cwnd: tcp_probe samples of snd_cwnd, ssthresh, smoothed
 * RTT and the socket's states (only those that changed one, unless --all),
 * and, while tcp_warden.ko is loaded, its warden_ssthresh decisions.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "trace_tool.bpf.h"
#include "warden_tracepoint.h"

char LICENSE[] SEC("license") = "GPL";

struct cwnd_last {
	__u32 cwnd;
	__u32 ssthresh;
	__u8 ca_state;
	__u8 state;
};

/* Each flow's last sample sent, by socket cookie. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, struct cwnd_last);
} cwnd_seen SEC(".maps");

struct cwnd_sample {
	struct warden_tuple t;
	__u64 cookie;
	__u64 netns;
	__u64 cgroup;
	__u32 cwnd;
	__u32 ssthresh;
	__u32 srtt_us;
	__u32 policy_id;
	__u8 state;
	__u8 ca_state;
	__u8 reason;
	__u8 owned;
};

/* Loaded for pid only: claims the sockets its process touches. */
SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(on_state, const struct sock *sk, int oldstate, int newstate)
{
	state_run(sk, oldstate, newstate);
	return 0;
}

/* The transitions that interrupt on_state's run on a CPU (trace_tool.bpf.h). */
SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(on_state_nested, const struct sock *sk, int oldstate, int newstate)
{
	state_run_nested(sk, oldstate, newstate);
	return 0;
}

static __always_inline void cwnd_event(struct cwnd_sample *c, __u8 type)
{
	struct warden_event *e;

	if (!flow_match(&c->t, c->netns))
		return;
	if (cfg.cgroup && c->cgroup != cfg.cgroup)
		return;
	if (cfg.pid && !pid_match(c->cookie, c->owned))
		return;

	e = ev_reserve(type, bpf_ktime_get_ns());
	if (!e)
		return;
	e->cookie = c->cookie;
	e->netns = c->netns;
	e->cgroup = c->cgroup;
	e->t = c->t;
	e->state = c->state;
	e->cwnd = c->cwnd;
	e->ssthresh = c->ssthresh;
	e->srtt_us = c->srtt_us;
	e->ca_state = c->ca_state;
	e->policy_id = c->policy_id;
	e->reason = c->reason;
	ev_submit(e);
}

static __always_inline void probe_event(struct sock *sk)
{
	struct tcp_sock *tp = bpf_skc_to_tcp_sock(sk);
	struct cwnd_last cur = {}, *last;
	struct cwnd_sample c = {};
	__u64 cookie;

	if (!tp)
		return;
	cookie = warden_sk_cookie(sk);
	cur.cwnd = tp->snd_cwnd;
	cur.ssthresh = tp->snd_ssthresh;
	cur.ca_state = BPF_CORE_READ_BITFIELD(&tp->inet_conn, icsk_ca_state);
	cur.state = sk->__sk_common.skc_state;

	/* Every ACK fires tcp_probe: send only what changed. */
	if (!cfg.cwnd_all) {
		last = bpf_map_lookup_elem(&cwnd_seen, &cookie);
		if (last) {
			if (last->cwnd == cur.cwnd && last->ssthresh == cur.ssthresh &&
			    last->ca_state == cur.ca_state && last->state == cur.state)
				return;
			*last = cur;
		} else {
			bpf_map_update_elem(&cwnd_seen, &cookie, &cur, BPF_ANY);
		}
	}
	warden_read_tuple(&c.t, &sk->__sk_common);
	c.cookie = cookie;
	c.netns = warden_netns_cookie(&sk->__sk_common);
	c.cgroup = warden_sk_cgroup(sk);
	c.cwnd = cur.cwnd;
	c.ssthresh = cur.ssthresh;
	c.srtt_us = tp->srtt_us >> 3;
	c.state = cur.state;
	c.ca_state = cur.ca_state;
	c.owned = owner_context(sk);
	cwnd_event(&c, WEV_CWND);
}

SEC("tp_btf/tcp_probe")
int BPF_PROG(on_probe, struct sock *sk, const struct sk_buff *skb)
{
	struct warden_nesting *n = nest_enter(WARDEN_NEST_PROBE);

	if (n) {
		probe_event(sk);
		nest_leave(n, WARDEN_NEST_PROBE, skb);
	}
	return 0;
}

/* The samples that interrupt on_probe's run on a CPU (trace_tool.bpf.h). */
SEC("tp_btf/tcp_probe")
int BPF_PROG(on_probe_nested, struct sock *sk, const struct sk_buff *skb)
{
	if (nest_copy(WARDEN_NEST_PROBE, skb))
		probe_event(sk);
	return 0;
}

/*
 * tcp_warden:warden_ssthresh, a module tracepoint: wardenctl attaches it by
 * name, by hand, only when the module is loaded. Its arguments are the
 * module's own (warden_tracepoint.h), by position; raw, they are untyped,
 * so the socket is read with probe reads (its sock_common into a stack
 * copy), and its cookie is the one the other programs generated (0 if none
 * asked).
 */
SEC("raw_tp/warden_ssthresh")
int BPF_PROG(on_warden_ssthresh, WARDEN_SSTHRESH_PROTO(const struct sock *, __u32, __u8))
{
	struct inet_connection_sock *icsk = (struct inet_connection_sock *)sk;
	struct sock_common copy;
	struct cwnd_sample c = {};

	if (bpf_core_read(&copy, sizeof(copy), &sk->__sk_common))
		return 0;
	warden_read_tuple(&c.t, &copy);
	c.cookie = BPF_CORE_READ(sk, __sk_common.skc_cookie.counter);
	c.netns = BPF_CORE_READ(sk, __sk_common.skc_net.net, net_cookie);
	c.cgroup = BPF_CORE_READ(sk, sk_cgrp_data.cgroup, kn, id);
	c.cwnd = cwnd;
	c.ssthresh = ssthresh;
	c.srtt_us = BPF_CORE_READ((struct tcp_sock *)sk, srtt_us) >> 3;
	c.state = copy.skc_state;
	c.ca_state = BPF_CORE_READ_BITFIELD_PROBED(icsk, icsk_ca_state);
	c.policy_id = policy_id;
	c.reason = reason;
	c.owned = BPF_CORE_READ(sk, sk_lock.owned) != 0;
	cwnd_event(&c, WEV_WARDEN);
	return 0;
}
