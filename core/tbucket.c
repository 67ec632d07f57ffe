// SPDX-License-Identifier: GPL-2.0
#include "tbucket.h"

bool warden_tb_cfg_set(struct warden_tb_cfg *c, u32 rate, u32 burst)
{
	if (rate > WARDEN_TB_RATE_MAX || !burst || burst > WARDEN_TB_BURST_MAX)
		return false;
	c->rate = rate;
	c->burst = burst;
	c->interval_ns = rate ? WARDEN_NSEC_PER_SEC / rate : 0;
	c->tolerance_ns = c->interval_ns * (burst - 1);
	return true;
}

bool warden_tb_take(u64 *tat, u64 now, const struct warden_tb_cfg *c)
{
	if (!warden_tb_conforms(*tat, now, c))
		return false;
	*tat = max_t(u64, *tat, now) + c->interval_ns;
	return true;
}

void warden_tb_refund(u64 *tat, u64 now, const struct warden_tb_cfg *c)
{
	u64 t = *tat;

	/* A bucket that is already full has nothing to take back. */
	if (t > now)
		*tat = t - now > c->interval_ns ? t - c->interval_ns : now;
}

u32 warden_tb_avail(u64 tat, u64 now, const struct warden_tb_cfg *c, u32 max)
{
	u64 n;

	if (!c->interval_ns || (tat > now && tat - now > c->tolerance_ns))
		return 0;
	if (tat <= now)
		n = c->burst;
	else
		n = div64_u64(c->tolerance_ns - (tat - now), c->interval_ns) + 1;
	return (u32)min_t(u64, n, max);
}
