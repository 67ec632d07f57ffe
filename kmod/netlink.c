// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "tcp_warden" (Documentation/netlink/specs/
 * tcp_warden.yaml): policies and the per-netns default. Every object has
 * its own attribute set and each operation its own nla_policy, so later
 * parts of the module append commands and sets without touching these.
 */
#include <linux/netlink.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <uapi/linux/tcp_warden.h>

#include "warden.h"

static struct netlink_range_validation warden_floor_range = {
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
		NLA_POLICY_FULL_RANGE(NLA_U32, &warden_floor_range),
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

/* Stats attribute of each warden_event, in enum order. */
static const u16 warden_stats_attr[WARDEN_EV_MAX] = {
	[WARDEN_EV_ASSIGNED] = TCP_WARDEN_A_STATS_ASSIGNED,
	[WARDEN_EV_LOSS] = TCP_WARDEN_A_STATS_LOSS,
	[WARDEN_EV_RTO] = TCP_WARDEN_A_STATS_RTO,
	[WARDEN_EV_ECN] = TCP_WARDEN_A_STATS_ECN,
	[WARDEN_EV_UNDO] = TCP_WARDEN_A_STATS_UNDO,
	[WARDEN_EV_HYSTART] = TCP_WARDEN_A_STATS_HYSTART_EXIT,
};

int warden_nl_parse_prefix(struct nlattr *a4, struct nlattr *a6,
			   struct nlattr *plen, bool need_plen,
			   struct warden_prule *r, struct netlink_ext_ack *extack)
{
	struct nlattr *dst = a4 ?: a6;
	u32 maxlen = a4 ? 32 : 128;

	memset(r, 0, sizeof(*r));
	if (a4 && a6) {
		NL_SET_ERR_MSG_ATTR(extack, a6, "give an IPv4 or an IPv6 prefix, not both");
		return -EINVAL;
	}
	if (!dst) {
		NL_SET_ERR_MSG(extack, "missing prefix: give an IPv4 or an IPv6 address");
		return -EINVAL;
	}
	r->family = a4 ? WARDEN_PF_INET : WARDEN_PF_INET6;
	nla_memcpy(r->addr, dst, sizeof(r->addr));
	if (!plen && need_plen) {
		NL_SET_ERR_MSG(extack, "missing prefix length");
		return -EINVAL;
	}
	r->plen = plen ? nla_get_u8(plen) : maxlen;
	if (r->plen > maxlen) {
		NL_SET_ERR_MSG_ATTR(extack, plen, "IPv4 prefix length must be 0..32");
		return -EINVAL;
	}
	/* IPv4 traffic of dual-stack sockets is looked up as IPv4. */
	if (a6 && warden_prefix_v4mapped(r->addr, r->plen)) {
		NL_SET_ERR_MSG_ATTR(extack, dst,
				    "an IPv4-mapped IPv6 prefix never matches: give the IPv4 prefix");
		return -EINVAL;
	}
	r->port_lo = 0;
	r->port_hi = U16_MAX;
	if (!warden_prule_valid(r)) {
		NL_SET_ERR_MSG_ATTR(extack, dst, "host bits are set below the prefix length");
		return -EINVAL;
	}
	return 0;
}

int warden_nl_no_attrs(struct genl_info *info, int maxattr, const char *msg)
{
	int i;

	for (i = 1; i <= maxattr; i++) {
		if (info->attrs[i]) {
			NL_SET_BAD_ATTR(info->extack, info->attrs[i]);
			/* @msg is a string constant of the caller's */
			if (info->extack)
				info->extack->_msg = msg;
			return -EINVAL;
		}
	}
	return 0;
}

/* Counters come in replies only. */
static int warden_stats_given(struct nlattr *stats, struct netlink_ext_ack *extack)
{
	if (!stats)
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, stats, "counters are read-only");
	return -EINVAL;
}

