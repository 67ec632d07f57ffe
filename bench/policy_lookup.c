// SPDX-License-Identifier: GPL-2.0
/*
 * Per-lookup cost of the policy prefix table (core/prefix.c) against the
 * obvious peer, a linear scan over the same rules, at several table sizes.
 * Prints one JSON object per size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "prefix.h"

static u64 rng = 0x2545F4914F6CDD1DULL;
static u32 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (u32)(rng >> 16);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void mask(struct warden_prule *r)
{
	u32 b;

	for (b = r->plen; b < 128; b++)
		r->addr[b / 8] &= (u8)~(0x80 >> (b % 8));
}

/* The linear-scan peer: longest prefix, then narrowest port range. */
static bool scan(const struct warden_prule *r, u32 n, u8 fam, const u8 *a, u16 port, u32 *v)
{
	int blen = -1;
	u32 bw = 0, i;

	for (i = 0; i < n; i++) {
		const struct warden_prule *x = &r[i];
		u32 full = x->plen / 8, rest = x->plen % 8, w;

		if (x->family != fam || port < x->port_lo || port > x->port_hi)
			continue;
		if (memcmp(a, x->addr, full))
			continue;
		if (rest && ((a[full] ^ x->addr[full]) & (0xff00 >> rest)))
			continue;
		w = x->port_hi - x->port_lo;
		if (x->plen > blen || (x->plen == blen && w < bw)) {
			blen = x->plen;
			bw = w;
			*v = x->value;
		}
	}
	return blen >= 0;
}

struct q {
	u8 fam;
	u8 addr[16];
	u16 port;
};

int main(int argc, char **argv)
{
	u32 sizes[] = { 10, 1000, 100000 }, si;

	for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
		u32 n = sizes[si], i, n4 = 0, nq = 1 << 20, peer_nq, hits = 0, agree = 0;
		struct warden_prule *rules = calloc(n, sizeof(*rules));
		struct warden_prule *copy = calloc(n, sizeof(*rules));
		struct q *qs = calloc(nq, sizeof(*qs));
		volatile u32 sink = 0;
		struct warden_ptab *t;
		double t0, ours, peer;
		void *mem;

		/* 80% v4 (/8../32), 20% v6 (/16../128); 10% with a port range. */
		for (i = 0; i < n; i++) {
			struct warden_prule *r = &rules[i];
			u32 k;

			r->family = rnd() % 5 ? WARDEN_PF_INET : WARDEN_PF_INET6;
			if (r->family == WARDEN_PF_INET) {
				r->plen = 8 + rnd() % 25;
				for (k = 0; k < 4; k++)
					r->addr[k] = (u8)rnd();
				n4++;
			} else {
				r->plen = 16 + rnd() % 113;
				r->addr[0] = 0x20;
				r->addr[1] = 0x01;
				for (k = 2; k < 16; k++)
					r->addr[k] = (u8)rnd();
			}
			mask(r);
			r->port_hi = 65535;
			if (rnd() % 10 == 0) {
				r->port_lo = 443;
				r->port_hi = 443 + rnd() % 100;
			}
			r->value = i;
		}
		memcpy(copy, rules, n * sizeof(*rules));
		mem = aligned_alloc(8, (warden_ptab_size(n4, n - n4) + 7) & ~7UL);
		t = warden_ptab_build(mem, copy, n);

		/* Queries: 90% inside a random rule's prefix, 10% anywhere. */
		for (i = 0; i < nq; i++) {
			const struct warden_prule *r = &rules[rnd() % n];
			u32 k, bytes;

			qs[i].fam = r->family;
			bytes = r->family == WARDEN_PF_INET ? 4 : 16;
			for (k = 0; k < bytes; k++)
				qs[i].addr[k] = (u8)rnd();
			if (rnd() % 10) {
				for (k = 0; k < r->plen; k++) {
					u8 bit = 0x80 >> (k % 8);

					qs[i].addr[k / 8] = (qs[i].addr[k / 8] & ~bit) | (r->addr[k / 8] & bit);
				}
			}
			qs[i].port = rnd() % 2 ? 443 : (u16)rnd();
		}

		t0 = now_ns();
		for (i = 0; i < nq; i++) {
			u32 v;

			if (warden_ptab_lookup(t, qs[i].fam, qs[i].addr, qs[i].port, &v))
				sink += v, hits++;
		}
		ours = (now_ns() - t0) / nq;

		/* The scan is O(n): fewer queries at large n keep the run short. */
		peer_nq = n >= 100000 ? 2000 : n >= 1000 ? 100000 : nq;
		t0 = now_ns();
		for (i = 0; i < peer_nq; i++) {
			u32 v;

			if (scan(rules, n, qs[i].fam, qs[i].addr, qs[i].port, &v))
				sink += v;
		}
		peer = (now_ns() - t0) / peer_nq;

		/* Same answers: the comparison is only fair if both agree. */
		for (i = 0; i < 2000; i++) {
			u32 a = U32_MAX, b = U32_MAX;
			bool ha = warden_ptab_lookup(t, qs[i].fam, qs[i].addr, qs[i].port, &a);
			bool hb = scan(rules, n, qs[i].fam, qs[i].addr, qs[i].port, &b);

			/* Duplicate keys (rare) may pick different equal rules. */
			agree += ha == hb && (!ha || a == b ||
					      (rules[a].plen == rules[b].plen &&
					       rules[a].port_hi - rules[a].port_lo ==
					       rules[b].port_hi - rules[b].port_lo));
		}
		printf("{\"prefixes\":%u,\"peer\":\"linear scan\",\"peer_ns\":%.1f,\"tcpwarden_ns\":%.1f,"
		       "\"ratio\":%.1f,\"hit_rate\":%.3f,\"agree_of_2000\":%u,\"target_ns\":100,"
		       "\"meets_target\":%s,\"table_bytes\":%zu}\n",
		       n, peer, ours, peer / ours, (double)hits / nq, agree,
		       ours <= 100 ? "true" : "false", warden_ptab_size(n4, n - n4));
		(void)sink;
		free(mem);
		free(rules);
		free(copy);
		free(qs);
	}
	(void)argc;
	(void)argv;
	return 0;
}
