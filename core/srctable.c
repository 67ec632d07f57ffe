// SPDX-License-Identifier: GPL-2.0
#include "srctable.h"

static inline u64 rotl64(u64 x, unsigned int b)
{
	return (x << b) | (x >> (64 - b));
}

/* One SipRound (inlined: the four words stay in registers). */
static inline void sipround(u64 *a, u64 *b, u64 *c, u64 *d)
{
	*a += *b;
	*b = rotl64(*b, 13) ^ *a;
	*a = rotl64(*a, 32);
	*c += *d;
	*d = rotl64(*d, 16) ^ *c;
	*a += *d;
	*d = rotl64(*d, 21) ^ *a;
	*c += *b;
	*b = rotl64(*b, 17) ^ *c;
	*c = rotl64(*c, 32);
}

/*
 * SipHash-1-3 (one round per word, three to finish), 64 bits out: the
 * kernel has it only as hsiphash(), which keeps 32 of them.
 */
u64 warden_siphash(const u64 *words, u32 n, const struct warden_hkey *key)
{
	/* The initial constants are the ASCII of "somepseudorandomlygeneratedbytes". */
	u64 v0 = key->k0 ^ 0x736f6d6570736575ULL;
	u64 v1 = key->k1 ^ 0x646f72616e646f6dULL;
	u64 v2 = key->k0 ^ 0x6c7967656e657261ULL;
	u64 v3 = key->k1 ^ 0x7465646279746573ULL;
	u64 last = (u64)(n * 8) << 56;
	u32 i;

	for (i = 0; i < n; i++) {
		v3 ^= words[i];
		sipround(&v0, &v1, &v2, &v3);
		v0 ^= words[i];
	}
	v3 ^= last;
	sipround(&v0, &v1, &v2, &v3);
	v0 ^= last;
	v2 ^= 0xff;
	sipround(&v0, &v1, &v2, &v3);
	sipround(&v0, &v1, &v2, &v3);
	sipround(&v0, &v1, &v2, &v3);
	return v0 ^ v1 ^ v2 ^ v3;
}

/* An IPv4 address (network order bytes) as a number. */
static u32 be32_word(const struct warden_addr *a)
{
	return (u32)a->bytes[0] << 24 | (u32)a->bytes[1] << 16 |
	       (u32)a->bytes[2] << 8 | a->bytes[3];
}

/* Address bytes as two words, bits past @plen cleared. */
static void addr_words(const struct warden_addr *a, u8 plen, u64 *hi, u64 *lo)
{
	u64 w[2] = { 0, 0 };
	unsigned int i, nbytes = a->family == WARDEN_PF_INET ? 4 : 16;

	for (i = 0; i < nbytes; i++)
		w[i / 8] |= (u64)a->bytes[i] << (56 - 8 * (i % 8));
	if (plen <= 64) {
		w[1] = 0;
		if (plen < 64)
			w[0] &= plen ? ~0ULL << (64 - plen) : 0;
	} else if (plen < 128) {
		w[1] &= ~0ULL << (128 - plen);
	}
	*hi = w[0];
	*lo = w[1];
}

u64 warden_src_hash(const struct warden_hkey *key, const struct warden_addr *a,
		    u8 plen)
{
	u64 w[3];

	/*
	 * IPv4 fits one word with its prefix length: one word hashes in
	 * about two thirds of the time of two, and this runs for every SYN
	 * of a flood. The message length keeps the families apart.
	 */
	if (a->family == WARDEN_PF_INET) {
		u32 v4 = be32_word(a);

		plen = min_t(u8, plen, 32);
		v4 &= plen ? ~0U << (32 - plen) : 0;
		w[0] = (u64)plen << 32 | v4;
		return warden_siphash(w, 1, key);
	}
	w[0] = ((u64)a->family << 8) | plen;
	addr_words(a, plen, &w[1], &w[2]);
	return warden_siphash(w, 3, key);
}

