// SPDX-License-Identifier: GPL-2.0
/* Tests of the bounded set-associative tables and the keyed hashes. */
#include <stdint.h>
#include <stdlib.h>

#include "tap.h"
#include "srctable.h"

#define SEC 1000000000ULL

static const struct warden_hkey key = { 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL };
static const struct warden_hkey key2 = { 1, 2 };

/* The table's counters, summed over its lock stripes. */
static struct warden_st_stats stats(const struct warden_st *st)
{
	struct warden_st_stats sum;

	warden_st_stats(st, &sum);
	return sum;
}

/* Live entries by a full scan, to check the used counter against. */
static u32 live(const struct warden_st *st, u64 now)
{
	size_t i, n = (size_t)(st->set_mask + 1) * WARDEN_ST_WAYS;
	u32 k = 0;

	for (i = 0; i < n; i++)
		k += st->ent[i].tag && (now < st->ent[i].stamp || now - st->ent[i].stamp < st->ttl_ns);
	return k;
}

/* Slots holding an entry, expired or not: what the used counter counts. */
static u32 occupied(const struct warden_st *st)
{
	size_t i, n = (size_t)(st->set_mask + 1) * WARDEN_ST_WAYS;
	u32 k = 0;

	for (i = 0; i < n; i++)
		k += st->ent[i].tag != 0;
	return k;
}

static struct warden_addr v4(u8 a, u8 b, u8 c, u8 d)
{
	struct warden_addr x = { .family = WARDEN_PF_INET, .bytes = { a, b, c, d } };
	return x;
}

/*
 * SipHash-c-d as the paper describes it, rounds as parameters: a reference
 * that the published SipHash-2-4 vector checks, and that checks the
 * tables' SipHash-1-3 in turn.
 */
static u64 ref_rotl(u64 x, int b)
{
	return (x << b) | (x >> (64 - b));
}

static void ref_round(u64 *v)
{
	v[0] += v[1];
	v[1] = ref_rotl(v[1], 13) ^ v[0];
	v[0] = ref_rotl(v[0], 32);
	v[2] += v[3];
	v[3] = ref_rotl(v[3], 16) ^ v[2];
	v[0] += v[3];
	v[3] = ref_rotl(v[3], 21) ^ v[0];
	v[2] += v[1];
	v[1] = ref_rotl(v[1], 17) ^ v[2];
	v[2] = ref_rotl(v[2], 32);
}

