// SPDX-License-Identifier: GPL-2.0
#include "cubic.h"

/*
 * The curve's clock runs in 1/1024 s and C = 410/1024 segments/s^3 (the
 * kernel's bic_scale), so d clock units from the plateau the curve is
 * 410 d^3 / 2^40 segments off it, and a window dW below it is reached
 * after K = cbrt(dW * 2^40 / 410) units.
 */
#define CUBIC_CLOCK_SHIFT	10
#define CUBIC_C			410ULL
#define CUBIC_SHIFT		(CUBIC_CLOCK_SHIFT + 3 * CUBIC_CLOCK_SHIFT)
#define CUBIC_K3_PER_SEG	((1ULL << CUBIC_SHIFT) / CUBIC_C)
/* |t - K| is clamped (256 s) so that C d^3 fits in 64 bits. */
#define CUBIC_MAX_D		262144ULL	/* 2^18 */

#define CUBIC_US_PER_S		1000000ULL

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
	memset(c, 0, sizeof(*c));
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

u32 warden_cubic_target(const struct warden_cubic *c, u64 t)
{
	u64 d = t > c->k ? t - c->k : c->k - t;
	u64 off;

	d = min(d, CUBIC_MAX_D);
	off = (CUBIC_C * d * d * d) >> CUBIC_SHIFT;
	if (t >= c->k)
		return (u32)min_t(u64, c->origin + off, U32_MAX);
	return off < c->origin ? c->origin - (u32)off : 0;
}

u32 warden_cubic_rtt_sample(struct warden_cubic *c, s32 rtt_us, u32 now, u32 hz)
{
	u32 delay;

	if (rtt_us < 0)
		return 0;
	if (c->epoch_start && (s32)(now - c->epoch_start) < (s32)hz)
		return 0;
	delay = rtt_us ? rtt_us : 1;
	if (!c->delay_min || delay < c->delay_min)
		c->delay_min = delay;
	return delay;
}

static void epoch_begin(struct warden_cubic *c, u32 cwnd, u32 acked, u32 now)
{
	c->epoch_start = now;
	c->ack_cnt = acked;
	c->est_cwnd = cwnd;
	if (c->last_max <= cwnd) {
		/* At or above the old maximum: probe from here (convex part). */
		c->k = 0;
		c->origin = cwnd;
	} else {
		c->k = warden_cbrt((u64)(c->last_max - cwnd) * CUBIC_K3_PER_SEG);
		c->origin = c->last_max;
	}
}

/* cnt from the curve where it will be one minimum RTT from now. */
static void curve_cnt(struct warden_cubic *c, u32 cwnd, u32 now, u32 hz)
{
	u64 rtt = div64_u64((u64)c->delay_min * hz + CUBIC_US_PER_S - 1, CUBIC_US_PER_S);
	u64 t = ((u64)(now - c->epoch_start) + rtt) << CUBIC_CLOCK_SHIFT;
	u32 target = warden_cubic_target(c, div64_u64(t, hz));

	if (target > cwnd)
		c->cnt = cwnd / (target - cwnd);
	else
		c->cnt = (u32)min_t(u64, 100ULL * cwnd, U32_MAX);	/* plateau */
	/* Until a loss shows the path's capacity, at least +5% per RTT. */
	if (!c->last_max)
		c->cnt = min_t(u32, c->cnt, WARDEN_CUBIC_CNT_NO_MAX);
}

/*
 * The Reno estimate grows one segment per cwnd / alpha ACKs, with
 * alpha = 3 (1 - beta) / (1 + beta) (RFC 9438 4.3) in the kernel's
 * fixed point: 1 / alpha in eighths, rounded down. Where it is ahead of
 * cwnd, cnt is lowered to catch up with it within one RTT.
 */
