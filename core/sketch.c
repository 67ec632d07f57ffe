// SPDX-License-Identifier: GPL-2.0
#include "sketch.h"

size_t warden_cms_mem_size(u32 width)
{
	return (size_t)width * WARDEN_CMS_DEPTH * sizeof(u32);
}

void warden_cms_init(struct warden_cms *s, u32 *mem, u32 width)
{
	s->cnt = mem;
	s->mask = width - 1;
	memset(mem, 0, warden_cms_mem_size(width));
}

/*
 * Blocked layout: a key's counters all sit in one 64-byte line (16 cells),
 * row i taking its own 4 bits of the hash as the offset in the line. One
 * cache miss per update instead of one per row; the line is picked by the
 * hash's upper 32 bits. The rows share a line, so offsets are distinct.
 */
#define CMS_LINE	16U

static inline u32 *cms_cell(const struct warden_cms *s, u64 hash, unsigned int i)
{
	u32 line = (u32)(hash >> 32) & (s->mask >> 2);
	u32 off = (((u32)hash >> (4 * i)) & (CMS_LINE / WARDEN_CMS_DEPTH - 1)) +
		  i * (CMS_LINE / WARDEN_CMS_DEPTH);

	return &s->cnt[(size_t)line * CMS_LINE + off];
}

u32 warden_cms_estimate(const struct warden_cms *s, u64 hash)
{
	u32 est = U32_MAX;
	unsigned int i;

	for (i = 0; i < WARDEN_CMS_DEPTH; i++)
		est = min(est, READ_ONCE(*cms_cell(s, hash, i)));
	return est;
}

u32 warden_cms_add(struct warden_cms *s, u64 hash, u32 n)
{
	u32 *cell[WARDEN_CMS_DEPTH], v[WARDEN_CMS_DEPTH];
	u32 est = U32_MAX, target;
	unsigned int i;

	for (i = 0; i < WARDEN_CMS_DEPTH; i++) {
		cell[i] = cms_cell(s, hash, i);
		v[i] = READ_ONCE(*cell[i]);
		est = min(est, v[i]);
	}
	/* Conservative update: raise only the cells below the new estimate. */
	target = (u32)min_t(u64, (u64)est + n, U32_MAX);
	for (i = 0; i < WARDEN_CMS_DEPTH; i++)
		if (v[i] < target)
			WRITE_ONCE(*cell[i], target);
	return target;
}

u32 warden_cms_lines(const struct warden_cms *s)
{
	return (s->mask + 1) / (CMS_LINE / WARDEN_CMS_DEPTH);
}

u32 warden_cms_decay_lines(struct warden_cms *s, u32 first, u32 n)
{
	u32 lines = warden_cms_lines(s), line = first % lines, k;
	unsigned int i;

	for (k = 0; k < n && k < lines; k++) {
		u32 *c = &s->cnt[(size_t)line * CMS_LINE];

		for (i = 0; i < CMS_LINE; i++)
			WRITE_ONCE(c[i], READ_ONCE(c[i]) >> 1);
		line = line + 1 == lines ? 0 : line + 1;
	}
	return line;
}

void warden_cms_decay(struct warden_cms *s)
{
	warden_cms_decay_lines(s, 0, warden_cms_lines(s));
}

bool warden_topk_wants(const struct warden_topk *t, u64 hash, u32 count)
{
	u32 low = U32_MAX, c;
	unsigned int i;

	if (!hash)
		hash = 1;
	for (i = 0; i < WARDEN_TOPK; i++) {
		if (READ_ONCE(t->ent[i].hash) == hash) {
			c = READ_ONCE(t->ent[i].count);
			return count > c + c / 16;
		}
		c = READ_ONCE(t->ent[i].hash) ? READ_ONCE(t->ent[i].count) : 0;
		low = min(low, c);
	}
	return count > low;
}

void warden_topk_offer(struct warden_topk *t, u64 hash,
		       const struct warden_addr *addr, u32 count)
{
	struct warden_topk_ent *low = NULL;
	unsigned int i;

	if (!hash)
		hash = 1;
	for (i = 0; i < WARDEN_TOPK; i++) {
		struct warden_topk_ent *e = &t->ent[i];

		if (e->hash == hash) {
			if (count > e->count)
				WRITE_ONCE(e->count, count);
			return;
		}
		/* Prefer a free slot, then the smallest count. */
		if (!e->hash) {
			if (!low || low->hash)
				low = e;
		} else if (!low || (low->hash && e->count < low->count)) {
			low = e;
		}
	}
	if (low->hash && low->count >= count)
		return;
	/* Lock-free readers compare hash and count only. */
	WRITE_ONCE(low->hash, hash);
	low->addr = *addr;
	WRITE_ONCE(low->count, count);
}

void warden_topk_decay(struct warden_topk *t)
{
	unsigned int i;

	for (i = 0; i < WARDEN_TOPK; i++) {
		WRITE_ONCE(t->ent[i].count, t->ent[i].count >> 1);
		if (!t->ent[i].count)
			WRITE_ONCE(t->ent[i].hash, 0);
	}
}

u32 warden_topk_sorted(const struct warden_topk *t,
		       struct warden_topk_ent *out)
{
	u32 n = 0, i, j;

	for (i = 0; i < WARDEN_TOPK; i++) {
		if (!t->ent[i].hash)
			continue;
		/* Insertion sort: K is tiny. */
		for (j = n; j > 0 && out[j - 1].count < t->ent[i].count; j--)
			out[j] = out[j - 1];
		out[j] = t->ent[i];
		n++;
	}
	return n;
}
