// SPDX-License-Identifier: GPL-2.0
/*
 * SYN-flood guard: netfilter hooks in every network namespace that detect a
 * flood per listener and, while it lasts, rate-limit SYNs from sources that
 * have not completed a handshake with this host.
 *
 * The hooks run before conntrack and defragmentation is all they need, so
 * they protect hosts without conntrack too:
 *   PRE_ROUTING   SYNs (decide) and ACKs (verify the source),
 *   POST_ROUTING  locally generated SYN-ACKs (remember the ISN we sent; at
 *                 the last priority the tuple is the one on the wire, as
 *                 the ACK will show it in PRE_ROUTING).
 * The decisions themselves are in core/synguard.c.
 *
 * Memory: every table is allocated once at load, sized by module
 * parameters, shared by all namespaces (the netns cookie is part of each
 * key) and never grows.
 */
#define pr_fmt(fmt) "tcp_warden: " fmt

#include <linux/inet.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/moduleparam.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/proc_fs.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/workqueue.h>
#include <net/inet6_hashtables.h>
#include <net/inet_hashtables.h>
#include <net/inet_connection_sock.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/addrconf.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/route.h>

#include "synguard.h"
#include "warden.h"

/* ---- module parameters ---------------------------------------------- */

static const char * const syn_mode_names[] = {
	[WARDEN_SG_OFF] = "off",
	[WARDEN_SG_MONITOR] = "monitor",
	[WARDEN_SG_ENFORCE] = "enforce",
};

static unsigned int syn_mode = WARDEN_SG_ENFORCE;
static unsigned int syn_rate_threshold = 2000;
static unsigned int syn_queue_pct = 50;
static unsigned int syn_quiet_ms = 10000;
static unsigned int syn_src_rate = 10;
static unsigned int syn_src_burst = 20;
static unsigned int syn_all_rate = 2000;
static unsigned int syn_all_burst = 1000;
static unsigned int syn_v4_prefix = 32;
static unsigned int syn_v6_prefix = 64;
static unsigned int syn_verified_ttl = 600;

/* Table sizes: fixed at load. */
static unsigned int syn_verified_entries = 65536;
static unsigned int syn_bucket_entries = 65536;
static unsigned int syn_synack_entries = 65536;
static unsigned int syn_listeners = 1024;
static unsigned int syn_sketch_width = 16384;

/* A SYN-ACK of ours is remembered this long (s): past its retransmits. */
#define SYN_SYNACK_TTL		75

/* Bounds of the load-time sizes: memory stays in the tens of MB at most. */
#define SYN_TABLE_MIN		64U
#define SYN_TABLE_MAX		BIT(22)
#define SYN_LISTENERS_MAX	65536U

static DEFINE_MUTEX(syn_cfg_mutex);
/* Under syn_cfg_mutex: the pernet state exists, changes apply at once. */
static bool syn_ready;

static int syn_cfg_rebuild(const char **why);
static void syn_apply_all(void);

static int syn_mode_parse(const char *val, unsigned int *mode)
{
	int i = sysfs_match_string(syn_mode_names, val);

	if (i < 0)
		return -EINVAL;
	*mode = i;
	return 0;
}

static int syn_mode_param_set(const char *val, const struct kernel_param *kp)
{
	unsigned int mode, old;
	int err = warden_param_may_set() ?: syn_mode_parse(val, &mode);

	if (err)
		return err;
	mutex_lock(&syn_cfg_mutex);
	old = syn_mode;
	WRITE_ONCE(syn_mode, mode);
	if (syn_ready) {
		/* all or nothing: a failed rebuild keeps the old mode */
		err = syn_cfg_rebuild(NULL);
		if (err)
			WRITE_ONCE(syn_mode, old);
		else
			syn_apply_all();
	}
	mutex_unlock(&syn_cfg_mutex);
	return err;
}

static int syn_mode_param_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", syn_mode_names[READ_ONCE(syn_mode)]);
}

static const struct kernel_param_ops syn_mode_ops = {
	.set = syn_mode_param_set,
	.get = syn_mode_param_get,
};

module_param_cb(syn_mode, &syn_mode_ops, &syn_mode, 0644);
MODULE_PARM_DESC(syn_mode, "SYN guard default mode: off, monitor or enforce (default enforce)");

/* Tunables: validated as a whole by warden_sg_cfg_check(), then rebuilt. */
static int syn_tun_set(const char *val, const struct kernel_param *kp)
{
	unsigned int *p = kp->arg, old, v;
	int err = warden_param_may_set() ?: kstrtouint(val, 0, &v);

	if (err)
		return err;
	mutex_lock(&syn_cfg_mutex);
	old = *p;
	*p = v;
	err = syn_ready ? syn_cfg_rebuild(NULL) : 0;
	if (err)
		*p = old;
	mutex_unlock(&syn_cfg_mutex);
	return err;
}

static const struct kernel_param_ops syn_tun_ops = {
	.set = syn_tun_set,
	.get = param_get_uint,
};

module_param_cb(syn_rate_threshold, &syn_tun_ops, &syn_rate_threshold, 0644);
MODULE_PARM_DESC(syn_rate_threshold,
		 "SYN/s to a listener that start flood state; 0 disables (default 2000)");
module_param_cb(syn_queue_pct, &syn_tun_ops, &syn_queue_pct, 0644);
MODULE_PARM_DESC(syn_queue_pct, "SYN queue fill (%) that starts flood state; 0 disables (default 50)");
module_param_cb(syn_quiet_ms, &syn_tun_ops, &syn_quiet_ms, 0644);
MODULE_PARM_DESC(syn_quiet_ms,
		 "time below half the thresholds before flood state ends, ms (default 10000)");
module_param_cb(syn_src_rate, &syn_tun_ops, &syn_src_rate, 0644);
MODULE_PARM_DESC(syn_src_rate, "SYN/s allowed per unverified source in flood state (default 10)");
module_param_cb(syn_src_burst, &syn_tun_ops, &syn_src_burst, 0644);
MODULE_PARM_DESC(syn_src_burst, "burst per unverified source (default 20)");
module_param_cb(syn_all_rate, &syn_tun_ops, &syn_all_rate, 0644);
MODULE_PARM_DESC(syn_all_rate,
		 "SYN/s allowed for all unverified sources of a listener (default 2000)");
