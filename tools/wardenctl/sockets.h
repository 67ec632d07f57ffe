/* SPDX-License-Identifier: GPL-2.0 */
/* Private interfaces of `wardenctl sockets` (sock_diag reports). */
#ifndef _WARDENCTL_SOCKETS_H
#define _WARDENCTL_SOCKETS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <netinet/tcp.h>

#include "wardenctl.h"

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

/* Owners of socket inodes, from one scan of /proc/<pid>/fd. */
struct sk_owner {
	int pid;
	int fd;
	const char *comm;
};
/* Scan /proc once (idempotent). Returns 0, or -1 when /proc is unreadable. */
int sk_owners_scan(void);
/*
 * Owners of @inode: up to @max written to @out, the total is returned
 * (a socket can be shared by several processes after fork()).
 */
int sk_owners_find(uint32_t inode, struct sk_owner *out, int max);

/* Ages from the agent's pinned map (bpf/sock_state_map.h). */
enum sk_age_status {
	SK_AGE_OK,		/* map open */
	SK_AGE_NO_AGENT,	/* the pin does not exist */
	SK_AGE_ERROR,		/* cannot be used: see sk_age_why() */
};
/* Open the map once (idempotent) and say whether ages are available. */
enum sk_age_status sk_age_open(void);
const char *sk_age_why(void);
/* Age in ms of @cookie in @state; false when the agent has no record. */
bool sk_age_ms(uint64_t cookie, int state, uint64_t *age_ms);

#define SK_AGE_NOTE "age unknown: start `wardenctl agent`"

/*
 * Aggregation by an opaque fixed-size key (grouping and reports). Memory
 * grows with the number of distinct keys, never with the number of sockets.
 */
struct sk_agg_key {
	uint8_t family;
	uint8_t kind;		/* caller-defined discriminator */
	uint16_t port;
	int32_t pid;
	uint8_t a[16], b[16];
};
struct sk_agg {
	struct sk_agg_key key;
	uint64_t count;
	uint32_t per_state[SK_NSTATES];
	uint64_t oldest_ms;	/* largest known age */
	uint64_t aged;		/* how many had a known age */
	char comm[16];
};
struct sk_agg_table {
	struct sk_agg *slots;
	size_t cap, used;
};
/* The entry for @key, created zeroed if new; NULL when out of memory. */
struct sk_agg *sk_agg_get(struct sk_agg_table *t, const struct sk_agg_key *key);
/* Compact and sort by count (descending); returns the number of entries. */
size_t sk_agg_sorted(struct sk_agg_table *t, struct sk_agg **out);
void sk_agg_free(struct sk_agg_table *t);

/* Output helpers. */
/* Decimal digits of @v at @p; returns the end. */
char *sk_put_u64(char *p, uint64_t v);
/* Format an address (no brackets); returns its length. */
int sk_addr_str(int family, const uint8_t *addr, char *buf);
/* "1h02m", "3m05s", "12.3s", "850ms". */
void sk_fmt_age(uint64_t ms, char *buf, size_t len);
/* Prometheus label value, escaped. */
void sk_prom_label(FILE *f, const char *name, const char *val, bool first);
/* The namespace label for reports: -n NAME, else "init" or "net:[INODE]". */
const char *sk_netns_label(void);

/* Sysctls of the current netns that the report uses. */
struct sk_sysctls {
	int tw_reuse;			/* -1 when unreadable */
	long max_tw_buckets;
	unsigned int port_lo, port_hi;
	unsigned int reserved_in_range;	/* ip_local_reserved_ports within [lo, hi] */
	char reserved[256];		/* as the kernel prints it */
};
int sk_read_sysctls(struct sk_sysctls *s);

/* Options shared by the listing and the report. */
enum sk_group { SK_GROUP_NONE, SK_GROUP_REMOTE, SK_GROUP_LPORT, SK_GROUP_PROCESS };
struct sk_opts {
	struct sk_filter f;
	bool states_set;	/* --state given */
	bool json, prom, summary, no_header, no_owner, all_netns;
	enum sk_group group;
	uint32_t top;		/* rows per table in reports, 0 = all */
	const char *output;	/* --output FILE, replaced atomically */
};
/* Parse options after "sockets" (or "sockets report"); exits 2 when wrong. */
void sk_parse_opts(int argc, char **argv, struct sk_opts *o, bool report);

/* Socket counts of one netns, per family and state. */
struct sk_counts {
	char netns[64];
	uint64_t n[2][SK_NSTATES];	/* [0] IPv4, [1] IPv6 */
};
void sk_count_row(struct sk_counts *c, const struct sk_row *r);
/* Prometheus gauges tcpwarden_sockets{netns,family,state} for @states. */
void sk_prom_counts(FILE *f, const struct sk_counts *c, size_t n, uint32_t states);

/* Run @fn in the current netns, then in each of /run/netns with --all-netns. */
int sk_for_each_netns(struct sk_opts *o, int (*fn)(struct sk_opts *o, void *arg), void *arg);

/* Flush stdout; an exit code after a one-line error when it failed. */
int sk_finish_output(void);

int sk_report(struct sk_opts *o);

#endif /* _WARDENCTL_SOCKETS_H */
