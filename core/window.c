// SPDX-License-Identifier: GPL-2.0
#include "window.h"

u32 warden_loss_ssthresh(u32 cwnd, u32 beta, u32 min_ssthresh)
{
	u64 s = ((u64)cwnd * beta) / WARDEN_BETA_SCALE;

	/* beta < 1024, so s < cwnd <= U32_MAX: the cast is lossless. */
	return max_t(u32, (u32)s, min_ssthresh);
}

u32 warden_slow_start(struct warden_win *w, u32 acked)
{
	u64 target = (u64)w->cwnd + acked;
	u32 cwnd;

	if (w->cwnd >= w->ssthresh)
		return acked;
	cwnd = (u32)min_t(u64, target, w->ssthresh);
	acked -= cwnd - w->cwnd;
	w->cwnd = min(cwnd, w->clamp);
	return acked;
}

void warden_additive_increase(struct warden_win *w, u32 per_rtt, u32 acked)
{
	u32 delta;

	if (!per_rtt)
		per_rtt = 1;

	/* A window that shrank since the last call: apply the credit now. */
	if (w->cnt >= per_rtt) {
		w->cnt = 0;
		if (w->cwnd < w->clamp)
			w->cwnd++;
	}

	/* cnt < per_rtt, so a u64 sum cannot wrap. */
	w->cnt = (u32)min_t(u64, (u64)w->cnt + acked, U32_MAX);
	if (w->cnt >= per_rtt) {
		delta = w->cnt / per_rtt;
		w->cnt -= delta * per_rtt;
		w->cwnd = (u32)min_t(u64, (u64)w->cwnd + delta, w->clamp);
	}
}

void warden_reno_ack(struct warden_win *w, u32 acked)
{
	if (w->cwnd < w->ssthresh) {
		acked = warden_slow_start(w, acked);
		if (!acked)
			return;
	}
	warden_additive_increase(w, w->cwnd, acked);
}

u32 warden_undo_cwnd(u32 cwnd, u32 loss_cwnd)
{
	return max(cwnd, loss_cwnd);
}
