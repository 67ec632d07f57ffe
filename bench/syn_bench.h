/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the SYN guard benchmarks share: a guard with the module's default
 * table sizes (core/, as the module builds it, with real atomics and
 * locks), listeners with one area per thread, and the SYNs they send.
 */
#ifndef _WARDEN_BENCH_SYN_H
#define _WARDEN_BENCH_SYN_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "synguard.h"

#define SEC 1000000000ULL
/* Per-CPU areas of a benchmark listener: one per thread. */
#define BENCH_NCPU 2

struct bench_guard {
	struct warden_st verified, buckets, synacks;
	struct warden_cms cms;
	struct warden_hkey key;
	struct warden_sg_tables tab;
	struct warden_sg_cfg cfg;
};

static inline u64 bench_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * SEC + ts.tv_nsec;
}

static inline void *bench_zalloc(size_t n)
{
	size_t size = (n + WARDEN_CACHELINE - 1) & ~(size_t)(WARDEN_CACHELINE - 1);
	void *p = aligned_alloc(WARDEN_CACHELINE, size);

	if (!p) {
		perror("aligned_alloc");
		exit(1);
	}
	memset(p, 0, size);
	return p;
}

/* The module's defaults: 65536-entry tables, a 16384-wide sketch. */
static inline struct bench_guard *bench_guard_new(void)
{
	struct bench_guard *g = bench_zalloc(sizeof(*g));
	u32 n = warden_st_sets_for(65536);

	g->key.k0 = 0x1234;
	g->key.k1 = 0x5678;
	warden_st_init(&g->verified, bench_zalloc(warden_st_mem_size(n)), n, 600 * SEC);
	warden_st_init(&g->buckets, bench_zalloc(warden_st_mem_size(n)), n, 60 * SEC);
	warden_st_init(&g->synacks, bench_zalloc(warden_st_mem_size(n)), n, 75 * SEC);
	warden_cms_init(&g->cms, bench_zalloc(warden_cms_mem_size(16384)), 16384);
	g->tab = (struct warden_sg_tables){ &g->verified, &g->buckets, &g->synacks,
					    &g->cms, &g->key };
	g->cfg = (struct warden_sg_cfg){
		.mode = WARDEN_SG_ENFORCE, .threshold = 2000, .queue_pct = 50,
		.quiet_ns = 10 * SEC,
	};
	warden_tb_cfg_set(&g->cfg.src, 10, 20);
	warden_tb_cfg_set(&g->cfg.all, 2000, 1000);
	return g;
}

static inline struct warden_sg_listener *bench_listener_new(u64 now)
{
	struct warden_sg_listener *l = bench_zalloc(sizeof(*l));

	warden_sg_listener_init(l, bench_zalloc(BENCH_NCPU * sizeof(struct warden_sg_cpu)),
				BENCH_NCPU);
	warden_sg_listener_reset(l, now, 1);
	return l;
}

/* Source @x of the benchmark's spoofed range 198.18.0.0/15. */
static inline struct warden_addr bench_addr4(u32 x)
{
	struct warden_addr a = { .family = WARDEN_PF_INET };

	a.bytes[0] = 198;
	a.bytes[1] = 18 + ((x >> 16) & 1);
	a.bytes[2] = (u8)(x >> 8);
	a.bytes[3] = (u8)x;
	return a;
}

/* Sources 0..n-1 complete a handshake: they pass as verified. */
static inline void bench_verify(struct bench_guard *g, u32 n, u64 now)
{
	u32 i;

	for (i = 0; i < n; i++) {
		struct warden_addr a = bench_addr4(i * 2654435761u);

		warden_sg_synack(&g->tab, i, 7, now);
		if (warden_sg_ack(&g->tab, i, 8, now) == WARDEN_SG_ACK_VERIFIED)
			warden_sg_verify(&g->tab, warden_src_hash(&g->key, &a, 32), now);
	}
}

/*
 * @iters SYNs on area @cpu of @l from a cycle of @nsrc sources (from
 * @first), @step_ns apart from @now; returns the drops. The address is in
 * a hot skb in the kernel: it is built in registers here.
 */
static inline u64 bench_syns(struct bench_guard *g, struct warden_sg_listener *l,
			     u32 cpu, u32 first, u32 nsrc, u32 iters, u64 now,
			     u64 step_ns)
{
	u32 i, src = 0;
	u64 drops = 0;

	for (i = 0; i < iters; i++) {
		struct warden_addr a = bench_addr4((first + src) * 2654435761u);
		struct warden_sg_syn s = {
			.now = now, .src = &a, .plen = 32, .qmax = 4096, .cpu = cpu,
		};

		if (++src == nsrc)
			src = 0;
		drops += warden_sg_syn(&g->cfg, l, &g->tab, &s).drop;
		now += step_ns;
	}
	return drops;
}

#endif /* _WARDEN_BENCH_SYN_H */
