/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers every command shares (util.c): errors, prefixes, ports, numbers. */
#ifndef _WARDENCTL_UTIL_H
#define _WARDENCTL_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

/* Exit codes: 0 success, 1 the operation failed, 2 the command line is wrong. */
#define WCTL_EXIT_FAIL	1
#define WCTL_EXIT_USAGE	2

/* "wardenctl: <message>" on stderr. */
void wctl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A parser's usage error @msg on stderr; returns WCTL_EXIT_USAGE. */
int wctl_usage(const char *msg);
/* "out of memory" and exit(WCTL_EXIT_FAIL). */
void wctl_oom(void) __attribute__((noreturn));

struct wctl_prefix {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t len;		/* prefix length in bits */
	union {
		struct in_addr v4;
		struct in6_addr v6;
		uint8_t bytes[16];
	} addr;			/* host bits below len are zero */
};

/*
 * Parse "10.0.0.0/8", "2001:db8::/32" or a bare address (full length).
 * Host bits set below the length are an error, as in `ip route`.
 * Returns 0, or -1 with a one-line reason in @why.
 */
int wctl_parse_prefix(const char *s, struct wctl_prefix *p, const char **why);
/*
 * The same for prefixes the module matches against packets' addresses,
 * which are IPv4 for IPv4 packets: an IPv4-mapped IPv6 prefix
 * (::ffff:0:0/96 and longer) would never match and is refused, with its
 * IPv4 form in @hint (room for WCTL_PREFIX_LEN).
 */
int wctl_parse_dst_prefix(const char *s, struct wctl_prefix *p, const char **why,
			  char *hint);
/* Does @addr (family's size, network order) fall in @p? */
bool wctl_prefix_match(const struct wctl_prefix *p, int family, const void *addr);
/* Format as "a.b.c.d/len" (or v6); buf must hold WCTL_PREFIX_LEN. */
#define WCTL_PREFIX_LEN	(INET6_ADDRSTRLEN + 4)
const char *wctl_prefix_str(const struct wctl_prefix *p, char *buf, size_t len);

/* Parse an unsigned integer in [lo, hi]; 0 on success. */
int wctl_parse_u32(const char *s, uint32_t lo, uint32_t hi, uint32_t *out);

/* An inclusive port range; one port is lo == hi. */
struct wctl_ports {
	uint16_t lo, hi;
};
/*
 * The one port parser: "443" or "1000-2000", each 0..65535, first <= last.
 * 0, or -1 with what to give instead in @why.
 */
int wctl_parse_ports(const char *s, struct wctl_ports *p, const char **why);

/* Room for any u64 with a decimal point. */
#define WCTL_NUM_LEN	24
/*
 * @v / 10^@frac in decimal with @frac decimals, NUL-terminated, ending just
 * before @end; returns its start. Without printf: hot output paths use it.
 */
char *wctl_fixed(uint64_t v, unsigned int frac, char *end);

/* FNV-1a of @len bytes: the hash of wardenctl's fixed-size keys. */
uint64_t wctl_hash(const void *p, size_t len);

#endif /* _WARDENCTL_UTIL_H */
