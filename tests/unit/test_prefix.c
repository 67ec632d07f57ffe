// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the prefix table in core/prefix.c. */
#include <arpa/inet.h>
#include <stdlib.h>

#include "tap.h"
#include "prefix.h"

static struct warden_prule rule(const char *pfx, u16 lo, u16 hi, u32 value)
{
	struct warden_prule r = { .port_lo = lo, .port_hi = hi, .value = value };
	char buf[64], *slash;

	snprintf(buf, sizeof(buf), "%s", pfx);
	slash = strchr(buf, '/');
	*slash = '\0';
	r.plen = (u8)atoi(slash + 1);
	if (inet_pton(AF_INET, buf, r.addr) == 1)
		r.family = WARDEN_PF_INET;
	else if (inet_pton(AF_INET6, buf, r.addr) == 1)
		r.family = WARDEN_PF_INET6;
	return r;
}

static struct warden_ptab *build(struct warden_prule *r, u32 n, void **mem)
{
	u32 i, n4 = 0;

	for (i = 0; i < n; i++)
		n4 += r[i].family == WARDEN_PF_INET;
	*mem = aligned_alloc(8, (warden_ptab_size(n4, n - n4) + 7) & ~7UL);
	return warden_ptab_build(*mem, r, n);
}

/* Value for addr:port, or -1. */
static long look(const struct warden_ptab *t, const char *addr, u16 port)
{
	u8 a[16] = { 0 };
	u8 fam = WARDEN_PF_INET;
	u32 v;

	if (inet_pton(AF_INET, addr, a) != 1) {
		fam = WARDEN_PF_INET6;
		inet_pton(AF_INET6, addr, a);
	}
	return warden_ptab_lookup(t, fam, a, port, &v) ? (long)v : -1;
}

static void test_basic(void)
{
	struct warden_prule r[] = {
		rule("10.0.0.0/8", 0, 65535, 1),
		rule("10.1.0.0/16", 0, 65535, 2),
		rule("10.1.2.0/24", 443, 443, 3),
		rule("10.1.2.0/24", 400, 500, 4),
		rule("0.0.0.0/0", 0, 65535, 5),
		rule("255.255.255.255/32", 0, 65535, 6),
		rule("2001:db8::/32", 0, 65535, 7),
		rule("2001:db8:1::/48", 80, 80, 8),
		rule("::/0", 22, 22, 9),
		rule("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", 0, 65535, 10),
		rule("10.255.255.255/32", 0, 65535, 11),
	};
	struct warden_ptab *t;
	void *mem;

	t = build(r, sizeof(r) / sizeof(r[0]), &mem);
	is(look(t, "10.9.9.9", 1), 1, "v4: /8 matches inside it");
	is(look(t, "10.1.9.9", 1), 2, "v4: the longer /16 wins over /8");
	is(look(t, "10.1.2.3", 443), 3, "v4: the narrowest port range wins");
	is(look(t, "10.1.2.3", 444), 4, "v4: the wider range covers other ports");
	is(look(t, "10.1.2.3", 80), 2, "v4: no port match falls back to the parent");
	is(look(t, "11.0.0.1", 80), 5, "v4: /0 catches everything else");
	is(look(t, "255.255.255.255", 1), 6, "v4: the top address /32");
	is(look(t, "255.255.255.254", 1), 5, "v4: below the top /32");
	is(look(t, "10.255.255.255", 1), 11, "v4: /32 at the end of the /8");
	is(look(t, "11.0.0.0", 1), 5, "v4: the address after the /8");
	is(look(t, "9.255.255.255", 1), 5, "v4: the address before the /8");
	is(look(t, "10.0.0.0", 1), 1, "v4: first address of the /8");
	is(look(t, "2001:db8:1::5", 80), 8, "v6: /48 with port");
	is(look(t, "2001:db8:1::5", 81), 7, "v6: /48 without port falls back to /32");
	is(look(t, "2001:db9::1", 22), 9, "v6: /0 with port 22");
	is(look(t, "2001:db9::1", 23), -1, "v6: nothing matches");
	is(look(t, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 1), 10, "v6: the top address");
	is(look(t, "::", 1), -1, "v6: the bottom address, wrong port");
	free(mem);

	/* An empty table matches nothing. */
	t = build(NULL, 0, &mem);
	is(look(t, "1.2.3.4", 1), -1, "empty table, v4");
	is(look(t, "::1", 1), -1, "empty table, v6");
	free(mem);
}

