/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Window arithmetic for the warden congestion control. Pure functions over
 * plain integers: the module feeds them tcp_sock fields, the host tests and
 * the simulator feed them scripted events.
 */
#ifndef _WARDEN_CORE_WINDOW_H
#define _WARDEN_CORE_WINDOW_H

#include "compat.h"
#include "uapi/linux/tcp_warden.h"

/* The limits are the netlink ABI's: one definition, in the uAPI header. */
#define WARDEN_BETA_SCALE	((u32)TCP_WARDEN_BETA_SCALE)
#define WARDEN_BETA_MIN		((u32)TCP_WARDEN_BETA_MIN)
#define WARDEN_BETA_MAX		((u32)TCP_WARDEN_BETA_MAX)
#define WARDEN_BETA_RENO	(WARDEN_BETA_SCALE / 2)
#define WARDEN_MIN_SSTHRESH_MIN	((u32)TCP_WARDEN_MIN_SSTHRESH_MIN)
#define WARDEN_MIN_SSTHRESH_MAX	((u32)TCP_WARDEN_MIN_SSTHRESH_MAX)

/* Congestion window state mirrored from struct tcp_sock. */
struct warden_win {
	u32 cwnd;	/* snd_cwnd, in segments */
	u32 cnt;	/* snd_cwnd_cnt: ACKed segments toward the next +1 */
	u32 ssthresh;	/* snd_ssthresh */
	u32 clamp;	/* snd_cwnd_clamp: hard upper bound */
};

/* max(cwnd * beta / 1024, min_ssthresh), without overflow at any cwnd. */
u32 warden_loss_ssthresh(u32 cwnd, u32 beta, u32 min_ssthresh);

/*
 * Slow start: grow cwnd by one per ACKed segment, but not past ssthresh.
 * Returns the ACKed segments left over for congestion avoidance.
 */
u32 warden_slow_start(struct warden_win *w, u32 acked);

/*
 * Additive increase: one segment per window of @per_rtt ACKed segments
 * (per_rtt = cwnd gives Reno's one segment per RTT).
 */
void warden_additive_increase(struct warden_win *w, u32 per_rtt, u32 acked);

/* Reno growth for one ACK: slow start below ssthresh, then AI. */
void warden_reno_ack(struct warden_win *w, u32 acked);

/* A spurious loss was undone: restore what the decrease took. */
u32 warden_undo_cwnd(u32 cwnd, u32 loss_cwnd);

#endif /* _WARDEN_CORE_WINDOW_H */
