// SPDX-License-Identifier: GPL-2.0
/* Tests of the per-SYN decision, flood state and handshake verification. */
#include <stdlib.h>

#include "tap.h"
#include "synguard.h"

#define SEC 1000000000ULL
#define MS 1000000ULL

static const struct warden_hkey key = { 1, 2 };
static struct warden_st verified, buckets, synacks;
static struct warden_cms cms;
static struct warden_sg_tables tab = { &verified, &buckets, &synacks, &cms, &key };

static void tables_init(void)
{
	u32 n = warden_st_sets_for(1024);

	warden_st_init(&verified, calloc(1, warden_st_mem_size(n)), n, 600 * SEC);
	warden_st_init(&buckets, calloc(1, warden_st_mem_size(n)), n, 60 * SEC);
	warden_st_init(&synacks, calloc(1, warden_st_mem_size(n)), n, 64 * SEC);
	warden_cms_init(&cms, malloc(warden_cms_mem_size(1024)), 1024);
}

static void tables_free(void)
{
	free(verified.ent);
	free(buckets.ent);
	free(synacks.ent);
	free(cms.cnt);
}

static struct warden_sg_cfg cfg_default(u32 mode)
{
	struct warden_sg_cfg c = {
		.mode = mode, .syn_rate = 1000, .queue_pct = 50, .quiet_ns = 2 * SEC,
	};

	warden_tb_cfg_set(&c.src, 2, 4);
	warden_tb_cfg_set(&c.all, 100, 50);
	return c;
}

static struct warden_addr addr4(u32 x)
{
	struct warden_addr a = { .family = 4 };

	a.bytes[0] = 10;
	a.bytes[1] = (u8)(x >> 16);
	a.bytes[2] = (u8)(x >> 8);
	a.bytes[3] = (u8)x;
	return a;
}

static struct warden_sg_verdict syn_from(const struct warden_sg_cfg *c,
					 struct warden_sg_listener *l,
					 u32 src, u64 now, u8 list)
{
	struct warden_addr a = addr4(src);
	struct warden_sg_syn s = {
		.now = now, .ns = 1, .src = &a, .plen = 32, .qlen = 0,
		.qmax = 128, .list = list,
	};

	return warden_sg_syn(c, l, &tab, &s);
}

/* Push a listener into flood state with a burst of distinct sources. */
static u64 flood(const struct warden_sg_cfg *c, struct warden_sg_listener *l,
		 u64 now, u32 rate, u64 dur, u32 first_src)
{
	u64 step = SEC / rate, end = now + dur;
	u32 i = first_src;

	for (; now < end; now += step)
		syn_from(c, l, i++, now, WARDEN_SG_UNLISTED);
	return now;
}

static void test_calm(void)
{
	struct warden_sg_cfg c = cfg_default(WARDEN_SG_ENFORCE);
	struct warden_sg_listener l;
	struct warden_sg_verdict v;
	u64 now = 100 * SEC;
	int i, drops = 0;

	warden_sg_listener_init(&l, now, 5);
	for (i = 0; i < 200; i++) {
		v = syn_from(&c, &l, 7, now, WARDEN_SG_UNLISTED);
		drops += v.drop;
		now += 10 * MS;	/* 100 SYN/s from one source */
	}
	is(drops, 0, "below the threshold nothing is dropped, even from one busy source");
	ok(!l.flood && l.floods == 0, "the listener stays calm");
	is(l.why[WARDEN_SG_CALM], 200, "every SYN was counted as calm");
	v = syn_from(&c, &l, 9, now, WARDEN_SG_ON_DENY);
	ok(v.drop && v.why == WARDEN_SG_DENIED, "a denied source is dropped even when calm");
	v = syn_from(&c, &l, 9, now, WARDEN_SG_ON_ALLOW);
	ok(!v.drop && v.why == WARDEN_SG_ALLOWED, "an allowed source passes");
}

static void test_flood_enforce(void)
{
	struct warden_sg_cfg c = cfg_default(WARDEN_SG_ENFORCE);
	struct warden_sg_listener l;
	struct warden_sg_verdict v;
	u64 now = 100 * SEC, t;
	u32 passed = 0, i, before;
	int events = 0;

	warden_sg_listener_init(&l, now, 5);
	/* 20000 distinct spoofed sources per second for 2 s. */
	before = l.why[WARDEN_SG_CONFORM];
	t = now;
	for (i = 0; i < 40000; i++, t += SEC / 20000) {
		v = syn_from(&c, &l, 1000 + i, t, WARDEN_SG_UNLISTED);
		events += v.event == WARDEN_SG_EV_ENTER;
		if (!v.drop && l.flood)
			passed++;
	}
	ok(l.flood, "a 20000/s flood puts the listener in flood state");
	is(events, 1, "entering flood state is reported once");
	/* Unverified sources share 100/s + burst 50: about 250 in 2 s. */
	ok(passed <= 100 * 2 + 50 + 1, "the aggregate budget bounds what passes (%u)", passed);
	ok(passed >= 100 * 1, "the aggregate budget is used, not zero (%u)", passed);
	ok(l.why[WARDEN_SG_LIMIT_ALL] > 30000, "the excess is dropped for the aggregate budget");
	ok(l.why[WARDEN_SG_CONFORM] > before, "conforming SYNs are counted");

	/* A single heavy source trips its own bucket: rate 2 burst 4. */
	before = (u32)l.why[WARDEN_SG_LIMIT_SRC];
	for (passed = 0, i = 0; i < 100; i++) {
		v = syn_from(&c, &l, 5, t, WARDEN_SG_UNLISTED);
		passed += !v.drop;
		t += MS;
	}
	ok(passed <= 4 + 1, "a source's own bucket limits it to its burst (%u)", passed);
	/*
	 * While the aggregate is empty the source keeps its tokens; it spends
	 * its burst of 4 within ~40 ms, then its own bucket limits it.
	 */
	ok(l.why[WARDEN_SG_LIMIT_SRC] - before >= 50,
	   "most of those drops count as per-source limits (%u)",
	   (u32)l.why[WARDEN_SG_LIMIT_SRC] - before);

	/* Allow wins even in flood state. */
	v = syn_from(&c, &l, 5, t, WARDEN_SG_ON_ALLOW);
	ok(!v.drop, "an allowed source passes during a flood");
}

