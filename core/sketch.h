/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Heavy hitters: a count-min sketch with conservative update estimates how
 * many SYNs each source sent, in fixed memory whatever the number of
 * sources; a small per-listener list remembers the sources with the largest
 * estimates so they can be named in reports.
 *
 * Estimates overcount by at most total/width with high probability, and
 * less for skewed traffic, which is the case the list is for. CPUs update
 * counters without a lock: two updates of one cell at the same instant may
 * count once, which only makes an estimate a little low. Decay halves the
 * counters a slice at a time (warden_cms_decay_lines()), so the list follows
 * recent traffic without a pass over the whole sketch at once.
 */
#ifndef _WARDEN_CORE_SKETCH_H
#define _WARDEN_CORE_SKETCH_H

#include "compat.h"
#include "srctable.h"

#define WARDEN_CMS_DEPTH	4
#define WARDEN_CMS_MIN_WIDTH	64U
#define WARDEN_CMS_MAX_WIDTH	1073741824U
#define WARDEN_TOPK		8

struct warden_cms {
	u32 *cnt;	/* WARDEN_CMS_DEPTH rows of width counters */
	u32 mask;	/* width - 1 */
};

/* Bytes of counter memory for @width (a power of two in range). */
size_t warden_cms_mem_size(u32 width);

void warden_cms_init(struct warden_cms *s, u32 *mem, u32 width);

/* Add @n to the key whose (uniform, keyed) hash is @hash; returns its estimate. */
u32 warden_cms_add(struct warden_cms *s, u64 hash, u32 n);

u32 warden_cms_estimate(const struct warden_cms *s, u64 hash);

/* Lines of counters (one cache line each; all rows of a key share one). */
u32 warden_cms_lines(const struct warden_cms *s);

/* Halve the counters of @n lines from @first; returns the line after them. */
u32 warden_cms_decay_lines(struct warden_cms *s, u32 first, u32 n);

/* Halve every counter. */
void warden_cms_decay(struct warden_cms *s);

struct warden_topk_ent {
	u64 hash;		/* key of the sketch; 0: free */
	struct warden_addr addr;
	u32 count;		/* the sketch's estimate when last seen */
};

struct warden_topk {
	struct warden_topk_ent ent[WARDEN_TOPK];
};

/*
 * Would warden_topk_offer() change the list? Read without the list's lock,
 * so that a flood of small sources costs no write to the shared list. A
 * listed source is only raised when its count grew by a sixteenth.
 */
bool warden_topk_wants(const struct warden_topk *t, u64 hash, u32 count);

/*
 * Offer a source with its current estimate: it replaces the smallest entry
 * when its estimate is larger. Keeps each source at most once.
 */
void warden_topk_offer(struct warden_topk *t, u64 hash,
		       const struct warden_addr *addr, u32 count);

/* Halve the counts, dropping entries that reach zero. */
void warden_topk_decay(struct warden_topk *t);

/* Copy the entries in use, largest first, to @out; returns how many. */
u32 warden_topk_sorted(const struct warden_topk *t,
		       struct warden_topk_ent *out);

#endif /* _WARDEN_CORE_SKETCH_H */
