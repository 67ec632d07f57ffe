// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the per-SYN decision, flood state and handshake verification,
 * on one CPU, on several, and from two threads at once.
 */
#include <pthread.h>
#include <stdlib.h>

#include "tap.h"
#include "synguard.h"

#define SEC 1000000000ULL
#define MS 1000000ULL
#define NCPU 4

static const struct warden_hkey key = { 1, 2 };
static struct warden_st verified, buckets, synacks;
static struct warden_cms cms;
static struct warden_sg_tables tab = { &verified, &buckets, &synacks, &cms, &key };

static void *zalloc_lines(size_t n)
{
	size_t size = (n + WARDEN_CACHELINE - 1) & ~(size_t)(WARDEN_CACHELINE - 1);
	void *p = aligned_alloc(WARDEN_CACHELINE, size);

	if (!p)
		abort();
	memset(p, 0, size);
	return p;
}

static void tables_init(void)
{
	u32 n = warden_st_sets_for(1024);

	warden_st_init(&verified, zalloc_lines(warden_st_mem_size(n)), n, 600 * SEC);
	warden_st_init(&buckets, zalloc_lines(warden_st_mem_size(n)), n, 60 * SEC);
	warden_st_init(&synacks, zalloc_lines(warden_st_mem_size(n)), n, 64 * SEC);
	warden_cms_init(&cms, zalloc_lines(warden_cms_mem_size(1024)), 1024);
}

static void tables_clear(void)
{
	warden_st_clear(&verified);
	warden_st_clear(&buckets);
	warden_st_clear(&synacks);
	warden_cms_init(&cms, cms.cnt, 1024);
}

static void tables_free(void)
{
	free(verified.ent);
	free(buckets.ent);
	free(synacks.ent);
	free(cms.cnt);
}

/* A listener with NCPU per-CPU areas, as the module makes one. */
static struct warden_sg_listener *lst_new(u64 now)
{
	struct warden_sg_listener *l = zalloc_lines(sizeof(*l));

	warden_sg_listener_init(l, zalloc_lines(NCPU * sizeof(struct warden_sg_cpu)), NCPU);
	warden_sg_listener_reset(l, now, 5);
	return l;
}

static void lst_free(struct warden_sg_listener *l)
{
	free(l->cpu);
	free(l);
}

static struct warden_sg_report rep(const struct warden_sg_listener *l, u64 now)
{
	struct warden_sg_report r;

	warden_sg_read(l, now, &r);
	return r;
}

static struct warden_sg_cfg cfg_default(u32 mode)
{
	struct warden_sg_cfg c = {
		.mode = mode, .threshold = 1000, .queue_pct = 50, .quiet_ns = 2 * SEC,
	};

	warden_tb_cfg_set(&c.src, 2, 4);
	warden_tb_cfg_set(&c.all, 100, 50);
	return c;
}

static struct warden_addr addr4(u32 x)
{
	struct warden_addr a = { .family = WARDEN_PF_INET };

	a.bytes[0] = 10;
	a.bytes[1] = (u8)(x >> 16);
	a.bytes[2] = (u8)(x >> 8);
	a.bytes[3] = (u8)x;
	return a;
}

static struct warden_sg_verdict syn_on(const struct warden_sg_cfg *c,
				       struct warden_sg_listener *l, u32 cpu,
				       u32 src, u64 now, u8 list)
{
	struct warden_addr a = addr4(src);
	struct warden_sg_syn s = {
		.now = now, .src = &a, .plen = 32, .qlen = 0,
		.qmax = 128, .list = list, .cpu = cpu,
	};

	return warden_sg_syn(c, l, &tab, &s);
}

static struct warden_sg_verdict syn_from(const struct warden_sg_cfg *c,
					 struct warden_sg_listener *l,
					 u32 src, u64 now, u8 list)
{
	return syn_on(c, l, 0, src, now, list);
}

/* Push a listener into flood state with a burst of distinct sources. */
static u64 flood(const struct warden_sg_cfg *c, struct warden_sg_listener *l,
		 u64 now, u32 rate, u64 dur, u32 first_src)
{
	u64 step = SEC / rate, end = now + dur;
	u32 i = first_src;

	for (; now < end; now += step, i++)
		syn_on(c, l, i % NCPU, i, now, WARDEN_SG_UNLISTED);
	return now;
}

