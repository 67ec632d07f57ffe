/* SPDX-License-Identifier: GPL-2.0 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM tcp_warden

#if !defined(_TCP_WARDEN_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TCP_WARDEN_TRACE_H

#include <linux/ipv6.h>
#include <linux/tracepoint.h>
#include <net/inet_sock.h>
#include <net/sock.h>

/* Its reasons (WARDEN_REASON_*) and arguments, shared with BPF and wardenctl. */
#include "warden_tracepoint.h"

/*
 * warden_ssthresh: a warden connection decreased ssthresh. The 4-tuple
 * identifies the connection (v4 addresses also appear v4-mapped in the v6
 * fields), and so does the socket cookie when one has been assigned (0
 * otherwise).
 */
#ifndef _TCP_WARDEN_TRACE_FILL
#define _TCP_WARDEN_TRACE_FILL
/* The connection's identity, as every warden tracepoint records it. */
static inline void warden_trace_fill(const struct sock *sk, u8 *saddr, u8 *daddr,
				     u8 *saddr_v6, u8 *daddr_v6, u64 *cookie,
				     u16 *family, u16 *sport, u16 *dport)
{
	const struct inet_sock *inet = inet_sk(sk);
	struct in6_addr *s6 = (struct in6_addr *)saddr_v6;
	struct in6_addr *d6 = (struct in6_addr *)daddr_v6;

	/*
	 * Modules cannot generate a cookie (__sock_gen_cookie is not
	 * exported): report it once sock_diag or BPF assigned one.
	 */
	*cookie = atomic64_read(&sk->sk_cookie);
	*family = sk->sk_family;
	*sport = ntohs(inet->inet_sport);
	*dport = ntohs(inet->inet_dport);
	memcpy(saddr, &inet->inet_saddr, 4);
	memcpy(daddr, &inet->inet_daddr, 4);
	ipv6_addr_set_v4mapped(inet->inet_saddr, s6);
	ipv6_addr_set_v4mapped(inet->inet_daddr, d6);
#if IS_ENABLED(CONFIG_IPV6)
	if (sk->sk_family == AF_INET6) {
		*s6 = sk->sk_v6_rcv_saddr;
		*d6 = sk->sk_v6_daddr;
	}
#endif
}
#endif

TRACE_EVENT(warden_ssthresh,
	    TP_PROTO(WARDEN_SSTHRESH_PROTO(const struct sock *, u32, u8)),
	    TP_ARGS(WARDEN_SSTHRESH_ARGS),
	    TP_STRUCT__entry(__field(u64, cookie)
			     __field(u16, family)
			     __field(u16, sport)
			     __field(u16, dport)
			     __array(u8, saddr, 4)
			     __array(u8, daddr, 4)
			     __array(u8, saddr_v6, 16)
			     __array(u8, daddr_v6, 16)
			     __field(u32, policy_id)
			     __field(u32, cwnd)
			     __field(u32, ssthresh)
			     __field(u8, reason)),
	    TP_fast_assign(warden_trace_fill(sk, __entry->saddr, __entry->daddr,
					     __entry->saddr_v6, __entry->daddr_v6,
					     &__entry->cookie, &__entry->family,
					     &__entry->sport, &__entry->dport);
			   __entry->policy_id = policy_id;
			   __entry->cwnd = cwnd;
			   __entry->ssthresh = ssthresh;
			   __entry->reason = reason),
	    TP_printk("family=%s src=%pI6c:%u dst=%pI6c:%u cookie=%llu policy=%u cwnd=%u ssthresh=%u reason=%s",
		      __entry->family == AF_INET6 ? "AF_INET6" : "AF_INET",
		      __entry->saddr_v6, __entry->sport,
		      __entry->daddr_v6, __entry->dport,
		      __entry->cookie, __entry->policy_id, __entry->cwnd,
		      __entry->ssthresh,
		      __print_symbolic(__entry->reason, WARDEN_REASON_SYMBOLS))
);

#endif /* _TCP_WARDEN_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