static void test_verify(void)
{
	struct warden_sg_cfg c = cfg_default(WARDEN_SG_ENFORCE);
	struct warden_sg_listener l;
	struct warden_sg_verdict v;
	struct warden_addr cli = addr4(77), srv = addr4(1);
	u64 th = warden_tuple_hash(&key, 1, &cli, 40000, &srv, 80);
	u64 sh = warden_src_hash(&key, 1, &cli, 32);
	u64 now = 100 * SEC, t;
	u32 limited = 0, i;

	warden_sg_listener_init(&l, now, 5);
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

	/* A verified client is never limited during a flood. */
	warden_sg_synack(&tab, th, 5, now);
	if (warden_sg_ack(&tab, th, 6, now) == WARDEN_SG_ACK_VERIFIED)
		warden_sg_verify(&tab, sh, now);
	t = flood(&c, &l, now, 20000, SEC, 5000);
	ok(l.flood, "the listener is flooded");
	for (i = 0; i < 500; i++) {
		v = syn_from(&c, &l, 77, t, WARDEN_SG_UNLISTED);
		limited += v.drop;
		t += SEC / 20000;
		syn_from(&c, &l, 100000 + i, t, WARDEN_SG_UNLISTED);
	}
	is(limited, 0, "500 SYNs of a verified client during the flood all pass");
	ok(l.why[WARDEN_SG_VERIFIED] >= 500, "they count as verified");
}

static void test_monitor_and_leave(void)
{
	struct warden_sg_cfg c = cfg_default(WARDEN_SG_MONITOR);
	struct warden_sg_listener l;
	struct warden_sg_verdict v;
	u64 now = 100 * SEC, t;
	u32 drops = 0, i;
	u8 ev = 0;

	warden_sg_listener_init(&l, now, 5);
	for (t = now, i = 0; i < 40000; i++, t += SEC / 20000) {
		v = syn_from(&c, &l, 9000 + i, t, WARDEN_SG_UNLISTED);
		drops += v.drop;
	}
	v = syn_from(&c, &l, 9, t, WARDEN_SG_ON_DENY);
	drops += v.drop;
	ok(l.flood, "monitor mode still detects the flood");
	is(drops, 0, "monitor mode drops nothing");
	ok(l.would_drop > 30000, "but counts what enforce would have dropped");

	/* Quiet: the rate decays; leave after quiet_ns below half the marks. */
	ev = warden_sg_tick(&c, &l, t + SEC);
	ok(ev == WARDEN_SG_EV_NONE && l.flood, "still in flood state 1 s after the flood");
	for (i = 1; i <= 10 && l.flood; i++)
		ev = warden_sg_tick(&c, &l, t + i * SEC);
	ok(!l.flood && ev == WARDEN_SG_EV_LEAVE, "leaves flood state after the quiet period");
	ok(i - 1 >= 2 && i - 1 <= 4, "about quiet_ns after the rate fell (%u s)", i - 1);

	/* Queue pressure alone enters flood state. */
	warden_sg_listener_init(&l, now, 5);
	{
		struct warden_addr a = addr4(3);
		struct warden_sg_syn s = {
			.now = now, .ns = 1, .src = &a, .plen = 32,
			.qlen = 64, .qmax = 128,
		};

		v = warden_sg_syn(&c, &l, &tab, &s);
		ok(l.flood && v.event == WARDEN_SG_EV_ENTER, "a SYN queue at 50%% enters flood state");
		s.qlen = 10;
		s.now += 3 * SEC;
		v = warden_sg_syn(&c, &l, &tab, &s);
		ok(!l.flood && v.event == WARDEN_SG_EV_LEAVE, "a drained queue leaves it after the quiet period");
	}

	/* Thresholds of zero disable detection. */
	c.syn_rate = 0;
	c.queue_pct = 0;
	warden_sg_listener_init(&l, now, 5);
	flood(&c, &l, now, 20000, SEC, 1);
	ok(!l.flood, "with both thresholds 0 nothing is a flood");
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
	struct warden_sg_listener l;
	struct warden_topk_ent out[WARDEN_TOPK];
	u64 t = 100 * SEC;
	u32 i;

	warden_sg_listener_init(&l, t, 5);
	for (i = 0; i < 3000; i++) {
		syn_from(&c, &l, i % 3 ? 50000 + i : 42, t, WARDEN_SG_UNLISTED);
		t += MS;
	}
	/* 1000 of 3000 SYNs, sampled 1 in 8 with weight 8: about 1000. */
	ok(warden_topk_sorted(&l.top, out) > 0 && out[0].addr.bytes[3] == 42,
	   "the heavy hitter of a listener tops its list");
	ok(out[0].count >= 700 && out[0].count <= 1300,
	   "its estimate is close to its 1000 SYNs (%u)", out[0].count);
	ok(out[1].count < out[0].count / 10,
	   "single-SYN sources stay far below it (%u)", out[1].count);
}

int main(void)
{
	tables_init();
	test_calm();
	warden_st_clear(&verified);
	test_flood_enforce();
	test_verify();
	test_monitor_and_leave();
	test_cfg_check();
	test_top();
	tables_free();
	return tap_done();
}
