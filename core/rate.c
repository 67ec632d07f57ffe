// SPDX-License-Identifier: GPL-2.0
#include "rate.h"

/* After this many idle windows any average has decayed to zero. */
#define RATE_IDLE_WINDOWS	160

void warden_rate_init(struct warden_rate *r, u64 now)
{
	r->win = now >> WARDEN_RATE_WIN_SHIFT;
	r->avg = 0;
	r->count = 0;
}

/* Fold the finished windows up to @win into the average. */
static void rate_roll(struct warden_rate *r, u64 win)
{
	u64 sample, gap, i;

	if (win <= r->win)
		return;
	/* events/window -> events/s, kept with the fraction bits. */
	sample = ((u64)r->count * WARDEN_NSEC_PER_SEC_RATE) >>
		 (WARDEN_RATE_WIN_SHIFT - WARDEN_RATE_FRAC_SHIFT);
	if (sample >= r->avg)
		r->avg += (sample - r->avg) >> WARDEN_RATE_ALPHA_SHIFT;
	else
		r->avg -= (r->avg - sample) >> WARDEN_RATE_ALPHA_SHIFT;

	gap = win - r->win - 1;
	if (gap >= RATE_IDLE_WINDOWS) {
		r->avg = 0;
	} else {
		for (i = 0; i < gap && r->avg; i++)
			r->avg -= (r->avg + (1 << WARDEN_RATE_ALPHA_SHIFT) - 1) >>
				  WARDEN_RATE_ALPHA_SHIFT;
	}
	r->win = win;
	r->count = 0;
}

void warden_rate_add(struct warden_rate *r, u64 now, u32 n)
{
	rate_roll(r, now >> WARDEN_RATE_WIN_SHIFT);
	r->count = (u32)min_t(u64, (u64)r->count + n, U32_MAX);
}

u64 warden_rate_get(const struct warden_rate *r, u64 now)
{
	struct warden_rate tmp = *r;

	rate_roll(&tmp, now >> WARDEN_RATE_WIN_SHIFT);
	return tmp.avg >> WARDEN_RATE_FRAC_SHIFT;
}

u64 warden_rate_now(const struct warden_rate *r, u64 now)
{
	u64 avg = warden_rate_get(r, now), in_win, cur;

	if ((now >> WARDEN_RATE_WIN_SHIFT) != r->win || !r->count)
		return avg;
	/* The window so far, at least 1/16 of it: a few events are no rate. */
	in_win = max_t(u64, now & ((1ULL << WARDEN_RATE_WIN_SHIFT) - 1),
		       1ULL << (WARDEN_RATE_WIN_SHIFT - 4));
	cur = div64_u64((u64)r->count * WARDEN_NSEC_PER_SEC_RATE, in_win);
	return max(avg, cur);
}