static void test_calm(void)
{
	struct warden_sg_cfg c = cfg_default(WARDEN_SG_ENFORCE);
	u64 now = 100 * SEC;
	struct warden_sg_listener *l = lst_new(now);
	struct warden_sg_verdict v;
	int i, drops = 0;

	for (i = 0; i < 200; i++) {
		v = syn_from(&c, l, 7, now, WARDEN_SG_UNLISTED);
		drops += v.drop;
		now += 10 * MS;	/* 100 SYN/s from one source */
	}
	is(drops, 0, "below the threshold nothing is dropped, even from one busy source");
	ok(!l->flood && l->floods == 0, "the listener stays calm");
	is(rep(l, now).why[WARDEN_SG_CALM], 200, "every SYN was counted as calm");
	v = syn_from(&c, l, 9, now, WARDEN_SG_ON_DENY);
	ok(v.drop && v.why == WARDEN_SG_DENIED, "a denied source is dropped even when calm");
	v = syn_from(&c, l, 9, now, WARDEN_SG_ON_ALLOW);
	ok(!v.drop && v.why == WARDEN_SG_ALLOWED, "an allowed source passes");
	lst_free(l);
}

static void test_flood_enforce(void)
{
	struct warden_sg_cfg c = cfg_default(WARDEN_SG_ENFORCE);
	u64 now = 100 * SEC, t;
	struct warden_sg_listener *l = lst_new(now);
	struct warden_sg_verdict v;
	struct warden_sg_report r;
	u32 passed = 0, i, before;
	int events = 0;

	/* 20000 distinct spoofed sources per second for 2 s, on one CPU. */
	t = now;
	for (i = 0; i < 40000; i++, t += SEC / 20000) {
		v = syn_from(&c, l, 1000 + i, t, WARDEN_SG_UNLISTED);
		events += v.event == WARDEN_SG_EV_ENTER;
		if (!v.drop && l->flood)
			passed++;
	}
	r = rep(l, t);
	ok(l->flood, "a 20000/s flood puts the listener in flood state");
	is(events, 1, "entering flood state is reported once");
	/* Unverified sources share 100/s + burst 50: about 250 in 2 s. */
	ok(passed <= 100 * 2 + 50 + 1, "the aggregate budget bounds what passes (%u)", passed);
	ok(passed >= 100 * 1, "the aggregate budget is used, not zero (%u)", passed);
	ok(r.why[WARDEN_SG_LIMIT_ALL] > 30000, "the excess is dropped for the aggregate budget");
	is(r.why[WARDEN_SG_CONFORM], passed, "conforming SYNs are counted");
	is(r.syns, 40000, "every SYN is counted");

	/* A single heavy source trips its own bucket: rate 2 burst 4. */
	before = (u32)r.why[WARDEN_SG_LIMIT_SRC];
	for (passed = 0, i = 0; i < 100; i++) {
		v = syn_from(&c, l, 5, t, WARDEN_SG_UNLISTED);
		passed += !v.drop;
		t += MS;
	}
	ok(passed <= 4 + 1, "a source's own bucket limits it to its burst (%u)", passed);
	/*
	 * While the aggregate is empty the source keeps its tokens; it spends
	 * its burst of 4 within ~40 ms, then its own bucket limits it.
	 */
	r = rep(l, t);
	ok(r.why[WARDEN_SG_LIMIT_SRC] - before >= 50,
	   "most of those drops count as per-source limits (%u)",
	   (u32)r.why[WARDEN_SG_LIMIT_SRC] - before);

	/* Allow wins even in flood state. */
	v = syn_from(&c, l, 5, t, WARDEN_SG_ON_ALLOW);
	ok(!v.drop, "an allowed source passes during a flood");
	lst_free(l);
}

