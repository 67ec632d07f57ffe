/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the `syn` commands share (common.c): reading attributes, mode
 * names, and one listener of the guard as text fields and as JSON.
 */
#ifndef _WARDENCTL_SYN_COMMON_H
#define _WARDENCTL_SYN_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <netlink/attr.h>
#include <uapi/linux/tcp_warden.h>

#include "lib/json.h"

static inline uint64_t syn_u64(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u64(tb[a]) : 0;
}

static inline uint32_t syn_u32(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u32(tb[a]) : 0;
}

static inline uint8_t syn_u8(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u8(tb[a]) : 0;
}

/*
 * The guard's settings, the one table of them: the spec's attribute (and
 * the word `syn set` takes, the name `syn status` prints and the module
 * parameter syn_NAME), the word wardenctl-syn(8) promised before, the
 * value's name in usage, the attribute's size in bits, the range and its
 * unit. The limits are the uAPI header's; 100 is a percentage, 32 and 128
 * the bits of an address.
 */
#define SYN_SETTINGS(X)								\
	X(THRESHOLD, "threshold", NULL, "SYN/s", 32, 0, UINT32_MAX, "SYN/s (0: off)") \
	X(QUEUE_PCT, "queue-pct", "queue", "PCT", 32, 0, 100, "% (0: off)")	\
	X(QUIET_MS, "quiet-ms", "quiet", "MS", 32, 0, TCP_WARDEN_SYN_QUIET_MS_MAX, "ms") \
	X(SRC_RATE, "src-rate", "rate", "SYN/s", 32, 0, TCP_WARDEN_SYN_RATE_MAX, "SYN/s") \
	X(SRC_BURST, "src-burst", "burst", "N", 32, 1, TCP_WARDEN_SYN_BURST_MAX, "SYNs") \
	X(ALL_RATE, "all-rate", NULL, "SYN/s", 32, 0, TCP_WARDEN_SYN_RATE_MAX, "SYN/s") \
	X(ALL_BURST, "all-burst", NULL, "N", 32, 1, TCP_WARDEN_SYN_BURST_MAX, "SYNs") \
	X(V4_PREFIX, "v4-prefix", NULL, "LEN", 8, 1, 32, "bits")		\
	X(V6_PREFIX, "v6-prefix", NULL, "LEN", 8, 1, 128, "bits")

struct syn_setting {
	int attr;		/* TCP_WARDEN_A_SYN_* */
	const char *name;
	int bits;
	uint32_t lo, hi;
	const char *unit;
};
#define SYN_NSETTINGS	9
extern const struct syn_setting syn_settings[SYN_NSETTINGS];

#define SYN_NMODES	3
extern const char *const syn_mode_names[SYN_NMODES];	/* by TCP_WARDEN_SYN_MODE_* */
const char *syn_mode_name(unsigned int m);

/* An address of a 4- or 16-byte attribute pair, as text ("?": neither). */
struct syn_addr {
	bool v6;
	char text[INET6_ADDRSTRLEN];
};
void syn_addr_read(struct nlattr *a4, struct nlattr *a6, struct syn_addr *a);
/* "addr4" or "addr6", as the spec names them. */
void syn_addr_json(struct wctl_json *j, const struct syn_addr *a);
/* "10.0.0.1:80" or "[2001:db8::1]:80". */
void syn_endpoint(const struct syn_addr *a, unsigned int port, char *buf, size_t len);

/* Why each SYN passed or was dropped: the counters of a listener. */
enum syn_why {
	SYN_PASS_ALLOWED, SYN_PASS_CALM, SYN_PASS_VERIFIED, SYN_PASS_CONFORM,
	SYN_DROP_DENIED, SYN_DROP_SRC_LIMIT, SYN_DROP_ALL_LIMIT, SYN_NWHY,
};
#define SYN_FIRST_DROP	SYN_DROP_DENIED

/* One listener of syn-stats or syn-alert. */
struct syn_listener {
	struct syn_addr addr;
	uint16_t port;
	char name[INET6_ADDRSTRLEN + 10];	/* endpoint text */
	bool flood, cookies;
	uint64_t rate, syns, flood_ms, would;
	uint32_t floods, qlen, qmax;
	uint64_t why[SYN_NWHY];
};
void syn_listener_read(struct nlattr **tb, struct syn_listener *l);
/* SYNs dropped, for any reason. */
uint64_t syn_listener_dropped(const struct syn_listener *l);
/* Its members, in the spec's names and order, into an open object. */
void syn_listener_json(struct wctl_json *j, const struct syn_listener *l);

#endif /* _WARDENCTL_SYN_COMMON_H */
