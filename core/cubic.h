/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CUBIC window growth (RFC 9438) in integer arithmetic: the cubic curve
 * around the last maximum, the TCP-friendly (Reno-estimate) region and
 * fast convergence. Time is in milliseconds, windows in segments.
 */
#ifndef _WARDEN_CORE_CUBIC_H
#define _WARDEN_CORE_CUBIC_H

#include "compat.h"
#include "window.h"

/* Largest window the cubic arithmetic is exact for (larger is clamped). */
#define WARDEN_CUBIC_WMAX	((u32)BIT(24))

struct warden_cubic {
	u32 epoch_start;	/* ms when this growth epoch began, 0 = none */
	u32 last_max;		/* W_max: window before the last decrease */
	u32 origin;		/* the curve's plateau for this epoch */
	u32 k;			/* ms from epoch start to the plateau */
	u32 est_cwnd;		/* Reno-equivalent window (friendly region) */
	u32 ack_cnt;		/* ACKs not yet credited to est_cwnd */
};

/* floor(cbrt(x)), exact for every u64. */
u32 warden_cbrt(u64 x);

/* Forget the growth epoch (after a timeout or an idle period). */
void warden_cubic_reset(struct warden_cubic *c);

/*
 * A decrease from @cwnd with @beta (1/1024) is happening: remember W_max,
 * lowered further when the window did not regain the last maximum (fast
 * convergence), and start a new epoch on the next ACK.
 */
void warden_cubic_on_loss(struct warden_cubic *c, u32 cwnd, u32 beta);

/*
 * Target window @t_ms after the epoch start (the cubic curve alone).
 */
u32 warden_cubic_target(const struct warden_cubic *c, u32 t_ms);

/*
 * Growth for @acked newly ACKed segments at time @now_ms with the path's
 * minimum RTT @rtt_ms: slow start below ssthresh, then the larger of the
 * cubic curve and the Reno estimate.
 */
void warden_cubic_ack(struct warden_cubic *c, struct warden_win *w, u32 acked,
		      u32 now_ms, u32 rtt_ms, u32 beta);

#endif /* _WARDEN_CORE_CUBIC_H */
