// SPDX-License-Identifier: GPL-2.0
/*
 * The SYN guard's commands of the family: syn-get and syn-set
 * (configuration), syn-stats (per listener), syn-top (heavy hitters), the
 * allow/deny lists, and the syn-alert notification.
 */
#include <linux/build_bug.h>
#include <linux/netlink.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <uapi/linux/tcp_warden.h>

#include "nl.h"
#include "syn_guard.h"
#include "syn_nl.h"

/* core's modes and the guard's lists are the family's */
static_assert((int)WARDEN_SG_OFF == (int)TCP_WARDEN_SYN_MODE_OFF);
static_assert((int)WARDEN_SG_MONITOR == (int)TCP_WARDEN_SYN_MODE_MONITOR);
static_assert((int)WARDEN_SG_ENFORCE == (int)TCP_WARDEN_SYN_MODE_ENFORCE);
static_assert((int)WARDEN_SYN_ALLOW == (int)TCP_WARDEN_SYN_LIST_ALLOW);
static_assert((int)WARDEN_SYN_DENY == (int)TCP_WARDEN_SYN_LIST_DENY);

/* At most this many listeners per netns are reported. */
#define SYN_NL_LISTENERS	1024

/* ---- syn-get / syn-set ------------------------------------------------ */

int warden_nl_syn_get(struct sk_buff *skb, struct genl_info *info)
{
	struct warden_syn_nstats st;
	struct sk_buff *msg;
	void *hdr;

	if (warden_nl_no_attrs(info, TCP_WARDEN_A_SYN_MAX, "syn-get takes no attributes"))
		return -EINVAL;
	warden_syn_net_stats(genl_info_net(info), &st);
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, warden_nl_family(), 0,
				TCP_WARDEN_CMD_SYN_GET);
	if (!hdr)
		goto nospace;
	if (nla_put_u8(msg, TCP_WARDEN_A_SYN_MODE, st.mode) ||
	    (st.inherit && nla_put_flag(msg, TCP_WARDEN_A_SYN_MODE_DEFAULT)) ||
	    nla_put_u8(msg, TCP_WARDEN_A_SYN_GLOBAL_MODE, st.global_mode) ||
	    nla_put_u8(msg, TCP_WARDEN_A_SYN_HOOKED, st.hooked) ||
	    nla_put_u32(msg, TCP_WARDEN_A_SYN_THRESHOLD, st.cfg.threshold) ||
	    nla_put_u32(msg, TCP_WARDEN_A_SYN_QUEUE_PCT, st.cfg.queue_pct) ||
	    nla_put_u32(msg, TCP_WARDEN_A_SYN_QUIET_MS,
			div_u64(st.cfg.quiet_ns, NSEC_PER_MSEC)) ||
	    nla_put_u32(msg, TCP_WARDEN_A_SYN_SRC_RATE, st.cfg.src.rate) ||
	    nla_put_u32(msg, TCP_WARDEN_A_SYN_SRC_BURST, st.cfg.src.burst) ||
	    nla_put_u32(msg, TCP_WARDEN_A_SYN_ALL_RATE, st.cfg.all.rate) ||
	    nla_put_u32(msg, TCP_WARDEN_A_SYN_ALL_BURST, st.cfg.all.burst) ||
	    nla_put_u8(msg, TCP_WARDEN_A_SYN_V4_PREFIX, st.v4_plen) ||
	    nla_put_u8(msg, TCP_WARDEN_A_SYN_V6_PREFIX, st.v6_plen) ||
	    nla_put_u64_64bit(msg, TCP_WARDEN_A_SYN_SYNACKS, st.synacks, TCP_WARDEN_A_SYN_PAD) ||
	    nla_put_u64_64bit(msg, TCP_WARDEN_A_SYN_ACKS_VERIFIED, st.acks_verified,
			      TCP_WARDEN_A_SYN_PAD) ||
	    nla_put_u64_64bit(msg, TCP_WARDEN_A_SYN_ACKS_BAD, st.acks_bad, TCP_WARDEN_A_SYN_PAD) ||
	    nla_put_u64_64bit(msg, TCP_WARDEN_A_SYN_DROPPED, st.dropped, TCP_WARDEN_A_SYN_PAD) ||
	    nla_put_u64_64bit(msg, TCP_WARDEN_A_SYN_FRAGS_BAD, st.frags_bad,
			      TCP_WARDEN_A_SYN_PAD) ||
	    nla_put_u32(msg, TCP_WARDEN_A_SYN_VERIFIED, st.verified))
		goto nospace;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nospace:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

