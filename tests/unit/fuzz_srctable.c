// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for core/srctable.c and the SYN-ACK/verify path of
 * core/synguard.c: random operation sequences over a tiny key space, checked
 * against an exact model. Built with clang by `make fuzz`.
 */
#include <stdio.h>
#include <stdlib.h>

#include "srctable.h"

static bool sum_evicted_or_expired(const struct warden_st *st)
{
	struct warden_st_stats sum;

	warden_st_stats(st, &sum);
	return sum.evictions || sum.expired;
}
#include "synguard.h"

#define NSETS	4
#define NKEYS	64
#define TTL	1000

#define check(c) do { if (!(c)) { fprintf(stderr, "violated: %s\n", #c); abort(); } } while (0)

/*
 * Keys spread over all sets, some colliding in the low (set) bits and
 * some in the top byte (the fingerprint) while their tags differ.
 */
static u64 key_of(u8 k)
{
	return ((u64)(k % 3) << 56) | ((u64)(k % NKEYS) << 40) | (k % NSETS) |
	       ((u64)(k >> 6) << 2);
}

/* The used counter is the number of slots holding a key. */
static void check_used(const struct warden_st *st)
{
	struct warden_st_stats sum;
	unsigned int i, n = 0;

	for (i = 0; i < NSETS * WARDEN_ST_WAYS; i++)
		n += st->ent[i].tag != 0;
	warden_st_stats(st, &sum);
	check(sum.used == n);
}

/* A slot has a fingerprint exactly when it holds a key, and it is the key's. */
static void check_fps(const struct warden_st *st)
{
	unsigned int i;

	for (i = 0; i < NSETS * WARDEN_ST_WAYS; i++)
		check(st->ent[i].tag ? st->fp[i] == warden_st_fp(st->ent[i].tag) :
				       !st->fp[i]);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct warden_st_ent *mem, *vmem;
	struct warden_st st, ver;
	struct warden_sg_tables t = { .verified = &ver, .synacks = &st };
	/* Model: last write time per key, or 0 when absent/deleted. */
	u64 written[256] = { 0 };
	u64 now = 1;
	size_t i;

	if (!mem) {
		mem = malloc(warden_st_mem_size(NSETS));
		vmem = malloc(warden_st_mem_size(NSETS));
		check(mem && vmem);
	}
	memset(mem, 0, warden_st_mem_size(NSETS));
	memset(vmem, 0, warden_st_mem_size(NSETS));
	warden_st_init(&st, mem, NSETS, TTL);
	warden_st_init(&ver, vmem, NSETS, TTL);
	for (i = 0; i + 1 < size; i += 2) {
		u8 op = data[i] & 7, k = data[i + 1];
		u64 h = key_of(k);
		struct warden_st_ent *e;
		bool created;

		now += data[i] >> 3;	/* time moves 0..31 per step */
		switch (op) {
		case 0:
		case 1:
			e = warden_st_get(&st, h, now, &created);
			check(e && e->tag == warden_st_tag(h));
			/* A live key is found again, never created twice. */
			if (written[k] && now - written[k] < TTL && created)
				check(sum_evicted_or_expired(&st));
			e->stamp = now;
			e->val = k;
			written[k] = now;
			break;
		case 2: {
			u64 v;
			bool seen = warden_st_peek(&st, h, now, &v);

			e = warden_st_find(&st, h, now);
			check(seen == !!e);
			if (e) {
				check(e->tag == warden_st_tag(h));
				check(e->val == k && v == k);
				check(written[k] && now - written[k] < TTL);
			}
			break;
		}
		case 3:
			e = warden_st_find(&st, h, now);
			if (e)
				warden_st_del(&st, e);
			written[k] = 0;
			check(!warden_st_find(&st, h, now));
			break;
		case 4:
			warden_sg_synack(&t, h, k, now);
			written[k] = now;
			break;
		case 5: {
			enum warden_sg_ack r = warden_sg_ack(&t, h, (u32)k + 1, now);

			if (r == WARDEN_SG_ACK_VERIFIED) {
				warden_sg_verify(&t, h, now);
				check(warden_sg_is_verified(&t, h, now));
				written[k] = 0;
			}
			break;
		}
		case 6:
			if (warden_sg_ack(&t, h, data[i + 1] ^ 0x55, now) ==
			    WARDEN_SG_ACK_VERIFIED)
				warden_sg_verify(&t, h ^ 1, now);
			break;
		default:
			now += (u64)k * 8;	/* a long idle: expiry */
			if (k & 1)
				warden_st_sweep(&st, k, k % (NSETS + 1), now);
			break;
		}
		check_fps(&st);
		check_fps(&ver);
		check_used(&st);
		check_used(&ver);
	}
	return 0;
}