static void friendly_cnt(struct warden_cubic *c, u32 cwnd, u32 beta)
{
	u32 inv_alpha8 = 8 * (WARDEN_BETA_SCALE + beta) / 3 / (WARDEN_BETA_SCALE - beta);
	u32 per_seg = max_t(u32, ((u64)cwnd * inv_alpha8) >> 3, 1);

	if (c->ack_cnt > per_seg) {
		u32 n = (c->ack_cnt - 1) / per_seg;

		c->ack_cnt -= n * per_seg;
		c->est_cwnd += n;
	}
	if (c->est_cwnd > cwnd)
		c->cnt = min(c->cnt, cwnd / (c->est_cwnd - cwnd));
}

void warden_cubic_ack(struct warden_cubic *c, struct warden_win *w, u32 acked,
		      u32 now, u32 hz, u32 beta)
{
	if (w->cwnd < w->ssthresh) {
		acked = warden_slow_start(w, acked);
		if (!acked)
			return;
	}

	c->ack_cnt += acked;
	/* cnt holds while cwnd does not change, for up to 1/32 s. */
	if (c->last_cwnd != w->cwnd || (s32)(now - c->last_time) > (s32)(hz / 32)) {
		/* The curve is evaluated at most once per tick. */
		if (!c->epoch_start || now != c->last_time) {
			c->last_cwnd = w->cwnd;
			c->last_time = now;
			if (!c->epoch_start)
				epoch_begin(c, w->cwnd, acked, now);
			curve_cnt(c, w->cwnd, now, hz);
		}
		friendly_cnt(c, w->cwnd, beta);
		/* Never more than 1.5x per RTT. */
		c->cnt = max(c->cnt, 2U);
	}
	warden_additive_increase(w, c->cnt, acked);
}

void warden_cubic_idle_end(struct warden_cubic *c, u32 now, u32 lsndtime)
{
	s32 idle = now - lsndtime;

	if (!c->epoch_start || idle <= 0)
		return;
	c->epoch_start += idle;
	if ((s32)(c->epoch_start - now) > 0)
		c->epoch_start = now;
}

static void hystart_round(struct warden_hystart *h, u32 now_us, u32 snd_nxt)
{
	h->round_start = now_us;
	h->last_ack = now_us;
	h->end_seq = snd_nxt;
	h->curr_rtt = U32_MAX;
	h->sample_cnt = 0;
}

void warden_hystart_start(struct warden_hystart *h, u32 now_us, u32 snd_nxt)
{
	h->found = 0;
	hystart_round(h, now_us, snd_nxt);
}

u32 warden_hystart_update(struct warden_hystart *h, const struct warden_hystart_ack *a)
{
	u32 fired = 0, thresh;

	/* A round ends when the last segment sent at its start is ACKed. */
	if ((s32)(h->end_seq - a->snd_una) < 0)
		hystart_round(h, a->now_us, a->snd_nxt);
	if (a->cwnd < WARDEN_HYSTART_LOW_WINDOW)
		return 0;

	if ((s32)(a->now_us - h->last_ack) <= WARDEN_HYSTART_ACK_DELTA_US) {
		h->last_ack = a->now_us;
		/* Pacing may have spread the round over up to one RTT. */
		thresh = a->delay_min_us +
			 warden_hystart_ack_delay(a->pacing_rate, a->gso_max_size);
		if (!a->paced)
			thresh >>= 1;
		if (a->now_us - h->round_start > thresh)
			fired |= WARDEN_HYSTART_TRAIN;
	}

	h->curr_rtt = min(h->curr_rtt, a->delay_us);
	if (h->sample_cnt < WARDEN_HYSTART_MIN_SAMPLES) {
		h->sample_cnt++;
	} else {
		thresh = min_t(u32, max_t(u32, a->delay_min_us >> 3,
					  WARDEN_HYSTART_DELAY_MIN_US),
			       WARDEN_HYSTART_DELAY_MAX_US);
		if (h->curr_rtt > a->delay_min_us + thresh)
			fired |= WARDEN_HYSTART_DELAY;
	}
	if (fired)
		h->found = 1;
	return fired;
}

u32 warden_hystart_ack_delay(u64 rate, u32 gso_max_size)
{
	if (!rate)
		return 0;
	return (u32)min_t(u64, 1000, div64_u64((u64)gso_max_size * 4 * CUBIC_US_PER_S, rate));
}
