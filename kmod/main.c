// SPDX-License-Identifier: GPL-2.0
/*
 * tcp_warden: a congestion control with per-destination ssthresh policies,
 * plus a SYN-flood guard, behind one generic netlink family.
 */
#include <linux/module.h>

#include "warden.h"

static int __init warden_init(void)
{
	return warden_cc_init();
}

static void __exit warden_exit(void)
{
	warden_cc_exit();
}

module_init(warden_init);
module_exit(warden_exit);

MODULE_AUTHOR("tcpwarden developers");
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("warden TCP congestion control with ssthresh policies and SYN-flood guard");
MODULE_ALIAS("tcp_warden");