int warden_nl_syn_set(struct sk_buff *skb, struct genl_info *info)
{
	static const int tun_attr[WARDEN_SYN_NTUN] = {
		[WARDEN_SYN_TUN_THRESHOLD] = TCP_WARDEN_A_SYN_THRESHOLD,
		[WARDEN_SYN_TUN_QUEUE_PCT] = TCP_WARDEN_A_SYN_QUEUE_PCT,
		[WARDEN_SYN_TUN_QUIET_MS] = TCP_WARDEN_A_SYN_QUIET_MS,
		[WARDEN_SYN_TUN_SRC_RATE] = TCP_WARDEN_A_SYN_SRC_RATE,
		[WARDEN_SYN_TUN_SRC_BURST] = TCP_WARDEN_A_SYN_SRC_BURST,
		[WARDEN_SYN_TUN_ALL_RATE] = TCP_WARDEN_A_SYN_ALL_RATE,
		[WARDEN_SYN_TUN_ALL_BURST] = TCP_WARDEN_A_SYN_ALL_BURST,
		[WARDEN_SYN_TUN_V4_PREFIX] = TCP_WARDEN_A_SYN_V4_PREFIX,
		[WARDEN_SYN_TUN_V6_PREFIX] = TCP_WARDEN_A_SYN_V6_PREFIX,
	};
	struct net *net = genl_info_net(info);
	struct nlattr **a = info->attrs;
	bool global = a[TCP_WARDEN_A_SYN_GLOBAL], any = false;
	struct warden_syn_req req = {};
	int i, mode = -1;

	for (i = 0; i < WARDEN_SYN_NTUN; i++) {
		struct nlattr *x = a[tun_attr[i]];

		if (!x)
			continue;
		req.have[i] = true;
		any = true;
		req.v[i] = (i == WARDEN_SYN_TUN_V4_PREFIX || i == WARDEN_SYN_TUN_V6_PREFIX) ?
			nla_get_u8(x) : nla_get_u32(x);
	}
	if (a[TCP_WARDEN_A_SYN_MODE])
		mode = nla_get_u8(a[TCP_WARDEN_A_SYN_MODE]);
	if (a[TCP_WARDEN_A_SYN_MODE_DEFAULT] && (global || mode >= 0)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[TCP_WARDEN_A_SYN_MODE_DEFAULT],
				    "give either a mode or 'default', not both, and not with global");
		return -EINVAL;
	}
	if (global && mode < 0 && !any) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[TCP_WARDEN_A_SYN_GLOBAL],
				    "global needs a mode");
		return -EINVAL;
	}
	/* Thresholds, budgets and the global mode act on every namespace. */
	if ((any || global) &&
	    (!net_eq(net, &init_net) || !netlink_capable(skb, CAP_NET_ADMIN))) {
		NL_SET_ERR_MSG(info->extack,
			       "thresholds, budgets and the global mode can only be set from the initial netns with CAP_NET_ADMIN");
		return -EACCES;
	}
	req.global_mode = global ? mode : -1;
	if (a[TCP_WARDEN_A_SYN_MODE_DEFAULT]) {
		req.ns_mode_set = true;
		req.ns_mode = WARDEN_SYN_MODE_DEFAULT;
	} else if (mode >= 0 && !global) {
		req.ns_mode_set = true;
		req.ns_mode = mode;
	}
	if (!any && req.global_mode < 0 && !req.ns_mode_set) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: give a mode, default, or a threshold");
		return -EINVAL;
	}
	return warden_syn_change(net, &req, info->extack);
}

/* ---- listeners --------------------------------------------------------- */

static int syn_put_addr(struct sk_buff *skb, int a4, int a6,
			const struct warden_addr *a)
{
	return a->family == WARDEN_PF_INET ? nla_put(skb, a4, 4, a->bytes)
			      : nla_put(skb, a6, 16, a->bytes);
}