static void test_verify(void)
{
	struct warden_sg_cfg c = cfg_default(WARDEN_SG_ENFORCE);
	struct warden_addr cli = addr4(77), srv = addr4(1);
	u64 th = warden_tuple_hash(&key, &cli, 40000, &srv, 80);
	u64 sh = warden_src_hash(&key, &cli, 32);
	u64 now = 100 * SEC, t;
	struct warden_sg_listener *l = lst_new(now);
	struct warden_sg_verdict v;
	u32 limited = 0, i;

	is(warden_sg_ack(&tab, th, 1235, now), WARDEN_SG_ACK_UNKNOWN,
	   "an ACK without a SYN-ACK on record verifies nothing");
	warden_sg_synack(&tab, th, 1234, now);
	is(warden_sg_ack(&tab, th, 9999, now), WARDEN_SG_ACK_BAD,
	   "an ACK with a wrong acknowledgment number is rejected");
	ok(!warden_sg_is_verified(&tab, sh, now), "so the source is not verified");
	is(warden_sg_ack(&tab, th, 1235, now), WARDEN_SG_ACK_VERIFIED,
	   "ACK of ISN+1 acknowledges the SYN-ACK");
	ok(!warden_sg_is_verified(&tab, sh, now), "the source is verified only when told");
	warden_sg_verify(&tab, sh, now);
	ok(warden_sg_is_verified(&tab, sh, now + 599 * SEC), "it stays verified within the TTL");
	ok(!warden_sg_is_verified(&tab, sh, now + 600 * SEC), "and expires at the TTL");
	is(warden_sg_ack(&tab, th, 1235, now), WARDEN_SG_ACK_UNKNOWN,
	   "the SYN-ACK record is used up by the verification");

	warden_sg_synack(&tab, 0xfffffffff, 0xffffffff, now);
	is(warden_sg_ack(&tab, 0xfffffffff, 0, now), WARDEN_SG_ACK_VERIFIED,
	   "the acknowledgment number wraps around 2^32");

	/* A verified client is never limited during a flood, on any CPU. */
	warden_sg_synack(&tab, th, 5, now);
	if (warden_sg_ack(&tab, th, 6, now) == WARDEN_SG_ACK_VERIFIED)
		warden_sg_verify(&tab, sh, now);
	t = flood(&c, l, now, 20000, SEC, 5000);
	ok(l->flood, "the listener is flooded");
	for (i = 0; i < 500; i++) {
		v = syn_on(&c, l, i % NCPU, 77, t, WARDEN_SG_UNLISTED);
		limited += v.drop;
		t += SEC / 20000;
		syn_on(&c, l, (i + 1) % NCPU, 100000 + i, t, WARDEN_SG_UNLISTED);
	}
	is(limited, 0, "500 SYNs of a verified client during the flood all pass");
	ok(rep(l, t).why[WARDEN_SG_VERIFIED] >= 500, "they count as verified");
	lst_free(l);
}

static void test_monitor_and_leave(void)
{
	struct warden_sg_cfg c = cfg_default(WARDEN_SG_MONITOR);
	u64 now = 100 * SEC, t;
	struct warden_sg_listener *l = lst_new(now);
	struct warden_sg_verdict v;
	u32 drops = 0, i;
	u8 ev = 0;

	for (t = now, i = 0; i < 40000; i++, t += SEC / 20000) {
		v = syn_from(&c, l, 9000 + i, t, WARDEN_SG_UNLISTED);
		drops += v.drop;
	}
	v = syn_from(&c, l, 9, t, WARDEN_SG_ON_DENY);
	drops += v.drop;
	ok(l->flood, "monitor mode still detects the flood");
	is(drops, 0, "monitor mode drops nothing");
	ok(rep(l, t).would_drop > 30000, "but counts what enforce would have dropped");

	/* Quiet: the rate decays; leave after quiet_ns below half the marks. */
	ev = warden_sg_tick(&c, l, t + SEC);
	ok(ev == WARDEN_SG_EV_NONE && l->flood, "still in flood state 1 s after the flood");
	for (i = 1; i <= 10 && l->flood; i++)
		ev = warden_sg_tick(&c, l, t + i * SEC);
	ok(!l->flood && ev == WARDEN_SG_EV_LEAVE, "leaves flood state after the quiet period");
	ok(i - 1 >= 2 && i - 1 <= 4, "about quiet_ns after the rate fell (%u s)", i - 1);
	lst_free(l);

	/* Queue pressure alone enters flood state. */
	l = lst_new(now);
	{
		struct warden_addr a = addr4(3);
		struct warden_sg_syn s = {
			.now = now, .src = &a, .plen = 32,
			.qlen = 64, .qmax = 128,
		};

		v = warden_sg_syn(&c, l, &tab, &s);
		ok(l->flood && v.event == WARDEN_SG_EV_ENTER, "a SYN queue at 50%% enters flood state");
		s.qlen = 10;
		s.now += 3 * SEC;
		s.cpu = 2;
		v = warden_sg_syn(&c, l, &tab, &s);
		ok(!l->flood && v.event == WARDEN_SG_EV_LEAVE,
		   "a drained queue seen on another CPU leaves it after the quiet period");
	}
	lst_free(l);

	/* Thresholds of zero disable detection. */
	c.threshold = 0;
	c.queue_pct = 0;
	l = lst_new(now);
	flood(&c, l, now, 20000, SEC, 1);
	ok(!l->flood, "with both thresholds 0 nothing is a flood");
	lst_free(l);
}

