/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the tracing programs and the agent: reading a socket's
 * identity with CO-RE (the same object runs on 6.1 and newer kernels).
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

#endif /* _WARDEN_TRACE_COMMON_BPF_H */
