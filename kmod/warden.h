/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces between the parts of tcp_warden.ko. */
#ifndef _TCP_WARDEN_H
#define _TCP_WARDEN_H

#include <linux/init.h>
#include <linux/netlink.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "compat.h"
#include "policy.h"
#include "prefix.h"

/* params.c: 0 if a module parameter may be written now, else -EBUSY or -EPERM. */
int warden_param_may_set(void);
/* main.c says when init begins and when every part is up (or going). */
void warden_params_starting(void);
void warden_params_live(bool live);

/* cc.c */
int warden_cc_init(void);
void warden_cc_exit(void);

/* policy.c: per-netns policy tables. */
enum warden_event {
	WARDEN_EV_ASSIGNED,
	WARDEN_EV_LOSS,
	WARDEN_EV_RTO,
	WARDEN_EV_ECN,
	WARDEN_EV_UNDO,
	WARDEN_EV_HYSTART,
	WARDEN_EV_MAX
};

/* Policy id of the per-netns default. */
#define WARDEN_POLICY_DEFAULT	0

struct warden_policy {
	struct warden_prule key;	/* key.value is the policy id */
	struct warden_params params;
	u64 __percpu *stats;		/* WARDEN_EV_MAX counters */
};

/*
 * One immutable snapshot of a netns's policies, replaced as a whole on
 * every change and freed after a grace period.
 */
struct warden_ptable {
	struct rcu_head rcu;
	struct warden_params dflt;
	u32 n;
	s32 dead;			/* index whose stats die with this copy */
	bool dead_all;
	struct warden_policy *pol;	/* n entries, ascending id */
	struct warden_ptab *lookup;	/* value = index into pol */
};

int warden_policy_init(void);
void warden_policy_exit(void);

/* Choose the policy for a new connection and count it. */
u32 warden_policy_assign(const struct sock *sk, struct warden_params *p);
void warden_policy_count(const struct sock *sk, u32 id, enum warden_event ev);

/* Writers (netlink, process context). */
int warden_policy_add(struct net *net, const struct warden_prule *key,
		      const struct warden_params *p, const bool *have,
		      bool replace, struct netlink_ext_ack *extack);
int warden_policy_del(struct net *net, const struct warden_prule *key,
		      struct netlink_ext_ack *extack);
int warden_policy_flush(struct net *net, struct netlink_ext_ack *extack);
int warden_default_set(struct net *net, const struct warden_params *p,
		       const bool *have, struct netlink_ext_ack *extack);

/* Readers: under rcu_read_lock(). */
const struct warden_ptable *warden_policy_table(struct net *net);
void warden_policy_stats(const struct warden_policy *pol, u64 *out);
void warden_default_stats(struct net *net, u64 *out);

/* Which params fields a request carried (indexes of have[]). */
enum warden_param_field {
	WARDEN_PARAM_BETA,
	WARDEN_PARAM_MIN_SSTHRESH,
	WARDEN_PARAM_INITIAL_SSTHRESH,
	WARDEN_PARAM_MAX_CWND,
	WARDEN_PARAM_GROWTH,
	WARDEN_PARAM_RTO_BETA,
	WARDEN_PARAM_HYSTART,
	WARDEN_PARAM_MAX
};

/* netlink.c */
int warden_netlink_init(void);
void warden_netlink_exit(void);
/* Refuse a request that carries any attribute, naming it; 0 if none. */
int warden_nl_no_attrs(struct genl_info *info, int maxattr, const char *msg);
/*
 * The one parser of an address prefix in a request (policies, SYN lists):
 * exactly one of @a4/@a6, @plen (required if @need_plen, else the full
 * length), no host bits, no IPv4-mapped IPv6. Ports: all.
 */
int warden_nl_parse_prefix(struct nlattr *a4, struct nlattr *a6,
			   struct nlattr *plen, bool need_plen,
			   struct warden_prule *r, struct netlink_ext_ack *extack);
extern struct genl_family warden_genl_family;

/* Multicast groups of warden_genl_family, in TCP_WARDEN_MCGRP_* order. */
enum warden_mcgrp {
	WARDEN_MCGRP_SYN_ALERT,
};

/* syn_*.c: the SYN-flood guard. */
#include "synguard.h"

int warden_syn_init(void);
void warden_syn_exit(void);

enum warden_syn_list {
	WARDEN_SYN_ALLOW,
	WARDEN_SYN_DENY,
	WARDEN_SYN_NLISTS
};

#define WARDEN_SYN_LIST_MAX	256
#define WARDEN_SYN_MODE_DEFAULT	(-1)	/* a netns follows the global mode */

