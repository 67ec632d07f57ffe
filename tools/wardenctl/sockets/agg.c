// SPDX-License-Identifier: GPL-2.0
/* Sockets counted by key, for grouping and reports (agg.h). */
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "sockets/agg.h"

static uint64_t key_hash(const struct sk_agg_key *k)
{
	return wctl_hash(k, sizeof(*k));
}

static bool slot_used(const struct sk_agg *s)
{
	return s->count != 0;
}

static int agg_grow(struct sk_agg_table *t)
{
	size_t ncap = t->cap ? t->cap * 2 : 256, i;
	struct sk_agg *ns = calloc(ncap, sizeof(*ns));

	if (!ns)
		return -1;
	for (i = 0; i < t->cap; i++) {
		size_t j;

		if (!slot_used(&t->slots[i]))
			continue;
		j = key_hash(&t->slots[i].key) & (ncap - 1);
		while (slot_used(&ns[j]))
			j = (j + 1) & (ncap - 1);
		ns[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = ns;
	t->cap = ncap;
	return 0;
}

/*
 * Open addressing; an entry is live once its count is non-zero, so callers
 * must count the entry they get (they always do: one socket, one entry).
 */
struct sk_agg *sk_agg_get(struct sk_agg_table *t, const struct sk_agg_key *key)
{
	size_t j;

	if ((t->used + 1) * 2 > t->cap && agg_grow(t))
		return NULL;
	j = key_hash(key) & (t->cap - 1);
	while (slot_used(&t->slots[j])) {
		if (!memcmp(&t->slots[j].key, key, sizeof(*key)))
			return &t->slots[j];
		j = (j + 1) & (t->cap - 1);
	}
	memset(&t->slots[j], 0, sizeof(t->slots[j]));
	t->slots[j].key = *key;
	t->used++;
	return &t->slots[j];
}

static int by_count(const void *a, const void *b)
{
	const struct sk_agg *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return memcmp(&x->key, &y->key, sizeof(x->key));
}

size_t sk_agg_sorted(struct sk_agg_table *t, struct sk_agg **out)
{
	size_t i, n = 0;

	for (i = 0; i < t->cap; i++)
		if (slot_used(&t->slots[i]))
			t->slots[n++] = t->slots[i];
	/* The table is no longer a hash table after this. */
	t->used = n;
	if (n)
		qsort(t->slots, n, sizeof(*t->slots), by_count);
	*out = t->slots;
	return n;
}

void sk_agg_free(struct sk_agg_table *t)
{
	free(t->slots);
	memset(t, 0, sizeof(*t));
}
