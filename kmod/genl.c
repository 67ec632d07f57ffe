// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "tcp_warden", as its spec lists it
 * (Documentation/netlink/specs/tcp_warden.yaml): the attribute policies,
 * each operation with its own, and the multicast group, in the spec's
 * order. The handlers are the parts' (policy_nl.c, syn_nl.c); nested
 * attributes are validated here, so handlers parse them without a policy.
 */
#include <linux/build_bug.h>
#include <linux/netlink.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <uapi/linux/tcp_warden.h>

#include "genl.h"
#include "nl.h"
#include "policy_nl.h"
#include "syn_guard.h"
#include "syn_nl.h"

/* ---- attribute sets: params, policy, default ----------------------- */

static struct netlink_range_validation warden_min_ssthresh_range = {
	.min = TCP_WARDEN_MIN_SSTHRESH_MIN,
	.max = TCP_WARDEN_MIN_SSTHRESH_MAX,
};

static struct netlink_range_validation warden_segs_range = {
	.min = 0,
	.max = TCP_WARDEN_SSTHRESH_MAX,
};

static const struct nla_policy warden_params_nl_policy[TCP_WARDEN_A_PARAMS_MAX + 1] = {
	[TCP_WARDEN_A_PARAMS_BETA] =
		NLA_POLICY_RANGE(NLA_U32, TCP_WARDEN_BETA_MIN, TCP_WARDEN_BETA_MAX),
	[TCP_WARDEN_A_PARAMS_MIN_SSTHRESH] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &warden_min_ssthresh_range),
	[TCP_WARDEN_A_PARAMS_INITIAL_SSTHRESH] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &warden_segs_range),
	[TCP_WARDEN_A_PARAMS_MAX_CWND] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &warden_segs_range),
	[TCP_WARDEN_A_PARAMS_GROWTH] = NLA_POLICY_MAX(NLA_U8, TCP_WARDEN_GROWTH_MAX),
	[TCP_WARDEN_A_PARAMS_RTO_BETA] = NLA_POLICY_MAX(NLA_U32, TCP_WARDEN_BETA_MAX),
	[TCP_WARDEN_A_PARAMS_HYSTART] = NLA_POLICY_MAX(NLA_U8, 1),
};

