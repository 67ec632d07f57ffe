/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The generic netlink ABI of tcp_warden.ko, family "tcp_warden".
 * Documentation/netlink/specs/tcp_warden.yaml is the source of truth;
 * this header matches it name for name.
 *
 * Every object has its own attribute set. New objects and commands are
 * appended, never inserted, so the numbering below is stable.
 */
#ifndef _UAPI_LINUX_TCP_WARDEN_H
#define _UAPI_LINUX_TCP_WARDEN_H

#define TCP_WARDEN_FAMILY_NAME		"tcp_warden"
#define TCP_WARDEN_FAMILY_VERSION	1

/* Multicast groups. */
#define TCP_WARDEN_MCGRP_SYN_ALERT	"syn-alert"

/* Limits of the policy parameters (also enforced by the kernel's nla_policy). */
#define TCP_WARDEN_BETA_SCALE		1024
#define TCP_WARDEN_BETA_MIN		256
#define TCP_WARDEN_BETA_MAX		1000
#define TCP_WARDEN_MIN_SSTHRESH_MIN	2
#define TCP_WARDEN_MIN_SSTHRESH_MAX	65535
#define TCP_WARDEN_SSTHRESH_MAX		1048576	/* initial-ssthresh, max-cwnd */

enum tcp_warden_growth {
	TCP_WARDEN_GROWTH_RENO,
	TCP_WARDEN_GROWTH_CUBIC,

	/* private: */
	__TCP_WARDEN_GROWTH_MAX,
	TCP_WARDEN_GROWTH_MAX = (__TCP_WARDEN_GROWTH_MAX - 1)
};

/* How a connection reacts to loss (nested in a policy or the default). */
enum {
	TCP_WARDEN_A_PARAMS_UNSPEC,
	TCP_WARDEN_A_PARAMS_BETA,		/* u32, 1/1024 */
	TCP_WARDEN_A_PARAMS_MIN_SSTHRESH,	/* u32, segments */
	TCP_WARDEN_A_PARAMS_INITIAL_SSTHRESH,	/* u32, segments, 0 = infinite */
	TCP_WARDEN_A_PARAMS_MAX_CWND,		/* u32, segments, 0 = no clamp */
	TCP_WARDEN_A_PARAMS_GROWTH,		/* u8, enum tcp_warden_growth */
	TCP_WARDEN_A_PARAMS_RTO_BETA,		/* u32, 1/1024, 0 = same as beta */

	__TCP_WARDEN_A_PARAMS_MAX,
	TCP_WARDEN_A_PARAMS_MAX = (__TCP_WARDEN_A_PARAMS_MAX - 1)
};

/* Per-policy counters (nested, read only). */
enum {
	TCP_WARDEN_A_STATS_UNSPEC,
	TCP_WARDEN_A_STATS_PAD,
	TCP_WARDEN_A_STATS_ASSIGNED,		/* u64, connections */
	TCP_WARDEN_A_STATS_LOSS,		/* u64, decreases on fast retransmit */
	TCP_WARDEN_A_STATS_RTO,			/* u64, decreases on timeout */
	TCP_WARDEN_A_STATS_ECN,			/* u64, decreases on ECN (CWR) */
	TCP_WARDEN_A_STATS_UNDO,		/* u64, decreases undone */

	__TCP_WARDEN_A_STATS_MAX,
	TCP_WARDEN_A_STATS_MAX = (__TCP_WARDEN_A_STATS_MAX - 1)
};

/* A per-destination policy. */
enum {
	TCP_WARDEN_A_POLICY_UNSPEC,
	TCP_WARDEN_A_POLICY_ID,			/* u32, assigned by the kernel */
	TCP_WARDEN_A_POLICY_DST4,		/* binary, 4 bytes, network order */
	TCP_WARDEN_A_POLICY_DST6,		/* binary, 16 bytes */
	TCP_WARDEN_A_POLICY_PREFIXLEN,		/* u8 */
	TCP_WARDEN_A_POLICY_PORT_MIN,		/* u16, host order */
	TCP_WARDEN_A_POLICY_PORT_MAX,		/* u16, host order */
	TCP_WARDEN_A_POLICY_PARAMS,		/* nest, TCP_WARDEN_A_PARAMS_* */
	TCP_WARDEN_A_POLICY_STATS,		/* nest, TCP_WARDEN_A_STATS_* */

	__TCP_WARDEN_A_POLICY_MAX,
	TCP_WARDEN_A_POLICY_MAX = (__TCP_WARDEN_A_POLICY_MAX - 1)
};