module_param_cb(syn_all_burst, &syn_tun_ops, &syn_all_burst, 0644);
MODULE_PARM_DESC(syn_all_burst, "burst for all unverified sources of a listener (default 1000)");
module_param_cb(syn_v4_prefix, &syn_tun_ops, &syn_v4_prefix, 0644);
MODULE_PARM_DESC(syn_v4_prefix, "IPv4 source prefix length of verification and buckets (default 32)");
module_param_cb(syn_v6_prefix, &syn_tun_ops, &syn_v6_prefix, 0644);
MODULE_PARM_DESC(syn_v6_prefix, "IPv6 source prefix length of verification and buckets (default 64)");

module_param(syn_verified_ttl, uint, 0444);
MODULE_PARM_DESC(syn_verified_ttl, "seconds a verified source passes freely (default 600)");
module_param(syn_verified_entries, uint, 0444);
MODULE_PARM_DESC(syn_verified_entries, "size of the verified-source table (default 65536)");
module_param(syn_bucket_entries, uint, 0444);
MODULE_PARM_DESC(syn_bucket_entries, "size of the per-source token bucket table (default 65536)");
module_param(syn_synack_entries, uint, 0444);
MODULE_PARM_DESC(syn_synack_entries, "size of the SYN-ACK tracking table (default 65536)");
module_param(syn_listeners, uint, 0444);
MODULE_PARM_DESC(syn_listeners, "number of listeners tracked (default 1024)");
module_param(syn_sketch_width, uint, 0444);
MODULE_PARM_DESC(syn_sketch_width, "heavy-hitter sketch width (default 16384)");

/* ---- configuration snapshot ----------------------------------------- */

struct syn_conf {
	struct rcu_head rcu;
	struct warden_sg_cfg sg;	/* .mode is the global mode */
	u8 v4_plen, v6_plen;
};

static struct syn_conf __rcu *syn_conf;