u64 warden_tuple_hash(const struct warden_hkey *key,
		      const struct warden_addr *raddr, u16 rport,
		      const struct warden_addr *laddr, u16 lport)
{
	u64 w[5];

	w[0] = ((u64)raddr->family << 32) | ((u64)rport << 16) | lport;
	/* Both IPv4 addresses fit one word: half the hashing, on every ACK. */
	if (raddr->family == WARDEN_PF_INET) {
		w[1] = (u64)be32_word(raddr) << 32 | be32_word(laddr);
		return warden_siphash(w, 2, key);
	}
	addr_words(raddr, 128, &w[1], &w[2]);
	addr_words(laddr, 128, &w[3], &w[4]);
	return warden_siphash(w, 5, key);
}

u32 warden_st_sets_for(u32 entries)
{
	u32 sets = WARDEN_ST_MIN_SETS;
	u32 want = entries / WARDEN_ST_WAYS + !!(entries % WARDEN_ST_WAYS);

	while (sets < want && sets < WARDEN_ST_MAX_SETS)
		sets <<= 1;
	return sets;
}

static u32 st_stripes(u32 nsets)
{
	return min(nsets, WARDEN_ST_STRIPES);
}

/* Where the stripes start: after the fingerprints, on a cache line. */
static size_t st_stripe_off(u32 nsets)
{
	size_t off = (size_t)nsets * WARDEN_ST_WAYS * (sizeof(struct warden_st_ent) + 1);

	return (off + WARDEN_CACHELINE - 1) & ~(size_t)(WARDEN_CACHELINE - 1);
}

size_t warden_st_mem_size(u32 nsets)
{
	return st_stripe_off(nsets) + st_stripes(nsets) * sizeof(struct warden_st_stripe);
}

void warden_st_init(struct warden_st *st, struct warden_st_ent *mem,
		    u32 nsets, u64 ttl_ns)
{
	u32 i;

	memset(st, 0, sizeof(*st));
	st->ent = mem;
	st->fp = (u8 *)(mem + (size_t)nsets * WARDEN_ST_WAYS);
	st->stripe = (struct warden_st_stripe *)((u8 *)mem + st_stripe_off(nsets));
	st->set_mask = nsets - 1;
	st->stripe_mask = st_stripes(nsets) - 1;
	st->ttl_ns = ttl_ns;
	for (i = 0; i <= st->stripe_mask; i++)
		warden_lock_init(&st->stripe[i].lock);
}

static inline bool st_fresh(const struct warden_st *st, u64 stamp, u64 now)
{
	/* A stamp in the future (clock skew between CPUs) counts as fresh. */
	return now < stamp || now - stamp < st->ttl_ns;
}

static inline bool st_live(const struct warden_st *st,
			   const struct warden_st_ent *e, u64 now)
{
	return e->tag && st_fresh(st, e->stamp, now);
}

static inline size_t st_row(const struct warden_st *st, u64 hash)
{
	return (size_t)warden_st_set(st, hash) * WARDEN_ST_WAYS;
}

/* Counters are read without the lock: each write is one store. */
static inline void st_count(u64 *c, s64 d)
{
	WRITE_ONCE(*c, *c + d);
}

static inline struct warden_st_stats *st_slot_stats(struct warden_st *st, size_t slot)
{
	return &st->stripe[(slot / WARDEN_ST_WAYS) & st->stripe_mask].stats;
}

/* Under the stripe's lock: the slot is empty from now on. */
static void st_free(struct warden_st *st, size_t slot)
{
	WRITE_ONCE(st->ent[slot].tag, 0);
	WRITE_ONCE(st->fp[slot], 0);
	st_count(&st_slot_stats(st, slot)->used, -1);
}

struct warden_st_ent *warden_st_find(struct warden_st *st, u64 hash, u64 now)
{
	size_t row = st_row(st, hash);
	u64 tag = warden_st_tag(hash);
	u8 fp = warden_st_fp(hash);
	unsigned int i;

	for (i = 0; i < WARDEN_ST_WAYS; i++) {
		struct warden_st_ent *e = &st->ent[row + i];

		if (st->fp[row + i] != fp || e->tag != tag)
			continue;
		if (st_live(st, e, now))
			return e;
		st_free(st, row + i);
		st_count(&warden_st_stripe(st, hash)->stats.expired, 1);
		return NULL;
	}
	return NULL;
}