/* The per-netns default policy. */
enum {
	TCP_WARDEN_A_DEFAULT_UNSPEC,
	TCP_WARDEN_A_DEFAULT_PARAMS,		/* nest, TCP_WARDEN_A_PARAMS_* */
	TCP_WARDEN_A_DEFAULT_STATS,		/* nest, TCP_WARDEN_A_STATS_* */

	__TCP_WARDEN_A_DEFAULT_MAX,
	TCP_WARDEN_A_DEFAULT_MAX = (__TCP_WARDEN_A_DEFAULT_MAX - 1)
};

enum {
	TCP_WARDEN_CMD_UNSPEC,
	TCP_WARDEN_CMD_POLICY_ADD,	/* NLM_F_REPLACE to overwrite */
	TCP_WARDEN_CMD_POLICY_DEL,
	TCP_WARDEN_CMD_POLICY_GET,	/* do (exact key) and dump */
	TCP_WARDEN_CMD_POLICY_FLUSH,
	TCP_WARDEN_CMD_DEFAULT_GET,
	TCP_WARDEN_CMD_DEFAULT_SET,
	TCP_WARDEN_CMD_SYN_GET,		/* SYN guard configuration */
	TCP_WARDEN_CMD_SYN_SET,
	TCP_WARDEN_CMD_SYN_STATS,	/* dump: one message per listener */
	TCP_WARDEN_CMD_SYN_TOP,		/* dump: heavy hitters per listener */
	TCP_WARDEN_CMD_SYN_LIST_ADD,	/* allow or deny list */
	TCP_WARDEN_CMD_SYN_LIST_DEL,
	TCP_WARDEN_CMD_SYN_LIST_GET,	/* dump */
	TCP_WARDEN_CMD_SYN_ALERT,	/* notification, group "syn-alert" */

	__TCP_WARDEN_CMD_MAX,
	TCP_WARDEN_CMD_MAX = (__TCP_WARDEN_CMD_MAX - 1)
};

/* SYN guard modes. */
enum tcp_warden_syn_mode {
	TCP_WARDEN_SYN_MODE_OFF,	/* hooks unregistered */
	TCP_WARDEN_SYN_MODE_MONITOR,	/* count and alert, never drop */
	TCP_WARDEN_SYN_MODE_ENFORCE,	/* drop while a listener is flooded */

	/* private: */
	__TCP_WARDEN_SYN_MODE_MAX,
	TCP_WARDEN_SYN_MODE_MAX = (__TCP_WARDEN_SYN_MODE_MAX - 1)
};

enum tcp_warden_syn_listname {
	TCP_WARDEN_SYN_LIST_ALLOW,
	TCP_WARDEN_SYN_LIST_DENY,
};

/* SYN guard configuration (syn-get, syn-set). */
enum {
	TCP_WARDEN_A_SYN_UNSPEC,
	TCP_WARDEN_A_SYN_MODE,		/* u8, this netns's mode in effect */
	TCP_WARDEN_A_SYN_MODE_DEFAULT,	/* flag: the netns follows the global mode */
	TCP_WARDEN_A_SYN_GLOBAL,	/* flag in syn-set: set the global mode */
	TCP_WARDEN_A_SYN_GLOBAL_MODE,	/* u8, reply only */
	TCP_WARDEN_A_SYN_HOOKED,	/* u8, reply only: hooks registered */
	TCP_WARDEN_A_SYN_RATE,		/* u32, SYN/s entering flood state (0: off) */
	TCP_WARDEN_A_SYN_QUEUE_PCT,	/* u32, SYN queue fill entering flood state */
	TCP_WARDEN_A_SYN_QUIET_MS,	/* u32, quiet time before leaving */
	TCP_WARDEN_A_SYN_SRC_RATE,	/* u32, SYN/s per unverified source */
	TCP_WARDEN_A_SYN_SRC_BURST,	/* u32 */
	TCP_WARDEN_A_SYN_ALL_RATE,	/* u32, SYN/s for all unverified sources */
	TCP_WARDEN_A_SYN_ALL_BURST,	/* u32 */
	TCP_WARDEN_A_SYN_V4_PREFIX,	/* u8, source key length */
	TCP_WARDEN_A_SYN_V6_PREFIX,	/* u8 */
	TCP_WARDEN_A_SYN_PAD,
	TCP_WARDEN_A_SYN_SYNACKS,	/* u64, reply: SYN-ACKs tracked (netns) */
	TCP_WARDEN_A_SYN_ACKS_VERIFIED,	/* u64, reply: handshakes that verified */
	TCP_WARDEN_A_SYN_ACKS_BAD,	/* u64, reply: ACKs of a wrong ISN */
	TCP_WARDEN_A_SYN_DROPPED,	/* u64, reply: SYNs dropped (netns) */
	TCP_WARDEN_A_SYN_VERIFIED,	/* u32, reply: verified sources (all netns) */

