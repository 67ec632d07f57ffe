// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of core/cubic.c: the cube root, the curve, and ACK-by-ACK
 * replays of the situations where warden's `growth cubic` must give the
 * kernel's tcp_cubic window: the reset on a timeout, the bound on cnt
 * without a W_max, HyStart's exit into congestion avoidance, the epoch
 * shift after idle. Every expected window is worked out in the comments
 * from RFC 9438's formulas in the kernel's documented fixed point:
 *
 *   curve clock  t in 1/1024 s: t = (now - epoch_start + ceil(rtt_min in
 *                ticks)) * 1024 / HZ, evaluated one minimum RTT ahead
 *   curve        W(t) = origin -/+ 410 |t - K|^3 / 2^40  (C = 410/1024)
 *   K            cbrt((W_max - cwnd) * floor(2^40 / 410)), 0 at or above
 *                W_max, where origin = cwnd
 *   cnt          cwnd / (W(t) - cwnd), or 100 cwnd at the plateau; at
 *                most 20 while no W_max is known; lowered to
 *                cwnd / (W_est - cwnd) when the Reno estimate leads; at
 *                least 2; recomputed only when cwnd changed or 1/32 s
 *                (7 ticks at HZ 250) passed, the curve at most once a tick
 *   W_est        +1 per floor(cwnd * (8 (1 + b) / 3 / (1 - b)) / 8) ACKs,
 *                i.e. cwnd / alpha, alpha = 3 (1 - b) / (1 + b): 13 ACKs
 *                at cwnd 7, 15 at 8, 90 at 48, 131 at 70 for b = 717/1024
 *   increase     +1 when cnt ACKs were credited (tcp_cong_avoid_ai)
 */
#include <math.h>

#include "tap.h"
#include "cubic.h"
#include "policy.h"

#define HZ_DEB		250	/* Debian's kernels: a tick is 4 ms */
#define TICK_US		(1000000 / HZ_DEB)
#define J0		100000	/* jiffies at time 0 (not 0: 0 means no epoch) */
#define BETA_CUBIC	717

