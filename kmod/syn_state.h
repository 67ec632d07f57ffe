/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SYN guard's shared state, used by its files only (syn_*.c): the
 * configuration snapshot, the tables, the listener slots and each
 * namespace's own part. The rest of the module sees syn_guard.h.
 */
#ifndef _TCP_WARDEN_SYN_STATE_H
#define _TCP_WARDEN_SYN_STATE_H

#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "synguard.h"
#include "warden.h"

/* A SYN-ACK of ours is remembered this long (s): past its retransmits. */
#define SYN_SYNACK_TTL		75

/* Bounds of the load-time sizes. */
#define SYN_TABLE_MIN		64U
#define SYN_TABLE_MAX		BIT(22)
#define SYN_LISTENERS_MAX	65536U

extern const char * const syn_mode_names[WARDEN_SG_ENFORCE + 1];

/* Serialises configuration changes and hook registration. */
extern struct mutex syn_cfg_mutex;
/* Under syn_cfg_mutex: the pernet state exists, changes apply at once. */
extern bool syn_ready;

struct syn_conf {
	struct rcu_head rcu;
	struct warden_sg_cfg sg;	/* .mode is the global mode */
	u8 v4_plen, v6_plen;
};

extern struct syn_conf __rcu *syn_conf;

/* Each table locks its sets in stripes of its own (core/srctable.h). */
extern struct warden_st syn_verified, syn_buckets, syn_synacks;
extern struct warden_cms syn_cms;
extern spinlock_t syn_cms_lock;
extern struct warden_hkey syn_hkey;
extern struct warden_sg_tables syn_tables;

#define SYN_LWAYS	4

struct syn_listener {
	u64 cookie;			/* netns; 0: free slot */
	struct net *net;		/* valid while cookie is set (purged at exit) */
	struct warden_addr addr;
	u16 port;			/* host order */
	unsigned long last;		/* jiffies of the last SYN */
	struct warden_sg_listener sg;
};

struct syn_lset {
	spinlock_t lock;		/* the slots and their state */
	struct syn_listener l[SYN_LWAYS];
};

extern struct syn_lset *syn_lsets;
extern u32 syn_lset_mask;

u64 syn_listener_hash(u64 cookie, const struct warden_addr *a, u16 port);
struct syn_listener *syn_listener_get(struct syn_lset *set, struct net *net,
				      u64 cookie, const struct warden_addr *a,
				      u16 port, u64 now);

/*
 * An immutable snapshot of one list: its rules (for dumps) and the
 * prefix table built from them (for lookups), replaced as a whole.
 */
struct syn_plist {
	struct rcu_head rcu;
	u32 n;
	struct warden_ptab *tab;
	struct warden_prule rules[];	/* then the table's memory */
};

struct syn_lists {
	struct syn_plist __rcu *l[WARDEN_SYN_NLISTS];
};

#define SYN_MODE_INHERIT	WARDEN_SYN_MODE_DEFAULT

struct syn_net {
	struct net *net;
	int mode;			/* SYN_MODE_INHERIT or a warden_sg_mode */
	bool hooked;			/* under syn_cfg_mutex */
	/* Until then an ACK may answer a SYN-ACK of ours (jiffies). */
	unsigned long synack_until;
	atomic_long_t acks_verified, acks_bad, synacks, dropped;
	struct syn_lists lists;
};

extern unsigned int syn_net_id;

static inline struct syn_net *syn_net(const struct net *net)
{
	return net_generic(net, syn_net_id);
}

static inline unsigned int syn_effective_mode(const struct syn_net *sn,
					      const struct syn_conf *c)
{
	int m = READ_ONCE(sn->mode);

	return m == SYN_MODE_INHERIT ? c->sg.mode : (unsigned int)m;
}

/* syn_state.c: the tables, allocated once at load. */
int syn_tables_alloc(void);
void syn_tables_free(void);

/* syn_lists.c */
u8 syn_list_lookup(struct net *net, const struct warden_addr *a);
void syn_lists_free(struct net *net);

/* syn_report.c */
void syn_alert(struct net *net, const struct syn_listener *l, u8 ev, u64 rate);
int syn_proc_show(struct seq_file *m, void *v);

/* syn_hooks.c: register or unregister one netns's hooks to match its mode. */
int syn_apply(struct net *net);
void syn_unhook(struct net *net);

/* syn_config.c */
int syn_cfg_rebuild(const char **why);

#endif /* _TCP_WARDEN_SYN_STATE_H */
