/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SYN guard's shared state, used by its files only (syn_*.c): the
 * configuration snapshot, and each network namespace's part: its lists,
 * counters and, while its hooks are registered, its own tables and
 * listener slots. The rest of the module sees warden.h.
 *
 * Nothing a namespace writes is shared with another: each has its tables,
 * its hash key, its listener slots and its sketch (Documentation/
 * syn-guard.rst, "Namespaces"). The configuration is global and read-only
 * on the packet path.
 */
#ifndef _TCP_WARDEN_SYN_STATE_H
#define _TCP_WARDEN_SYN_STATE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/refcount.h>
#include <linux/seqlock.h>
#include <linux/spinlock.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "compat.h"
#include "syn_guard.h"

/* A SYN-ACK of ours is remembered this long (s): past its retransmits. */
#define SYN_SYNACK_TTL		75

extern const char * const syn_mode_names[WARDEN_SG_ENFORCE + 1];

/*
 * Serialises configuration changes, hook registration, table allocation
 * and the tick's walk over the namespaces (syn_nets).
 */
extern struct mutex syn_cfg_mutex;
/* Under syn_cfg_mutex: the pernet state exists, changes apply at once. */
extern bool syn_ready;

struct syn_conf {
	struct rcu_head rcu;
	struct warden_sg_cfg sg;	/* .mode is the global mode */
	u8 v4_plen, v6_plen;
};

extern struct syn_conf __rcu *syn_conf;

#define SYN_LWAYS	4

/* A listener slot: a bound address and port, and its guard state. */
struct syn_listener {
	bool used;
	u16 port;			/* host order */
	struct warden_addr addr;
	unsigned long last;		/* jiffies of a recent SYN (to the second) */
	struct warden_sg_listener sg;
};

/* Lookups read a set locklessly; claiming or freeing a slot writes it. */
struct syn_lset {
	spinlock_t lock;		/* claims and frees of its slots */
	seqcount_spinlock_t seq;
	struct syn_listener l[SYN_LWAYS];
};

/* Counters of a namespace, per CPU: the hooks share no cache line. */
struct syn_counters {
	u64 synacks;		/* SYN-ACKs of ours recorded */
	u64 acks_verified;	/* handshakes that verified their source */
	u64 acks_bad;		/* ACKs with a wrong acknowledgment number */
	u64 dropped;		/* SYNs dropped */
	u64 frags_bad;	/* fragments that could hide a TCP header */
};

/*
 * The tables of one namespace, allocated when its hooks are registered
 * (charged to the memory cgroup of whoever turns the guard on there) and
 * freed after they are gone. Hooks use it under RCU; process context takes
 * a reference.
 */
struct syn_tables {
	refcount_t ref;
	struct rcu_head rcu;
	struct warden_hkey key;
	struct warden_st verified, buckets, synacks;
	struct warden_cms cms;
	struct warden_sg_tables sg;
	struct syn_lset *lsets;
	u32 lset_mask;
	/* the tick's place in its slices of work */
	u32 sweep[3];
	u32 decay_line;
	/* allocations as returned (the objects are aligned inside them) */
	void *mem_lsets, *mem_cpus;
	void *mem[3];
	u32 *mem_cms;
};

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
	struct list_head node;		/* in syn_nets, under syn_cfg_mutex */
	int mode;			/* SYN_MODE_INHERIT or a warden_sg_mode */
	bool hooked;			/* under syn_cfg_mutex */
	/* Until then an ACK may answer a SYN-ACK of ours (jiffies). */
	unsigned long synack_until;
	struct syn_tables __rcu *tab;	/* while hooked */
	struct syn_counters __percpu *cnt;
	struct syn_lists lists;
};

extern unsigned int syn_net_id;
/* Every namespace's syn_net, under syn_cfg_mutex. */
extern struct list_head syn_nets;

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

/* syn_state.c: a namespace's tables. */
struct syn_tables *syn_tables_new(const struct net *net);
/* A reference for process context, or NULL while the guard is off. */
struct syn_tables *syn_tables_get(struct syn_net *sn);
void syn_tables_put(struct syn_tables *t);

/*
 * The slot of the listener bound to @a:@port, claimed if it has none.
 * Bottom halves off; the slot stays valid until the tables go (a slot may
 * pass to another listener meanwhile: its counts then start anew).
 */
struct syn_listener *syn_listener_slot(struct syn_tables *t,
				       const struct warden_addr *a, u16 port,
				       u64 now);

/* Sum a namespace's per-CPU counters. */
void syn_counters_read(const struct syn_net *sn, struct syn_counters *out);

/* syn_lists.c */
u8 syn_list_lookup(struct net *net, const struct warden_addr *a);
void syn_lists_free(struct net *net);

/* syn_report.c */
void syn_alert(struct net *net, const struct syn_listener *l, u8 ev, u64 now);
int syn_proc_show(struct seq_file *m, void *v);

/* syn_hooks.c: a namespace's hooks (under syn_cfg_mutex). */
int syn_hooks_register(struct net *net);
void syn_hooks_unregister(struct net *net);

/* syn_config.c */
int syn_cfg_rebuild(const char **why);
int syn_apply(struct syn_net *sn);
void syn_unapply(struct syn_net *sn);

#endif /* _TCP_WARDEN_SYN_STATE_H */