bool warden_st_peek(const struct warden_st *st, u64 hash, u64 now, u64 *val)
{
	size_t row = st_row(st, hash);
	u64 tag = warden_st_tag(hash), stamp, v;
	u8 fp = warden_st_fp(hash);
	unsigned int i;

	for (i = 0; i < WARDEN_ST_WAYS; i++) {
		const struct warden_st_ent *e = &st->ent[row + i];

		if (READ_ONCE(st->fp[row + i]) != fp || READ_ONCE(e->tag) != tag)
			continue;
		stamp = READ_ONCE(e->stamp);
		v = READ_ONCE(e->val);
		/* A writer clears the tag before it rewrites the rest. */
		smp_rmb();	/* pairs with warden_st_get()'s */
		if (READ_ONCE(e->tag) != tag)
			return false;
		if (!st_fresh(st, stamp, now))
			return false;
		if (val)
			*val = v;
		return true;
	}
	return false;
}

struct warden_st_ent *warden_st_get(struct warden_st *st, u64 hash, u64 now,
				    bool *created)
{
	struct warden_st_stats *stats = &warden_st_stripe(st, hash)->stats;
	size_t row = st_row(st, hash);
	struct warden_st_ent *victim = NULL;
	u64 tag = warden_st_tag(hash);
	unsigned int i;

	for (i = 0; i < WARDEN_ST_WAYS; i++) {
		struct warden_st_ent *e = &st->ent[row + i];

		if (e->tag == tag) {
			if (st_live(st, e, now)) {
				*created = false;
				return e;
			}
			st_count(&stats->expired, 1);
			st_free(st, row + i);
			victim = e;
			break;
		}
		if (!e->tag) {
			if (!victim || victim->tag)
				victim = e;
		} else if (!st_live(st, e, now)) {
			if (!victim || victim->tag) {
				st_count(&stats->expired, 1);
				st_free(st, row + i);
				victim = e;
			}
		} else if (!victim || (victim->tag && e->stamp < victim->stamp)) {
			victim = e;
		}
	}
	if (victim->tag) {
		st_count(&stats->evictions, 1);
		/* lock-free readers must not pair the old tag with new values */
		WRITE_ONCE(victim->tag, 0);
		smp_wmb();	/* the tag is clear before the rest changes */
	} else {
		st_count(&stats->used, 1);
	}
	st_count(&stats->inserts, 1);
	WRITE_ONCE(victim->stamp, now);
	WRITE_ONCE(victim->val, 0);
	WRITE_ONCE(st->fp[victim - st->ent], warden_st_fp(hash));
	smp_wmb();	/* the rest is written before the tag says whose it is */
	WRITE_ONCE(victim->tag, tag);
	*created = true;
	return victim;
}

void warden_st_del(struct warden_st *st, struct warden_st_ent *e)
{
	st_free(st, e - st->ent);
}

u32 warden_st_sweep(struct warden_st *st, u32 first, u32 nsets, u64 now)
{
	u32 set = first & st->set_mask, n;
	unsigned int i;

	for (n = 0; n < nsets && n <= st->set_mask; n++) {
		struct warden_st_stripe *s = &st->stripe[set & st->stripe_mask];
		size_t row = (size_t)set * WARDEN_ST_WAYS;

		warden_lock_bh(&s->lock);
		for (i = 0; i < WARDEN_ST_WAYS; i++) {
			if (!st->ent[row + i].tag || st_live(st, &st->ent[row + i], now))
				continue;
			st_count(&s->stats.expired, 1);
			st_free(st, row + i);
		}
		warden_unlock_bh(&s->lock);
		set = (set + 1) & st->set_mask;
	}
	return set;
}

void warden_st_stats(const struct warden_st *st, struct warden_st_stats *out)
{
	u32 i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i <= st->stripe_mask; i++) {
		const struct warden_st_stats *s = &st->stripe[i].stats;

		out->inserts += READ_ONCE(s->inserts);
		out->evictions += READ_ONCE(s->evictions);
		out->expired += READ_ONCE(s->expired);
		out->used += READ_ONCE(s->used);
	}
}

void warden_st_clear(struct warden_st *st)
{
	u32 i;

	memset(st->ent, 0, st_stripe_off(st->set_mask + 1));
	for (i = 0; i <= st->stripe_mask; i++)
		memset(&st->stripe[i].stats, 0, sizeof(st->stripe[i].stats));
}
