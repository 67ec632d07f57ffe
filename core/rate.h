/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event rate estimate: events are counted in fixed windows of 2^26 ns
 * (67 ms) and each finished window moves an exponentially weighted moving
 * average a quarter of the way toward that window's rate. A step in the
 * rate is therefore seen within a few windows, while single bursts are
 * smoothed out; idle windows decay the estimate.
 */
#ifndef _WARDEN_CORE_RATE_H
#define _WARDEN_CORE_RATE_H

#include "compat.h"

#define WARDEN_RATE_WIN_SHIFT	26	/* window length 2^26 ns */
#define WARDEN_RATE_ALPHA_SHIFT	2	/* weight of a new window: 1/4 */
#define WARDEN_RATE_FRAC_SHIFT	8	/* the average keeps 8 fraction bits */
#define WARDEN_NSEC_PER_SEC_RATE	1000000000ULL

struct warden_rate {
	u64 win;	/* index of the window being counted */
	u64 avg;	/* events per second << WARDEN_RATE_FRAC_SHIFT */
	u32 count;	/* events in the current window */
};

void warden_rate_init(struct warden_rate *r, u64 now);

/* Count @n events at @now. */
void warden_rate_add(struct warden_rate *r, u64 now, u32 n);

/* Events per second at @now (idle time since the last event decays it). */
u64 warden_rate_get(const struct warden_rate *r, u64 now);

/*
 * For reports: the larger of that and the current window's rate so far, so
 * that a flood seen before its first window ends does not read 0 SYN/s.
 */
u64 warden_rate_now(const struct warden_rate *r, u64 now);

#endif /* _WARDEN_CORE_RATE_H */