static void test_validity(void)
{
	struct warden_prule a = rule("10.0.0.0/8", 0, 65535, 1);
	struct warden_prule b = rule("10.0.0.0/8", 0, 65535, 2);

	ok(warden_prule_valid(&a), "10.0.0.0/8 is valid");
	ok(warden_prule_same_key(&a, &b), "same prefix and ports are the same key");
	b.port_hi = 100;
	ok(!warden_prule_same_key(&a, &b), "a different port range is another key");
	a = rule("10.1.0.0/8", 0, 65535, 1);
	ok(!warden_prule_valid(&a), "host bits below the length are invalid");
	a = rule("10.0.0.0/33", 0, 65535, 1);
	ok(!warden_prule_valid(&a), "v4 length 33 is invalid");
	a = rule("2001:db8::/129", 0, 65535, 1);
	ok(!warden_prule_valid(&a), "v6 length 129 is invalid");
	a = rule("10.0.0.0/8", 10, 9, 1);
	ok(!warden_prule_valid(&a), "an inverted port range is invalid");
}

/* Replace and delete are rebuilds from a changed rule list. */
static void test_replace_delete(void)
{
	struct warden_prule r[3] = {
		rule("192.0.2.0/24", 0, 65535, 1),
		rule("192.0.2.128/25", 0, 65535, 2),
		rule("192.0.2.0/24", 443, 443, 3),
	};
	struct warden_ptab *t;
	void *mem;
	int i;

	t = build(r, 3, &mem);
	is(look(t, "192.0.2.200", 443), 2, "longer prefix beats a narrower port range");
	is(look(t, "192.0.2.1", 443), 3, "port rule in the /24");
	free(mem);
	/* build() sorted r: find rules by value again. */
	for (i = 0; i < 3; i++)
		if (r[i].value == 1)
			r[i].value = 42;	/* replace */
	t = build(r, 3, &mem);
	is(look(t, "192.0.2.1", 80), 42, "replaced value is returned");
	free(mem);
	for (i = 0; i < 3; i++)
		if (r[i].value == 3)
			r[i] = r[2];		/* delete the port rule */
	t = build(r, 2, &mem);
	is(look(t, "192.0.2.1", 443), 42, "deleted port rule no longer matches");
	free(mem);
}

/*
 * Reference: the naive scan the table must agree with. Longest prefix, then
 * narrowest port range, then (equal widths overlapping) the lower first port.
 */
static long naive(const struct warden_prule *r, u32 n, u8 fam, const u8 *a, u16 port)
{
	long best = -1;
	int blen = -1;
	u32 bw = 0, blo = 0, i, bit;

	for (i = 0; i < n; i++) {
		const struct warden_prule *x = &r[i];
		u32 w = x->port_hi - x->port_lo;
		bool m = x->family == fam && port >= x->port_lo && port <= x->port_hi;

		for (bit = 0; m && bit < x->plen; bit++)
			if ((a[bit / 8] ^ x->addr[bit / 8]) & (0x80 >> (bit % 8)))
				m = false;
		if (!m)
			continue;
		if (x->plen > blen || (x->plen == blen && w < bw) ||
		    (x->plen == blen && w == bw && x->port_lo < blo)) {
			best = x->value;
			blen = x->plen;
			bw = w;
			blo = x->port_lo;
		}
	}
	return best;
}

static u64 rng = 88172645463325252ULL;
static u32 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (u32)(rng >> 11);
}

static void random_addr(u8 fam, u8 *a)
{
	u32 i;

	memset(a, 0, 16);
	/* A small address space so that prefixes nest and collide. */
	a[0] = 10 + (rnd() % 2);
	for (i = 1; i < (fam == WARDEN_PF_INET ? 4u : 16u); i++)
		a[i] = (u8)(rnd() % 4);
}

/*
 * @n random unique rules, half with small port ranges, in a small address
 * space (prefixes nest and collide) or in the whole one. Returns how many
 * have a port range.
 */