int warden_syn_list_change(struct net *net, unsigned int which,
			   const struct warden_prule *r, bool add,
			   struct netlink_ext_ack *extack);
u32 warden_syn_list_get(struct net *net, unsigned int which,
			struct warden_prule *out, u32 max);

/* A copy of one listener's state for reports. */
struct warden_syn_lsnap {
	struct warden_addr addr;
	u16 port;
	struct warden_sg_report r;
	u32 ntop;			/* heavy hitters in top[] */
	struct warden_topk_ent top[WARDEN_TOPK];
};

/* Copy the listeners of @net (at most @max); returns how many. */
int warden_syn_snapshot(struct net *net, struct warden_syn_lsnap *out, int max);

/* A namespace's guard: its mode, the configuration and its counters. */
struct warden_syn_nstats {
	unsigned int mode, global_mode;
	bool inherit, hooked;
	struct warden_sg_cfg cfg;
	u8 v4_plen, v6_plen;
	u64 acks_verified, acks_bad, synacks, dropped, frags_bad;
	u32 verified;			/* its verified sources (entries in use) */
};

/* Occupancy of one of a namespace's tables. */
struct warden_syn_tstats {
	u32 used, size;
	u64 inserts, evictions;
};

enum warden_syn_table {
	WARDEN_SYN_T_VERIFIED,
	WARDEN_SYN_T_BUCKETS,
	WARDEN_SYN_T_SYNACKS,
	WARDEN_SYN_NTABLES
};

/* All zero while the namespace's guard is off (it has no tables then). */
void warden_syn_table_stats(struct net *net, struct warden_syn_tstats *ts);

/* Global tunables, in the order of their netlink attributes. */
enum warden_syn_tun {
	WARDEN_SYN_TUN_THRESHOLD,
	WARDEN_SYN_TUN_QUEUE_PCT,
	WARDEN_SYN_TUN_QUIET_MS,
	WARDEN_SYN_TUN_SRC_RATE,
	WARDEN_SYN_TUN_SRC_BURST,
	WARDEN_SYN_TUN_ALL_RATE,
	WARDEN_SYN_TUN_ALL_BURST,
	WARDEN_SYN_TUN_V4_PREFIX,
	WARDEN_SYN_TUN_V6_PREFIX,
	WARDEN_SYN_NTUN
};

/* One syn-set request: applied whole or not at all. */
struct warden_syn_req {
	int global_mode;		/* enum warden_sg_mode, or -1: unchanged */
	bool ns_mode_set;		/* set the netns's own mode to ns_mode */
	int ns_mode;			/* a mode or WARDEN_SYN_MODE_DEFAULT */
	bool have[WARDEN_SYN_NTUN];	/* tunables to set, from v[] */
	u32 v[WARDEN_SYN_NTUN];
};

int warden_syn_change(struct net *net, const struct warden_syn_req *req,
		      struct netlink_ext_ack *extack);

/* syn_netlink.c: the syn-* commands and the syn-alert notification. */
void warden_syn_notify(struct net *net, const struct warden_syn_lsnap *l);
/* syn_report.c: the control plane's sink for flood alerts (NULL: none). */
typedef void warden_syn_notify_t(struct net *net, const struct warden_syn_lsnap *l);
void warden_syn_set_notify(warden_syn_notify_t *fn);
int warden_nl_syn_get(struct sk_buff *skb, struct genl_info *info);
int warden_nl_syn_set(struct sk_buff *skb, struct genl_info *info);
int warden_nl_syn_stats_dump(struct sk_buff *skb, struct netlink_callback *cb);
int warden_nl_syn_top_dump(struct sk_buff *skb, struct netlink_callback *cb);
int warden_nl_syn_list_add(struct sk_buff *skb, struct genl_info *info);
int warden_nl_syn_list_del(struct sk_buff *skb, struct genl_info *info);
int warden_nl_syn_list_dump(struct sk_buff *skb, struct netlink_callback *cb);
extern const struct nla_policy warden_syn_nl_policy[];
extern const struct nla_policy warden_syn_top_nl_policy[];
extern const struct nla_policy warden_syn_stats_nl_policy[];
extern const struct nla_policy warden_syn_list_nl_policy[];
extern const struct nla_policy warden_syn_list_get_nl_policy[];

void warden_syn_net_stats(struct net *net, struct warden_syn_nstats *st);
const char *warden_syn_mode_name(unsigned int mode);
const char *warden_syn_why_name(unsigned int why);

#endif /* _TCP_WARDEN_H */