static int warden_parse_key(struct genl_info *info, struct warden_prule *key)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **tb = info->attrs;
	int err;

	err = warden_stats_given(tb[TCP_WARDEN_A_POLICY_STATS], extack);
	if (err)
		return err;
	err = warden_nl_parse_prefix(tb[TCP_WARDEN_A_POLICY_DST4],
				     tb[TCP_WARDEN_A_POLICY_DST6],
				     tb[TCP_WARDEN_A_POLICY_PREFIXLEN], true, key,
				     extack);
	if (err)
		return err;

	key->port_lo = 0;
	key->port_hi = U16_MAX;
	if (tb[TCP_WARDEN_A_POLICY_PORT_MIN])
		key->port_lo = nla_get_u16(tb[TCP_WARDEN_A_POLICY_PORT_MIN]);
	if (tb[TCP_WARDEN_A_POLICY_PORT_MAX])
		key->port_hi = nla_get_u16(tb[TCP_WARDEN_A_POLICY_PORT_MAX]);
	if (key->port_lo > key->port_hi) {
		NL_SET_ERR_MSG_ATTR(extack, tb[TCP_WARDEN_A_POLICY_PORT_MAX],
				    "port-max is below port-min");
		return -EINVAL;
	}
	return 0;
}

static int warden_parse_params(struct nlattr *nest, struct warden_params *p,
			       bool *have, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[TCP_WARDEN_A_PARAMS_MAX + 1];
	int err;

	memset(p, 0, sizeof(*p));
	memset(have, 0, sizeof(bool) * WARDEN_PARAM_MAX);
	if (!nest)
		return 0;
	err = nla_parse_nested(tb, TCP_WARDEN_A_PARAMS_MAX, nest,
			       warden_params_nl_policy, extack);
	if (err)
		return err;

	if (tb[TCP_WARDEN_A_PARAMS_BETA]) {
		p->beta = nla_get_u32(tb[TCP_WARDEN_A_PARAMS_BETA]);
		have[WARDEN_PARAM_BETA] = true;
	}
	if (tb[TCP_WARDEN_A_PARAMS_MIN_SSTHRESH]) {
		p->floor = nla_get_u32(tb[TCP_WARDEN_A_PARAMS_MIN_SSTHRESH]);
		have[WARDEN_PARAM_MIN_SSTHRESH] = true;
	}
	if (tb[TCP_WARDEN_A_PARAMS_INITIAL_SSTHRESH]) {
		p->initial_ssthresh = nla_get_u32(tb[TCP_WARDEN_A_PARAMS_INITIAL_SSTHRESH]);
		have[WARDEN_PARAM_INITIAL_SSTHRESH] = true;
	}
	if (tb[TCP_WARDEN_A_PARAMS_MAX_CWND]) {
		p->max_cwnd = nla_get_u32(tb[TCP_WARDEN_A_PARAMS_MAX_CWND]);
		have[WARDEN_PARAM_MAX_CWND] = true;
	}
	if (tb[TCP_WARDEN_A_PARAMS_GROWTH]) {
		p->growth = nla_get_u8(tb[TCP_WARDEN_A_PARAMS_GROWTH]);
		have[WARDEN_PARAM_GROWTH] = true;
	}
	if (tb[TCP_WARDEN_A_PARAMS_RTO_BETA]) {
		p->rto_beta = nla_get_u32(tb[TCP_WARDEN_A_PARAMS_RTO_BETA]);
		if (p->rto_beta && p->rto_beta < TCP_WARDEN_BETA_MIN) {
			NL_SET_ERR_MSG_ATTR(extack, tb[TCP_WARDEN_A_PARAMS_RTO_BETA],
					    "rto-beta must be 0 (use beta) or "
					    __stringify(TCP_WARDEN_BETA_MIN) ".."
					    __stringify(TCP_WARDEN_BETA_MAX));
			return -EINVAL;
		}
		have[WARDEN_PARAM_RTO_BETA] = true;
	}
	if (tb[TCP_WARDEN_A_PARAMS_HYSTART]) {
		p->hystart = nla_get_u8(tb[TCP_WARDEN_A_PARAMS_HYSTART]);
		have[WARDEN_PARAM_HYSTART] = true;
	}
	return 0;
}