static u32 random_rules(struct warden_prule *r, u32 n, bool whole)
{
	u32 got = 0, port_ranges = 0, i;

	while (got < n) {
		struct warden_prule x = { 0 };
		u32 bits, b;

		x.family = rnd() % 3 ? WARDEN_PF_INET : WARDEN_PF_INET6;
		bits = x.family == WARDEN_PF_INET ? 32 : 128;
		random_addr(x.family, x.addr);
		for (b = 0; whole && b < 16; b++)
			x.addr[b] = (u8)rnd();
		x.plen = (u8)(rnd() % (bits + 1));
		for (b = x.plen; b < 128; b++)
			x.addr[b / 8] &= (u8)~(0x80 >> (b % 8));
		if (rnd() % 2) {
			x.port_lo = (u16)(rnd() % 8);
			x.port_hi = (u16)(x.port_lo + rnd() % 4);
		} else {
			x.port_hi = 65535;
		}
		x.value = got;
		for (i = 0; i < got; i++)
			if (warden_prule_same_key(&r[i], &x))
				break;
		if (i < got)
			continue;
		port_ranges += x.port_hi != 65535;
		r[got++] = x;
	}
	return port_ranges;
}

static void test_differential(void)
{
	enum { N = 600, Q = 20000 };
	static struct warden_prule r[N], copy[N];
	u32 q, bad = 0, port_ranges;
	struct warden_ptab *t;
	void *mem;

	port_ranges = random_rules(r, N, false);
	ok(port_ranges > 0, "random rules include port ranges");
	memcpy(copy, r, sizeof(r));
	t = build(copy, N, &mem);
	for (q = 0; q < Q; q++) {
		u8 fam = rnd() % 2 ? WARDEN_PF_INET : WARDEN_PF_INET6, a[16];
		u16 port = (u16)(rnd() % 12);
		long want, got;
		u32 v;

		random_addr(fam, a);
		want = naive(r, N, fam, a, port);
		got = warden_ptab_lookup(t, fam, a, port, &v) ? (long)v : -1;
		if (got != want && bad++ < 5)
			printf("# mismatch: fam %u port %u got %ld want %ld\n",
			       fam, port, got, want);
	}
	is(bad, 0, "20000 random lookups agree with a linear scan over 600 rules");
	free(mem);
}

/* @a += @delta (+1 or -1) over @bytes big-endian bytes; false on wrap. */
static bool addr_step(u8 *a, u32 bytes, int delta)
{
	u32 i = bytes;

	while (i--) {
		a[i] = (u8)(a[i] + delta);
		if (a[i] != (delta > 0 ? 0x00 : 0xff))
			return true;
	}
	return false;
}

/*
 * A table big enough to be bucketed, over the whole address space: the
 * first and last address of every rule and their neighbours, which is where
 * interval and bucket edges fall, agree with the linear scan.
 */
static void test_bucket_edges(void)
{
	enum { N = 3000 };
	static struct warden_prule r[N], copy[N];
	u32 i, bad = 0, checked = 0;
	struct warden_ptab *t;
	void *mem;

	random_rules(r, N, true);
	memcpy(copy, r, sizeof(r));
	t = build(copy, N, &mem);
	ok(t->bits4 >= 8 && t->bits6 >= 8, "3000 rules are bucketed by 8 or more address bits");
	for (i = 0; i < N; i++) {
		u32 bytes = r[i].family == WARDEN_PF_INET ? 4 : 16, b, e;
		u8 first[16], last[16], a[16];

		memcpy(first, r[i].addr, 16);
		memcpy(last, r[i].addr, 16);
		for (b = r[i].plen; b < bytes * 8; b++)
			last[b / 8] |= (u8)(0x80 >> (b % 8));
		for (e = 0; e < 4; e++) {
			long want, got;
			u32 v;

			memcpy(a, e < 2 ? first : last, 16);
			if ((e == 0 && !addr_step(a, bytes, -1)) ||
			    (e == 3 && !addr_step(a, bytes, 1)))
				continue;
			want = naive(r, N, r[i].family, a, 80);
			got = warden_ptab_lookup(t, r[i].family, a, 80, &v) ? (long)v : -1;
			checked++;
			if (got != want && bad++ < 5)
				printf("# mismatch at rule %u edge %u: got %ld want %ld\n",
				       i, e, got, want);
		}
	}
	is(bad, 0, "every rule's first and last address and their neighbours agree with the scan");
	ok(checked > 3 * N, "edges checked");
	free(mem);
}

int main(void)
{
	test_basic();
	test_validity();
	test_replace_delete();
	test_differential();
	test_bucket_edges();
	return tap_done();
}