/* Called with syn_cfg_mutex held. @whyp: where to say what is wrong. */
static int syn_cfg_rebuild(const char **whyp)
{
	struct syn_conf *c, *old;
	const char *why;

	why = warden_sg_cfg_check(syn_mode, syn_queue_pct, syn_quiet_ms,
				  syn_src_rate, syn_src_burst, syn_all_rate,
				  syn_all_burst);
	if (!why && (syn_v4_prefix < 1 || syn_v4_prefix > 32 ||
		     syn_v6_prefix < 1 || syn_v6_prefix > 128))
		why = "prefix lengths must be 1..32 (IPv4) and 1..128 (IPv6)";
	if (why) {
		if (whyp)
			*whyp = why;
		else
			pr_warn("SYN guard: %s\n", why);
		return -EINVAL;
	}
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->sg.mode = syn_mode;
	c->sg.syn_rate = syn_rate_threshold;
	c->sg.queue_pct = syn_queue_pct;
	c->sg.quiet_ns = (u64)syn_quiet_ms * NSEC_PER_MSEC;
	warden_tb_cfg_set(&c->sg.src, syn_src_rate, syn_src_burst);
	warden_tb_cfg_set(&c->sg.all, syn_all_rate, syn_all_burst);
	c->v4_plen = syn_v4_prefix;
	c->v6_plen = syn_v6_prefix;
	old = rcu_replace_pointer(syn_conf, c, lockdep_is_held(&syn_cfg_mutex));
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

static unsigned int * const syn_tunables[WARDEN_SYN_NTUN] = {
	[WARDEN_SYN_TUN_RATE] = &syn_rate_threshold,
	[WARDEN_SYN_TUN_QUEUE_PCT] = &syn_queue_pct,
	[WARDEN_SYN_TUN_QUIET_MS] = &syn_quiet_ms,
	[WARDEN_SYN_TUN_SRC_RATE] = &syn_src_rate,
	[WARDEN_SYN_TUN_SRC_BURST] = &syn_src_burst,
	[WARDEN_SYN_TUN_ALL_RATE] = &syn_all_rate,
	[WARDEN_SYN_TUN_ALL_BURST] = &syn_all_burst,
	[WARDEN_SYN_TUN_V4_PREFIX] = &syn_v4_prefix,
	[WARDEN_SYN_TUN_V6_PREFIX] = &syn_v6_prefix,
};

/* ---- shared tables ---------------------------------------------------- */

/* Each table locks its sets in stripes of its own (core/srctable.h). */
static struct warden_st syn_verified, syn_buckets, syn_synacks;
static struct warden_cms syn_cms;
static DEFINE_SPINLOCK(syn_cms_lock);	/* only for decay vs. dumps */
static struct warden_hkey syn_hkey;
static struct warden_sg_tables syn_tables;

static int syn_table_alloc(struct warden_st *t, unsigned int entries,
			   u64 ttl_ns)
{
	u32 nsets = warden_st_sets_for(clamp(entries, SYN_TABLE_MIN, SYN_TABLE_MAX));
	struct warden_st_ent *mem;

	mem = kvzalloc(warden_st_mem_size(nsets), GFP_KERNEL);
	if (!mem)
		return -ENOMEM;
	warden_st_init(t, mem, nsets, ttl_ns);
	return 0;
}

static void syn_table_free(struct warden_st *t)
{
	kvfree(t->ent);
	t->ent = NULL;
}

/* ---- listeners ---------------------------------------------------------- */

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

static struct syn_lset *syn_lsets;
static u32 syn_lset_mask;

static u64 syn_listener_hash(u64 cookie, const struct warden_addr *a, u16 port)
{
	return warden_src_hash(&syn_hkey, cookie ^ ((u64)port << 48), a, 128);
}

static bool syn_listener_is(const struct syn_listener *l, u64 cookie,
			    const struct warden_addr *a, u16 port)
{
	return l->cookie == cookie && l->port == port &&
	       l->addr.family == a->family &&
	       !memcmp(l->addr.bytes, a->bytes, sizeof(a->bytes));
}

/*
 * Find or claim the listener's slot, with its set locked. A full set gives
 * up the calm listener that was quiet longest (flooded ones only if all are).
 */
static struct syn_listener *syn_listener_get(struct syn_lset *set,
					     struct net *net, u64 cookie,
					     const struct warden_addr *a,
					     u16 port, u64 now)
{
	struct syn_listener *victim = NULL;
	int i;

	for (i = 0; i < SYN_LWAYS; i++) {
		struct syn_listener *l = &set->l[i];

		if (syn_listener_is(l, cookie, a, port))
			return l;
		if (!l->cookie) {
			if (!victim || victim->cookie)
				victim = l;
			continue;
		}
		if (victim && !victim->cookie)
			continue;
		if (!victim || (victim->sg.flood && !l->sg.flood) ||
		    (victim->sg.flood == l->sg.flood &&
		     time_before(l->last, victim->last)))
			victim = l;
	}
	victim->cookie = cookie;
	victim->net = net;
	victim->addr = *a;
	victim->port = port;
	warden_sg_listener_init(&victim->sg, now, get_random_u64());
	return victim;
}

/* ---- per-netns state ------------------------------------------------- */

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

static unsigned int syn_net_id __read_mostly;

static struct syn_net *syn_net(const struct net *net)
{
	return net_generic(net, syn_net_id);
}

static struct syn_lists *syn_lists(const struct net *net)
{
	return &syn_net(net)->lists;
}

static unsigned int syn_effective_mode(const struct syn_net *sn,
				       const struct syn_conf *c)
{
	int m = READ_ONCE(sn->mode);

	return m == SYN_MODE_INHERIT ? c->sg.mode : (unsigned int)m;
}

/* ---- allow and deny lists ---------------------------------------------- */

static struct syn_plist *syn_plist_build(const struct warden_prule *rules, u32 n)
{
	struct warden_prule *scratch;
	struct syn_plist *pl;
	size_t head, size;
	u32 n4 = 0, i;

	for (i = 0; i < n; i++)
		n4 += rules[i].family == WARDEN_PF_INET;
	head = ALIGN(struct_size(pl, rules, n), sizeof(u64));
	size = head + warden_ptab_size(n4, n - n4);
	pl = kvzalloc(size, GFP_KERNEL);
	scratch = kvmalloc_array(n ? n : 1, sizeof(*scratch), GFP_KERNEL);
	if (!pl || !scratch) {
		kvfree(pl);
		kvfree(scratch);
		return NULL;
	}
	pl->n = n;
	memcpy(pl->rules, rules, n * sizeof(*rules));
	/* Building sorts its input: give it a copy, keep the user's order. */
	memcpy(scratch, rules, n * sizeof(*rules));
	pl->tab = warden_ptab_build((char *)pl + head, scratch, n);
	kvfree(scratch);
	return pl;
}

static void syn_plist_free_rcu(struct rcu_head *head)
{
	kvfree(container_of(head, struct syn_plist, rcu));
}

int warden_syn_list_change(struct net *net, unsigned int which,
			   const struct warden_prule *r, bool add,
			   struct netlink_ext_ack *extack)
{
	struct syn_lists *sl = syn_lists(net);
	struct warden_prule *rules = NULL;
	struct syn_plist *old, *pl;
	struct warden_prule key = *r;
	u32 i, n, found;
	int err = 0;

	if (which >= WARDEN_SYN_NLISTS) {
		NL_SET_ERR_MSG(extack, "unknown list: use allow or deny");
		return -EINVAL;
	}
	key.port_lo = 0;
	key.port_hi = 65535;
	key.value = which;
	if (!warden_prule_valid(&key)) {
		NL_SET_ERR_MSG(extack, "invalid prefix: bad length or host bits set");
		return -EINVAL;
	}
	mutex_lock(&syn_cfg_mutex);
	old = rcu_dereference_protected(sl->l[which], lockdep_is_held(&syn_cfg_mutex));
	n = old ? old->n : 0;
	for (found = n, i = 0; i < n; i++)
		if (warden_prule_same_key(&old->rules[i], &key))
			found = i;
	if (add && found < n) {
		NL_SET_ERR_MSG(extack, "prefix is already on the list");
		err = -EEXIST;
		goto out;
	}
	if (!add && found == n) {
		NL_SET_ERR_MSG(extack, "prefix is not on the list");
		err = -ENOENT;
		goto out;
	}
	if (add && n >= WARDEN_SYN_LIST_MAX) {
		NL_SET_ERR_MSG(extack,
			       "list is full (" __stringify(WARDEN_SYN_LIST_MAX) " prefixes)");
		err = -ENOSPC;
		goto out;
	}
	rules = kvmalloc_array(n + 1, sizeof(*rules), GFP_KERNEL);
	if (!rules) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++)
		rules[i] = old->rules[i];
	if (add)
		rules[n++] = key;
	else
		rules[found] = rules[--n];
	pl = syn_plist_build(rules, n);
	if (!pl) {
		err = -ENOMEM;
		goto out;
	}
	rcu_assign_pointer(sl->l[which], pl);
	if (old)
		call_rcu(&old->rcu, syn_plist_free_rcu);
out:
	mutex_unlock(&syn_cfg_mutex);
	kvfree(rules);
	return err;
}

/* Copy up to @max rules of a list; returns the list's length. */
u32 warden_syn_list_get(struct net *net, unsigned int which,
			struct warden_prule *out, u32 max)
{
	const struct syn_plist *pl;
	u32 n = 0;

	rcu_read_lock();
	pl = rcu_dereference(syn_lists(net)->l[which]);
	if (pl) {
		n = pl->n;
		memcpy(out, pl->rules, min(n, max) * sizeof(*out));
	}
	rcu_read_unlock();
	return n;
}

