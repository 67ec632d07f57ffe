/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place for differences between the kernels tcp_warden.ko builds
 * on (5.10 to 7.2, Documentation/kernels.rst). Each shim names the release
 * that made the change; feature files use the newest form of each API.
 */
#ifndef _TCP_WARDEN_COMPAT_H
#define _TCP_WARDEN_COMPAT_H

#include <linux/version.h>
#include <net/genetlink.h>
#include <net/inet_hashtables.h>
#include <net/net_namespace.h>
#include <net/tcp.h>
#if IS_ENABLED(CONFIG_IPV6)
#include <net/inet6_hashtables.h>
#endif

/*
 * 5.12 made net->net_cookie a u64 set when the netns is created; before,
 * a helper modules cannot call made it on first use. The inode number
 * (as in /proc/PID/ns/net) is as unique among live namespaces.
 */
static inline u64 warden_net_cookie(const struct net *net)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 12, 0)
	return net->net_cookie;
#else
	return net->ns.inum;
#endif
}

/* 5.19 added accessors for tp->snd_cwnd. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 19, 0)
static inline u32 tcp_snd_cwnd(const struct tcp_sock *tp)
{
	return tp->snd_cwnd;
}

static inline void tcp_snd_cwnd_set(struct tcp_sock *tp, u32 val)
{
	tp->snd_cwnd = val;
}
#endif

/* 6.1 added GENL_REQ_ATTR_CHECK() (which also names the missing attribute). */
#ifndef GENL_REQ_ATTR_CHECK
#define GENL_REQ_ATTR_CHECK(info, attr)	(!(info)->attrs[(attr)])
#endif

/* 6.1 lets a family reserve header flags for its commands from resv_start_op. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0)
#define WARDEN_GENL_RESV_START_OP(op)	.resv_start_op = (op),
#else
#define WARDEN_GENL_RESV_START_OP(op)
#endif

/* 6.2 moved a dump's parsed attributes into genl_dumpit_info->info. */
static inline struct nlattr **warden_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return genl_dumpit_info(cb)->info.attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/* 6.18 dropped the hashinfo argument of the listener lookups (TCP's own). */
static inline struct sock *warden_lookup_listener4(struct net *net,
						   __be32 saddr, __be16 sport,
						   __be32 daddr, u16 hnum, int dif)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 18, 0)
	return __inet_lookup_listener(net, NULL, 0, saddr, sport, daddr, hnum,
				      dif, 0);
#else
	return __inet_lookup_listener(net, net->ipv4.tcp_death_row.hashinfo,
				      NULL, 0, saddr, sport, daddr, hnum, dif, 0);
#endif
}

#if IS_ENABLED(CONFIG_IPV6)
static inline struct sock *warden_lookup_listener6(struct net *net,
						   const struct in6_addr *saddr,
						   __be16 sport,
						   const struct in6_addr *daddr,
						   u16 hnum, int dif)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 18, 0)
	return inet6_lookup_listener(net, NULL, 0, saddr, sport, daddr, hnum,
				     dif, 0);
#else
	return inet6_lookup_listener(net, net->ipv4.tcp_death_row.hashinfo,
				     NULL, 0, saddr, sport, daddr, hnum, dif, 0);
#endif
}
#endif

/*
 * 7.1 gave CA_EVENT_TX_START an operation of its own and stopped passing
 * it to ->cwnd_event(): the module sets both, each kernel calls one.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 1, 0)
#define WARDEN_CA_OPS_TX_START(fn)	.cwnd_event_tx_start = (fn),
#else
#define WARDEN_CA_OPS_TX_START(fn)
#endif

#endif /* _TCP_WARDEN_COMPAT_H */
