// SPDX-License-Identifier: GPL-2.0
#include "prefix.h"

#define PTAB_ALIGN	8

static u32 addr_bytes(u8 family)
{
	return family == WARDEN_PF_INET ? 4 : 16;
}

static u32 addr_bits(u8 family)
{
	return addr_bytes(family) * 8;
}

bool warden_prule_valid(const struct warden_prule *r)
{
	u32 i, bits;

	if (r->family != WARDEN_PF_INET && r->family != WARDEN_PF_INET6)
		return false;
	bits = addr_bits(r->family);
	if (r->plen > bits || r->port_lo > r->port_hi)
		return false;
	/* Host bits and, for v4, the unused tail must be zero. */
	for (i = r->plen; i < 128; i++)
		if (r->addr[i / 8] & (0x80 >> (i % 8)))
			return false;
	return true;
}

bool warden_prule_same_key(const struct warden_prule *a,
			   const struct warden_prule *b)
{
	return a->family == b->family && a->plen == b->plen &&
	       a->port_lo == b->port_lo && a->port_hi == b->port_hi &&
	       !memcmp(a->addr, b->addr, sizeof(a->addr));
}

/* Sort order: family, start address, shorter prefix first, narrower ports. */
static int rule_cmp(const struct warden_prule *a, const struct warden_prule *b)
{
	u32 wa, wb;
	int c;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	c = memcmp(a->addr, b->addr, sizeof(a->addr));
	if (c)
		return c;
	if (a->plen != b->plen)
		return a->plen < b->plen ? -1 : 1;
	wa = a->port_hi - a->port_lo;
	wb = b->port_hi - b->port_lo;
	if (wa != wb)
		return wa < wb ? -1 : 1;
	if (a->port_lo != b->port_lo)
		return a->port_lo < b->port_lo ? -1 : 1;
	return 0;
}

static void rule_swap(struct warden_prule *a, struct warden_prule *b)
{
	struct warden_prule t = *a;

	*a = *b;
	*b = t;
}

static void sift_down(struct warden_prule *r, u32 root, u32 n)
{
	u32 child;

	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n && rule_cmp(&r[child], &r[child + 1]) < 0)
			child++;
		if (rule_cmp(&r[root], &r[child]) >= 0)
			return;
		rule_swap(&r[root], &r[child]);
		root = child;
	}
}

/* Heapsort: in place, no recursion, O(n log n) worst case. */
static void rules_sort(struct warden_prule *r, u32 n)
{
	u32 i;

	for (i = n / 2; i-- > 0;)
		sift_down(r, i, n);
	for (i = n; i-- > 1;) {
		rule_swap(&r[0], &r[i]);
		sift_down(r, 0, i);
	}
}