static u64 ref_siphash(const u64 *m, int n, int c, int d)
{
	u64 v[4] = { key.k0 ^ 0x736f6d6570736575ULL, key.k1 ^ 0x646f72616e646f6dULL,
		     key.k0 ^ 0x6c7967656e657261ULL, key.k1 ^ 0x7465646279746573ULL };
	u64 b = (u64)(n * 8) << 56;
	int i, r;

	for (i = 0; i <= n; i++) {
		u64 w = i < n ? m[i] : b;

		v[3] ^= w;
		for (r = 0; r < c; r++)
			ref_round(v);
		v[0] ^= w;
	}
	v[2] ^= 0xff;
	for (r = 0; r < d; r++)
		ref_round(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

static void test_siphash(void)
{
	/*
	 * From the SipHash paper's test vectors: key 00 01 .. 0f, message
	 * 00 01 .. 07, output bytes 62 24 93 9a 79 f5 f5 93 (little-endian).
	 */
	u64 msg[5] = { 0x0706050403020100ULL, 7, 1ULL << 63, 0, ~0ULL };
	int n, same = 0;

	is(ref_siphash(msg, 1, 2, 4), 0x93f5f5799a932462ULL,
	   "the reference SipHash-2-4 matches the published vector for 8 bytes");
	for (n = 0; n <= 5; n++)
		same += warden_siphash(msg, n, &key) == ref_siphash(msg, n, 1, 3);
	is(same, 6, "the tables' hash is SipHash-1-3 of 0 to 5 words");
	ok(warden_siphash(msg, 1, &key) != ref_siphash(msg, 1, 2, 4),
	   "and not SipHash-2-4");
	msg[0] = 0;
	ok(warden_siphash(msg, 1, &key) != warden_siphash(msg + 1, 1, &key),
	   "different input, different hash");
}

static void test_src_hash(void)
{
	struct warden_addr a = v4(10, 1, 2, 3), b = v4(10, 1, 2, 99);
	struct warden_addr c6 = { .family = WARDEN_PF_INET6, .bytes = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 5 } };
	struct warden_addr d6 = c6;

	ok(warden_src_hash(&key, &a, 32) != warden_src_hash(&key, &b, 32),
	   "two /32 sources hash apart");
	is(warden_src_hash(&key, &a, 24), warden_src_hash(&key, &b, 24),
	   "two sources in one /24 share the /24 key");
	ok(warden_src_hash(&key, &a, 32) != warden_src_hash(&key2, &a, 32),
	   "the same source under another namespace's key is another key");
	d6.bytes[15] = 77;
	is(warden_src_hash(&key, &c6, 64), warden_src_hash(&key, &d6, 64),
	   "IPv6 sources in one /64 share the key");
	ok(warden_src_hash(&key, &c6, 128) != warden_src_hash(&key, &d6, 128),
	   "IPv6 /128 keys differ");
	ok(warden_tuple_hash(&key, &a, 1000, &b, 80) !=
	   warden_tuple_hash(&key, &a, 1001, &b, 80), "the remote port is part of the tuple");
	ok(warden_tuple_hash(&key, &a, 1000, &b, 80) !=
	   warden_tuple_hash(&key, &b, 1000, &a, 80), "direction matters in the tuple");
	ok(warden_tuple_hash(&key, &a, 1000, &b, 80) !=
	   warden_tuple_hash(&key2, &a, 1000, &b, 80), "another namespace's key, another tuple hash");
	{
		/* the same bytes as IPv6 addresses: a tuple of the other family */
		struct warden_addr a6 = a, b6 = b;

		a6.family = WARDEN_PF_INET6;
		b6.family = WARDEN_PF_INET6;
		ok(warden_tuple_hash(&key, &a, 1000, &b, 80) !=
		   warden_tuple_hash(&key, &a6, 1000, &b6, 80),
		   "IPv4 and IPv6 tuples of the same bytes hash apart");
	}
}

static void test_table(void)
{
	u32 nsets = warden_st_sets_for(64);
	struct warden_st_ent *mem = calloc(1, warden_st_mem_size(nsets));
	struct warden_st st;
	struct warden_st_ent *e;
	bool created;
	u64 h, now = 100 * SEC;
	u32 i;

	is(nsets, 16, "64 entries need 16 sets of 4");
	is(warden_st_sets_for(0), 1, "a table has at least one set");
	is(warden_st_sets_for(65), 32, "sizes round up to a power of two");
	warden_st_init(&st, mem, nsets, 10 * SEC);

	ok(!warden_st_find(&st, 12345, now), "an empty table finds nothing");
	e = warden_st_get(&st, 12345, now, &created);
	ok(e && created && e->val == 0, "get creates a zeroed entry");
	e->val = 77;
	e = warden_st_get(&st, 12345, now + SEC, &created);
	ok(!created && e->val == 77, "get finds the existing entry");
	ok(warden_st_find(&st, 12345, now + 9 * SEC) == e, "find sees it before the TTL");
	ok(!warden_st_find(&st, 12345, now + 10 * SEC), "it is gone at the TTL");
	is(stats(&st).expired, 1, "the expiry was counted");
	e = warden_st_get(&st, 0, now, &created);
	ok(created && warden_st_find(&st, 0, now) == e, "hash 0 is a valid key");
	warden_st_del(&st, e);
	ok(!warden_st_find(&st, 0, now), "a deleted entry is gone");

	/* Five keys in one set of four: the oldest goes. */
	warden_st_clear(&st);
	for (i = 0; i < 5; i++) {
		h = ((u64)(i + 1) << 32) | 3;	/* all in set 3 */
		e = warden_st_get(&st, h, now + i, &created);
		e->val = i;
	}
	is(stats(&st).evictions, 1, "the fifth key in a full set evicts one entry");
	ok(!warden_st_find(&st, (1ULL << 32) | 3, now + 5), "the oldest entry was evicted");
	ok(warden_st_find(&st, (5ULL << 32) | 3, now + 5), "the new entry is there");
	is(live(&st, now + 5), 4, "the set holds four live entries");
	is(stats(&st).used, 4, "the used counter says four");

	/* Touching an entry protects it from eviction. */
	e = warden_st_find(&st, (2ULL << 32) | 3, now + 6);
	e->stamp = now + 6;
	warden_st_get(&st, (9ULL << 32) | 3, now + 7, &created);
	ok(warden_st_find(&st, (2ULL << 32) | 3, now + 8), "a recently touched entry survives");
	ok(!warden_st_find(&st, (3ULL << 32) | 3, now + 8), "the least recently touched one went");

	/* Expired entries are reused before live ones are evicted. */
	warden_st_clear(&st);
	warden_st_get(&st, (1ULL << 32) | 5, now, &created);
	for (i = 2; i <= 4; i++)
		warden_st_get(&st, ((u64)i << 32) | 5, now + 5 * SEC, &created);
	warden_st_get(&st, (7ULL << 32) | 5, now + 11 * SEC, &created);
	is(stats(&st).evictions, 0, "an expired entry is reused without an eviction");
	is(live(&st, now + 11 * SEC), 4, "four live entries remain");
	is(stats(&st).used, 4, "and four used slots: the expired one was reused");

	/* Fingerprints only filter: equal ones still need the whole tag. */
	warden_st_clear(&st);
	h = (0xabULL << 56) | (1ULL << 32) | 6;
	e = warden_st_get(&st, h, now, &created);
	e->val = 1;
	is(st.fp[6 * WARDEN_ST_WAYS], 0xab, "a new entry's slot gets its fingerprint");
	ok(!warden_st_find(&st, (0xabULL << 56) | (2ULL << 32) | 6, now),
	   "a key with the same set and fingerprint but another tag is not found");
	e = warden_st_get(&st, (0xabULL << 56) | (2ULL << 32) | 6, now, &created);
	e->val = 2;
	ok(created && warden_st_find(&st, h, now)->val == 1 &&
	   warden_st_find(&st, (0xabULL << 56) | (2ULL << 32) | 6, now)->val == 2,
	   "two keys sharing a fingerprint are both found");
	warden_st_del(&st, e);
	is(st.fp[6 * WARDEN_ST_WAYS + 1], 0, "deleting frees the fingerprint");
	ok(!warden_st_find(&st, h, now + 10 * SEC) && !st.fp[6 * WARDEN_ST_WAYS],
	   "expiry found by a lookup frees the fingerprint");
	is(warden_st_fp(0), 1, "fingerprints are never 0 (0 marks a free slot)");
	free(mem);
}

/* One million distinct keys: the table never holds more than its size. */
static void test_bound(void)
{
	u32 nsets = warden_st_sets_for(4096);
	struct warden_st_ent *mem = calloc(1, warden_st_mem_size(nsets));
	struct warden_st st;
	struct warden_addr a = v4(0, 0, 0, 0);
	bool created;
	u32 i, n;

	warden_st_init(&st, mem, nsets, 600 * SEC);
	for (i = 0; i < 1000000; i++) {
		a.bytes[0] = 198;
		a.bytes[1] = (u8)(i >> 16);
		a.bytes[2] = (u8)(i >> 8);
		a.bytes[3] = (u8)i;
		warden_st_get(&st, warden_src_hash(&key, &a, 32), i, &created);
	}
	n = live(&st, 1000000);
	is(stats(&st).used, occupied(&st), "the used counter matches a scan after 1M inserts");
	ok(n <= 4096 && n > 4096 * 9 / 10, "1M keys leave the 4096-entry table full, not grown (%u)", n);
	is(stats(&st).inserts, 1000000, "every key was inserted");
	is(stats(&st).evictions, 1000000 - n, "every insert beyond the size evicted one entry");
	free(mem);
}

/*
 * Counters live with the lock stripe of the set they count: writers of
 * different sets never share a counter (nor its cache line), and the sum
 * over stripes is the whole table's.
 */
static void test_stripe_stats(void)
{
	u32 nsets = warden_st_sets_for(4096);
	struct warden_st_ent *mem = aligned_alloc(WARDEN_CACHELINE,
						  (warden_st_mem_size(nsets) + 63) & ~63UL);
	struct warden_st st;
	bool created;
	u64 h, now = SEC;

	memset(mem, 0, warden_st_mem_size(nsets));
	warden_st_init(&st, mem, nsets, 10 * SEC);
	is(st.stripe_mask + 1, WARDEN_ST_STRIPES, "a big table has WARDEN_ST_STRIPES stripes");
	is((u64)((char *)&st.stripe[1] - (char *)&st.stripe[0]) % WARDEN_CACHELINE, 0,
	   "stripes are whole cache lines apart");
	ok((u64)(uintptr_t)&st.stripe[0] % WARDEN_CACHELINE == 0,
	   "the first stripe starts a cache line");
	/* Sets 0, 1 and 1024 + 1: stripes 0, 1 and 1 again. */
	for (h = 0; h < 3; h++) {
		struct warden_st_stripe *s = warden_st_lock(&st, h == 2 ? 1025 : h);

		warden_st_get(&st, h == 2 ? 1025 : h, now, &created);
		warden_st_unlock(s);
	}
	is(st.stripe[0].stats.inserts, 1, "an insert into set 0 counts in stripe 0");
	is(st.stripe[1].stats.inserts, 2, "sets 1 and 1025 share stripe 1");
	is(stats(&st).inserts, 3, "the table's count is the stripes' sum");
	free(mem);
}

/* Lock-free peeks, and the sweep that keeps the used count honest. */
static void test_peek_sweep(void)
{
	u32 nsets = warden_st_sets_for(256), next, i;
	struct warden_st_ent *mem = calloc(1, warden_st_mem_size(nsets)), *e;
	struct warden_st st;
	u64 now = SEC, v = 0;
	bool created;

	warden_st_init(&st, mem, nsets, 10 * SEC);
	e = warden_st_get(&st, 42, now, &created);
	e->val = 7;
	ok(warden_st_peek(&st, 42, now, &v) && v == 7, "peek finds a live entry and its value");
	ok(!warden_st_peek(&st, 43, now, &v), "peek misses an absent key");
	ok(!warden_st_peek(&st, 42, now + 10 * SEC, NULL), "peek misses an expired entry");
	is(stats(&st).used, 1, "a peek frees nothing: the expired entry still uses its slot");
	for (i = 0; i < 100; i++)
		warden_st_get(&st, ((u64)i << 32) | i, now, &created);
	is(stats(&st).used, 101, "101 entries in use");
	next = warden_st_sweep(&st, 0, nsets / 2, now + 20 * SEC);
	is(next, nsets / 2, "the sweep stops after the sets it was given");
	next = warden_st_sweep(&st, next, nsets, now + 20 * SEC);
	is(next, nsets / 2, "and wraps around to where it started");
	is(stats(&st).used, 0, "after a full sweep nothing expired uses a slot");
	is(occupied(&st), 0, "the scan agrees");
	is(stats(&st).expired, 101, "every expiry was counted once");
	free(mem);
}

int main(void)
{
	test_siphash();
	test_src_hash();
	test_table();
	test_bound();
	test_stripe_stats();
	test_peek_sweep();
	return tap_done();
}