/* Allow wins over deny, whatever the prefix lengths. RCU read side. */
static u8 syn_list_lookup(struct net *net, const struct warden_addr *a)
{
	struct syn_lists *sl = syn_lists(net);
	const struct syn_plist *pl;
	u32 v;

	pl = rcu_dereference(sl->l[WARDEN_SYN_ALLOW]);
	if (pl && pl->n && warden_ptab_lookup(pl->tab, a->family, a->bytes, 0, &v))
		return WARDEN_SG_ON_ALLOW;
	pl = rcu_dereference(sl->l[WARDEN_SYN_DENY]);
	if (pl && pl->n && warden_ptab_lookup(pl->tab, a->family, a->bytes, 0, &v))
		return WARDEN_SG_ON_DENY;
	return WARDEN_SG_UNLISTED;
}

static void syn_lists_free(struct net *net)
{
	struct syn_lists *sl = syn_lists(net);
	int i;

	for (i = 0; i < WARDEN_SYN_NLISTS; i++) {
		/* The hooks are gone (unregister waited for them). */
		kvfree(rcu_dereference_protected(sl->l[i], true));
		RCU_INIT_POINTER(sl->l[i], NULL);
	}
}

/* ---- packet parsing ---------------------------------------------------- */

struct syn_pkt {
	struct warden_addr saddr, daddr;
	__be16 sport, dport;
	int thoff;
	struct tcphdr th;
};

/* The TCP header of an IPv4 packet; false if there is none to look at. */
static bool syn_tcp4(struct sk_buff *skb, struct syn_pkt *p)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct tcphdr *th;

	if (iph->protocol != IPPROTO_TCP || ip_is_fragment(iph))
		return false;
	p->thoff = skb_network_offset(skb) + iph->ihl * 4;
	th = skb_header_pointer(skb, p->thoff, sizeof(p->th), &p->th);
	if (!th)
		return false;
	if (th != &p->th)
		p->th = *th;
	return true;
}

static bool syn_tcp6(struct sk_buff *skb, struct syn_pkt *p)
{
	const struct ipv6hdr *ip6 = ipv6_hdr(skb);
	const struct tcphdr *th;
	u8 nexthdr = ip6->nexthdr;
	__be16 frag_off;
	int off;

	off = ipv6_skip_exthdr(skb, skb_network_offset(skb) + sizeof(*ip6),
			       &nexthdr, &frag_off);
	if (off < 0 || nexthdr != IPPROTO_TCP || (frag_off & htons(~0x7)))
		return false;
	p->thoff = off;
	th = skb_header_pointer(skb, off, sizeof(p->th), &p->th);
	if (!th)
		return false;
	if (th != &p->th)
		p->th = *th;
	return true;
}

static bool syn_tcp(struct sk_buff *skb, u8 pf, struct syn_pkt *p)
{
	return pf == NFPROTO_IPV4 ? syn_tcp4(skb, p) : syn_tcp6(skb, p);
}

/* Addresses and ports, once the flags say the packet matters. */
static void syn_addrs(struct sk_buff *skb, u8 pf, struct syn_pkt *p)
{
	memset(&p->saddr, 0, sizeof(p->saddr));
	memset(&p->daddr, 0, sizeof(p->daddr));
	if (pf == NFPROTO_IPV4) {
		p->saddr.family = 4;
		p->daddr.family = 4;
		memcpy(p->saddr.bytes, &ip_hdr(skb)->saddr, 4);
		memcpy(p->daddr.bytes, &ip_hdr(skb)->daddr, 4);
	} else {
		p->saddr.family = 6;
		p->daddr.family = 6;
		memcpy(p->saddr.bytes, &ipv6_hdr(skb)->saddr, 16);
		memcpy(p->daddr.bytes, &ipv6_hdr(skb)->daddr, 16);
	}
	p->sport = p->th.source;
	p->dport = p->th.dest;
}

/* ---- alerts ---------------------------------------------------------- */

/*
 * Where alerts go besides the log: the netlink family (syn_netlink.c)
 * sets it once it is registered and clears it before it goes, so the
 * guard never calls up into the control plane by name.
 */
static warden_syn_notify_t __rcu *syn_notify_fn;

void warden_syn_set_notify(warden_syn_notify_t *fn)
{
	rcu_assign_pointer(syn_notify_fn, fn);
	if (!fn)
		synchronize_rcu();
}

/* From the hooks (softirq) and the tick (BH off): RCU readers both. */
static void syn_alert(struct net *net, const struct syn_listener *l, u8 ev,
		      u64 rate)
{
	const char *what = ev == WARDEN_SG_EV_ENTER ? "enters" : "leaves";
	warden_syn_notify_t *notify;

	if (l->addr.family == 4)
		net_info_ratelimited("SYN flood: listener %pI4:%u %s flood state (netns %llu, %llu SYN/s)\n",
				     l->addr.bytes, l->port, what,
				     warden_net_cookie(net), rate);
	else
		net_info_ratelimited("SYN flood: listener [%pI6c]:%u %s flood state (netns %llu, %llu SYN/s)\n",
				     l->addr.bytes, l->port, what,
				     warden_net_cookie(net), rate);
	notify = rcu_dereference(syn_notify_fn);
	if (notify)
		notify(net, &l->addr, l->port, &l->sg, rate);
}

/* ---- hooks ----------------------------------------------------------- */

static struct sock *syn_listener_sock(struct net *net, struct sk_buff *skb,
				      const struct syn_pkt *p)
{
	int dif = skb->dev ? skb->dev->ifindex : 0;
	struct sock *sk;
	__be32 s4, d4;

	/* No skb: reuseport groups pick by hash, not by a BPF program. */
	if (p->saddr.family == 4) {
		memcpy(&s4, p->saddr.bytes, 4);
		memcpy(&d4, p->daddr.bytes, 4);
		sk = warden_lookup_listener4(net, s4, p->sport, d4,
					     ntohs(p->dport), dif);
		/* A wildcard listener on a router also matches forwarded SYNs. */
		if (sk && !sk->sk_rcv_saddr && IPV4_DEVCONF_ALL(net, FORWARDING) &&
		    inet_addr_type(net, d4) != RTN_LOCAL)
			return NULL;
		return sk;
	}
#if IS_ENABLED(CONFIG_IPV6)
	sk = warden_lookup_listener6(net,
				     (const struct in6_addr *)p->saddr.bytes,
				     p->sport,
				     (const struct in6_addr *)p->daddr.bytes,
				     ntohs(p->dport), dif);
	if (sk && ipv6_addr_any(&sk->sk_v6_rcv_saddr) &&
	    READ_ONCE(net->ipv6.devconf_all->forwarding) &&
	    !ipv6_chk_addr(net, (const struct in6_addr *)p->daddr.bytes, NULL, 0))
		return NULL;
	return sk;
#else
	return NULL;
#endif
}

