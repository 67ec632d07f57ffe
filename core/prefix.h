/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Longest-prefix match over destination prefixes with optional port ranges.
 *
 * The table is immutable once built: the writer builds a new one from a
 * list of rules and publishes it (RCU in the module). Building flattens the
 * nested prefixes into sorted, disjoint address intervals, so a lookup is
 * one binary search (within the bucket of the address's top bits) plus a
 * short walk up the nesting chain for port ranges.
 *
 * Memory comes from the caller: warden_ptab_size() says how much,
 * warden_ptab_build() fills it. Nothing here allocates.
 */
#ifndef _WARDEN_CORE_PREFIX_H
#define _WARDEN_CORE_PREFIX_H

#include "addr.h"
#include "compat.h"

/* One rule: prefix + port range -> value (the caller's policy index). */
struct warden_prule {
	u8 addr[16];	/* network order; v4 uses the first 4 bytes */
	u8 family;	/* WARDEN_PF_INET or WARDEN_PF_INET6 */
	u8 plen;
	u16 port_lo;	/* inclusive, host order */
	u16 port_hi;
	u32 value;
};

/* 128-bit key, v4 addresses live in lo. */
struct warden_pkey {
	u64 hi;
	u64 lo;
};

struct warden_ppfx {
	s32 parent;	/* enclosing prefix, -1 at the top */
	u32 first;	/* its rules: port ranges, narrowest first */
	u32 count;
};

struct warden_pval {
	u16 port_lo;
	u16 port_hi;
	u32 value;
};

struct warden_ptab {
	u32 n4, n6;		/* interval starts per family */
	u32 npfx, nrules;
	u32 *b4;		/* v4 interval starts, ascending */
	s32 *o4;		/* innermost prefix covering each interval */
	struct warden_pkey *b6;
	s32 *o6;
	struct warden_ppfx *pfx;
	struct warden_pval *val;
	/*
	 * Per family, bucket k of the address's top @bits bits: x[k] is the
	 * interval holding the bucket's first address, so the search is
	 * confined to x[k]..x[k + 1] (a few entries, not the whole array).
	 */
	u32 bits4, bits6;
	u32 *x4, *x6;		/* (1 << bits) + 1 entries each */
};

/*
 * Does the IPv6 prefix @addr/@plen lie inside ::ffff:0:0/96? Such a prefix
 * never matches: the kernel looks IPv4 traffic up by its IPv4 address. The
 * module refuses it and wardenctl names its IPv4 form instead.
 */
static inline bool warden_prefix_v4mapped(const u8 *addr, u8 plen)
{
	static const u8 mapped[12] = { [10] = 0xff, [11] = 0xff };

	return plen >= 96 && !memcmp(addr, mapped, sizeof(mapped));
}

/* Is the rule well formed (length, host bits, port range)? */
bool warden_prule_valid(const struct warden_prule *r);

/* Do two rules have the same prefix and port range? */
bool warden_prule_same_key(const struct warden_prule *a,
			   const struct warden_prule *b);

/* Bytes needed for a table of @n4 IPv4 and @n6 IPv6 rules. */
size_t warden_ptab_size(u32 n4, u32 n6);

/*
 * Build a table in @mem (warden_ptab_size() bytes for its
 * v4/v6 rule counts, aligned for u64) from
 * @rules, which is sorted in place. Rules must be valid and unique by key.
 * Returns the table, which lives inside @mem.
 */
struct warden_ptab *warden_ptab_build(void *mem, struct warden_prule *rules, u32 n);

/*
 * Find the rule for a destination: the longest prefix that has a port
 * range containing @port, narrowest range first. Returns true and its value
 * in @value, or false when nothing matches.
 */
bool warden_ptab_lookup(const struct warden_ptab *t, u8 family,
			const u8 *addr, u16 port, u32 *value);

#endif /* _WARDEN_CORE_PREFIX_H */