/* The same flood spread over CPUs decides as it does on one. */
static void test_cpus(void)
{
	struct warden_sg_cfg c = cfg_default(WARDEN_SG_ENFORCE);
	u64 now = 100 * SEC, t;
	struct warden_sg_listener *l = lst_new(now);
	struct warden_sg_verdict v;
	struct warden_sg_report r;
	u32 passed = 0, i, k, on_each[NCPU] = { 0 };
	int enters = 0;

	/* 4 CPUs, 400 SYN/s each: 1600/s in all, above 1000, below on any one. */
	for (t = now, i = 0; i < 1600 * 2; i++, t += SEC / 1600) {
		v = syn_on(&c, l, i % NCPU, 70000 + i, t, WARDEN_SG_UNLISTED);
		enters += v.event == WARDEN_SG_EV_ENTER;
		on_each[i % NCPU]++;
	}
	ok(l->flood, "1600 SYN/s over four CPUs is a flood although no CPU sees 1000");
	is(enters, 1, "entering is reported once, by one CPU");
	r = rep(l, t);
	ok(r.rate >= 1200 && r.rate <= 2000, "the reported rate is the sum over CPUs (%llu)",
	   (unsigned long long)r.rate);
	is(r.syns, 3200, "SYNs are counted on every CPU and summed");

	/* The aggregate budget is one, however many CPUs take from it. */
	for (passed = 0, i = 0; i < 20000 * 2; i++, t += SEC / 20000) {
		v = syn_on(&c, l, i % NCPU, 200000 + i, t, WARDEN_SG_UNLISTED);
		passed += !v.drop;
	}
	ok(passed <= 100 * 2 + 50 + 1, "four CPUs share one budget of 100/s + 50 (%u)", passed);
	ok(passed >= 100, "and use it (%u)", passed);

	/* Reset: old counts vanish at once, each CPU clears its own area later. */
	warden_sg_listener_reset(l, t, 9);
	r = rep(l, t);
	ok(r.syns == 0 && !r.flood && r.rate == 0, "a reset slot reports nothing of its last listener");
	syn_on(&c, l, 3, 1, t, WARDEN_SG_UNLISTED);
	r = rep(l, t);
	is(r.syns, 1, "the next SYN counts for the new listener only");
	for (k = 0; k < NCPU; k++)
		if (l->cpu[k].gen == l->gen)
			break;
	is(k, 3, "and only the CPU that saw it has cleared its area");
	lst_free(l);
}

/* Tokens a CPU took ahead are spent in their window or lost, never later. */
static void test_batches(void)
{
	struct warden_sg_cfg c = cfg_default(WARDEN_SG_ENFORCE);
	u64 now = 100 * SEC, win = 1ULL << WARDEN_RATE_WIN_SHIFT, t;
	struct warden_sg_listener *l = lst_new(now);
	struct warden_sg_verdict v;
	u32 i, passed;

	warden_tb_cfg_set(&c.all, 2560, 10);	/* batches of 10 */
	flood(&c, l, now, 50000, SEC / 2, 1);
	ok(l->flood, "flooded");
	/* Empty the budget, then let exactly one batch refill. */
	t = (now + SEC) & ~(win - 1);
	for (i = 0; i < 100; i++)
		syn_on(&c, l, 0, 300000 + i, t, WARDEN_SG_UNLISTED);
	t += 10 * (SEC / 2560);
	v = syn_on(&c, l, 1, 400000, t, WARDEN_SG_UNLISTED);
	ok(!v.drop, "CPU 1 takes a batch and spends one token");
	is(l->cpu[1].tokens, 9, "and keeps nine for later in its window");
	v = syn_on(&c, l, 0, 400001, t, WARDEN_SG_UNLISTED);
	ok(v.drop, "CPU 0 finds the shared bucket empty meanwhile");
	for (passed = 0, i = 0; i < 20; i++)
		passed += !syn_on(&c, l, 1, 400002 + i, t, WARDEN_SG_UNLISTED).drop;
	is(passed, 9, "CPU 1 spends its nine");
	t += 5 * (SEC / 2560);
	syn_on(&c, l, 2, 500000, t, WARDEN_SG_UNLISTED);
	t = (t | (win - 1)) + 1;	/* the next window */
	for (passed = 0, i = 0; i < 20; i++)
		passed += !syn_on(&c, l, 2, 600000 + i, t, WARDEN_SG_UNLISTED).drop;
	ok(passed <= 10, "tokens left at a window's end are not carried over (%u)", passed);
	lst_free(l);
}

