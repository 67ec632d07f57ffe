/* SPDX-License-Identifier: GPL-2.0 */
/* TCP sockets from sock_diag, filtered in the kernel (diag.c). */
#ifndef _WARDENCTL_SOCKETS_DIAG_H
#define _WARDENCTL_SOCKETS_DIAG_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/tcp.h>

#include "lib/util.h"

/* TCP states as sock_diag numbers them (include/net/tcp_states.h). */
enum {
	SK_ESTABLISHED = 1, SK_SYN_SENT, SK_SYN_RECV, SK_FIN_WAIT1,
	SK_FIN_WAIT2, SK_TIME_WAIT, SK_CLOSE, SK_CLOSE_WAIT, SK_LAST_ACK,
	SK_LISTEN, SK_CLOSING, SK_NEW_SYN_RECV, SK_NSTATES
};
#define SK_ALL_STATES	(((1u << SK_NSTATES) - 1) & ~1u)

/* Name as --state takes it and JSON shows it ("time-wait"). */
const char *sk_state_name(int state);
/* Column name, as ss prints it ("TIME-WAIT"). */
const char *sk_state_label(int state);
/* Parse "time-wait,close-wait", "all", ...; 0, or -1 with @bad set. */
int sk_parse_states(const char *s, uint32_t *mask, const char **bad, size_t *badlen);

/* Only time-wait and new-syn-recv are not full sockets (no inode/owner). */
static inline bool sk_state_full(int state)
{
	return state != SK_TIME_WAIT && state != SK_NEW_SYN_RECV;
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
	uint32_t states;	/* bit per SK_* state */
	int family;		/* 0 both, AF_INET or AF_INET6 */
	bool sport_set, dport_set;
	uint16_t sport_lo, sport_hi, dport_lo, dport_hi;
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

/* Parse "80" or "1000-2000" for --sport/--dport. */
int sk_parse_ports(const char *s, uint16_t *lo, uint16_t *hi);

#endif /* _WARDENCTL_SOCKETS_DIAG_H */
