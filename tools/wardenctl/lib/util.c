// SPDX-License-Identifier: GPL-2.0
/* Helpers every command shares: errors, netns, prefixes, numbers (util.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "prefix.h"

static void verr(const char *fmt, va_list ap)
{
	fputs("wardenctl: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void wctl_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(fmt, ap);
	va_end(ap);
}

int wctl_usage(const char *msg)
{
	wctl_err("%s", msg);
	return WCTL_EXIT_USAGE;
}

void wctl_oom(void)
{
	wctl_err("out of memory");
	exit(WCTL_EXIT_FAIL);
}

int wctl_parse_prefix(const char *s, struct wctl_prefix *p, const char **why)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash;
	unsigned int maxlen, i;
	uint32_t len;
	size_t alen;

	memset(p, 0, sizeof(*p));
	slash = strchr(s, '/');
	alen = slash ? (size_t)(slash - s) : strlen(s);
	if (alen == 0 || alen >= INET6_ADDRSTRLEN) {
		*why = "not an IPv4 or IPv6 address";
		return -1;
	}
	memcpy(buf, s, alen);
	buf[alen] = '\0';

	if (inet_pton(AF_INET, buf, &p->addr.v4) == 1) {
		p->family = AF_INET;
		maxlen = 32;
	} else if (inet_pton(AF_INET6, buf, &p->addr.v6) == 1) {
		p->family = AF_INET6;
		maxlen = 128;
	} else {
		*why = "not an IPv4 or IPv6 address";
		return -1;
	}

	len = maxlen;
	if (slash && wctl_parse_u32(slash + 1, 0, maxlen, &len)) {
		*why = p->family == AF_INET ? "prefix length must be 0..32"
					    : "prefix length must be 0..128";
		return -1;
	}
	p->len = (uint8_t)len;

	for (i = len; i < maxlen; i++) {
		if (p->addr.bytes[i / 8] & (0x80 >> (i % 8))) {
			*why = "host bits set below the prefix length (e.g. use 10.0.0.0/8, not 10.1.2.3/8)";
			return -1;
		}
	}
	return 0;
}

int wctl_parse_dst_prefix(const char *s, struct wctl_prefix *p, const char **why,
			  char *hint)
{
	struct wctl_prefix v4 = { .family = AF_INET };

	if (wctl_parse_prefix(s, p, why))
		return -1;
	if (p->family != AF_INET6 || !warden_prefix_v4mapped(p->addr.bytes, p->len))
		return 0;
	v4.len = p->len - 96;
	memcpy(v4.addr.bytes, p->addr.bytes + 12, 4);
	wctl_prefix_str(&v4, hint, WCTL_PREFIX_LEN);
	*why = "an IPv4-mapped IPv6 prefix never matches: IPv4 packets carry IPv4 addresses";
	return -1;
}

bool wctl_prefix_match(const struct wctl_prefix *p, int family, const void *addr)
{
	const uint8_t *a = addr;
	unsigned int full = p->len / 8, rest = p->len % 8;

	if (family != p->family)
		return false;
	if (memcmp(a, p->addr.bytes, full))
		return false;
	if (rest && ((a[full] ^ p->addr.bytes[full]) & (0xff00 >> rest)))
		return false;
	return true;
}

const char *wctl_prefix_str(const struct wctl_prefix *p, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(p->family, p->addr.bytes, a, sizeof(a));
	snprintf(buf, len, "%s/%u", a, p->len);
	return buf;
}

int wctl_parse_u32(const char *s, uint32_t lo, uint32_t hi, uint32_t *out)
{
	unsigned long long v;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int wctl_parse_ports(const char *s, struct wctl_ports *p, const char **why)
{
	const char *dash = strchr(s, '-');
	char first[8];
	uint32_t lo, hi;

	*why = "give PORT or FIRST-LAST, each 0..65535";
	if (!dash) {
		if (wctl_parse_u32(s, 0, 65535, &lo))
			return -1;
		hi = lo;
	} else {
		if ((size_t)(dash - s) >= sizeof(first))
			return -1;
		memcpy(first, s, dash - s);
		first[dash - s] = '\0';
		if (wctl_parse_u32(first, 0, 65535, &lo) || wctl_parse_u32(dash + 1, 0, 65535, &hi))
			return -1;
		if (lo > hi) {
			*why = "the first port must not exceed the last";
			return -1;
		}
	}
	p->lo = (uint16_t)lo;
	p->hi = (uint16_t)hi;
	return 0;
}

char *wctl_fixed(uint64_t v, unsigned int frac, char *end)
{
	/* two digits per division: the trace reader formats several per event */
	static const char pairs[] =
		"0001020304050607080910111213141516171819"
		"2021222324252627282930313233343536373839"
		"4041424344454647484950515253545556575859"
		"6061626364656667686970717273747576777879"
		"8081828384858687888990919293949596979899";
	char *p = end;
	unsigned int i, r;

	*--p = '\0';
	for (i = 0; i < frac; i++) {
		*--p = '0' + v % 10;
		v /= 10;
	}
	if (frac)
		*--p = '.';
	while (v >= 100) {
		r = v % 100;
		v /= 100;
		p -= 2;
		memcpy(p, pairs + 2 * r, 2);
	}
	if (v >= 10) {
		p -= 2;
		memcpy(p, pairs + 2 * v, 2);
	} else {
		*--p = '0' + v;
	}
	return p;
}

uint64_t wctl_hash(const void *p, size_t len)
{
	const unsigned char *b = p;
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= b[i];
		h *= 1099511628211ull;
	}
	return h;
}
