/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CUBIC window growth (RFC 9438) and HyStart slow-start exit, in the
 * integer units of the kernel's tcp_cubic so that, for the same beta, the
 * window follows it ACK by ACK: time in jiffies (@hz per second), the
 * curve's clock in 1/1024 s, C = 410/1024, windows in segments.
 */
#ifndef _WARDEN_CORE_CUBIC_H
#define _WARDEN_CORE_CUBIC_H

#include "compat.h"
#include "window.h"

/* The kernel's bound on ACKs per increment while no W_max is known. */
#define WARDEN_CUBIC_CNT_NO_MAX	20

struct warden_cubic {
	u32 cnt;		/* ACKs per +1 segment, as last computed */
	u32 last_max;		/* W_max; 0 = none (start, after a timeout) */
	u32 last_cwnd;		/* cwnd when cnt was computed */
	u32 last_time;		/* jiffies when cnt was computed */
	u32 origin;		/* the curve's plateau for this epoch */
	u32 k;			/* 1/1024 s from epoch start to the plateau */
	u32 delay_min;		/* lowest RTT sample in us, 0 = none yet */
	u32 epoch_start;	/* jiffies when this epoch began, 0 = none */
	u32 ack_cnt;		/* ACKs not yet credited to est_cwnd */
	u32 est_cwnd;		/* Reno-equivalent window (friendly region) */
};

/* floor(cbrt(x)), exact for every u64. */
u32 warden_cbrt(u64 x);

/* Forget everything, W_max and delay_min too (connection start, timeout). */
void warden_cubic_reset(struct warden_cubic *c);

/*
 * A decrease from @cwnd with @beta (1/1024) is happening: remember W_max,
 * lowered further when the window did not regain the last maximum (fast
 * convergence), and start a new epoch on the next ACK.
 */
void warden_cubic_on_loss(struct warden_cubic *c, u32 cwnd, u32 beta);

/* The cubic curve alone, @t (1/1024 s) after the epoch start. */
u32 warden_cubic_target(const struct warden_cubic *c, u64 t);

/*
 * An RTT sample of @rtt_us (negative: none) at jiffies @now. Returns the
 * sample for HyStart (at least 1 us), or 0 when it is not used: samples in
 * the first second of an epoch are skipped, as queues left by a recovery
 * would inflate them.
 */
u32 warden_cubic_rtt_sample(struct warden_cubic *c, s32 rtt_us, u32 now, u32 hz);

/*
 * Growth for @acked newly ACKed segments at jiffies @now: slow start below
 * ssthresh, then one segment per cnt ACKs, cnt from the larger of the
 * cubic curve one minimum RTT ahead and the Reno estimate.
 */
void warden_cubic_ack(struct warden_cubic *c, struct warden_win *w, u32 acked,
		      u32 now, u32 hz, u32 beta);

/*
 * First transmission after an idle period that began at jiffies @lsndtime:
 * move the epoch start forward by the idle time, so that the curve resumes
 * where it stopped instead of jumping ahead.
 */
void warden_cubic_idle_end(struct warden_cubic *c, u32 now, u32 lsndtime);

/*
 * HyStart: leave slow start before the first loss, when a round trip's
 * ACKs keep arriving closely spaced for longer than half the minimum RTT
 * (the ACK train spans the path's capacity), or when the lowest RTT of a
 * round exceeds the minimum by delay_min/8, clamped to 4..16 ms (a queue
 * is building). Times are the kernel's tcp_mstamp in us.
 */
#define WARDEN_HYSTART_LOW_WINDOW	16	/* no detection below this cwnd */
#define WARDEN_HYSTART_ACK_DELTA_US	2000	/* ACKs this close form a train */
#define WARDEN_HYSTART_MIN_SAMPLES	8	/* RTT samples per round */
#define WARDEN_HYSTART_DELAY_MIN_US	4000
#define WARDEN_HYSTART_DELAY_MAX_US	16000

/* warden_hystart_update() results: which detector fired. */
#define WARDEN_HYSTART_TRAIN	BIT(0)
#define WARDEN_HYSTART_DELAY	BIT(1)

struct warden_hystart {
	u32 round_start;	/* us when this round began */
	u32 end_seq;		/* the round ends when snd_una passes this */
	u32 last_ack;		/* us of the last ACK of the train */
	u32 curr_rtt;		/* lowest RTT sample in this round, us */
	u8 sample_cnt;		/* samples of this round so far */
	u8 found;		/* slow start was ended: stop looking */
};

/* What the socket says when one ACK's RTT sample arrives. */
struct warden_hystart_ack {
	u32 now_us;		/* tcp_mstamp */
	u32 snd_una;
	u32 snd_nxt;
	u32 cwnd;
	u32 delay_us;		/* this sample, from warden_cubic_rtt_sample() */
	u32 delay_min_us;	/* the connection's minimum */
	u64 pacing_rate;	/* sk_pacing_rate, bytes/s */
	u32 gso_max_size;	/* sk_gso_max_size, bytes */
	bool paced;		/* sk_pacing_status: the socket is paced */
};

/* Start looking again from a new round beginning now (init, timeout). */
void warden_hystart_start(struct warden_hystart *h, u32 now_us, u32 snd_nxt);

/*
 * Feed one sample during slow start. Returns 0, or the detectors
 * (WARDEN_HYSTART_*) that fired: the caller then sets ssthresh = cwnd.
 */
u32 warden_hystart_update(struct warden_hystart *h, const struct warden_hystart_ack *a);

/*
 * The ACK train's allowance for TSO/GRO aggregation: four times what a
 * burst of @gso_max_size bytes takes at the pacing rate @rate (bytes/s;
 * one burst in flight and one queued, at a rate slow start doubles), at
 * most 1 ms; 0 when the socket has no pacing rate.
 */
u32 warden_hystart_ack_delay(u64 rate, u32 gso_max_size);

#endif /* _WARDEN_CORE_CUBIC_H */