/* The address a listener is bound to, in the packet's family. */
static void syn_listener_addr(const struct sock *sk, u8 family,
			      struct warden_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->family = family;
	if (family == 4)
		memcpy(a->bytes, &sk->sk_rcv_saddr, 4);
#if IS_ENABLED(CONFIG_IPV6)
	else
		memcpy(a->bytes, &sk->sk_v6_rcv_saddr, 16);
#endif
}

static unsigned int syn_on_syn(struct net *net, struct sk_buff *skb,
			       const struct syn_pkt *p,
			       const struct syn_conf *c, unsigned int mode)
{
	struct warden_sg_cfg cfg = c->sg;
	struct warden_sg_verdict v;
	struct warden_sg_syn s;
	struct syn_listener *l;
	struct warden_addr la;
	struct syn_lset *set;
	struct sock *sk;
	u64 now = ktime_get_ns(), rate = 0;

	sk = syn_listener_sock(net, skb, p);
	if (!sk)
		return NF_ACCEPT;
	syn_listener_addr(sk, p->saddr.family, &la);

	s.now = now;
	s.ns = warden_net_cookie(net);
	s.src = &p->saddr;
	s.plen = p->saddr.family == 4 ? c->v4_plen : c->v6_plen;
	s.qlen = inet_csk_reqsk_queue_len(sk);
	s.qmax = READ_ONCE(sk->sk_max_ack_backlog);
	s.list = syn_list_lookup(net, &p->saddr);
	cfg.mode = mode;

	set = &syn_lsets[syn_listener_hash(warden_net_cookie(net), &la, sk->sk_num) &
			 syn_lset_mask];
	spin_lock(&set->lock);
	l = syn_listener_get(set, net, warden_net_cookie(net), &la, sk->sk_num, now);
	l->last = jiffies;
	v = warden_sg_syn(&cfg, &l->sg, &syn_tables, &s);
	if (v.event != WARDEN_SG_EV_NONE) {
		rate = warden_rate_now(&l->sg.rate, now);
		syn_alert(net, l, v.event, rate);
	}
	spin_unlock(&set->lock);

	if (!v.drop)
		return NF_ACCEPT;
	atomic_long_inc(&syn_net(net)->dropped);
	return NF_DROP;
}

static void syn_on_ack(struct net *net, const struct syn_pkt *p,
		       const struct syn_conf *c)
{
	u64 now = ktime_get_ns(), th, sh;
	struct syn_net *sn;

	th = warden_tuple_hash(&syn_hkey, warden_net_cookie(net), &p->saddr,
			       ntohs(p->sport), &p->daddr, ntohs(p->dport));
	switch (warden_sg_ack(&syn_tables, th, ntohl(p->th.ack_seq), now)) {
	case WARDEN_SG_ACK_VERIFIED:
		sh = warden_src_hash(&syn_hkey, warden_net_cookie(net), &p->saddr,
				     p->saddr.family == 4 ? c->v4_plen : c->v6_plen);
		warden_sg_verify(&syn_tables, sh, now);
		sn = syn_net(net);
		atomic_long_inc(&sn->acks_verified);
		break;
	case WARDEN_SG_ACK_BAD:
		sn = syn_net(net);
		atomic_long_inc(&sn->acks_bad);
		break;
	default:
		break;
	}
}

static unsigned int syn_in(void *priv, struct sk_buff *skb,
			   const struct nf_hook_state *state)
{
	struct net *net = state->net;
	const struct syn_conf *c;
	unsigned int mode, verdict = NF_ACCEPT;
	struct syn_pkt p;
	bool ok, syn;

	if (skb->pkt_type != PACKET_HOST)
		return NF_ACCEPT;
	ok = syn_tcp(skb, state->pf, &p);
	if (!ok || p.th.rst)
		return NF_ACCEPT;
	syn = p.th.syn && !p.th.ack;
	/*
	 * Besides SYNs only the pure ACK that completes a handshake matters,
	 * and only while a SYN-ACK of ours can be answered: the data and ACKs
	 * of established connections leave here.
	 */
	if (!syn && (!p.th.ack || p.th.syn ||
		     skb->len != p.thoff + p.th.doff * 4 ||
		     !time_before(jiffies, READ_ONCE(syn_net(net)->synack_until))))
		return NF_ACCEPT;
	syn_addrs(skb, state->pf, &p);

	/* Hooks run under rcu_read_lock(). */
	c = rcu_dereference(syn_conf);
	mode = syn_effective_mode(syn_net(net), c);
	if (mode == WARDEN_SG_OFF)
		return NF_ACCEPT;
	if (syn)
		verdict = syn_on_syn(net, skb, &p, c, mode);
	else
		syn_on_ack(net, &p, c);
	return verdict;
}

static unsigned int syn_out(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	struct net *net = state->net;
	unsigned long until;
	struct syn_net *sn;
	struct syn_pkt p;
	u64 th;
	bool ok;

	/* Forwarded packets keep the index of the device they came in on. */
	if (skb->skb_iif)
		return NF_ACCEPT;
	ok = syn_tcp(skb, state->pf, &p);
	if (!ok || !p.th.syn || !p.th.ack || p.th.rst)
		return NF_ACCEPT;
	syn_addrs(skb, state->pf, &p);
	/* Key it the way the client's ACK will arrive: remote first. */
	th = warden_tuple_hash(&syn_hkey, warden_net_cookie(net), &p.daddr,
			       ntohs(p.dport), &p.saddr, ntohs(p.sport));
	warden_sg_synack(&syn_tables, th, ntohl(p.th.seq), ktime_get_ns());
	sn = syn_net(net);
	atomic_long_inc(&sn->synacks);
	/* ACKs are looked up while a SYN-ACK of ours can be answered. */
	until = jiffies + SYN_SYNACK_TTL * HZ;
	if (READ_ONCE(sn->synack_until) != until)
		WRITE_ONCE(sn->synack_until, until);
	return NF_ACCEPT;
}

