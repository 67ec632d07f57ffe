// SPDX-License-Identifier: GPL-2.0
/*
 * Host microbenchmark of the SYN guard's per-SYN decision (core/synguard.c)
 * on one thread, with tables of the module's default sizes. Prints ns per
 * decision for each path as JSON on stdout.
 */
#include "syn_bench.h"

static double run(const char *name, struct bench_guard *g, u32 nsrc,
		  u32 iters, bool flood, bool first)
{
	struct warden_sg_listener *l = bench_listener_new(100 * SEC);
	u64 t0, t1, drops;

	t0 = bench_clock_ns();
	/* 50k/s or 500/s offered */
	drops = bench_syns(g, l, 0, 0, nsrc, iters, 100 * SEC, flood ? 20000 : 2000000);
	t1 = bench_clock_ns();
	printf("%s\"%s\": {\"ns_per_syn\": %.1f, \"drops\": %llu, \"syns\": %u}",
	       first ? "" : ", ", name, (double)(t1 - t0) / iters,
	       (unsigned long long)drops, iters);
	free(l->cpu);
	free(l);
	return (double)(t1 - t0) / iters;
}

int main(int argc, char **argv)
{
	u32 iters = argc > 1 ? atoi(argv[1]) : 2000000;
	struct bench_guard *g = bench_guard_new();
	double worst = 0, ns;

	printf("{");
	g->cfg.threshold = 1000000;	/* stays calm */
	ns = run("calm", g, 1000, iters, false, true);
	worst = ns > worst ? ns : worst;

	g->cfg.threshold = 1000;
	ns = run("flood_spoofed_1M_sources", g, 1000000, iters, true, false);
	worst = ns > worst ? ns : worst;

	/* 1000 verified sources during the flood. */
	bench_verify(g, 1000, 100 * SEC);
	ns = run("flood_verified", g, 1000, iters, true, false);
	worst = ns > worst ? ns : worst;
	printf(", \"worst_ns_per_syn\": %.1f, \"target_ns\": 50}\n", worst);
	return 0;
}
