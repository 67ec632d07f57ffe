// SPDX-License-Identifier: GPL-2.0
/*
 * The policy commands of the family: policy-add, -del, -get (do and dump),
 * -flush, default-get and -set, turned into calls of policy.c.
 */
#include <linux/build_bug.h>
#include <linux/netlink.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <uapi/linux/tcp_warden.h>

#include "nl.h"
#include "policies.h"
#include "policy_nl.h"

/* core's growth values are the family's */
static_assert((int)WARDEN_GROWTH_RENO == (int)TCP_WARDEN_GROWTH_RENO);
static_assert((int)WARDEN_GROWTH_CUBIC == (int)TCP_WARDEN_GROWTH_CUBIC);

/* Stats attribute of each warden_event, in enum order. */
static const u16 warden_stats_attr[WARDEN_EV_MAX] = {
	[WARDEN_EV_ASSIGNED] = TCP_WARDEN_A_STATS_ASSIGNED,
	[WARDEN_EV_LOSS] = TCP_WARDEN_A_STATS_LOSS,
	[WARDEN_EV_RTO] = TCP_WARDEN_A_STATS_RTO,
	[WARDEN_EV_ECN] = TCP_WARDEN_A_STATS_ECN,
	[WARDEN_EV_UNDO] = TCP_WARDEN_A_STATS_UNDO,
	[WARDEN_EV_HYSTART] = TCP_WARDEN_A_STATS_HYSTART_EXIT,
};

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
	/* genl.c validated the nest: its policy is not needed again */
	err = nla_parse_nested(tb, TCP_WARDEN_A_PARAMS_MAX, nest, NULL, extack);
	if (err)
		return err;

	if (tb[TCP_WARDEN_A_PARAMS_BETA]) {
		p->beta = nla_get_u32(tb[TCP_WARDEN_A_PARAMS_BETA]);
		have[WARDEN_PARAM_BETA] = true;
	}
	if (tb[TCP_WARDEN_A_PARAMS_MIN_SSTHRESH]) {
		p->min_ssthresh = nla_get_u32(tb[TCP_WARDEN_A_PARAMS_MIN_SSTHRESH]);
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
	    nla_put_u32(skb, TCP_WARDEN_A_PARAMS_MIN_SSTHRESH, p->min_ssthresh) ||
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

	hdr = genlmsg_put(skb, portid, seq, warden_nl_family(), flags,
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

int warden_nl_policy_add(struct sk_buff *skb, struct genl_info *info)
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

int warden_nl_policy_del(struct sk_buff *skb, struct genl_info *info)
{
	struct warden_prule key;
	int err;

	err = warden_parse_key(info, &key);
	if (err)
		return err;
	return warden_policy_del(genl_info_net(info), &key, info->extack);
}

int warden_nl_policy_flush(struct sk_buff *skb, struct genl_info *info)
{
	return warden_nl_no_attrs(info, TCP_WARDEN_A_POLICY_MAX,
				  "policy-flush takes no attributes: it deletes every policy") ?:
	       warden_policy_flush(genl_info_net(info), info->extack);
}

int warden_nl_policy_get(struct sk_buff *skb, struct genl_info *info)
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
int warden_nl_policy_dump(struct sk_buff *skb, struct netlink_callback *cb)
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

int warden_nl_default_get(struct sk_buff *skb, struct genl_info *info)
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
	hdr = genlmsg_put_reply(msg, info, warden_nl_family(), 0,
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

int warden_nl_default_set(struct sk_buff *skb, struct genl_info *info)
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