static const struct nla_policy warden_policy_nl_policy[TCP_WARDEN_A_POLICY_MAX + 1] = {
	[TCP_WARDEN_A_POLICY_ID] = {
		.type = NLA_REJECT, .reject_message = "policy id is assigned by the kernel",
	},
	[TCP_WARDEN_A_POLICY_DST4] = NLA_POLICY_EXACT_LEN(4),
	[TCP_WARDEN_A_POLICY_DST6] = NLA_POLICY_EXACT_LEN(16),
	[TCP_WARDEN_A_POLICY_PREFIXLEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[TCP_WARDEN_A_POLICY_PORT_MIN] = { .type = NLA_U16 },
	[TCP_WARDEN_A_POLICY_PORT_MAX] = { .type = NLA_U16 },
	[TCP_WARDEN_A_POLICY_PARAMS] = NLA_POLICY_NESTED(warden_params_nl_policy),
	/* nested: the core's NLA_F_NESTED check passes it to warden_stats_given() */
	[TCP_WARDEN_A_POLICY_STATS] = { .type = NLA_NESTED },
};

static const struct nla_policy warden_default_nl_policy[TCP_WARDEN_A_DEFAULT_MAX + 1] = {
	[TCP_WARDEN_A_DEFAULT_PARAMS] = NLA_POLICY_NESTED(warden_params_nl_policy),
	[TCP_WARDEN_A_DEFAULT_STATS] = { .type = NLA_NESTED },
};

/* ---- attribute sets: syn, syn-listener, syn-top, syn-list ---------- */

#define SYN_NL_READ_ONLY \
	{ .type = NLA_REJECT, .reject_message = "counters are read-only" }

/* NLA_POLICY_MAX holds 16 bits: larger bounds need a range struct. */
static struct netlink_range_validation syn_quiet_range = {
	.max = TCP_WARDEN_SYN_QUIET_MS_MAX,
};

static struct netlink_range_validation syn_rate_range = { .max = WARDEN_TB_RATE_MAX };
static struct netlink_range_validation syn_burst_range = {
	.min = 1, .max = WARDEN_TB_BURST_MAX,
};

static const struct nla_policy warden_syn_nl_policy[TCP_WARDEN_A_SYN_MAX + 1] = {
	[TCP_WARDEN_A_SYN_MODE] = NLA_POLICY_MAX(NLA_U8, TCP_WARDEN_SYN_MODE_MAX),
	[TCP_WARDEN_A_SYN_MODE_DEFAULT] = { .type = NLA_FLAG },
	[TCP_WARDEN_A_SYN_GLOBAL] = { .type = NLA_FLAG },
	[TCP_WARDEN_A_SYN_GLOBAL_MODE] = {
		.type = NLA_REJECT,
		.reject_message = "set the global mode with mode and the global flag",
	},
	[TCP_WARDEN_A_SYN_HOOKED] = { .type = NLA_REJECT, .reject_message = "read-only" },
	[TCP_WARDEN_A_SYN_THRESHOLD] = { .type = NLA_U32 },
	[TCP_WARDEN_A_SYN_QUEUE_PCT] = NLA_POLICY_MAX(NLA_U32, 100),
	[TCP_WARDEN_A_SYN_QUIET_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &syn_quiet_range),
	[TCP_WARDEN_A_SYN_SRC_RATE] = NLA_POLICY_FULL_RANGE(NLA_U32, &syn_rate_range),
	[TCP_WARDEN_A_SYN_SRC_BURST] = NLA_POLICY_FULL_RANGE(NLA_U32, &syn_burst_range),
	[TCP_WARDEN_A_SYN_ALL_RATE] = NLA_POLICY_FULL_RANGE(NLA_U32, &syn_rate_range),
	[TCP_WARDEN_A_SYN_ALL_BURST] = NLA_POLICY_FULL_RANGE(NLA_U32, &syn_burst_range),
	[TCP_WARDEN_A_SYN_V4_PREFIX] = NLA_POLICY_RANGE(NLA_U8, 1, 32),
	[TCP_WARDEN_A_SYN_V6_PREFIX] = NLA_POLICY_RANGE(NLA_U8, 1, 128),
	[TCP_WARDEN_A_SYN_SYNACKS] = SYN_NL_READ_ONLY,
	[TCP_WARDEN_A_SYN_ACKS_VERIFIED] = SYN_NL_READ_ONLY,
	[TCP_WARDEN_A_SYN_ACKS_BAD] = SYN_NL_READ_ONLY,
	[TCP_WARDEN_A_SYN_DROPPED] = SYN_NL_READ_ONLY,
	[TCP_WARDEN_A_SYN_FRAGS_BAD] = SYN_NL_READ_ONLY,
	[TCP_WARDEN_A_SYN_VERIFIED] = SYN_NL_READ_ONLY,
};

static const struct nla_policy warden_syn_top_nl_policy[TCP_WARDEN_A_SYN_TOP_MAX + 1] = {
	[TCP_WARDEN_A_SYN_TOP_PORT] = { .type = NLA_U16 },
};

/* syn-stats takes the listener set's port, to report one port only. */
static const struct nla_policy warden_syn_stats_nl_policy[TCP_WARDEN_A_SYN_L_MAX + 1] = {
	[TCP_WARDEN_A_SYN_L_PORT] = { .type = NLA_U16 },
};

/* syn-list-get dumps both lists, or the one named. */
#define SYN_NL_LIST_ONLY \
	{ .type = NLA_REJECT, .reject_message = "syn-list-get takes a list only" }

static const struct nla_policy warden_syn_list_get_nl_policy[TCP_WARDEN_A_SYN_LIST_MAX + 1] = {
	[TCP_WARDEN_A_SYN_LIST_LIST] = NLA_POLICY_MAX(NLA_U8, TCP_WARDEN_SYN_LIST_DENY),
	[TCP_WARDEN_A_SYN_LIST_ADDR4] = SYN_NL_LIST_ONLY,
	[TCP_WARDEN_A_SYN_LIST_ADDR6] = SYN_NL_LIST_ONLY,
	[TCP_WARDEN_A_SYN_LIST_PREFIXLEN] = SYN_NL_LIST_ONLY,
};

static const struct nla_policy warden_syn_list_nl_policy[TCP_WARDEN_A_SYN_LIST_MAX + 1] = {
	[TCP_WARDEN_A_SYN_LIST_LIST] = NLA_POLICY_MAX(NLA_U8, TCP_WARDEN_SYN_LIST_DENY),
	[TCP_WARDEN_A_SYN_LIST_ADDR4] = NLA_POLICY_EXACT_LEN(4),
	[TCP_WARDEN_A_SYN_LIST_ADDR6] = NLA_POLICY_EXACT_LEN(16),
	[TCP_WARDEN_A_SYN_LIST_PREFIXLEN] = NLA_POLICY_MAX(NLA_U8, 128),
};

/* ---- operations ---------------------------------------------------- */

static const struct genl_ops warden_genl_ops[] = {
	{
		.cmd = TCP_WARDEN_CMD_POLICY_ADD,
		.doit = warden_nl_policy_add,
		.policy = warden_policy_nl_policy,
		.maxattr = TCP_WARDEN_A_POLICY_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = TCP_WARDEN_CMD_POLICY_DEL,
		.doit = warden_nl_policy_del,
		.policy = warden_policy_nl_policy,
		.maxattr = TCP_WARDEN_A_POLICY_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = TCP_WARDEN_CMD_POLICY_GET,
		.doit = warden_nl_policy_get,
		.dumpit = warden_nl_policy_dump,
		.policy = warden_policy_nl_policy,
		.maxattr = TCP_WARDEN_A_POLICY_MAX,
	},
	{
		.cmd = TCP_WARDEN_CMD_POLICY_FLUSH,
		.doit = warden_nl_policy_flush,
		.policy = warden_policy_nl_policy,
		.maxattr = TCP_WARDEN_A_POLICY_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = TCP_WARDEN_CMD_DEFAULT_GET,
		.doit = warden_nl_default_get,
		.policy = warden_default_nl_policy,
		.maxattr = TCP_WARDEN_A_DEFAULT_MAX,
	},
	{
		.cmd = TCP_WARDEN_CMD_DEFAULT_SET,
		.doit = warden_nl_default_set,
		.policy = warden_default_nl_policy,
		.maxattr = TCP_WARDEN_A_DEFAULT_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = TCP_WARDEN_CMD_SYN_GET,
		.doit = warden_nl_syn_get,
		.policy = warden_syn_nl_policy,
		.maxattr = TCP_WARDEN_A_SYN_MAX,
	},
	{
		.cmd = TCP_WARDEN_CMD_SYN_SET,
		.doit = warden_nl_syn_set,
		.policy = warden_syn_nl_policy,
		.maxattr = TCP_WARDEN_A_SYN_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = TCP_WARDEN_CMD_SYN_STATS,
		.dumpit = warden_nl_syn_stats_dump,
		.policy = warden_syn_stats_nl_policy,
		.maxattr = TCP_WARDEN_A_SYN_L_MAX,
	},
	{
		.cmd = TCP_WARDEN_CMD_SYN_TOP,
		.dumpit = warden_nl_syn_top_dump,
		.policy = warden_syn_top_nl_policy,
		.maxattr = TCP_WARDEN_A_SYN_TOP_MAX,
	},
	{
		.cmd = TCP_WARDEN_CMD_SYN_LIST_ADD,
		.doit = warden_nl_syn_list_add,
		.policy = warden_syn_list_nl_policy,
		.maxattr = TCP_WARDEN_A_SYN_LIST_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = TCP_WARDEN_CMD_SYN_LIST_DEL,
		.doit = warden_nl_syn_list_del,
		.policy = warden_syn_list_nl_policy,
		.maxattr = TCP_WARDEN_A_SYN_LIST_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = TCP_WARDEN_CMD_SYN_LIST_GET,
		.dumpit = warden_nl_syn_list_dump,
		.policy = warden_syn_list_get_nl_policy,
		.maxattr = TCP_WARDEN_A_SYN_LIST_MAX,
	},
};

static const struct genl_multicast_group warden_genl_mcgrps[] = {
	[WARDEN_MCGRP_SYN_ALERT] = { .name = TCP_WARDEN_MCGRP_SYN_ALERT },
};

static struct genl_family warden_genl_family __ro_after_init = {
	.name		= TCP_WARDEN_FAMILY_NAME,
	.version	= TCP_WARDEN_FAMILY_VERSION,
	.netnsok	= true,
	/* Handlers lock what they touch (policy.c: a mutex per netns). */
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= warden_genl_ops,
	.n_ops		= ARRAY_SIZE(warden_genl_ops),
	.mcgrps		= warden_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(warden_genl_mcgrps),
	/*
	 * Attributes are validated strictly for every command. The header
	 * check is strict from policy-del on: policy-add takes NLM_F_REPLACE,
	 * which genl_header_check() would refuse as a reserved flag.
	 */
	WARDEN_GENL_RESV_START_OP(TCP_WARDEN_CMD_POLICY_ADD + 1)
};

int __init warden_genl_init(void)
{
	int err;

	warden_nl_set_family(&warden_genl_family);
	err = genl_register_family(&warden_genl_family);
	/* flood alerts may go out from now on */
	if (!err)
		warden_syn_set_notify(warden_syn_notify);
	return err;
}

void warden_genl_exit(void)
{
	/* no alert is being sent once this returns */
	warden_syn_set_notify(NULL);
	genl_unregister_family(&warden_genl_family);
}