static int warden_put_params(struct sk_buff *skb, int type,
			     const struct warden_params *p)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest ||
	    nla_put_u32(skb, TCP_WARDEN_A_PARAMS_BETA, p->beta) ||
	    nla_put_u32(skb, TCP_WARDEN_A_PARAMS_MIN_SSTHRESH, p->floor) ||
	    nla_put_u32(skb, TCP_WARDEN_A_PARAMS_INITIAL_SSTHRESH, p->initial_ssthresh) ||
	    nla_put_u32(skb, TCP_WARDEN_A_PARAMS_MAX_CWND, p->max_cwnd) ||
	    nla_put_u8(skb, TCP_WARDEN_A_PARAMS_GROWTH, p->growth) ||
	    nla_put_u32(skb, TCP_WARDEN_A_PARAMS_RTO_BETA, p->rto_beta) ||
	    /* Reno has no HyStart: nothing to show. */
	    (p->growth == WARDEN_GROWTH_CUBIC &&
	     nla_put_u8(skb, TCP_WARDEN_A_PARAMS_HYSTART, p->hystart)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int warden_put_stats(struct sk_buff *skb, int type, const u64 *st)
{
	struct nlattr *nest = nla_nest_start(skb, type);
	int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < WARDEN_EV_MAX; i++)
		if (nla_put_u64_64bit(skb, warden_stats_attr[i], st[i],
				      TCP_WARDEN_A_STATS_PAD))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Called under rcu_read_lock(): @skb is allocated, nothing here sleeps. */
static int warden_fill_policy(struct sk_buff *skb, u32 portid, u32 seq, int flags,
			      const struct warden_policy *pol)
{
	const struct warden_prule *k = &pol->key;
	u64 st[WARDEN_EV_MAX];
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &warden_genl_family, flags,
			  TCP_WARDEN_CMD_POLICY_GET);
	if (!hdr)
		return -EMSGSIZE;
	warden_policy_stats(pol, st);
	if (nla_put_u32(skb, TCP_WARDEN_A_POLICY_ID, k->value) ||
	    (k->family == WARDEN_PF_INET ?
	     nla_put(skb, TCP_WARDEN_A_POLICY_DST4, 4, k->addr) :
	     nla_put(skb, TCP_WARDEN_A_POLICY_DST6, 16, k->addr)) ||
	    nla_put_u8(skb, TCP_WARDEN_A_POLICY_PREFIXLEN, k->plen) ||
	    nla_put_u16(skb, TCP_WARDEN_A_POLICY_PORT_MIN, k->port_lo) ||
	    nla_put_u16(skb, TCP_WARDEN_A_POLICY_PORT_MAX, k->port_hi) ||
	    warden_put_params(skb, TCP_WARDEN_A_POLICY_PARAMS, &pol->params) ||
	    warden_put_stats(skb, TCP_WARDEN_A_POLICY_STATS, st)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int warden_nl_policy_add(struct sk_buff *skb, struct genl_info *info)
{
	bool have[WARDEN_PARAM_MAX];
	struct warden_params p;
	struct warden_prule key;
	int err;

	err = warden_parse_key(info, &key);
	if (err)
		return err;
	err = warden_parse_params(info->attrs[TCP_WARDEN_A_POLICY_PARAMS], &p, have,
				  info->extack);
	if (err)
		return err;
	return warden_policy_add(genl_info_net(info), &key, &p, have,
				 info->nlhdr->nlmsg_flags & NLM_F_REPLACE,
				 info->extack);
}

static int warden_nl_policy_del(struct sk_buff *skb, struct genl_info *info)
{
	struct warden_prule key;
	int err;

	err = warden_parse_key(info, &key);
	if (err)
		return err;
	return warden_policy_del(genl_info_net(info), &key, info->extack);
}

static int warden_nl_policy_flush(struct sk_buff *skb, struct genl_info *info)
{
	return warden_nl_no_attrs(info, TCP_WARDEN_A_POLICY_MAX,
				  "policy-flush takes no attributes: it deletes every policy") ?:
	       warden_policy_flush(genl_info_net(info), info->extack);
}

static int warden_nl_policy_get(struct sk_buff *skb, struct genl_info *info)
{
	const struct warden_ptable *t;
	struct warden_prule key;
	struct sk_buff *msg;
	int err;
	u32 i;

	err = warden_parse_key(info, &key);
	if (err)
		return err;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rcu_read_lock();
	t = warden_policy_table(genl_info_net(info));
	err = -ENOENT;
	for (i = 0; t && i < t->n; i++) {
		if (warden_prule_same_key(&t->pol[i].key, &key)) {
			err = warden_fill_policy(msg, info->snd_portid,
						 info->snd_seq, 0, &t->pol[i]);
			break;
		}
	}
	rcu_read_unlock();
	if (err) {
		if (err == -ENOENT)
			NL_SET_ERR_MSG(info->extack, "no policy for this prefix and port range");
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* cb->args[0]: the last id sent. Ids only grow, so a dump resumes right. */
static int warden_nl_policy_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct warden_ptable *t;
	u32 last = cb->args[0], i;
	int err = 0;

	rcu_read_lock();
	t = warden_policy_table(sock_net(skb->sk));
	for (i = 0; t && i < t->n; i++) {
		if (t->pol[i].key.value <= last)
			continue;
		err = warden_fill_policy(skb, NETLINK_CB(cb->skb).portid,
					 cb->nlh->nlmsg_seq, NLM_F_MULTI, &t->pol[i]);
		if (err)
			break;
		cb->args[0] = t->pol[i].key.value;
	}
	rcu_read_unlock();
	/* A full skb ends this round; the next call continues. */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ? err : skb->len;
}

static int warden_nl_default_get(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	const struct warden_ptable *t;
	u64 st[WARDEN_EV_MAX];
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = warden_nl_no_attrs(info, TCP_WARDEN_A_DEFAULT_MAX,
				 "default-get takes no attributes");
	if (err)
		return err;
	err = -EMSGSIZE;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &warden_genl_family, 0,
				TCP_WARDEN_CMD_DEFAULT_GET);
	if (!hdr)
		goto err;
	rcu_read_lock();
	t = warden_policy_table(net);
	warden_default_stats(net, st);
	if (t && !warden_put_params(msg, TCP_WARDEN_A_DEFAULT_PARAMS, &t->dflt) &&
	    !warden_put_stats(msg, TCP_WARDEN_A_DEFAULT_STATS, st))
		err = 0;
	rcu_read_unlock();
	if (err)
		goto err;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
err:
	nlmsg_free(msg);
	return err;
}

static int warden_nl_default_set(struct sk_buff *skb, struct genl_info *info)
{
	bool have[WARDEN_PARAM_MAX];
	struct warden_params p;
	int err;

	err = warden_stats_given(info->attrs[TCP_WARDEN_A_DEFAULT_STATS], info->extack);
	if (err)
		return err;
	err = warden_parse_params(info->attrs[TCP_WARDEN_A_DEFAULT_PARAMS], &p, have,
				  info->extack);
	if (err)
		return err;
	return warden_default_set(genl_info_net(info), &p, have, info->extack);
}

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
	/* Later parts append their commands here. */
	/* SYN guard (syn_netlink.c). */
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

struct genl_family warden_genl_family __ro_after_init = {
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

int __init warden_netlink_init(void)
{
	int err = genl_register_family(&warden_genl_family);

	/* flood alerts may go out from now on */
	if (!err)
		warden_syn_set_notify(warden_syn_notify);
	return err;
}

void warden_netlink_exit(void)
{
	/* no alert is being sent once this returns */
	warden_syn_set_notify(NULL);
	genl_unregister_family(&warden_genl_family);
}
