// SPDX-License-Identifier: GPL-2.0
/*
 * Host microbenchmark of the SYN guard's per-SYN decision (core/synguard.c)
 * with tables of the module's default sizes. Prints ns per decision for
 * each path as JSON on stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "synguard.h"

#define SEC 1000000000ULL

static struct warden_st verified, buckets, synacks;
static struct warden_cms cms;
static const struct warden_hkey key = { 0x1234, 0x5678 };
static struct warden_sg_tables tab = { &verified, &buckets, &synacks, &cms, &key };

static u64 clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * SEC + ts.tv_nsec;
}

static void *zalloc(size_t n)
{
	void *p = calloc(1, n);

	if (!p) {
		perror("calloc");
		exit(1);
	}
	return p;
}

static struct warden_addr addr4(u32 x)
{
	struct warden_addr a = { .family = 4 };

	a.bytes[0] = 198;
	a.bytes[1] = 18 + ((x >> 16) & 1);
	a.bytes[2] = (u8)(x >> 8);
	a.bytes[3] = (u8)x;
	return a;
}

/* One full decision, hashing the source when the decision needs it. */
static double run(const char *name, const struct warden_sg_cfg *c,
		  struct warden_sg_listener *l, u32 nsrc, u32 iters, bool flood,
		  bool first)
{
	u64 t0, t1, now = 100 * SEC, drops = 0;
	u32 i, src = 0;

	t0 = clock_ns();
	for (i = 0; i < iters; i++) {
		/*
		 * The address is in a hot skb in the kernel: build it in
		 * registers, and cycle through the sources without a division.
		 */
		struct warden_addr a = addr4(src * 2654435761u);
		struct warden_sg_syn s = {
			.now = now, .ns = 1, .src = &a, .plen = 32, .qmax = 4096,
		};

		if (++src == nsrc)
			src = 0;
		drops += warden_sg_syn(c, l, &tab, &s).drop;
		now += flood ? 20000 : 2000000;	/* 50k/s or 500/s offered */
	}
	t1 = clock_ns();
	printf("%s\"%s\": {\"ns_per_syn\": %.1f, \"drops\": %llu, \"syns\": %u}",
	       first ? "" : ", ", name, (double)(t1 - t0) / iters,
	       (unsigned long long)drops, iters);
	return (double)(t1 - t0) / iters;
}

int main(int argc, char **argv)
{
	u32 n = warden_st_sets_for(65536), iters = argc > 1 ? atoi(argv[1]) : 2000000;
	struct warden_sg_cfg c = {
		.mode = WARDEN_SG_ENFORCE, .syn_rate = 1000, .queue_pct = 50,
		.quiet_ns = 10 * SEC,
	};
	struct warden_sg_listener l;
	double worst = 0, ns;
	u32 i;

	warden_tb_cfg_set(&c.src, 10, 20);
	warden_tb_cfg_set(&c.all, 2000, 1000);
	warden_st_init(&verified, zalloc(warden_st_mem_size(n)), n, 600 * SEC);
	warden_st_init(&buckets, zalloc(warden_st_mem_size(n)), n, 60 * SEC);
	warden_st_init(&synacks, zalloc(warden_st_mem_size(n)), n, 64 * SEC);
	warden_cms_init(&cms, zalloc(warden_cms_mem_size(16384)), 16384);

	printf("{");
	warden_sg_listener_init(&l, 100 * SEC, 1);
	c.syn_rate = 1000000;	/* stays calm */
	ns = run("calm", &c, &l, 1000, iters, false, true);
	worst = ns > worst ? ns : worst;

	c.syn_rate = 1000;
	warden_sg_listener_init(&l, 100 * SEC, 1);
	ns = run("flood_spoofed_1M_sources", &c, &l, 1000000, iters, true, false);
	worst = ns > worst ? ns : worst;

	/* 1000 verified sources during the flood. */
	for (i = 0; i < 1000; i++) {
		struct warden_addr a = addr4(i * 2654435761u);

		warden_sg_synack(&tab, i, 7, 100 * SEC);
		if (warden_sg_ack(&tab, i, 8, 100 * SEC) == WARDEN_SG_ACK_VERIFIED)
			warden_sg_verify(&tab, warden_src_hash(&key, 1, &a, 32), 100 * SEC);
	}
	warden_sg_listener_init(&l, 100 * SEC, 1);
	ns = run("flood_verified", &c, &l, 1000, iters, true, false);
	worst = ns > worst ? ns : worst;
	printf(", \"worst_ns_per_syn\": %.1f, \"target_ns\": 50}\n", worst);
	return 0;
}