/* Two threads on one listener, as two CPUs: nothing is lost, nothing overspent. */
struct worker {
	struct warden_sg_listener *l;
	const struct warden_sg_cfg *c;
	u32 cpu, n, passed;
	u64 start;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	u32 i;

	for (i = 0; i < w->n; i++) {
		u64 t = w->start + (u64)i * (SEC / 100000);

		w->passed += !syn_on(w->c, w->l, w->cpu, w->cpu << 24 | i, t,
				     WARDEN_SG_UNLISTED).drop;
	}
	return NULL;
}

static void test_threads(void)
{
	struct warden_sg_cfg c = cfg_default(WARDEN_SG_ENFORCE);
	u64 now = 100 * SEC;
	struct warden_sg_listener *l = lst_new(now);
	struct worker w[2];
	struct warden_sg_report r;
	pthread_t th[2];
	u32 i, conform;

	tables_clear();
	flood(&c, l, now, 20000, SEC, 1);
	r = rep(l, now + SEC);
	conform = (u32)r.why[WARDEN_SG_CONFORM];
	for (i = 0; i < 2; i++) {
		w[i] = (struct worker){ .l = l, .c = &c, .cpu = i, .n = 200000,
					.start = now + SEC };
		pthread_create(&th[i], NULL, work, &w[i]);
	}
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	r = rep(l, now + 3 * SEC);
	is(r.syns, 20000 + 400000, "two threads' SYNs are all counted");
	/* 2 s of 100/s + a burst of 50, however the threads interleave. */
	ok(r.why[WARDEN_SG_CONFORM] - conform <= 100 * 2 + 50 + 1,
	   "the shared budget is not overspent (%u)", (u32)(r.why[WARDEN_SG_CONFORM] - conform));
	is(w[0].passed + w[1].passed, r.why[WARDEN_SG_CONFORM] - conform,
	   "the threads' passes are the conforming count");
	lst_free(l);
}

static void test_cfg_check(void)
{
	ok(!warden_sg_cfg_check(2, 50, 1000, 10, 20, 100, 200), "defaults-like config passes");
	ok(warden_sg_cfg_check(3, 50, 1000, 10, 20, 100, 200) != NULL, "unknown mode is rejected");
	ok(warden_sg_cfg_check(2, 101, 1000, 10, 20, 100, 200) != NULL, "queue above 100%% is rejected");
	ok(warden_sg_cfg_check(2, 50, 1000, 10, 0, 100, 200) != NULL, "burst 0 is rejected");
	ok(warden_sg_cfg_check(2, 50, 4000000, 10, 20, 100, 200) != NULL, "an overlong quiet period is rejected");
}

static void test_top(void)
{
	struct warden_sg_cfg c = cfg_default(WARDEN_SG_ENFORCE);
	struct warden_topk_ent out[WARDEN_TOPK];
	u64 t = 100 * SEC;
	struct warden_sg_listener *l = lst_new(t);
	u32 i, n;

	for (i = 0; i < 3000; i++) {
		syn_on(&c, l, i % NCPU, i % 3 ? 50000 + i : 42, t, WARDEN_SG_UNLISTED);
		t += MS;
	}
	/* 1000 of 3000 SYNs, sampled 1 in 8 with weight 8: about 1000. */
	n = warden_sg_top(l, out);
	ok(n > 0 && out[0].addr.bytes[3] == 42,
	   "the heavy hitter of a listener tops its list");
	ok(out[0].count >= 700 && out[0].count <= 1300,
	   "its estimate is close to its 1000 SYNs (%u)", out[0].count);
	ok(n < 2 || out[1].count < out[0].count / 10,
	   "single-SYN sources stay far below it (%u)", n < 2 ? 0 : out[1].count);
	warden_sg_decay_top(l);
	ok(warden_sg_top(l, out) > 0 && out[0].count <= 650, "decay halves the list");
	lst_free(l);
}

int main(void)
{
	tables_init();
	test_calm();
	tables_clear();
	test_flood_enforce();
	test_verify();
	test_monitor_and_leave();
	test_cpus();
	tables_clear();
	test_batches();
	test_threads();
	test_cfg_check();
	tables_clear();
	test_top();
	tables_free();
	return tap_done();
}
