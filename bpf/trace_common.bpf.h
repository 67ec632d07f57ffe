/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by every program of bpf/ (the trace tools, through
 * trace_tool.bpf.h, and the agent): reading a socket's identity with CO-RE,
 * so that the same object runs on 6.1 and newer kernels, and where those
 * kernels report a socket differently. Functions only: a map defined here
 * would be created by every object that includes it.
 */
#ifndef _WARDEN_TRACE_COMMON_BPF_H
#define _WARDEN_TRACE_COMMON_BPF_H

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "trace_event.h"

#define AF_INET		2
#define AF_INET6	10
#define IPPROTO_TCP	6

/*
 * Direct loads: @c and @sk must be BTF-typed (tp_btf, fentry arguments, or
 * a stack copy). The verifier turns them into fault-safe loads, much
 * cheaper than a bpf_probe_read_kernel() call per field.
 */
static __always_inline void warden_read_tuple(struct warden_tuple *t,
					      const struct sock_common *c)
{
	__u32 *s = (__u32 *)t->saddr, *d = (__u32 *)t->daddr;

	t->family = c->skc_family;
	t->sport = c->skc_num;
	t->dport = bpf_ntohs(c->skc_dport);
	if (t->family == AF_INET6) {
		s[0] = c->skc_v6_rcv_saddr.in6_u.u6_addr32[0];
		s[1] = c->skc_v6_rcv_saddr.in6_u.u6_addr32[1];
		s[2] = c->skc_v6_rcv_saddr.in6_u.u6_addr32[2];
		s[3] = c->skc_v6_rcv_saddr.in6_u.u6_addr32[3];
		d[0] = c->skc_v6_daddr.in6_u.u6_addr32[0];
		d[1] = c->skc_v6_daddr.in6_u.u6_addr32[1];
		d[2] = c->skc_v6_daddr.in6_u.u6_addr32[2];
		d[3] = c->skc_v6_daddr.in6_u.u6_addr32[3];
	} else {
		s[0] = c->skc_rcv_saddr;
		d[0] = c->skc_daddr;
	}
}

static __always_inline __u64 warden_netns_cookie(const struct sock_common *c)
{
	return c->skc_net.net->net_cookie;
}

/*
 * bpf_get_socket_cookie() without the helper call once the socket has a
 * cookie, which is every event after its first: the same value, read the
 * way sock_gen_cookie() reads it first.
 */
static __always_inline __u64 warden_sk_cookie(const struct sock *sk)
{
	__u64 cookie = sk->__sk_common.skc_cookie.counter;

	return cookie ?: bpf_get_socket_cookie((void *)sk);
}

/* The cgroup v2 id of the socket's owner (full sockets only). */
static __always_inline __u64 warden_sk_cgroup(const struct sock *sk)
{
	return sk->sk_cgrp_data.cgroup->kn->id;
}

/*
 * Linux 6.1 traces a new child socket's LISTEN -> SYN_RECV while the child,
 * just cloned, still carries its listener's identity: no remote port and
 * the listener's cookie. Its next transition follows at once, in the same
 * softirq, under its own identity. Newer kernels never trace this edge. The
 * state comparisons come first: the remote port is read for this edge only.
 */
static __always_inline bool warden_child_clone(const struct sock *sk, int oldstate,
					       int newstate)
{
	return oldstate == TCP_LISTEN && newstate == TCP_SYN_RECV &&
	       !sk->__sk_common.skc_dport;
}

#endif /* _WARDEN_TRACE_COMMON_BPF_H */
