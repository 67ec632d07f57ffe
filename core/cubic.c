// SPDX-License-Identifier: GPL-2.0
#include "cubic.h"

#ifdef __KERNEL__
#include <linux/math64.h>
#else
static inline u64 div64_u64(u64 a, u64 b)
{
	return a / b;
}
#endif

/*
 * C = 0.4 segments/s^3. With t in ms the curve offset is
 * 0.4 * t^3 / 1e9 = 4 * t^3 / 1e10 segments, and K^3 = dW / 0.4 s^3
 * = dW * 2.5e9 ms^3.
 */
#define CUBIC_C_NUM	4ULL
#define CUBIC_C_DEN	10000000000ULL
#define CUBIC_K3_PER_SEG 2500000000ULL
/* |t - K| is clamped so that 4 * d^3 fits in 64 bits. */
#define CUBIC_MAX_D_MS	((u32)BIT(20))

u32 warden_cbrt(u64 x)
{
	u64 y = 0, b;
	int s;

	/*
	 * Binary long division for cube roots: one result bit per 3 input
	 * bits. (2y+1)^3 - (2y)^3 = 12y^2 + 6y + 1 = 3*(2y)*(2y+1) + 1.
	 */
	for (s = 63; s >= 0; s -= 3) {
		y <<= 1;
		b = 3 * y * (y + 1) + 1;
		if ((x >> s) >= b) {
			x -= b << s;
			y++;
		}
	}
	return (u32)y;
}

void warden_cubic_reset(struct warden_cubic *c)
{
	c->epoch_start = 0;
	c->origin = 0;
	c->k = 0;
	c->est_cwnd = 0;
	c->ack_cnt = 0;
}

void warden_cubic_on_loss(struct warden_cubic *c, u32 cwnd, u32 beta)
{
	c->epoch_start = 0;
	/* Fast convergence: release bandwidth to newer flows. */
	if (cwnd < c->last_max)
		c->last_max = (u32)(((u64)cwnd * (WARDEN_BETA_SCALE + beta)) /
				    (2 * WARDEN_BETA_SCALE));
	else
		c->last_max = cwnd;
}

u32 warden_cubic_target(const struct warden_cubic *c, u32 t_ms)
{
	u32 d = t_ms > c->k ? t_ms - c->k : c->k - t_ms;
	u64 off;

	d = min(d, CUBIC_MAX_D_MS);
	off = div64_u64(CUBIC_C_NUM * d * d * d, CUBIC_C_DEN);
	if (t_ms >= c->k)
		return (u32)min_t(u64, (u64)c->origin + off, WARDEN_CUBIC_WMAX);
	return off < c->origin ? c->origin - (u32)off : 0;
}

static void epoch_begin(struct warden_cubic *c, const struct warden_win *w,
			u32 now_ms)
{
	u32 cwnd = min(w->cwnd, WARDEN_CUBIC_WMAX);
	u32 wmax = min(c->last_max, WARDEN_CUBIC_WMAX);

	c->epoch_start = now_ms ? now_ms : 1;
	c->ack_cnt = 0;
	c->est_cwnd = cwnd;
	if (wmax <= cwnd) {
		/* Above the old maximum: probe from here (convex part). */
		c->k = 0;
		c->origin = cwnd;
	} else {
		c->k = warden_cbrt((u64)(wmax - cwnd) * CUBIC_K3_PER_SEG);
		c->origin = wmax;
	}
}

/* ACKs per +1 segment so that the Reno estimate grows like AIMD(alpha, beta). */
static u32 friendly_cnt(struct warden_cubic *c, const struct warden_win *w,
			u32 acked, u32 beta)
{
	u64 per_seg;

	/*
	 * alpha = 3 (1 - beta) / (1 + beta) makes an AIMD flow with this beta
	 * as aggressive as Reno; the estimate gains one segment every
	 * est_cwnd / alpha ACKs.
	 */
	per_seg = div64_u64((u64)c->est_cwnd * (WARDEN_BETA_SCALE + beta),
			    3ULL * (WARDEN_BETA_SCALE - beta));
	if (!per_seg)
		per_seg = 1;
	c->ack_cnt += acked;
	if (c->ack_cnt >= per_seg) {
		u32 n = (u32)div64_u64(c->ack_cnt, per_seg);

		c->ack_cnt -= (u32)(n * per_seg);
		c->est_cwnd = min(c->est_cwnd + n, WARDEN_CUBIC_WMAX);
	}
	if (c->est_cwnd > w->cwnd)
		return w->cwnd / (c->est_cwnd - w->cwnd);
	return U32_MAX;
}

void warden_cubic_ack(struct warden_cubic *c, struct warden_win *w, u32 acked,
		      u32 now_ms, u32 rtt_ms, u32 beta)
{
	u32 target, cnt, fcnt;

	if (w->cwnd < w->ssthresh) {
		acked = warden_slow_start(w, acked);
		if (!acked)
			return;
	}
	if (!c->epoch_start)
		epoch_begin(c, w, now_ms);

	/* Aim where the curve will be one RTT from now. */
	target = warden_cubic_target(c, now_ms - c->epoch_start + rtt_ms);
	if (target > w->cwnd)
		cnt = w->cwnd / (target - w->cwnd);
	else
		cnt = 100 * max(w->cwnd, 1U);	/* plateau: grow very slowly */

	fcnt = friendly_cnt(c, w, acked, beta);
	cnt = min(cnt, fcnt);
	/* Never more than 1.5x per RTT. */
	cnt = max(cnt, 2U);
	warden_additive_increase(w, cnt, acked);
}
