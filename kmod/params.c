// SPDX-License-Identifier: GPL-2.0
/*
 * Who may write a module parameter, and when. Parameters exist in sysfs
 * before init runs and until after exit returns: in between, writes wait
 * for every part to be up, and need the privilege the netlink family asks
 * for global settings. The parts ask here; main.c says when they are up.
 */
#include <linux/capability.h>
#include <linux/compiler.h>
#include <linux/errno.h>

#include "params.h"

static bool warden_started;	/* init has begun: sysfs, not insmod, writes */
static bool warden_live;	/* every part is up */

void warden_params_starting(void)
{
	WRITE_ONCE(warden_started, true);
}

void warden_params_live(bool live)
{
	WRITE_ONCE(warden_live, live);
}

int warden_param_may_set(void)
{
	/* insmod's (or the kernel command line's) arguments come before init */
	if (!READ_ONCE(warden_started))
		return 0;
	if (!READ_ONCE(warden_live))
		return -EBUSY;
	return capable(CAP_NET_ADMIN) ? 0 : -EPERM;
}