static u64 be64_at(const u8 *p)
{
	u64 v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

static u32 be32_at(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/* Host-bit mask of the low @bits bits of a 64-bit half (bits 0..64). */
static u64 low_mask(u32 bits)
{
	return bits >= 64 ? U64_MAX : (((u64)1 << bits) - 1);
}

/* First and last address covered by a rule's prefix. */
static void rule_span(const struct warden_prule *r, struct warden_pkey *start,
		      struct warden_pkey *end)
{
	u32 host;

	if (r->family == WARDEN_PF_INET) {
		start->hi = 0;
		start->lo = be32_at(r->addr);
		end->hi = 0;
		end->lo = start->lo | low_mask(32 - r->plen);
		return;
	}
	host = 128 - r->plen;
	start->hi = be64_at(r->addr);
	start->lo = be64_at(r->addr + 8);
	end->lo = start->lo | low_mask(host);
	end->hi = start->hi | (host > 64 ? low_mask(host - 64) : 0);
}

static bool key_eq(const struct warden_pkey *a, const struct warden_pkey *b)
{
	return a->hi == b->hi && a->lo == b->lo;
}

static bool key_lt(const struct warden_pkey *a, const struct warden_pkey *b)
{
	return a->hi < b->hi || (a->hi == b->hi && a->lo < b->lo);
}

static bool key_is_max(const struct warden_pkey *k, u8 family)
{
	if (family == WARDEN_PF_INET)
		return k->lo == U32_MAX;
	return k->hi == U64_MAX && k->lo == U64_MAX;
}

static void key_inc(struct warden_pkey *k)
{
	if (++k->lo == 0)
		k->hi++;
}

/* Interval starts of one family, being written by the sweep. */
struct sweep {
	u8 family;
	u32 n;
	u32 *b4;
	struct warden_pkey *b6;
	s32 *owner;
};

static void sweep_get(const struct sweep *s, u32 i, struct warden_pkey *k)
{
	if (s->family == WARDEN_PF_INET) {
		k->hi = 0;
		k->lo = s->b4[i];
	} else {
		*k = s->b6[i];
	}
}

/* From @pos on, @owner is the innermost prefix (later calls win). */
static void sweep_emit(struct sweep *s, const struct warden_pkey *pos, s32 owner)
{
	struct warden_pkey last;

	if (s->n) {
		sweep_get(s, s->n - 1, &last);
		if (key_eq(&last, pos)) {
			s->owner[s->n - 1] = owner;
			if (s->n > 1 && s->owner[s->n - 2] == owner)
				s->n--;
			return;
		}
		if (s->owner[s->n - 1] == owner)
			return;
	}
	if (s->family == WARDEN_PF_INET)
		s->b4[s->n] = (u32)pos->lo;
	else
		s->b6[s->n] = *pos;
	s->owner[s->n++] = owner;
}

/* Leave prefix @top: the address after it belongs to its parent again. */
static s32 sweep_close(struct sweep *s, const struct warden_ptab *t,
		       const struct warden_prule *rules, s32 top)
{
	struct warden_pkey start, end;
	s32 parent = t->pfx[top].parent;

	rule_span(&rules[t->pfx[top].first], &start, &end);
	if (!key_is_max(&end, s->family)) {
		key_inc(&end);
		sweep_emit(s, &end, parent);
	}
	return parent;
}

/* Prefixes [from, to) all belong to s->family and are sorted. */
static void sweep_family(struct sweep *s, struct warden_ptab *t,
			 const struct warden_prule *rules, u32 from, u32 to)
{
	struct warden_pkey zero = { 0, 0 }, start, end;
	s32 top = -1;
	u32 p;

	sweep_emit(s, &zero, -1);
	for (p = from; p < to; p++) {
		rule_span(&rules[t->pfx[p].first], &start, &end);
		while (top >= 0) {
			struct warden_pkey tstart, tend;

			rule_span(&rules[t->pfx[top].first], &tstart, &tend);
			if (!key_lt(&tend, &start))
				break;
			top = sweep_close(s, t, rules, top);
		}
		t->pfx[p].parent = top;
		sweep_emit(s, &start, (s32)p);
		top = (s32)p;
	}
	while (top >= 0)
		top = sweep_close(s, t, rules, top);
}

/* Fill @x for the @s->n interval starts of one family (see warden_ptab). */
static void index_family(const struct sweep *s, u32 *x, u32 bits)
{
	u32 top = s->family == WARDEN_PF_INET ? 32 : 64, k, i = 0;
	struct warden_pkey start = { 0, 0 }, next;

	for (k = 0; k < 1u << bits; k++) {
		/* v4 keys live in lo, v6 buckets split hi */
		if (k && s->family == WARDEN_PF_INET)
			start.lo = (u64)k << (top - bits);
		else if (k)
			start.hi = (u64)k << (top - bits);
		while (i + 1 < s->n) {
			sweep_get(s, i + 1, &next);
			if (key_lt(&start, &next))
				break;
			i++;
		}
		x[k] = i;
	}
	x[k] = s->n - 1;	/* past the last bucket */
}

static size_t align_up(size_t x)
{
	return (x + PTAB_ALIGN - 1) & ~(size_t)(PTAB_ALIGN - 1);
}

/* One bucket per 2-4 interval slots, at most 2^16 buckets. */
static u32 index_bits(u32 slots)
{
	u32 b = 0;

	while (b < 16 && (2u << b) <= slots / 2)
		b++;
	return b;
}

static size_t layout(u32 n4, u32 n6, u32 n, struct warden_ptab *t, u8 *base)
{
	size_t off = align_up(sizeof(struct warden_ptab));
	u32 i4 = 2 * n4 + 1, i6 = 2 * n6 + 1;
	u32 bits4 = index_bits(i4), bits6 = index_bits(i6);
	u32 x4 = (1u << bits4) + 1, x6 = (1u << bits6) + 1;

	if (t) {
		t->bits4 = bits4;
		t->bits6 = bits6;
		t->x4 = (u32 *)(base + off);
		off += align_up(sizeof(*t->x4) * x4);
		t->x6 = (u32 *)(base + off);
		off += align_up(sizeof(*t->x6) * x6);
		t->b6 = (struct warden_pkey *)(base + off);
		off += align_up(sizeof(*t->b6) * i6);
		t->b4 = (u32 *)(base + off);
		off += align_up(sizeof(*t->b4) * i4);
		t->o4 = (s32 *)(base + off);
		off += align_up(sizeof(*t->o4) * i4);
		t->o6 = (s32 *)(base + off);
		off += align_up(sizeof(*t->o6) * i6);
		t->pfx = (struct warden_ppfx *)(base + off);
		off += align_up(sizeof(*t->pfx) * n);
		t->val = (struct warden_pval *)(base + off);
		off += align_up(sizeof(*t->val) * n);
		return off;
	}
	off += align_up(sizeof(u32) * x4) + align_up(sizeof(u32) * x6);
	off += align_up(sizeof(struct warden_pkey) * i6);
	off += align_up(sizeof(u32) * i4) * 2;
	off += align_up(sizeof(s32) * i6);
	off += align_up(sizeof(struct warden_ppfx) * n);
	off += align_up(sizeof(struct warden_pval) * n);
	return off;
}

size_t warden_ptab_size(u32 n4, u32 n6)
{
	return layout(n4, n6, n4 + n6, NULL, NULL);
}

struct warden_ptab *warden_ptab_build(void *mem, struct warden_prule *rules, u32 n)
{
	struct warden_ptab *t = mem;
	struct sweep s;
	u32 i, n4 = 0, v4pfx;

	for (i = 0; i < n; i++)
		n4 += rules[i].family == WARDEN_PF_INET;
	memset(t, 0, sizeof(*t));
	layout(n4, n - n4, n, t, mem);
	rules_sort(rules, n);

	/* Group rules by prefix; v4 sorts first. */
	for (i = 0; i < n; i++) {
		struct warden_ppfx *last = t->npfx ? &t->pfx[t->npfx - 1] : NULL;
		const struct warden_prule *r = &rules[i];

		if (!last || rules[last->first].family != r->family ||
		    rules[last->first].plen != r->plen ||
		    memcmp(rules[last->first].addr, r->addr, sizeof(r->addr))) {
			last = &t->pfx[t->npfx++];
			last->first = i;
			last->count = 0;
			last->parent = -1;
		}
		last->count++;
		t->val[i].port_lo = r->port_lo;
		t->val[i].port_hi = r->port_hi;
		t->val[i].value = r->value;
	}
	t->nrules = n;

	for (v4pfx = 0; v4pfx < t->npfx; v4pfx++)
		if (rules[t->pfx[v4pfx].first].family != WARDEN_PF_INET)
			break;

	s = (struct sweep){ .family = WARDEN_PF_INET, .b4 = t->b4, .owner = t->o4 };
	sweep_family(&s, t, rules, 0, v4pfx);
	t->n4 = s.n;
	s = (struct sweep){ .family = WARDEN_PF_INET6, .b6 = t->b6, .owner = t->o6 };
	sweep_family(&s, t, rules, v4pfx, t->npfx);
	t->n6 = s.n;

	s = (struct sweep){ .family = WARDEN_PF_INET, .n = t->n4, .b4 = t->b4 };
	index_family(&s, t->x4, t->bits4);
	s = (struct sweep){ .family = WARDEN_PF_INET6, .n = t->n6, .b6 = t->b6 };
	index_family(&s, t->x6, t->bits6);
	return t;
}

static bool match_ports(const struct warden_ptab *t, s32 p, u16 port, u32 *value)
{
	for (; p >= 0; p = t->pfx[p].parent) {
		const struct warden_pval *v = &t->val[t->pfx[p].first];
		u32 i;

		for (i = 0; i < t->pfx[p].count; i++, v++) {
			if (port >= v->port_lo && port <= v->port_hi) {
				*value = v->value;
				return true;
			}
		}
	}
	return false;
}

bool warden_ptab_lookup(const struct warden_ptab *t, u8 family,
			const u8 *addr, u16 port, u32 *value)
{
	u32 len, half;

	if (family == WARDEN_PF_INET) {
		u32 x = be32_at(addr), k = t->bits4 ? x >> (32 - t->bits4) : 0;
		const u32 *b = t->b4 + t->x4[k];

		/* b[0] <= x: find the last start <= x within the bucket. */
		for (len = t->x4[k + 1] - t->x4[k] + 1; len > 1; len -= half) {
			half = len / 2;
			if (b[half] <= x)
				b += half;
		}
		return match_ports(t, t->o4[b - t->b4], port, value);
	}
	if (family == WARDEN_PF_INET6) {
		struct warden_pkey x = { be64_at(addr), be64_at(addr + 8) };
		u32 k = t->bits6 ? x.hi >> (64 - t->bits6) : 0;
		const struct warden_pkey *b = t->b6 + t->x6[k];

		for (len = t->x6[k + 1] - t->x6[k] + 1; len > 1; len -= half) {
			half = len / 2;
			if (!key_lt(&x, &b[half]))
				b += half;
		}
		return match_ports(t, t->o6[b - t->b6], port, value);
	}
	return false;
}
