// SPDX-License-Identifier: GPL-2.0
/*
 * Does the SYN guard's per-SYN path scale with cores? One listener in
 * flood state takes SYNs from 1 and then 2 threads (each thread one CPU
 * area, pinned to its own core), through the real decision path of core/
 * with real atomics and locks. The control does the same work on
 * per-thread data (a guard and a listener each): what two threads give on
 * this machine when nothing is shared.
 *
 *   syn_scaling ITERS    prints one JSON object per workload
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>

#include "syn_bench.h"

struct job {
	struct bench_guard *g;
	struct warden_sg_listener *l;
	u32 cpu, first, nsrc, iters;
	u64 ns;			/* how long this thread took */
	pthread_barrier_t *go;
};

static void *worker(void *arg)
{
	struct job *j = arg;
	cpu_set_t set;
	u64 t0;

	CPU_ZERO(&set);
	CPU_SET(j->cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	pthread_barrier_wait(j->go);
	t0 = bench_clock_ns();
	/* 50k SYN/s offered per thread, in the listener's time */
	bench_syns(j->g, j->l, j->cpu, j->first, j->nsrc, j->iters, 200 * SEC, 20000);
	j->ns = bench_clock_ns() - t0;
	return NULL;
}

/* SYNs per second of @n threads on jobs[0..n-1]; wall time of the slowest. */
static double run(struct job *jobs, u32 n)
{
	pthread_barrier_t go;
	pthread_t th[BENCH_NCPU];
	u64 total = 0, slowest = 0;
	u32 i;

	pthread_barrier_init(&go, NULL, n);
	for (i = 0; i < n; i++) {
		jobs[i].go = &go;
		pthread_create(&th[i], NULL, worker, &jobs[i]);
	}
	for (i = 0; i < n; i++) {
		pthread_join(th[i], NULL);
		total += jobs[i].iters;
		slowest = jobs[i].ns > slowest ? jobs[i].ns : slowest;
	}
	pthread_barrier_destroy(&go);
	return (double)total * SEC / slowest;
}

/* A guard with its listener in flood state and 1000 verified sources. */
static struct bench_guard *flooded(struct warden_sg_listener **l)
{
	struct bench_guard *g = bench_guard_new();

	*l = bench_listener_new(100 * SEC);
	bench_verify(g, 1000, 100 * SEC);
	bench_syns(g, *l, 0, 5000000, 100000, 100000, 100 * SEC, 10000);
	if (!(*l)->flood) {
		fprintf(stderr, "syn_scaling: the listener did not enter flood state\n");
		exit(1);
	}
	return g;
}

/*
 * @nsrc sources from @first: spoofed sources are 1M distinct addresses
 * past the verified ones, the mix alternates verified and spoofed.
 */
static void workload(const char *name, u32 first, u32 nsrc, u32 iters)
{
	struct warden_sg_listener *l, *own[BENCH_NCPU];
	struct bench_guard *g = flooded(&l), *sep[BENCH_NCPU];
	struct job jobs[BENCH_NCPU];
	double one, two, c_one, c_two;
	u32 i;

	for (i = 0; i < BENCH_NCPU; i++) {
		jobs[i] = (struct job){ .g = g, .l = l, .cpu = i, .first = first + i * 7919,
					.nsrc = nsrc, .iters = iters };
		sep[i] = flooded(&own[i]);
	}
	one = run(jobs, 1);
	two = run(jobs, 2);
	/* the control: each thread its own guard and listener */
	for (i = 0; i < BENCH_NCPU; i++) {
		jobs[i].g = sep[i];
		jobs[i].l = own[i];
	}
	c_one = run(jobs, 1);
	c_two = run(jobs, 2);
	printf("{\"workload\": \"%s\", \"syn_per_s_1\": %.0f, \"syn_per_s_2\": %.0f, "
	       "\"ratio\": %.3f, \"ns_per_syn_1\": %.1f, \"control_syn_per_s_1\": %.0f, "
	       "\"control_syn_per_s_2\": %.0f, \"control_ratio\": %.3f}\n",
	       name, one, two, two / one, SEC / one, c_one, c_two, c_two / c_one);
}

int main(int argc, char **argv)
{
	u32 iters = argc > 1 ? atoi(argv[1]) : 4000000;

	/* Sources 0..999 are verified (bench_verify), the rest are not. */
	workload("spoofed", 1000000, 1000000, iters);
	/* Each verified source, then a spoofed one: 1999 sources in turn. */
	workload("verified_mix", 0, 1999, iters);
	return 0;
}
