/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-size, set-associative tables keyed by a 64-bit keyed hash, for the
 * SYN guard: outgoing SYN-ACKs by 4-tuple, verified sources and per-source
 * token buckets by source prefix.
 *
 * Memory is the caller's and never grows: a full set evicts its entry with
 * the oldest stamp, so a flood of distinct keys only churns the table. The
 * hash is SipHash-1-3 with a secret key of the table's owner (each network
 * namespace has its own), so a sender cannot aim its keys at one set.
 * Entries store the hash as a tag instead of the key: a false match needs
 * a 64-bit collision.
 *
 * One byte per slot of the hash (a fingerprint) is kept apart from the
 * entries, 4 bytes per set. A lookup of a key that is not there, the
 * common case in a flood of never-seen sources, reads those 4 bytes and
 * almost never the set's entries: a table of megabytes costs a lookup in
 * a cache-sized array.
 *
 * Sets are locked in stripes that live in the table's memory, each with
 * its own counters: writers take warden_st_lock() around every change of a
 * set, so counts are exact and CPUs working on different sets share no
 * cache line. Readers that only ask whether a key is there use
 * warden_st_peek(), which takes no lock: a flood of lookups of one hot key
 * from every CPU then only shares a read-only line.
 */
#ifndef _WARDEN_CORE_SRCTABLE_H
#define _WARDEN_CORE_SRCTABLE_H

#include "addr.h"
#include "compat.h"

#define WARDEN_ST_WAYS		4
#define WARDEN_ST_MIN_SETS	1U
#define WARDEN_ST_MAX_SETS	16777216U
/* Lock stripes per table (fewer when the table has fewer sets). */
#define WARDEN_ST_STRIPES	1024U

/* A 128-bit secret for the keyed hash. */
struct warden_hkey {
	u64 k0, k1;
};

/*
 * SipHash-1-3 of @n little-endian 64-bit words: the tables' hash. The
 * variant made for hash tables whose keys a sender chooses, and the one
 * behind the kernel's hsiphash() on 64-bit machines, Rust's HashMap and
 * Python's str hash; it costs two thirds of SipHash-2-4 on one word, on
 * every SYN of a flood.
 */
u64 warden_siphash(const u64 *words, u32 n, const struct warden_hkey *key);

/*
 * An address as the guard sees it: family (WARDEN_PF_INET or _INET6) and
 * 16 bytes in network order (IPv4 in the first four).
 */
struct warden_addr {
	u8 family;
	u8 bytes[16];
};

/* Hash of a source address truncated to @plen bits. */
u64 warden_src_hash(const struct warden_hkey *key, const struct warden_addr *a,
		    u8 plen);

/* Hash of a connection: remote and local address and port (network order). */
u64 warden_tuple_hash(const struct warden_hkey *key,
		      const struct warden_addr *raddr, u16 rport,
		      const struct warden_addr *laddr, u16 lport);

struct warden_st_ent {
	u64 tag;	/* the key's hash; 0 marks a free slot */
	u64 stamp;	/* last write (ns): expiry and eviction order */
	u64 val;	/* the user's payload */
};

struct warden_st_stats {
	u64 inserts;	/* new keys stored */
	u64 evictions;	/* live entries pushed out by a new key */
	u64 expired;	/* entries found past their TTL */
	u64 used;	/* slots holding an entry (expired ones until swept) */
};

struct warden_st_stripe {
	struct warden_lock lock;	/* serialises the sets of this stripe */
	struct warden_st_stats stats;	/* of its sets, under lock */
} __aligned(WARDEN_CACHELINE);

struct warden_st {
	struct warden_st_ent *ent;	/* nsets * WARDEN_ST_WAYS entries */
	u8 *fp;				/* a fingerprint per slot; 0: free */
	struct warden_st_stripe *stripe;	/* stripe_mask + 1 of them */
	u32 set_mask;			/* nsets - 1, nsets a power of two */
	u32 stripe_mask;
	u64 ttl_ns;			/* entries older than this are gone */
};

/* Sets needed for at least @entries entries (a power of two, clamped). */
u32 warden_st_sets_for(u32 entries);

/*
 * Bytes of memory for @nsets sets: entries, fingerprints, then the lock
 * stripes (cache-line aligned if the memory is).
 */
size_t warden_st_mem_size(u32 nsets);

/* Attach zeroed memory of warden_st_mem_size(@nsets) bytes (a power of two). */
void warden_st_init(struct warden_st *st, struct warden_st_ent *mem,
		    u32 nsets, u64 ttl_ns);

/* The set a hash lives in. */
static inline u32 warden_st_set(const struct warden_st *st, u64 hash)
{
	return (u32)hash & st->set_mask;
}

static inline struct warden_st_stripe *
warden_st_stripe(const struct warden_st *st, u64 hash)
{
	return &st->stripe[warden_st_set(st, hash) & st->stripe_mask];
}

/* Lock @hash's set; every find, get or del of that hash holds it. */
static inline struct warden_st_stripe *warden_st_lock(struct warden_st *st, u64 hash)
	__acquires(st)
{
	struct warden_st_stripe *s = warden_st_stripe(st, hash);

	warden_lock(&s->lock);
	return s;
}

static inline void warden_st_unlock(struct warden_st_stripe *s)
	__releases(st)
{
	warden_unlock(&s->lock);
}

static inline u64 warden_st_tag(u64 hash)
{
	return hash ? hash : 1;
}

/* The live entry for @hash, or NULL. Expired entries are freed on the way. */
struct warden_st_ent *warden_st_find(struct warden_st *st, u64 hash, u64 now);

/*
 * Without the lock: is there a live entry for @hash, and what was its val
 * (in @val, if not NULL)? An entry being replaced at that moment reads as
 * absent, never as another key's.
 */
bool warden_st_peek(const struct warden_st *st, u64 hash, u64 now, u64 *val);

/*
 * The entry for @hash, creating it when missing; @created says which. A new
 * entry has val 0 and stamp @now. When the set is full the oldest stamp is
 * evicted. Never fails.
 */
struct warden_st_ent *warden_st_get(struct warden_st *st, u64 hash, u64 now,
				    bool *created);

/* The fingerprint of a hash: its top byte (the set comes from the low bits). */
static inline u8 warden_st_fp(u64 hash)
{
	u8 fp = hash >> 56;

	return fp ? fp : 1;
}

/* Free an entry found under its stripe's lock. */
void warden_st_del(struct warden_st *st, struct warden_st_ent *e);

/*
 * Free the expired entries of @nsets sets from @first (wrapping around),
 * each stripe locked in turn with bottom halves off; returns the set to
 * start from next time. Bounded work for a periodic sweep, which keeps
 * the used count close to the live one.
 */
u32 warden_st_sweep(struct warden_st *st, u32 first, u32 nsets, u64 now);

/* The counters of all stripes, summed (read without the locks). */
void warden_st_stats(const struct warden_st *st, struct warden_st_stats *out);

/* Drop every entry and zero the counters; no other user may run. */
void warden_st_clear(struct warden_st *st);

#endif /* _WARDEN_CORE_SRCTABLE_H */
