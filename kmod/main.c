// SPDX-License-Identifier: GPL-2.0
/*
 * tcp_warden: a congestion control with per-destination ssthresh policies,
 * plus a SYN-flood guard, behind one generic netlink family.
 */
#include <linux/module.h>

#include "warden.h"

/*
 * Tables first (the CC looks policies up at connection init), then the
 * CC, then the control plane that writes the tables. Exit in reverse.
 */
static int __init warden_init(void)
{
	int err;

	err = warden_policy_init();
	if (err)
		return err;
	err = warden_cc_init();
	if (err)
		goto err_policy;
	err = warden_netlink_init();
	if (err)
		goto err_cc;
	err = warden_syn_init();
	if (err)
		goto err_netlink;
	return 0;

err_netlink:
	warden_netlink_exit();
err_cc:
	warden_cc_exit();
err_policy:
	warden_policy_exit();
	return err;
}

static void __exit warden_exit(void)
{
	warden_syn_exit();
	warden_netlink_exit();
	warden_cc_exit();
	warden_policy_exit();
}

module_init(warden_init);
module_exit(warden_exit);

MODULE_AUTHOR("tcpwarden developers");
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("warden TCP congestion control with ssthresh policies and SYN-flood guard");
MODULE_ALIAS("tcp_warden");
