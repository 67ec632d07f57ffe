/* SPDX-License-Identifier: GPL-2.0 */
/* TCP sockets from sock_diag, filtered in the kernel (diag.c). */
#ifndef _WARDENCTL_SOCKETS_DIAG_H
#define _WARDENCTL_SOCKETS_DIAG_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/tcp.h>

#include "lib/tcp.h"
#include "lib/util.h"

/* The states sock_diag reports, as lib/tcp.h numbers and names them. */
#define SK_NSTATES	WCTL_TCP_BOUND_INACTIVE
#define SK_ALL_STATES	(((1u << SK_NSTATES) - 1) & ~1u)

/* Parse "time-wait,close-wait", "all", ...; 0, or -1 with @bad set. */
int sk_parse_states(const char *s, uint32_t *mask, const char **bad, size_t *badlen);

/* Only time-wait and new-syn-recv are not full sockets (no inode/owner). */
static inline bool sk_state_full(int state)
{
	return state != WCTL_TCP_TIME_WAIT && state != WCTL_TCP_NEW_SYN_RECV;
}

struct sk_row {
	uint8_t family;		/* AF_INET / AF_INET6 */
	uint8_t state;
	uint8_t timer;		/* idiag_timer: 0 none, 1 retrans, 2 keepalive, 3 time-wait, 4 probe */
	uint8_t retrans;
	uint16_t sport, dport;	/* host order */
	uint8_t src[16], dst[16];
	uint32_t expires_ms;
	uint32_t rqueue, wqueue;
	uint32_t uid, inode;
	uint64_t cookie;
	/* With sk_filter.info, when the kernel sent them. */
	bool has_info;
	struct tcp_info info;	/* zero-filled beyond what the kernel sent */
	char cong[16];		/* "" when unknown */
};

struct sk_filter {
	uint32_t states;	/* bit per state (lib/tcp.h) */
	int family;		/* 0 both, AF_INET or AF_INET6 */
	bool sport_set, dport_set;
	struct wctl_ports sport, dport;
	bool src_set, dst_set;
	struct wctl_prefix src, dst;
	bool info;		/* ask for INET_DIAG_INFO and INET_DIAG_CONG */
};

/* Called for each row as it arrives; non-zero stops the dump. */
typedef int (*sk_row_fn)(const struct sk_row *r, void *arg);

/*
 * Dump TCP sockets matching @f from the current netns, IPv4 then IPv6,
 * with states and addresses filtered in the kernel. Returns 0, or an exit
 * code after printing one line saying why.
 */
int sk_dump(const struct sk_filter *f, sk_row_fn fn, void *arg);

#endif /* _WARDENCTL_SOCKETS_DIAG_H */
