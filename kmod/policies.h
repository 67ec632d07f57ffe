/* SPDX-License-Identifier: GPL-2.0 */
/*
 * policy.c: each network namespace's ssthresh policies (the table the
 * congestion control looks up, the default) and their counters.
 */
#ifndef _TCP_WARDEN_POLICIES_H
#define _TCP_WARDEN_POLICIES_H

#include <linux/netlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "policy.h"
#include "prefix.h"

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

#endif /* _TCP_WARDEN_POLICIES_H */