static int syn_put_listener(struct sk_buff *skb, const struct warden_syn_lsnap *ls,
			    u64 now)
{
	static const int why_attr[WARDEN_SG_NWHY] = {
		[WARDEN_SG_ALLOWED] = TCP_WARDEN_A_SYN_L_PASS_ALLOWED,
		[WARDEN_SG_CALM] = TCP_WARDEN_A_SYN_L_PASS_CALM,
		[WARDEN_SG_VERIFIED] = TCP_WARDEN_A_SYN_L_PASS_VERIFIED,
		[WARDEN_SG_CONFORM] = TCP_WARDEN_A_SYN_L_PASS_CONFORM,
		[WARDEN_SG_DENIED] = TCP_WARDEN_A_SYN_L_DROP_DENIED,
		[WARDEN_SG_LIMIT_SRC] = TCP_WARDEN_A_SYN_L_DROP_SRC_LIMIT,
		[WARDEN_SG_LIMIT_ALL] = TCP_WARDEN_A_SYN_L_DROP_ALL_LIMIT,
	};
	const struct warden_sg_report *r = &ls->r;
	bool cookies = r->qmax && r->qlen >= r->qmax &&
		       now - r->q_ns < WARDEN_SG_QUEUE_FRESH_NS;
	int i;

	if (syn_put_addr(skb, TCP_WARDEN_A_SYN_L_ADDR4, TCP_WARDEN_A_SYN_L_ADDR6, &ls->addr) ||
	    nla_put_u16(skb, TCP_WARDEN_A_SYN_L_PORT, ls->port) ||
	    nla_put_u8(skb, TCP_WARDEN_A_SYN_L_FLOOD, r->flood) ||
	    nla_put_u64_64bit(skb, TCP_WARDEN_A_SYN_L_RATE, r->rate, TCP_WARDEN_A_SYN_L_PAD) ||
	    nla_put_u64_64bit(skb, TCP_WARDEN_A_SYN_L_SYNS, r->syns, TCP_WARDEN_A_SYN_L_PAD) ||
	    nla_put_u32(skb, TCP_WARDEN_A_SYN_L_FLOODS, r->floods) ||
	    nla_put_u32(skb, TCP_WARDEN_A_SYN_L_QLEN, r->qlen) ||
	    nla_put_u32(skb, TCP_WARDEN_A_SYN_L_QMAX, r->qmax) ||
	    nla_put_u8(skb, TCP_WARDEN_A_SYN_L_COOKIES, cookies) ||
	    nla_put_u64_64bit(skb, TCP_WARDEN_A_SYN_L_WOULD_DROP, r->would_drop,
			      TCP_WARDEN_A_SYN_L_PAD) ||
	    nla_put_u64_64bit(skb, TCP_WARDEN_A_SYN_L_FLOOD_MS,
			      r->flood && now > r->since_ns ?
			      div_u64(now - r->since_ns, NSEC_PER_MSEC) : 0,
			      TCP_WARDEN_A_SYN_L_PAD))
		return -EMSGSIZE;
	for (i = 0; i < WARDEN_SG_NWHY; i++)
		if (nla_put_u64_64bit(skb, why_attr[i], r->why[i], TCP_WARDEN_A_SYN_L_PAD))
			return -EMSGSIZE;
	return 0;
}

/* The top sources the sketch saw for one listener. */
static int syn_put_top(struct sk_buff *skb, const struct warden_syn_lsnap *ls, u64 now)
{
	struct nlattr *nest, *list;
	int k;

	if (syn_put_addr(skb, TCP_WARDEN_A_SYN_TOP_ADDR4, TCP_WARDEN_A_SYN_TOP_ADDR6, &ls->addr) ||
	    nla_put_u16(skb, TCP_WARDEN_A_SYN_TOP_PORT, ls->port))
		return -EMSGSIZE;
	list = nla_nest_start(skb, TCP_WARDEN_A_SYN_TOP_SOURCES);
	if (!list)
		return -EMSGSIZE;
	for (k = 0; k < ls->ntop; k++) {
		nest = nla_nest_start(skb, k + 1);
		if (!nest ||
		    syn_put_addr(skb, TCP_WARDEN_A_SYN_SRC_ADDR4, TCP_WARDEN_A_SYN_SRC_ADDR6,
				 &ls->top[k].addr) ||
		    nla_put_u32(skb, TCP_WARDEN_A_SYN_SRC_COUNT, ls->top[k].count))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	nla_nest_end(skb, list);
	return 0;
}

/*
 * Dumps take a fresh snapshot on each pass and resume at cb->args[0]; a
 * listener that comes or goes between passes may be missed or repeated,
 * as with other netlink dumps of live tables.
 */
static int syn_dump(struct sk_buff *skb, struct netlink_callback *cb, int port_type,
		    u8 cmd, int (*put)(struct sk_buff *skb,
				       const struct warden_syn_lsnap *ls, u64 now))
{
	struct nlattr *port_attr = warden_dump_attrs(cb)[port_type];
	struct warden_syn_lsnap *ls;
	u64 now = ktime_get_ns();
	int n, i, err = 0;
	void *hdr;

	ls = kvmalloc_array(SYN_NL_LISTENERS, sizeof(*ls), GFP_KERNEL);
	if (!ls)
		return -ENOMEM;
	n = warden_syn_snapshot(sock_net(skb->sk), ls, SYN_NL_LISTENERS);
	for (i = cb->args[0]; i < n; i++) {
		if (port_attr && nla_get_u16(port_attr) != ls[i].port)
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				  warden_nl_family(), NLM_F_MULTI, cmd);
		if (!hdr)
			break;
		if (put(skb, &ls[i], now)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	if (i == cb->args[0] && i < n)
		err = -EMSGSIZE;
	cb->args[0] = i;
	kvfree(ls);
	return err ? err : skb->len;
}

int warden_nl_syn_stats_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return syn_dump(skb, cb, TCP_WARDEN_A_SYN_L_PORT, TCP_WARDEN_CMD_SYN_STATS,
			syn_put_listener);
}

int warden_nl_syn_top_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return syn_dump(skb, cb, TCP_WARDEN_A_SYN_TOP_PORT, TCP_WARDEN_CMD_SYN_TOP,
			syn_put_top);
}