static const struct nf_hook_ops syn_hook_ops[] = {
	{
		.hook = syn_in,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP_PRI_CONNTRACK_DEFRAG + 1,
	},
	{
		.hook = syn_out,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = NF_IP_PRI_LAST,
	},
#if IS_ENABLED(CONFIG_IPV6)
	{
		.hook = syn_in,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP6_PRI_CONNTRACK_DEFRAG + 1,
	},
	{
		.hook = syn_out,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = NF_IP6_PRI_LAST,
	},
#endif
};

/* Register or unregister one netns's hooks to match its mode. */
static int syn_apply(struct net *net)
{
	struct syn_net *sn = syn_net(net);
	const struct syn_conf *c;
	bool want;
	int err;

	lockdep_assert_held(&syn_cfg_mutex);
	c = rcu_dereference_protected(syn_conf, lockdep_is_held(&syn_cfg_mutex));
	want = syn_effective_mode(sn, c) != WARDEN_SG_OFF;
	if (want == sn->hooked)
		return 0;
	if (want) {
		err = nf_register_net_hooks(net, syn_hook_ops, ARRAY_SIZE(syn_hook_ops));
		if (err) {
			pr_warn("SYN guard: cannot register hooks in netns %llu: %d\n",
				warden_net_cookie(net), err);
			return err;
		}
	} else {
		nf_unregister_net_hooks(net, syn_hook_ops, ARRAY_SIZE(syn_hook_ops));
	}
	sn->hooked = want;
	return 0;
}

/* A netns whose hooks cannot be registered says so in the log (above). */
static void syn_apply_all(void)
{
	struct net *net;

	down_read(&net_rwsem);
	for_each_net(net)
		syn_apply(net);
	up_read(&net_rwsem);
}

/*
 * Apply one request (wardenctl syn set): global tunables, the global mode
 * and @net's own mode, all of it or none of it.
 */
int warden_syn_change(struct net *net, const struct warden_syn_req *req,
		      struct netlink_ext_ack *extack)
{
	unsigned int old[WARDEN_SYN_NTUN], old_mode;
	bool tunables = req->global_mode >= 0;
	const char *why = NULL;
	int i, err, old_ns = 0;
	struct syn_net *sn;

	for (i = 0; i < WARDEN_SYN_NTUN; i++)
		tunables |= req->have[i];
	mutex_lock(&syn_cfg_mutex);
	sn = syn_net(net);
	old_mode = syn_mode;
	for (i = 0; i < WARDEN_SYN_NTUN; i++) {
		old[i] = *syn_tunables[i];
		if (req->have[i])
			*syn_tunables[i] = req->v[i];
	}
	if (req->global_mode >= 0)
		WRITE_ONCE(syn_mode, req->global_mode);
	err = tunables ? syn_cfg_rebuild(&why) : 0;
	if (!err && req->ns_mode_set) {
		old_ns = sn->mode;
		WRITE_ONCE(sn->mode, req->ns_mode);
		err = syn_apply(net);
		if (err) {
			WRITE_ONCE(sn->mode, old_ns);
			why = "cannot register the SYN guard's hooks in this netns";
		}
	}
	if (err) {
		for (i = 0; i < WARDEN_SYN_NTUN; i++)
			*syn_tunables[i] = old[i];
		WRITE_ONCE(syn_mode, old_mode);
		if (tunables)
			syn_cfg_rebuild(NULL);
		/* why is a string constant (core/synguard.c or above). */
		if (why && extack)
			extack->_msg = why;
	} else if (req->global_mode >= 0) {
		syn_apply_all();
	}
	mutex_unlock(&syn_cfg_mutex);
	return err;
}

/* ---- periodic work: flood state without SYNs, decay --------------- */

#define SYN_TICK		HZ
#define SYN_DECAY_TICKS		10	/* heavy hitters: half-life 10 s */
#define SYN_IDLE_FREE		(600 * HZ)	/* forget calm, idle listeners */

static void syn_tick(struct work_struct *w);
static DECLARE_DELAYED_WORK(syn_tick_work, syn_tick);
static unsigned int syn_ticks;

static void syn_tick(struct work_struct *w)
{
	struct warden_sg_cfg cfg;
	bool decay = ++syn_ticks % SYN_DECAY_TICKS == 0;
	u64 now = ktime_get_ns();
	u32 i;
	int j;

	rcu_read_lock();
	cfg = rcu_dereference(syn_conf)->sg;
	rcu_read_unlock();

	for (i = 0; i <= syn_lset_mask; i++) {
		struct syn_lset *set = &syn_lsets[i];

		spin_lock_bh(&set->lock);
		for (j = 0; j < SYN_LWAYS; j++) {
			struct syn_listener *l = &set->l[j];
			u8 ev;

			if (!l->cookie)
				continue;
			ev = warden_sg_tick(&cfg, &l->sg, now);
			if (ev != WARDEN_SG_EV_NONE)
				syn_alert(l->net, l, ev, warden_rate_now(&l->sg.rate, now));
			if (decay)
				warden_sg_decay_top(&l->sg);
			if (!l->sg.flood && time_after(jiffies, l->last + SYN_IDLE_FREE))
				l->cookie = 0;
		}
		spin_unlock_bh(&set->lock);
		cond_resched();
	}
	if (decay) {
		spin_lock_bh(&syn_cms_lock);
		warden_cms_decay(&syn_cms);
		spin_unlock_bh(&syn_cms_lock);
	}
	queue_delayed_work(system_power_efficient_wq, &syn_tick_work, SYN_TICK);
}

/* ---- reports ------------------------------------------------------- */

/*
 * Copy the listeners of @net into @out (at most @max); returns how many.
 * Process context.
 */