static u64 rng = 0x9e3779b97f4a7c15ULL;
static u64 rnd64(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* One connection, driven in the order tcp_input.c calls the module. */
struct conn {
	struct warden_cubic c;
	struct warden_hystart h;
	struct warden_win w;
	u32 beta, rto_beta, floor;
	bool hystart;
	u32 now_us;		/* tcp_mstamp */
	u32 snd_una, snd_nxt;	/* in segments */
	u32 hystart_exits;
};

static u32 jiffies_of(const struct conn *k)
{
	return J0 + k->now_us / TICK_US;
}

static void conn_init(struct conn *k, u32 cwnd, u32 ssthresh, bool hystart)
{
	*k = (struct conn){ .beta = BETA_CUBIC, .floor = 2, .hystart = hystart };
	k->w = (struct warden_win){ .cwnd = cwnd, .ssthresh = ssthresh,
				    .clamp = U32_MAX };
	if (hystart)
		warden_hystart_start(&k->h, k->now_us, k->snd_nxt);
	k->snd_nxt = cwnd;	/* the initial window goes out */
}

/*
 * One ACK of @acked segments at @ms (plus @us) with an RTT sample:
 * ->pkts_acked (minimum RTT, HyStart), then ->cong_avoid, then the
 * sender fills the window.
 */
static void conn_ack_us(struct conn *k, u32 us, u32 acked, s32 rtt_us)
{
	u32 delay;

	k->now_us = us;
	k->snd_una += acked;
	delay = warden_cubic_rtt_sample(&k->c, rtt_us, jiffies_of(k), HZ_DEB);
	if (delay && k->hystart && !k->h.found && k->w.cwnd < k->w.ssthresh) {
		struct warden_hystart_ack a = {
			.now_us = k->now_us, .snd_una = k->snd_una,
			.snd_nxt = k->snd_nxt, .cwnd = k->w.cwnd,
			.delay_us = delay, .delay_min_us = k->c.delay_min,
		};

		if (warden_hystart_update(&k->h, &a)) {
			k->w.ssthresh = k->w.cwnd;
			k->hystart_exits++;
		}
	}
	warden_cubic_ack(&k->c, &k->w, acked, jiffies_of(k), HZ_DEB, k->beta);
	k->snd_nxt = max(k->snd_nxt, k->snd_una + k->w.cwnd);
}

static void conn_ack(struct conn *k, u32 ms, u32 acked, s32 rtt_us)
{
	conn_ack_us(k, ms * 1000, acked, rtt_us);
}

/* Fast recovery: ->ssthresh(), then PRR ends at cwnd = ssthresh. */
static void conn_loss(struct conn *k)
{
	warden_cubic_on_loss(&k->c, k->w.cwnd, k->beta);
	k->w.ssthresh = warden_loss_ssthresh(k->w.cwnd, k->beta, k->floor);
	k->w.cwnd = k->w.ssthresh;
	k->w.cnt = 0;
}

/*
 * tcp_enter_loss(): ->ssthresh(), CA_EVENT_LOSS (rto-beta), cwnd = in
 * flight + 1 (everything is lost: 1), then set_state(TCP_CA_Loss).
 */
static void conn_rto(struct conn *k)
{
	u32 rb = k->rto_beta ? k->rto_beta : k->beta;

	warden_cubic_on_loss(&k->c, k->w.cwnd, k->beta);
	k->w.ssthresh = warden_loss_ssthresh(k->w.cwnd, rb, k->floor);
	k->w.cwnd = 1;
	k->w.cnt = 0;
	warden_cubic_reset(&k->c);
	warden_hystart_start(&k->h, k->now_us, k->snd_nxt);
	k->snd_una = k->snd_nxt;	/* the lost data counts as sent */
}

/* A minimum RTT of @rtt_us, then a loss at cwnd 100: W_max 100, cwnd 70. */
static void conn_loss_at_100(struct conn *k, s32 rtt_us)
{
	conn_init(k, 100, 100, false);
	warden_cubic_rtt_sample(&k->c, rtt_us, J0, HZ_DEB);
	conn_loss(k);
}

static void test_cbrt(void)
{
	u32 i, exact_bad = 0, ref_bad = 0;
	u64 xs[] = { 0, 1, 7, 8, 26, 27, 63, 64, 999, 1000, 1000000,
		     (u64)2642245 * 2642245 * 2642245, U64_MAX };

	for (i = 0; i < sizeof(xs) / sizeof(xs[0]); i++) {
		u64 x = xs[i], y = warden_cbrt(x);

		/* floor: y^3 <= x < (y+1)^3 (the latter may exceed u64). */
		if (y * y * y > x ||
		    ((long double)(y + 1) * (y + 1) * (y + 1) <= (long double)x))
			exact_bad++;
	}
	is(exact_bad, 0, "cbrt is the exact floor at edge values (0, cubes, U64_MAX)");

	for (i = 0; i < 200000; i++) {
		u64 x = rnd64() >> (rnd64() % 64);
		double ref = cbrtl((long double)x);
		u32 y = warden_cbrt(x);

		if (x >= 1000000 && fabs((double)y - ref) > ref * 0.01)
			ref_bad++;
		if ((u64)y * y * y > x)
			exact_bad++;
	}
	is(ref_bad, 0, "cbrt within 1% of libm cbrtl for random inputs >= 1e6");
	is(exact_bad, 0, "cbrt never overshoots");
}

static void test_curve(void)
{
	struct conn k;

	/* Loss at 100 with beta 0.7: ssthresh 70, W_max 100. */
	conn_loss_at_100(&k, 100000);
	is(k.c.last_max, 100, "first loss remembers W_max = cwnd");
	is(k.w.cwnd, 70, "and leaves cwnd = ssthresh = 100 * 717 / 1024 = 70");
	conn_ack(&k, 0, 1, 100000);
	/*
	 * K = cbrt(30 * 2681735677) = cbrt(80452070310) = 4316.3: 4316
	 * units of 1/1024 s = 4.215 s = cbrt(30 / 0.4004) s.
	 */
	is(k.c.k, 4316, "K = cbrt((W_max - cwnd) 2^40 / 410) = 4316 (4.215 s)");
	is(k.c.origin, 100, "the plateau is at W_max");
	/* K rounds down: the offset at 0 is 29.99, floored to 29. */
	is(warden_cubic_target(&k.c, 0), 71, "W(0) = 100 - floor(410 * 4316^3 / 2^40) = 71");
	is(warden_cubic_target(&k.c, 4316), 100, "W(K) = W_max");
	/* 10 s = 10240 units: 100 + 410 * 5924^3 / 2^40 = 100 + 77.5. */
	is(warden_cubic_target(&k.c, 10240), 177, "W(10 s) = 177 (convex region)");
	/*
	 * The first ACK aims one minimum RTT (100 ms = 25 ticks = 102 units)
	 * ahead: W = 100 - 410 * 4214^3 / 2^40 = 100 - 27.9 = 73 (floor of
	 * the offset: 27), cnt = 70 / (73 - 70) = 23.
	 */
	is(k.c.cnt, 23, "cnt = cwnd / (W(t + rtt_min) - cwnd) = 70 / 3 = 23");

	/* Fast convergence: a loss below W_max lowers W_max further. */
	k.w.cwnd = 80;
	conn_loss(&k);
	is(k.c.last_max, 80 * (1024 + 717) / 2048, "fast convergence: W_max = cwnd (1 + beta) / 2");
	is(k.c.epoch_start, 0, "a loss ends the epoch");
	k.w.cwnd = 200;
	conn_loss(&k);
	is(k.c.last_max, 200, "a loss above W_max sets it to cwnd");

	/* Only beta differs with another beta: (1 + 0.5) / 2 = 0.75. */
	k.beta = 512;
	k.w.cwnd = 100;
	conn_loss(&k);
	is(k.c.last_max, 75, "beta 0.5: fast convergence W_max = 100 * 1536 / 2048");
	is(k.w.ssthresh, 50, "beta 0.5: ssthresh = 100 * 512 / 1024");
}

/*
 * Issue item 1: a timeout forgets W_max. Loss at cwnd 10 (W_max 10),
 * then an RTO at cwnd 10: ssthresh 7, and set_state(Loss) resets
 * everything, so the next epoch starts at cwnd 7 with K = 0, origin 7,
 * and cnt bounded by 20. CA ACKs come every 16 ms (4 ticks), RTT 100 ms:
 * the curve (t < 600 units, offset 410 t^3 / 2^40 < 1) stays at 7 or
 * below cwnd, so cnt = min(100 cwnd, 20) = 20 until the Reno estimate
 * leads. cnt is recomputed on every other ACK (8 ticks > 7), where
 * W_est is credited: at cwnd 7 one per 13 ACKs, so at ACK 15
 * (ack_cnt 15 > 13) W_est = 8 and cnt = 7 / (8 - 7) = 7: the 14 credits
 * already counted give cwnd 8 there. At cwnd 8 (per 15 ACKs, ack_cnt
 * restarting from 2) W_est = 9 at the first recomputation with
 * ack_cnt > 15, ACK 30, cnt = 8, and the 15 credits give cwnd 9.
 * Keeping W_max 10 instead (K = 2003, W(102) = 10 - 2 = 8) gives cnt 7
 * from the first ACK: cwnd 8 at ACK 7.
 */
static void test_rto_forgets_wmax(void)
{
	u32 i, ms = 0, bad = 0, want;
	struct conn k;

	conn_init(&k, 10, 10, false);
	conn_loss(&k);		/* cwnd 10 -> 7, W_max 10 */
	k.w.cwnd = 10;		/* grown back */
	conn_rto(&k);
	is(k.w.ssthresh, 7, "RTO at cwnd 10: ssthresh = 10 * 717 / 1024 = 7");
	is(k.c.last_max, 0, "entering Loss forgets W_max");
	is(k.c.delay_min, 0, "entering Loss forgets the minimum RTT");

	/* Slow start 1 -> 7: six ACKs of one segment. */
	for (i = 0; i < 6; i++)
		conn_ack(&k, ms += 100, 1, 100000);
	is(k.w.cwnd, 7, "slow start after the RTO ends at ssthresh 7");
	is(k.c.delay_min, 100000, "slow start's samples give the minimum RTT again");

	for (i = 1; i <= 30; i++) {
		conn_ack(&k, ms += 16, 1, 100000);
		if (i == 1) {
			is(k.c.k, 0, "first epoch after the RTO: K = 0");
			is(k.c.origin, 7, "first epoch after the RTO: origin = cwnd 7");
			is(k.c.cnt, 20, "first epoch after the RTO: cnt = 20 (no W_max)");
		}
		want = i < 15 ? 7 : i < 30 ? 8 : 9;
		if (k.w.cwnd != want) {
			printf("#   CA ACK %u: cwnd %u, want %u\n", i, k.w.cwnd, want);
			bad++;
		}
	}
	is(bad, 0, "after the RTO: cwnd 7 for CA ACKs 1-14, 8 from ACK 15, 9 at ACK 30");
}

/*
 * Issue item 3: without W_max the kernel bounds cnt by 20. Slow start
 * ends at ssthresh 48 (initial-ssthresh), no loss ever: K = 0, origin
 * 48, and over the 60 ACKs (4 ms apart, RTT 100 ms: t < 400 units) the
 * curve stays at 48, the plateau (cnt = 100 cwnd). W_est needs 90 ACKs
 * (48 * 15 / 8) for its first segment. So cnt = 20 throughout: cwnd 49
 * at ACK 20, 50 at 40, 51 at 60. With a W_max of 40 remembered the
 * bound is off: cnt = 4800, cwnd stays 48.
 */
static void test_no_wmax_bound(void)
{
	u32 i, ms = 0, bad = 0, want;
	struct conn k;

	conn_init(&k, 10, 48, false);
	for (i = 0; i < 38; i++)
		conn_ack(&k, ms += 4, 1, 100000);
	is(k.w.cwnd, 48, "slow start ends at initial-ssthresh 48");
	for (i = 1; i <= 60; i++) {
		conn_ack(&k, ms += 4, 1, 100000);
		want = 48 + i / 20;
		if (k.w.cwnd != want) {
			printf("#   CA ACK %u: cwnd %u, want %u\n", i, k.w.cwnd, want);
			bad++;
		}
	}
	is(bad, 0, "no W_max: cnt 20, cwnd 48 -> 49 -> 50 -> 51 at CA ACKs 20, 40, 60");

	conn_init(&k, 48, 48, false);
	k.c.last_max = 40;
	for (i = 1; i <= 60; i++)
		conn_ack(&k, ms += 4, 1, 100000);
	is(k.c.cnt, 4800, "with a W_max below cwnd: cnt = 100 cwnd at the plateau");
	is(k.w.cwnd, 48, "with a W_max: no bound, cwnd 48 after 60 ACKs");
}

/*
 * Issue item 4: idle shifts the epoch. Loss at 100 (W_max 100), cwnd 70,
 * RTT 100 ms; the first ACK at tick T starts the epoch: cnt 23 (see
 * test_curve). The sender is idle from T for 2 s (500 ticks); on
 * CA_EVENT_TX_START the epoch start moves 500 ticks on. The next ACK
 * 100 ticks after the restart sees t = 100 + 25 = 125 ticks = 512
 * units: W = 100 - 410 * 3804^3 / 2^40 = 100 - 20.5 -> 80, cnt =
 * 70 / 10 = 7, cwnd stays 70 (2 credits). Without the shift t would be
 * 625 ticks = 2662 units, W = 99, cnt = 2, cwnd 71; restarting the
 * epoch would give cnt 23 again.
 */
static void test_idle_shift(void)
{
	u32 t0, ms = 40000;
	struct conn k;

	conn_loss_at_100(&k, 100000);
	conn_ack(&k, ms, 1, 100000);
	t0 = jiffies_of(&k);
	is(k.c.epoch_start, t0, "the first ACK after the loss starts the epoch");
	is(k.c.cnt, 23, "cnt 23 at the epoch start");

	ms += 2000;
	warden_cubic_idle_end(&k.c, J0 + ms * 1000 / TICK_US, t0);
	is(k.c.epoch_start, t0 + 500, "2 s idle: the epoch start moves 500 ticks on");
	conn_ack(&k, ms += 400, 1, 100000);
	is(k.c.cnt, 7, "after idle the curve resumes where it stopped: cnt 7");
	is(k.w.cwnd, 70, "after idle: cwnd 70 (the curve did not jump ahead)");

	/* An epoch begun after the last send: the start stops at now. */
	k.c.epoch_start = t0;
	warden_cubic_idle_end(&k.c, t0 + 100, t0 - 5);
	is(k.c.epoch_start, t0 + 100, "the shifted epoch start never passes now");
	k.c.epoch_start = 0;
	warden_cubic_idle_end(&k.c, t0 + 100, t0);
	is(k.c.epoch_start, 0, "no epoch, nothing to shift");
	k.c.epoch_start = t0;
	warden_cubic_idle_end(&k.c, t0, t0 + 3);
	is(k.c.epoch_start, t0, "a last send in the future (no idle) shifts nothing");
}

/*
 * Issue item 2 as the window sees it: HyStart's delay detector ends slow
 * start, then congestion avoidance starts with no W_max. IW 10, ACKs
 * 5 ms apart (no ACK train: 5 ms > 2 ms), RTT 100 ms for two rounds:
 * round 1 is ACKs 1-10 (cwnd 10-19; ACKs 7-10 at cwnd >= 16 give 4
 * samples), round 2 ACKs 11-30 (20 samples, 100 ms is not above
 * 100 + max(4, min(100 / 8, 16)) = 112.5 ms). From ACK 31, round 3
 * (cwnd 40), samples are 113 ms: the 9th, ACK 39, fires at cwnd
 * 40 + 8 = 48: ssthresh 48. Then the curve starts at 48 with no W_max,
 * cnt 20: cwnd 49 at the 20th ACK in congestion avoidance.
 */
static void test_hystart_exit(void)
{
	u32 i, ms = 0, at = 0;
	struct conn k;

	conn_init(&k, 10, 0x7fffffff, true);
	for (i = 1; i <= 38 + 20; i++) {
		conn_ack(&k, ms += 5, 1, i <= 30 ? 100000 : 113000);
		if (!at && k.hystart_exits)
			at = i;
	}
	is(at, 39, "the delay detector fires at the 9th sample of the round (ACK 39)");
	is(k.w.ssthresh, 48, "HyStart sets ssthresh = cwnd = 48");
	is(k.hystart_exits, 1, "it fires once: found stops the detectors");
	is(k.c.last_max, 0, "no W_max after a HyStart exit");
	is(k.w.cwnd, 49, "then cnt 20: cwnd 49 after 20 ACKs in congestion avoidance");

	conn_init(&k, 10, 0x7fffffff, false);
	for (i = 1; i <= 58; i++)
		conn_ack(&k, ms += 5, 1, i <= 30 ? 100000 : 113000);
	is(k.w.cwnd, 68, "hystart off: slow start goes on (10 + 58 ACKs = 68)");

	/* A timeout starts HyStart over, found included. */
	conn_init(&k, 10, 0x7fffffff, true);
	k.h.found = 1;
	conn_rto(&k);
	is(k.h.found, 0, "entering Loss clears found: HyStart looks again");
}

/* cnt holds for 1/32 s while cwnd is unchanged. */
static void test_holds(void)
{
	struct conn k;

	/* W_max 100, cwnd 70: cnt 23 at the epoch start (test_curve). */
	conn_loss_at_100(&k, 100000);
	conn_ack(&k, 1000, 1, 100000);
	/*
	 * 28 ms later (7 ticks, not more than 1/32 s) cnt is not
	 * recomputed although the curve moved: still 23. At 32 ms (8 ticks)
	 * t = 33 ticks = 135 units, W = 100 - 410 * 4181^3 / 2^40 = 72.7,
	 * floor of the offset 27: 73, cnt 23 again; at 2 s (500 ticks,
	 * t = 2150 units) W = 100 - 410 * 2166^3 / 2^40 = 96.2 -> 97
	 * (offset floor 3), cnt = 70 / 27 = 2.
	 */
	conn_ack(&k, 1028, 1, 100000);
	is(k.c.last_time, J0 + 250, "within 1/32 s the curve is not evaluated again");
	conn_ack(&k, 1032, 1, 100000);
	is(k.c.last_time, J0 + 258, "after 8 ticks it is");
	is(k.c.cnt, 23, "cnt 23 at t = 135 units");
	conn_ack(&k, 3000, 1, 100000);
	is(k.c.cnt, 2, "cnt = 70 / (97 - 70) = 2 at t = 2150 units");

	/*
	 * A window change in the tick of the last evaluation recomputes cnt
	 * from the Reno estimate only: cwnd 90 (above W(t) = 73, where the
	 * curve would say 100 * 90) keeps the 23 of that tick; the next
	 * tick evaluates the curve: 9000.
	 */
	conn_loss_at_100(&k, 100000);
	conn_ack(&k, 1000, 1, 100000);
	k.w.cwnd = 90;
	conn_ack(&k, 1000, 1, 100000);
	is(k.c.cnt, 23, "the curve is evaluated once per tick: cnt 23 after cwnd changed in it");
	conn_ack(&k, 1004, 1, 100000);
	is(k.c.cnt, 9000, "the next tick: cnt = 100 cwnd (above the curve)");

	/*
	 * The minimum RTT is rounded up to whole ticks (usecs_to_jiffies):
	 * 92.001 ms is 24 ticks, t = 24 * 1024 / 250 = 98 units, offset
	 * 410 * 4218^3 / 2^40 = 27.98 -> 27, W = 73, cnt 23 (23 ticks
	 * would give t = 94, offset 28.06, W = 72, cnt 35).
	 */
	conn_loss_at_100(&k, 92001);
	conn_ack(&k, 1000, 1, 92001);
	is(k.c.cnt, 23, "the minimum RTT counts in whole ticks, rounded up: cnt 23");

	/*
	 * 10 s into an epoch at W_max = cwnd = 10 (K = 0) the curve is at
	 * 10 + 410 * 10342^3 / 2^40 = 422: cnt = 10 / 412 = 0, raised to 2,
	 * so every two ACKs add one segment (1.5x per RTT at most).
	 */
	conn_init(&k, 10, 10, false);
	k.c.last_max = 10;
	conn_ack(&k, 1000, 1, 100000);
	conn_ack(&k, 11000, 1, 100000);
	is(k.c.cnt, 2, "far above the plateau cnt is at least 2");
	conn_ack(&k, 11004, 1, 100000);
	is(k.w.cwnd, 11, "one segment for ACKs 1-2 (2 credits), none for ACK 3");
}

/*
 * Where the curve is flat, the Reno estimate leads, and beta only changes
 * its pace. At the plateau (cwnd = W_max = 50, K = 0; 1 ms RTT, ACKs
 * 4 ms apart: t < 1300 units, offset 410 t^3 / 2^40 < 1) cnt = 100 cwnd,
 * until W_est = 51 gives cnt = 50 / (51 - 50) = 50. W_est gains its
 * segment at the first recomputation (every 8th ACK: 1, 9, 17, ...)
 * with ack_cnt above floor(50 * (8 (1 + b) / 3 / (1 - b)) / 8) ACKs,
 * and the credits counted so far (> 50) give cwnd 51 there:
 *   beta 0.5: 8 * 1536 / 3 / 512 = 8, 50 ACKs: ACK 57 (Reno's pace);
 *   beta 0.7: 15, 93 ACKs: ACK 97;
 *   beta 0.9: 8 * 1946 / 3 / 102 = 50, 312 ACKs: ACK 313.
 */
static void test_friendly_beta(void)
{
	static const u32 betas[] = { 512, 717, 922 }, want[] = { 57, 97, 313 };
	u32 b, i, at;
	struct conn k;

	for (b = 0; b < 3; b++) {
		conn_init(&k, 50, 50, false);
		k.beta = betas[b];
		k.c.last_max = 50;
		at = 0;
		for (i = 1; i <= 400 && !at; i++) {
			conn_ack(&k, 10000 + 4 * i, 1, 1000);
			if (k.w.cwnd > 50)
				at = i;
		}
		ok(at == want[b], "beta %u/1024: the Reno estimate adds the first segment at ACK %u (got %u)",
		   betas[b], want[b], at);
	}
}

/* RTT samples: none, zero, and the first second of an epoch. */
static void test_rtt_sample(void)
{
	struct warden_cubic c = { 0 };

	is(warden_cubic_rtt_sample(&c, -1, J0, HZ_DEB), 0, "no sample (rtt_us < 0): nothing");
	is(c.delay_min, 0, "and no minimum");
	is(warden_cubic_rtt_sample(&c, 0, J0, HZ_DEB), 1, "a 0 us sample counts as 1 us");
	warden_cubic_rtt_sample(&c, 50000, J0, HZ_DEB);
	is(c.delay_min, 1, "the minimum only goes down");
	c.delay_min = 0;
	c.epoch_start = J0;
	is(warden_cubic_rtt_sample(&c, 40000, J0 + HZ_DEB - 1, HZ_DEB), 0,
	   "samples in the epoch's first second are skipped");
	is(c.delay_min, 0, "and leave the minimum alone");
	is(warden_cubic_rtt_sample(&c, 40000, J0 + HZ_DEB, HZ_DEB), 40000,
	   "from one second into the epoch they count");
	is(c.delay_min, 40000, "and set the minimum");
}

/* Long runs: concave then convex around W_max, at most 1.5x per RTT. */
static void test_growth(void)
{
	u32 r, i, n, prev, too_fast = 0, at_k = 0, ms = 0;
	struct conn k;

	conn_init(&k, 1000, 1000, false);
	warden_cubic_rtt_sample(&k.c, 100000, J0, HZ_DEB);
	conn_loss(&k);
	for (r = 0; r < 150; r++) {
		prev = k.w.cwnd;
		n = k.w.cwnd;
		for (i = 0; i < n; i++)
			conn_ack_us(&k, ms * 1000 + i * 100000 / n, 1, 100000);
		ms += 100;
		too_fast += k.w.cwnd > prev + prev / 2 + 1;
		/* K = cbrt(283 / 0.4) = 8.9 s */
		if (!at_k && ms >= 8900)
			at_k = k.w.cwnd;
	}
	ok(at_k >= 950 && at_k <= 1020, "cwnd is near W_max = 1000 at K = 8.9 s (got %u)", at_k);
	/* 15 s: 1000 + 0.4 * (15 - 8.9)^3 = 1091, aimed one RTT ahead. */
	ok(k.w.cwnd > 1050, "cubic probes beyond W_max after K (got %u)", k.w.cwnd);
	is(too_fast, 0, "never more than 1.5x per RTT");
}

int main(void)
{
	test_cbrt();
	test_curve();
	test_rto_forgets_wmax();
	test_no_wmax_bound();
	test_idle_shift();
	test_hystart_exit();
	test_holds();
	test_friendly_beta();
	test_rtt_sample();
	test_growth();
	return tap_done();
}
