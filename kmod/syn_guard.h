/* SPDX-License-Identifier: GPL-2.0 */
/*
 * syn_*.c: the SYN-flood guard, as the rest of the module sees it (its
 * init and exit, what the control plane sets and reads). The guard's own
 * files share syn_state.h.
 */
#ifndef _TCP_WARDEN_SYN_GUARD_H
#define _TCP_WARDEN_SYN_GUARD_H

#include <linux/netlink.h>
#include <net/net_namespace.h>

#include "prefix.h"
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

/* syn_report.c: the control plane's sink for flood alerts (NULL: none). */
typedef void warden_syn_notify_t(struct net *net, const struct warden_syn_lsnap *l);
void warden_syn_set_notify(warden_syn_notify_t *fn);

void warden_syn_net_stats(struct net *net, struct warden_syn_nstats *st);
const char *warden_syn_mode_name(unsigned int mode);
const char *warden_syn_why_name(unsigned int why);

#endif /* _TCP_WARDEN_SYN_GUARD_H */
