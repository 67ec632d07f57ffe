// SPDX-License-Identifier: GPL-2.0
/*
 * wardenctl trace resets: every reset sent or received, with the state the
 * socket was in and what tells the classic causes apart: whether the
 * segment that drew it had SYN, whether there was a socket at all (6.10+
 * traces resets sent for none), whether the local stack aborted.
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

/* The tuple of a reset sent with no socket: the reply to the segment. */
static __always_inline int skb_tuple(const struct sk_buff *skb, struct warden_tuple *t,
				     __u8 *tcpflags)
{
	unsigned char *ip = skb->head + skb->network_header;
	unsigned char *th = skb->head + skb->transport_header;
	struct tcphdr tcp;
	__u32 off, len;
	__u8 ver;

	if (bpf_probe_read_kernel(&ver, 1, ip))
		return -1;
	/* Either header has the source address, then the destination. */
	if ((ver >> 4) == 4) {
		t->family = AF_INET;
		off = offsetof(struct iphdr, saddr);
		len = 4;
	} else if ((ver >> 4) == 6) {
		t->family = AF_INET6;
		off = offsetof(struct ipv6hdr, saddr);
		len = 16;
	} else {
		return -1;
	}
	if (bpf_probe_read_kernel(t->daddr, len, ip + off) ||
	    bpf_probe_read_kernel(t->saddr, len, ip + off + len) ||
	    bpf_probe_read_kernel(&tcp, sizeof(tcp), th))
		return -1;
	t->sport = bpf_ntohs(tcp.dest);
	t->dport = bpf_ntohs(tcp.source);
	*tcpflags = tcp.syn;
	return 0;
}

static __always_inline void reset(const struct sock *sk, const struct sk_buff *skb, __u8 type)
{
	struct warden_tuple t = {};
	struct warden_event *e;
	__u64 netns = 0, cookie = 0, cgroup = 0;
	__u8 flags = 0, syn = 0, state = 0;

	if (sk) {
		/* 6.9+ also fires for timewait and request socks: only their
		 * sock_common is there to read.
		 */
		state = sk->__sk_common.skc_state;
		warden_read_tuple(&t, &sk->__sk_common);
		netns = warden_netns_cookie(&sk->__sk_common);
		if (state != TCP_TIME_WAIT && state != TCP_NEW_SYN_RECV) {
			cookie = warden_sk_cookie(sk);
			cgroup = warden_sk_cgroup(sk);
			if (!t.sport) {
				/* closed: the port is released, inet_sport stays */
				struct tcp_sock *tp = bpf_skc_to_tcp_sock((void *)sk);

				if (tp)
					t.sport = bpf_ntohs(tp->inet_conn.icsk_inet.inet_sport);
			}
		}
	}
	if (skb) {
		struct warden_tuple st = {};

		if (skb_tuple(skb, &st, &syn) == 0) {
			if (syn)
				flags |= WEV_F_SYN;
			if (!sk)
				t = st;
		}
	} else if (type == WEV_RESET_TX) {
		flags |= WEV_F_ACTIVE;
	}
	if (!sk) {
		if (!t.family)
			return;
		flags |= WEV_F_NOSK;
		/* The netns is the receiving device's; no socket has a
		 * cgroup or an owner, so those filters exclude the event.
		 */
		netns = skb->dev->nd_net.net->net_cookie;
		if (cfg.cgroup || cfg.pid)
			return;
	}
	if (!flow_match(&t, netns) || !sock_match(cgroup, cookie))
		return;

	e = ev_reserve(type, bpf_ktime_get_ns());
	if (!e)
		return;
	e->cookie = cookie;
	e->netns = netns;
	e->cgroup = cgroup;
	e->t = t;
	e->state = state;
	e->flags = flags;
	ev_submit(e);
}

SEC("tp_btf/tcp_send_reset")
int BPF_PROG(on_send_reset, const struct sock *sk, const struct sk_buff *skb)
{
	reset(sk, skb, WEV_RESET_TX);
	return 0;
}

SEC("tp_btf/tcp_receive_reset")
int BPF_PROG(on_receive_reset, struct sock *sk)
{
	reset(sk, NULL, WEV_RESET_RX);
	return 0;
}