int warden_syn_snapshot(struct net *net, struct warden_syn_lsnap *out, int max)
{
	u64 cookie = warden_net_cookie(net), now = ktime_get_ns();
	int n = 0, j;
	u32 i;

	for (i = 0; i <= syn_lset_mask && n < max; i++) {
		struct syn_lset *set = &syn_lsets[i];

		spin_lock_bh(&set->lock);
		for (j = 0; j < SYN_LWAYS && n < max; j++) {
			const struct syn_listener *l = &set->l[j];

			if (l->cookie != cookie)
				continue;
			out[n].addr = l->addr;
			out[n].port = l->port;
			out[n].sg = l->sg;
			out[n].rate = warden_rate_now(&l->sg.rate, now);
			n++;
		}
		spin_unlock_bh(&set->lock);
	}
	return n;
}

void warden_syn_net_stats(struct net *net, struct warden_syn_nstats *st)
{
	struct syn_net *sn = syn_net(net);
	const struct syn_conf *c;

	rcu_read_lock();
	c = rcu_dereference(syn_conf);
	st->mode = syn_effective_mode(sn, c);
	st->global_mode = c->sg.mode;
	st->inherit = READ_ONCE(sn->mode) == SYN_MODE_INHERIT;
	st->cfg = c->sg;
	st->v4_plen = c->v4_plen;
	st->v6_plen = c->v6_plen;
	rcu_read_unlock();
	st->hooked = READ_ONCE(sn->hooked);
	st->acks_verified = atomic_long_read(&sn->acks_verified);
	st->acks_bad = atomic_long_read(&sn->acks_bad);
	st->synacks = atomic_long_read(&sn->synacks);
	st->dropped = atomic_long_read(&sn->dropped);
	/* Shared tables: the netns-wide view is approximate, see the docs. */
	local_bh_disable();
	st->verified = warden_st_count(&syn_verified, ktime_get_ns());
	local_bh_enable();
}

void warden_syn_table_stats(struct warden_syn_tstats *ts)
{
	struct warden_st *t[WARDEN_SYN_NTABLES] = {
		[WARDEN_SYN_T_VERIFIED] = &syn_verified,
		[WARDEN_SYN_T_BUCKETS] = &syn_buckets,
		[WARDEN_SYN_T_SYNACKS] = &syn_synacks,
	};
	struct warden_st_stats sum;
	u64 now = ktime_get_ns();
	int i;

	/* Statistics are read without the stripe locks: they are counters. */
	for (i = 0; i < WARDEN_SYN_NTABLES; i++) {
		local_bh_disable();
		ts[i].used = warden_st_count(t[i], now);
		local_bh_enable();
		ts[i].size = (t[i]->set_mask + 1) * WARDEN_ST_WAYS;
		warden_st_stats(t[i], &sum);
		ts[i].inserts = sum.inserts;
		ts[i].evictions = sum.evictions;
	}
}

static const char * const syn_table_names[WARDEN_SYN_NTABLES] = {
	[WARDEN_SYN_T_VERIFIED] = "verified",
	[WARDEN_SYN_T_BUCKETS] = "buckets",
	[WARDEN_SYN_T_SYNACKS] = "synacks",
};

static const char * const syn_why_names[WARDEN_SG_NWHY] = {
	[WARDEN_SG_ALLOWED] = "pass_allowed",
	[WARDEN_SG_CALM] = "pass_calm",
	[WARDEN_SG_VERIFIED] = "pass_verified",
	[WARDEN_SG_CONFORM] = "pass_conform",
	[WARDEN_SG_DENIED] = "drop_denied",
	[WARDEN_SG_LIMIT_SRC] = "drop_src_limit",
	[WARDEN_SG_LIMIT_ALL] = "drop_all_limit",
};

const char *warden_syn_mode_name(unsigned int mode)
{
	return mode < ARRAY_SIZE(syn_mode_names) ? syn_mode_names[mode] : "?";
}

const char *warden_syn_why_name(unsigned int why)
{
	return why < WARDEN_SG_NWHY ? syn_why_names[why] : "?";
}

#define SYN_PROC_MAX	256

/*
 * /proc/net/tcp_warden_syn: one "key value..." line per fact, for scripts
 * and for a look without the netlink tool. Read-only: netlink is the one
 * control plane.
 */
static int syn_proc_show(struct seq_file *m, void *v)
{
	struct net *net = seq_file_single_net(m);
	struct warden_syn_lsnap *ls;
	struct warden_syn_tstats ts[WARDEN_SYN_NTABLES];
	struct warden_syn_nstats st;
	int n, i, w;

	warden_syn_net_stats(net, &st);
	seq_printf(m, "mode %s%s\n", warden_syn_mode_name(st.mode),
		   st.inherit ? " (global)" : "");
	seq_printf(m, "hooks %s\n", st.hooked ? "registered" : "unregistered");
	seq_printf(m, "config syn_rate %u queue_pct %u quiet_ms %llu src_rate %u src_burst %u all_rate %u all_burst %u v4_prefix %u v6_prefix %u\n",
		   st.cfg.syn_rate, st.cfg.queue_pct,
		   st.cfg.quiet_ns / NSEC_PER_MSEC, st.cfg.src.rate,
		   st.cfg.src.burst, st.cfg.all.rate, st.cfg.all.burst,
		   st.v4_plen, st.v6_plen);
	seq_printf(m, "netns synacks %lu acks_verified %lu acks_bad %lu dropped %lu verified_sources %u\n",
		   st.synacks, st.acks_verified, st.acks_bad, st.dropped,
		   st.verified);
	warden_syn_table_stats(ts);
	for (i = 0; i < WARDEN_SYN_NTABLES; i++)
		seq_printf(m, "table %s used %u size %u inserts %llu evictions %llu\n",
			   syn_table_names[i], ts[i].used, ts[i].size,
			   ts[i].inserts, ts[i].evictions);

	ls = kvmalloc_array(SYN_PROC_MAX, sizeof(*ls), GFP_KERNEL);
	if (!ls)
		return -ENOMEM;
	n = warden_syn_snapshot(net, ls, SYN_PROC_MAX);
	for (i = 0; i < n; i++) {
		const struct warden_sg_listener *sg = &ls[i].sg;

		if (ls[i].addr.family == 4)
			seq_printf(m, "listener %pI4:%u", ls[i].addr.bytes, ls[i].port);
		else
			seq_printf(m, "listener [%pI6c]:%u", ls[i].addr.bytes, ls[i].port);
		seq_printf(m, " state %s rate %llu syns %llu floods %u qlen %u qmax %u would_drop %llu",
			   sg->flood ? "flood" : "calm", ls[i].rate, sg->syns,
			   sg->floods, sg->qlen, sg->qmax, sg->would_drop);
		for (w = 0; w < WARDEN_SG_NWHY; w++)
			seq_printf(m, " %s %llu", syn_why_names[w], sg->why[w]);
		seq_putc(m, '\n');
	}
	kvfree(ls);
	return 0;
}

