/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WARDENCTL_SOCKETS_AGG_H
#define _WARDENCTL_SOCKETS_AGG_H

#include <stddef.h>
#include <stdint.h>

#include "sockets/diag.h"

/*
 * Sockets counted by an opaque fixed-size key (agg.c) (grouping and reports). Memory
 * grows with the number of distinct keys, never with the number of sockets.
 */
struct sk_agg_key {
	uint8_t family;
	uint8_t kind;		/* caller-defined discriminator */
	uint16_t port;
	int32_t pid;
	uint8_t a[16], b[16];
};
struct sk_agg {
	struct sk_agg_key key;
	uint64_t count;
	uint32_t per_state[SK_NSTATES];
	uint64_t oldest_ms;	/* largest known age */
	uint64_t aged;		/* how many had a known age */
	char comm[16];
};
struct sk_agg_table {
	struct sk_agg *slots;
	size_t cap, used;
};
/* The entry for @key, created zeroed if new; NULL when out of memory. */
struct sk_agg *sk_agg_get(struct sk_agg_table *t, const struct sk_agg_key *key);
/* Compact and sort by count (descending); returns the number of entries. */
size_t sk_agg_sorted(struct sk_agg_table *t, struct sk_agg **out);
void sk_agg_free(struct sk_agg_table *t);

#endif /* _WARDENCTL_SOCKETS_AGG_H */
