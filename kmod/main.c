// SPDX-License-Identifier: GPL-2.0
/*
 * tcp_warden: a congestion control with per-destination ssthresh policies,
 * plus a SYN-flood guard, behind one generic netlink family.
 */
#include <linux/module.h>

#include "cc.h"
#include "genl.h"
#include "params.h"
#include "policies.h"
#include "syn_guard.h"

/*
 * Nothing is reachable before the state it touches exists, nothing is
 * freed while reachable: the policy tables, then the SYN guard (its state,
 * then its hooks in every netns), then the congestion control that reads
 * the tables, and last the control plane, which reaches all of them. Exit
 * in reverse.
 */
static int __init warden_init(void)
{
	int err;

	warden_params_starting();
	err = warden_policy_init();
	if (err)
		return err;
	err = warden_syn_init();
	if (err)
		goto err_policy;
	err = warden_cc_init();
	if (err)
		goto err_syn;
	err = warden_genl_init();
	if (err)
		goto err_cc;
	warden_params_live(true);
	return 0;

err_cc:
	warden_cc_exit();
err_syn:
	warden_syn_exit();
err_policy:
	warden_policy_exit();
	return err;
}

static void __exit warden_exit(void)
{
	warden_params_live(false);
	warden_genl_exit();
	warden_cc_exit();
	warden_syn_exit();
	warden_policy_exit();
}

module_init(warden_init);
module_exit(warden_exit);

MODULE_AUTHOR("tcpwarden developers");
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("warden TCP congestion control with ssthresh policies and SYN-flood guard");
MODULE_ALIAS("tcp_warden");