/* ---- allow / deny lists ----------------------------------------------- */

/* syn-list-add and -del: which list, which prefix, then the change. */
static int syn_list_change(struct genl_info *info, bool add)
{
	struct nlattr **a = info->attrs;
	struct warden_prule r;
	int err;

	/* The message too: before 6.1 the check cannot name the attribute. */
	if (GENL_REQ_ATTR_CHECK(info, TCP_WARDEN_A_SYN_LIST_LIST)) {
		NL_SET_ERR_MSG(info->extack, "list (allow or deny) is required");
		return -EINVAL;
	}
	err = warden_nl_parse_prefix(a[TCP_WARDEN_A_SYN_LIST_ADDR4],
				     a[TCP_WARDEN_A_SYN_LIST_ADDR6],
				     a[TCP_WARDEN_A_SYN_LIST_PREFIXLEN], false, &r,
				     info->extack);
	return err ?: warden_syn_list_change(genl_info_net(info),
					     nla_get_u8(a[TCP_WARDEN_A_SYN_LIST_LIST]),
					     &r, add, info->extack);
}

int warden_nl_syn_list_add(struct sk_buff *skb, struct genl_info *info)
{
	return syn_list_change(info, true);
}

int warden_nl_syn_list_del(struct sk_buff *skb, struct genl_info *info)
{
	return syn_list_change(info, false);
}

/* cb->args[0]: list, cb->args[1]: index in it. */
int warden_nl_syn_list_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr *only = warden_dump_attrs(cb)[TCP_WARDEN_A_SYN_LIST_LIST];
	struct net *net = sock_net(skb->sk);
	struct warden_prule *rules;
	unsigned int which;
	u32 n, i;
	void *hdr;
	int err = 0;

	rules = kvmalloc_array(WARDEN_SYN_LIST_MAX, sizeof(*rules), GFP_KERNEL);
	if (!rules)
		return -ENOMEM;
	for (which = cb->args[0]; which < WARDEN_SYN_NLISTS; which++, cb->args[1] = 0) {
		if (only && nla_get_u8(only) != which)
			continue;
		n = min_t(u32, warden_syn_list_get(net, which, rules, WARDEN_SYN_LIST_MAX),
			  WARDEN_SYN_LIST_MAX);
		for (i = cb->args[1]; i < n; i++) {
			const struct warden_prule *r = &rules[i];

			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, warden_nl_family(),
					  NLM_F_MULTI, TCP_WARDEN_CMD_SYN_LIST_GET);
			if (!hdr)
				goto full;
			if (nla_put_u8(skb, TCP_WARDEN_A_SYN_LIST_LIST, which) ||
			    (r->family == WARDEN_PF_INET ?
			     nla_put(skb, TCP_WARDEN_A_SYN_LIST_ADDR4, 4, r->addr) :
			     nla_put(skb, TCP_WARDEN_A_SYN_LIST_ADDR6, 16, r->addr)) ||
			    nla_put_u8(skb, TCP_WARDEN_A_SYN_LIST_PREFIXLEN, r->plen)) {
				genlmsg_cancel(skb, hdr);
				goto full;
			}
			genlmsg_end(skb, hdr);
			cb->args[1] = i + 1;
		}
		cb->args[0] = which + 1;
	}
	goto out;
full:
	if (!skb->len)
		err = -EMSGSIZE;
out:
	kvfree(rules);
	return err ? err : skb->len;
}

/* ---- syn-alert ---------------------------------------------------------- */

/* Atomic context (softirq or under a spinlock). */
void warden_syn_notify(struct net *net, const struct warden_syn_lsnap *l)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(warden_nl_family(), net, WARDEN_MCGRP_SYN_ALERT))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, warden_nl_family(), 0, TCP_WARDEN_CMD_SYN_ALERT);
	if (!hdr || syn_put_listener(msg, l, ktime_get_ns())) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(warden_nl_family(), net, msg, 0,
				WARDEN_MCGRP_SYN_ALERT, GFP_ATOMIC);
}
