/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Token buckets in one u64 of state: the generic cell rate algorithm.
 *
 * A bucket of @burst tokens refilled at @rate tokens per second is kept as
 * its "theoretical arrival time" (TAT): the time at which the bucket would
 * be full again. A packet conforms when TAT - now <= (burst - 1) interval;
 * taking a token adds one interval to TAT. This is exactly a classic token
 * bucket whose credit is measured in nanoseconds, without a division or a
 * second field on the fast path, so per-source buckets cost 8 bytes.
 */
#ifndef _WARDEN_CORE_TBUCKET_H
#define _WARDEN_CORE_TBUCKET_H

#include "compat.h"
#include "uapi/linux/tcp_warden.h"

#define WARDEN_NSEC_PER_SEC	1000000000ULL
/* The netlink ABI's limits, which the bucket arithmetic is sized for. */
#define WARDEN_TB_RATE_MAX	((u32)TCP_WARDEN_SYN_RATE_MAX)	/* 10 ns per token */
#define WARDEN_TB_BURST_MAX	((u32)TCP_WARDEN_SYN_BURST_MAX)

struct warden_tb_cfg {
	u64 interval_ns;	/* time to earn one token; 0: never refills */
	u64 tolerance_ns;	/* (burst - 1) * interval */
	u32 rate;		/* tokens per second, as configured */
	u32 burst;
};

/*
 * Derive the bucket from a rate in tokens per second and a burst size.
 * rate 0 means no tokens at all (everything is refused); burst is at
 * least 1. Returns false for values out of range.
 */
bool warden_tb_cfg_set(struct warden_tb_cfg *c, u32 rate, u32 burst);

/* A bucket that is full at @now. */
static inline u64 warden_tb_full(u64 now)
{
	return now;
}

/* Is there a token at @now? No division: this runs for every flood SYN. */
static inline bool warden_tb_conforms(u64 tat, u64 now,
				      const struct warden_tb_cfg *c)
{
	/* An idle bucket is full: tat in the past banks nothing extra. */
	return c->interval_ns && (tat <= now || tat - now <= c->tolerance_ns);
}

/* Take one token at @now; false (and no change) when the bucket is empty. */
bool warden_tb_take(u64 *tat, u64 now, const struct warden_tb_cfg *c);

/* Give back a token taken by warden_tb_take() at @now. */
void warden_tb_refund(u64 *tat, u64 now, const struct warden_tb_cfg *c);

/*
 * How many tokens the bucket holds at @now, at most @max: for taking
 * several at once (one division; not for the per-packet path).
 */
u32 warden_tb_avail(u64 tat, u64 now, const struct warden_tb_cfg *c, u32 max);

#endif /* _WARDEN_CORE_TBUCKET_H */
