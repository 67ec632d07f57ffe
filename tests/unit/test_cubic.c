// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the fixed-point CUBIC code in core/cubic.c. */
#include <math.h>

#include "tap.h"
#include "cubic.h"

static u64 rng = 0x9e3779b97f4a7c15ULL;
static u64 rnd64(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
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
	is(ref_bad, 0, "cbrt within 1% of libm cbrtl for random inputs >= 1e6 (K^3 in ms^3 is >= 2.5e9)");
	is(exact_bad, 0, "cbrt never overshoots");
}

static struct warden_win win(u32 cwnd, u32 ssthresh)
{
	struct warden_win w = {
		.cwnd = cwnd, .cnt = 0, .ssthresh = ssthresh, .clamp = U32_MAX,
	};
	return w;
}

static void test_curve(void)
{
	struct warden_cubic c = { 0 };
	struct warden_win w = win(70, 70);
	u32 k;

	/* Loss at 100, beta 0.7: the curve restarts at 70 and plateaus at 100. */
	warden_cubic_on_loss(&c, 100, 717);
	is(c.last_max, 100, "first loss remembers W_max = cwnd");
	warden_cubic_ack(&c, &w, 1, 1000, 0, 717);
	/* K = cbrt(30 / 0.4) s = 4.217 s. */
	k = c.k;
	ok(k >= 4200 && k <= 4230, "K = cbrt((W_max - cwnd) / C) = 4217 ms (got %u)", k);
	/* Integer K rounds down, so the start may sit one segment high. */
	ok(warden_cubic_target(&c, 0) - 70 <= 1, "the curve starts at cwnd");
	is(warden_cubic_target(&c, k), 100, "the curve reaches W_max at K");
	/* 10 s after the epoch: 100 + 0.4 * 5.783^3 = 177.4. */
	is(warden_cubic_target(&c, 10000), 177, "convex region beyond K");

	/* Fast convergence: a loss below W_max lowers W_max further. */
	warden_cubic_on_loss(&c, 80, 717);
	is(c.last_max, 80 * (1024 + 717) / 2048, "fast convergence: W_max = cwnd (1 + beta) / 2");
	warden_cubic_on_loss(&c, 200, 717);
	is(c.last_max, 200, "a loss above W_max sets it to cwnd");
}

/* Drive one RTT worth of single-segment ACKs at time @now. */
static void one_rtt(struct warden_cubic *c, struct warden_win *w, u32 now, u32 rtt, u32 beta)
{
	u32 i, n = w->cwnd;

	for (i = 0; i < n; i++)
		warden_cubic_ack(c, w, 1, now + i * rtt / n, rtt, beta);
}

static void test_growth(void)
{
	struct warden_cubic c = { 0 };
	struct warden_win w = win(10, 1000);
	u32 t = 1, rtt, prev, max_step = 0, plateau_cwnd = 0;

	one_rtt(&c, &w, t, 100, 717);
	is(w.cwnd, 20, "cubic: slow start doubles below ssthresh");

	/* Concave then convex growth around W_max = 1000 with 100 ms RTT. */
	warden_cubic_on_loss(&c, 1000, 717);
	w = win(717, 717);
	for (rtt = 0; rtt < 200; rtt++) {
		prev = w.cwnd;
		one_rtt(&c, &w, t, 100, 717);
		t += 100;
		max_step = max(max_step, w.cwnd - prev);
		if (t - c.epoch_start >= c.k && !plateau_cwnd)
			plateau_cwnd = w.cwnd;
	}
	ok(plateau_cwnd >= 950 && plateau_cwnd <= 1050,
	   "cubic: cwnd is near W_max=1000 at K (got %u)", plateau_cwnd);
	ok(w.cwnd > 1100, "cubic: probes beyond W_max after K (got %u)", w.cwnd);
	ok(max_step * 2 <= prev + 2, "cubic: never more than 1.5x per RTT");

	/*
	 * TCP-friendly region: with a tiny RTT the cubic curve barely moves,
	 * and the Reno estimate (alpha = 3(1-b)/(1+b) = 0.53 per RTT) leads.
	 */
	c = (struct warden_cubic){ 0 };
	warden_cubic_on_loss(&c, 100, 717);
	w = win(70, 70);
	t = 1;
	for (rtt = 0; rtt < 100; rtt++) {
		one_rtt(&c, &w, t, 1, 717);
		t += 1;
	}
	/* 100 RTTs of 1 ms: the curve is at ~70.0; Reno-friendly gives ~+53. */
	ok(w.cwnd >= 115 && w.cwnd <= 130,
	   "cubic: TCP-friendly region grows ~0.53 segment per RTT (got %u)", w.cwnd);
}

int main(void)
{
	test_cbrt();
	test_curve();
	test_growth();
	return tap_done();
}