/* ---- namespaces ----------------------------------------------------- */

static int __net_init syn_net_init(struct net *net)
{
	struct syn_net *sn = syn_net(net);

	sn->net = net;
	sn->mode = SYN_MODE_INHERIT;
	sn->hooked = false;
	sn->synack_until = jiffies;
	if (!proc_create_net_single("tcp_warden_syn", 0444, net->proc_net,
				    syn_proc_show, NULL))
		return -ENOMEM;
	mutex_lock(&syn_cfg_mutex);
	syn_apply(net);
	mutex_unlock(&syn_cfg_mutex);
	return 0;
}

static void __net_exit syn_net_exit(struct net *net)
{
	struct syn_net *sn = syn_net(net);
	u64 cookie = warden_net_cookie(net);
	u32 i;
	int j;

	remove_proc_entry("tcp_warden_syn", net->proc_net);
	mutex_lock(&syn_cfg_mutex);
	if (sn->hooked)
		nf_unregister_net_hooks(net, syn_hook_ops, ARRAY_SIZE(syn_hook_ops));
	sn->hooked = false;
	mutex_unlock(&syn_cfg_mutex);

	/* The tick must not see this net again. */
	for (i = 0; i <= syn_lset_mask; i++) {
		struct syn_lset *set = &syn_lsets[i];

		spin_lock_bh(&set->lock);
		for (j = 0; j < SYN_LWAYS; j++)
			if (set->l[j].cookie == cookie)
				set->l[j].cookie = 0;
		spin_unlock_bh(&set->lock);
	}
	syn_lists_free(net);
}

static struct pernet_operations syn_net_ops = {
	.init = syn_net_init,
	.exit = syn_net_exit,
	.id = &syn_net_id,
	.size = sizeof(struct syn_net),
};

/* ---- module init/exit -------------------------------------------------- */

static void syn_free_tables(void)
{
	syn_table_free(&syn_verified);
	syn_table_free(&syn_buckets);
	syn_table_free(&syn_synacks);
	kvfree(syn_cms.cnt);
	syn_cms.cnt = NULL;
	kvfree(syn_lsets);
	syn_lsets = NULL;
}

int warden_syn_init(void)
{
	u32 nl = roundup_pow_of_two(clamp(syn_listeners, SYN_LWAYS, SYN_LISTENERS_MAX));
	u32 w = roundup_pow_of_two(clamp(syn_sketch_width, WARDEN_CMS_MIN_WIDTH,
					 SYN_TABLE_MAX));
	u32 i;
	int err;

	get_random_bytes(&syn_hkey, sizeof(syn_hkey));
	mutex_lock(&syn_cfg_mutex);
	err = syn_cfg_rebuild(NULL);
	mutex_unlock(&syn_cfg_mutex);
	if (err)
		return err;

	err = -ENOMEM;
	if (syn_table_alloc(&syn_verified, syn_verified_entries,
			    (u64)clamp(syn_verified_ttl, 1U, 86400U) * NSEC_PER_SEC) ||
	    syn_table_alloc(&syn_buckets, syn_bucket_entries, 60 * NSEC_PER_SEC) ||
	    syn_table_alloc(&syn_synacks, syn_synack_entries, SYN_SYNACK_TTL * NSEC_PER_SEC))
		goto err_free;
	syn_cms.cnt = kvzalloc(warden_cms_mem_size(w), GFP_KERNEL);
	if (!syn_cms.cnt)
		goto err_free;
	warden_cms_init(&syn_cms, syn_cms.cnt, w);
	syn_lsets = kvcalloc(nl / SYN_LWAYS, sizeof(*syn_lsets), GFP_KERNEL);
	if (!syn_lsets)
		goto err_free;
	syn_lset_mask = nl / SYN_LWAYS - 1;
	for (i = 0; i <= syn_lset_mask; i++)
		spin_lock_init(&syn_lsets[i].lock);

	syn_tables.verified = &syn_verified;
	syn_tables.buckets = &syn_buckets;
	syn_tables.synacks = &syn_synacks;
	syn_tables.cms = &syn_cms;
	syn_tables.key = &syn_hkey;

	/* Each netns's state, then its hooks (syn_net_init). */
	err = register_pernet_subsys(&syn_net_ops);
	if (err)
		goto err_free;
	mutex_lock(&syn_cfg_mutex);
	syn_ready = true;
	mutex_unlock(&syn_cfg_mutex);
	queue_delayed_work(system_power_efficient_wq, &syn_tick_work, SYN_TICK);
	return 0;

err_free:
	syn_free_tables();
	kfree(rcu_dereference_protected(syn_conf, true));
	RCU_INIT_POINTER(syn_conf, NULL);
	return err;
}

void warden_syn_exit(void)
{
	/* Parameter writes stop touching namespaces before they go. */
	mutex_lock(&syn_cfg_mutex);
	syn_ready = false;
	mutex_unlock(&syn_cfg_mutex);
	/* Hooks go first (each unregister waits for running hooks). */
	unregister_pernet_subsys(&syn_net_ops);
	cancel_delayed_work_sync(&syn_tick_work);
	/* List snapshots are freed by a callback in this module. */
	rcu_barrier();
	syn_free_tables();
	kfree(rcu_dereference_protected(syn_conf, true));
	RCU_INIT_POINTER(syn_conf, NULL);
}