	__TCP_WARDEN_A_SYN_MAX,
	TCP_WARDEN_A_SYN_MAX = (__TCP_WARDEN_A_SYN_MAX - 1)
};

/* One listener (syn-stats, syn-alert). Counters are SYNs. */
enum {
	TCP_WARDEN_A_SYN_L_UNSPEC,
	TCP_WARDEN_A_SYN_L_PAD,
	TCP_WARDEN_A_SYN_L_ADDR4,	/* binary, 4 bytes: bound address */
	TCP_WARDEN_A_SYN_L_ADDR6,	/* binary, 16 bytes */
	TCP_WARDEN_A_SYN_L_PORT,	/* u16, host order */
	TCP_WARDEN_A_SYN_L_FLOOD,	/* u8, 1 in flood state */
	TCP_WARDEN_A_SYN_L_RATE,	/* u64, SYN/s (EWMA) */
	TCP_WARDEN_A_SYN_L_SYNS,	/* u64 */
	TCP_WARDEN_A_SYN_L_FLOODS,	/* u32, times it entered flood state */
	TCP_WARDEN_A_SYN_L_QLEN,	/* u32, SYN queue at the last SYN */
	TCP_WARDEN_A_SYN_L_QMAX,	/* u32 */
	TCP_WARDEN_A_SYN_L_COOKIES,	/* u8, 1: the queue is full, cookies in use */
	TCP_WARDEN_A_SYN_L_PASS_ALLOWED,
	TCP_WARDEN_A_SYN_L_PASS_CALM,
	TCP_WARDEN_A_SYN_L_PASS_VERIFIED,
	TCP_WARDEN_A_SYN_L_PASS_CONFORM,
	TCP_WARDEN_A_SYN_L_DROP_DENIED,
	TCP_WARDEN_A_SYN_L_DROP_SRC_LIMIT,
	TCP_WARDEN_A_SYN_L_DROP_ALL_LIMIT,
	TCP_WARDEN_A_SYN_L_WOULD_DROP,	/* u64, monitor mode */
	TCP_WARDEN_A_SYN_L_FLOOD_MS,	/* u64, how long the flood has lasted */

	__TCP_WARDEN_A_SYN_L_MAX,
	TCP_WARDEN_A_SYN_L_MAX = (__TCP_WARDEN_A_SYN_L_MAX - 1)
};

/* Heavy hitters of one listener (syn-top). */
enum {
	TCP_WARDEN_A_SYN_TOP_UNSPEC,
	TCP_WARDEN_A_SYN_TOP_ADDR4,	/* binary: the listener */
	TCP_WARDEN_A_SYN_TOP_ADDR6,
	TCP_WARDEN_A_SYN_TOP_PORT,	/* u16: the listener; a filter in requests */
	/* nest of nests (type 1..n, largest first) of TCP_WARDEN_A_SYN_SRC_* */
	TCP_WARDEN_A_SYN_TOP_SOURCES,

	__TCP_WARDEN_A_SYN_TOP_MAX,
	TCP_WARDEN_A_SYN_TOP_MAX = (__TCP_WARDEN_A_SYN_TOP_MAX - 1)
};

enum {
	TCP_WARDEN_A_SYN_SRC_UNSPEC,
	TCP_WARDEN_A_SYN_SRC_ADDR4,	/* binary */
	TCP_WARDEN_A_SYN_SRC_ADDR6,
	TCP_WARDEN_A_SYN_SRC_COUNT,	/* u32, estimated recent SYNs (decaying) */

	__TCP_WARDEN_A_SYN_SRC_MAX,
	TCP_WARDEN_A_SYN_SRC_MAX = (__TCP_WARDEN_A_SYN_SRC_MAX - 1)
};

/* Allow and deny lists (syn-list-*). */
enum {
	TCP_WARDEN_A_SYN_LIST_UNSPEC,
	TCP_WARDEN_A_SYN_LIST_LIST,	/* u8, enum tcp_warden_syn_listname */
	TCP_WARDEN_A_SYN_LIST_ADDR4,	/* binary, 4 bytes */
	TCP_WARDEN_A_SYN_LIST_ADDR6,	/* binary, 16 bytes */
	TCP_WARDEN_A_SYN_LIST_PREFIXLEN,	/* u8 */

	__TCP_WARDEN_A_SYN_LIST_MAX,
	TCP_WARDEN_A_SYN_LIST_MAX = (__TCP_WARDEN_A_SYN_LIST_MAX - 1)
};

#endif /* _UAPI_LINUX_TCP_WARDEN_H */
