// SPDX-License-Identifier: GPL-2.0
/*
 * wardenctl trace retrans: every retransmitted segment and SYN-ACK, with
 * the socket's state and a running count per flow; the counts stay in
 * retrans_count for the summary at exit.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "trace_tool.bpf.h"

char LICENSE[] SEC("license") = "GPL";

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

/* Per flow (tuple, since SYN-ACK retransmits have no socket of their own). */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct warden_flow_key);
	__type(value, __u32);
} retrans_count SEC(".maps");

static __always_inline void retrans(const struct sock_common *c, __u8 type, __u8 state,
				    __u64 cookie, __u64 cgroup)
{
	struct warden_flow_key fk = {};
	struct warden_event *e;
	__u32 one = 1, *n, count = 1;

	warden_read_tuple(&fk.t, c);
	fk.netns = warden_netns_cookie(c);
	if (!flow_match(&fk.t, fk.netns) || !sock_match(cgroup, cookie))
		return;

	n = bpf_map_lookup_elem(&retrans_count, &fk);
	if (n)
		count = __sync_fetch_and_add(n, 1) + 1;
	else
		bpf_map_update_elem(&retrans_count, &fk, &one, BPF_NOEXIST);

	e = ev_reserve(type, bpf_ktime_get_ns());
	if (!e)
		return;
	e->cookie = cookie;
	e->netns = fk.netns;
	e->cgroup = cgroup;
	e->t = fk.t;
	e->state = state;
	e->count = count;
	ev_submit(e);
}

SEC("tp_btf/tcp_retransmit_skb")
int BPF_PROG(on_retransmit, const struct sock *sk, const struct sk_buff *skb)
{
	retrans(&sk->__sk_common, WEV_RETRANS, sk->__sk_common.skc_state,
		warden_sk_cookie(sk), warden_sk_cgroup(sk));
	return 0;
}

SEC("tp_btf/tcp_retransmit_synack")
int BPF_PROG(on_retransmit_synack, const struct sock *sk, const struct request_sock *req)
{
	/* The listener's cookie: --pid claims listeners too. */
	retrans(&req->__req_common, WEV_SYNACK_RETRANS, TCP_SYN_RECV,
		warden_sk_cookie(sk), warden_sk_cgroup(sk));
	return 0;
}
