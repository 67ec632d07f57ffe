// SPDX-License-Identifier: GPL-2.0
/*
 * Per-netns ssthresh policy tables.
 *
 * Readers (connection init, counter updates) see one immutable snapshot
 * under RCU. Writers hold the netns's mutex, build a complete new snapshot
 * (policies + lookup table from core/prefix.c), publish it and free the old
 * one after a grace period. Counters are per-CPU and shared by every
 * snapshot a policy appears in; they die with the first snapshot that no
 * longer has the policy.
 */
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <net/ipv6.h>
#include <net/netns/generic.h>

#include "window.h"
#include "params.h"
#include "policies.h"

#define WARDEN_POLICIES_LIMIT	BIT(20)
/*
 * Old snapshots waiting for a grace period may pin this much per netns
 * (past it, that netns's writers wait for RCU callbacks), and this much in
 * all (past it, every writer waits).
 */
#define WARDEN_NS_PENDING_MAX	(16L << 20)
#define WARDEN_PENDING_MAX	(256L << 20)

static unsigned int max_policies = 65536;

static int warden_max_policies_set(const char *val, const struct kernel_param *kp)
{
	return warden_param_may_set() ?:
		param_set_uint_minmax(val, kp, 1, WARDEN_POLICIES_LIMIT);
}

static const struct kernel_param_ops warden_max_policies_ops = {
	.set = warden_max_policies_set,
	.get = param_get_uint,
};

module_param_cb(max_policies, &warden_max_policies_ops, &max_policies, 0644);
MODULE_PARM_DESC(max_policies, "most policies per network namespace (1..1048576, default 65536)");

static unsigned int beta = WARDEN_BETA_RENO;
static unsigned int min_ssthresh_segs = WARDEN_MIN_SSTHRESH_MIN;

static int warden_beta_set(const char *val, const struct kernel_param *kp)
{
	return warden_param_may_set() ?:
		param_set_uint_minmax(val, kp, WARDEN_BETA_MIN, WARDEN_BETA_MAX);
}

static int warden_min_ssthresh_set(const char *val, const struct kernel_param *kp)
{
	return warden_param_may_set() ?:
		param_set_uint_minmax(val, kp, WARDEN_MIN_SSTHRESH_MIN, WARDEN_MIN_SSTHRESH_MAX);
}

static const struct kernel_param_ops warden_beta_ops = {
	.set = warden_beta_set,
	.get = param_get_uint,
};

static const struct kernel_param_ops warden_min_ssthresh_ops = {
	.set = warden_min_ssthresh_set,
	.get = param_get_uint,
};

module_param_cb(beta, &warden_beta_ops, &beta, 0644);
MODULE_PARM_DESC(beta, "default policy: multiplicative decrease on loss, in 1/1024 ("
		 __stringify(TCP_WARDEN_BETA_MIN) ".." __stringify(TCP_WARDEN_BETA_MAX)
		 ", default 512)");
module_param_cb(min_ssthresh, &warden_min_ssthresh_ops, &min_ssthresh_segs, 0644);
MODULE_PARM_DESC(min_ssthresh, "default policy: lowest ssthresh after a loss, in segments (2..65535, default 2)");

/* The default policy of a new netns, from the parameters above. */
static void warden_default_params(struct warden_params *p)
{
	memset(p, 0, sizeof(*p));
	p->beta = READ_ONCE(beta);
	p->min_ssthresh = READ_ONCE(min_ssthresh_segs);
	p->growth = WARDEN_GROWTH_RENO;
	p->hystart = 1;
}

/* A netns's pending bytes; its retired snapshots keep it alive. */
struct warden_pending {
	atomic_long_t bytes;
	refcount_t ref;
};

struct warden_net {
	struct mutex lock;		/* serialises writers */
	struct warden_pending *pending;
	struct warden_ptable __rcu *cur;
	u32 next_id;
};

static unsigned int warden_net_id __read_mostly;
static atomic_long_t warden_pending_bytes = ATOMIC_LONG_INIT(0);

static struct warden_net *warden_net(struct net *net)
{
	return net_generic(net, warden_net_id);
}

struct warden_ptable_mem {
	struct warden_ptable t;
	size_t size;
	u64 __percpu *dflt_stats;	/* shared by every snapshot of a netns */
	bool free_dflt;			/* the netns is gone */
	struct warden_pending *pending;	/* counted there once retired */
};

static size_t ptable_size(u32 n, u32 n4)
{
	return sizeof(struct warden_ptable_mem) +
	       sizeof(struct warden_policy) * n +
	       warden_ptab_size(n4, n - n4);
}

static struct warden_ptable *ptable_alloc(struct warden_net *wn, u32 n, u32 n4)
{
	size_t size = ptable_size(n, n4);
	struct warden_ptable_mem *m;

	/*
	 * Keep the memory held by old snapshots bounded under update storms:
	 * a netns that churns waits for its own garbage, not others for it.
	 */
	if (atomic_long_read(&wn->pending->bytes) > WARDEN_NS_PENDING_MAX ||
	    atomic_long_read(&warden_pending_bytes) > WARDEN_PENDING_MAX)
		rcu_barrier();
	m = kvzalloc(size, GFP_KERNEL_ACCOUNT);
	if (!m)
		return NULL;
	m->size = size;
	m->t.n = n;
	m->t.dead = -1;
	m->t.pol = (struct warden_policy *)(m + 1);
	return &m->t;
}

static struct warden_ptable_mem *ptable_mem(const struct warden_ptable *t)
{
	return container_of(t, struct warden_ptable_mem, t);
}

/* Build the lookup structure once the policies are in place. */
static int ptable_index(struct warden_ptable *t)
{
	struct warden_prule *rules = NULL;
	u32 i;

	if (t->n) {
		rules = kvmalloc_array(t->n, sizeof(*rules), GFP_KERNEL);
		if (!rules)
			return -ENOMEM;
	}
	for (i = 0; i < t->n; i++) {
		rules[i] = t->pol[i].key;
		rules[i].value = i;
	}
	t->lookup = warden_ptab_build(t->pol + t->n, rules, t->n);
	kvfree(rules);
	return 0;
}

static void ptable_free_rcu(struct rcu_head *head)
{
	struct warden_ptable *t = container_of(head, struct warden_ptable, rcu);
	struct warden_ptable_mem *m = ptable_mem(t);
	u32 i;

	if (t->dead_all) {
		for (i = 0; i < t->n; i++)
			free_percpu(t->pol[i].stats);
	} else if (t->dead >= 0) {
		free_percpu(t->pol[t->dead].stats);
	}
	if (m->free_dflt)
		free_percpu(m->dflt_stats);
	atomic_long_sub(m->size, &warden_pending_bytes);
	atomic_long_sub(m->size, &m->pending->bytes);
	if (refcount_dec_and_test(&m->pending->ref))
		kfree(m->pending);
	kvfree(m);
}

static void ptable_retire(struct warden_net *wn, struct warden_ptable *t)
{
	struct warden_ptable_mem *m = ptable_mem(t);

	m->pending = wn->pending;
	refcount_inc(&m->pending->ref);
	atomic_long_add(m->size, &m->pending->bytes);
	atomic_long_add(m->size, &warden_pending_bytes);
	call_rcu(&t->rcu, ptable_free_rcu);
}

static void ptable_publish(struct warden_net *wn, struct warden_ptable *new,
			   s32 dead, bool dead_all)
{
	struct warden_ptable *old;

	old = rcu_dereference_protected(wn->cur, lockdep_is_held(&wn->lock));
	ptable_mem(new)->dflt_stats = ptable_mem(old)->dflt_stats;
	rcu_assign_pointer(wn->cur, new);
	old->dead = dead;
	old->dead_all = dead_all;
	ptable_retire(wn, old);
}

static u32 count_v4(const struct warden_ptable *t, s32 skip)
{
	u32 i, n4 = 0;

	for (i = 0; i < t->n; i++)
		if ((s32)i != skip && t->pol[i].key.family == WARDEN_PF_INET)
			n4++;
	return n4;
}

/*
 * A same-size, indexed copy of @old (policies and default), for edits that
 * change parameters only: the index depends on the keys alone.
 */
static struct warden_ptable *ptable_copy(struct warden_net *wn,
					 const struct warden_ptable *old)
{
	struct warden_ptable *t = ptable_alloc(wn, old->n, count_v4(old, -1));

	if (!t)
		return NULL;
	memcpy(t->pol, old->pol, sizeof(*t->pol) * old->n);
	t->dflt = old->dflt;
	if (ptable_index(t)) {
		kvfree(ptable_mem(t));
		return NULL;
	}
	return t;
}

static s32 find_key(const struct warden_ptable *t, const struct warden_prule *key)
{
	u32 i;

	for (i = 0; i < t->n; i++)
		if (warden_prule_same_key(&t->pol[i].key, key))
			return i;
	return -1;
}

static void params_merge(struct warden_params *dst, const struct warden_params *src,
			 const bool *have)
{
	if (have[WARDEN_PARAM_BETA])
		dst->beta = src->beta;
	if (have[WARDEN_PARAM_MIN_SSTHRESH])
		dst->min_ssthresh = src->min_ssthresh;
	if (have[WARDEN_PARAM_INITIAL_SSTHRESH])
		dst->initial_ssthresh = src->initial_ssthresh;
	if (have[WARDEN_PARAM_MAX_CWND])
		dst->max_cwnd = src->max_cwnd;
	if (have[WARDEN_PARAM_GROWTH])
		dst->growth = src->growth;
	if (have[WARDEN_PARAM_RTO_BETA])
		dst->rto_beta = src->rto_beta;
	if (have[WARDEN_PARAM_HYSTART])
		dst->hystart = src->hystart;
	/* A reno policy keeps no HyStart choice: a later cubic starts with it on. */
	else if (dst->growth == WARDEN_GROWTH_RENO)
		dst->hystart = 1;
}

static int params_check(const struct warden_params *p, const bool *have,
			struct netlink_ext_ack *extack)
{
	if (p->max_cwnd && p->max_cwnd < p->min_ssthresh) {
		NL_SET_ERR_MSG(extack, "max-cwnd must be 0 (no clamp) or at least min-ssthresh");
		return -EINVAL;
	}
	if (have[WARDEN_PARAM_HYSTART] && p->growth != WARDEN_GROWTH_CUBIC) {
		NL_SET_ERR_MSG(extack, "hystart applies to growth cubic only; add growth cubic");
		return -EINVAL;
	}
	return 0;
}

int warden_policy_add(struct net *net, const struct warden_prule *key,
		      const struct warden_params *p, const bool *have,
		      bool replace, struct netlink_ext_ack *extack)
{
	struct warden_net *wn = warden_net(net);
	struct warden_ptable *old, *t;
	struct warden_params np;
	u64 __percpu *stats;
	s32 idx;
	u32 n4;
	int err;

	mutex_lock(&wn->lock);
	old = rcu_dereference_protected(wn->cur, lockdep_is_held(&wn->lock));
	np = old->dflt;
	params_merge(&np, p, have);
	err = params_check(&np, have, extack);
	if (err)
		goto out;

	idx = find_key(old, key);
	if (idx >= 0) {
		if (!replace) {
			NL_SET_ERR_MSG(extack,
				       "a policy for this prefix and port range exists; use replace");
			err = -EEXIST;
			goto out;
		}
		err = -ENOMEM;
		t = ptable_copy(wn, old);
		if (!t)
			goto nomem;
		/* Same id and counters: only the parameters change. */
		t->pol[idx].params = np;
		ptable_publish(wn, t, -1, false);
		err = 0;
		goto out;
	}

	if (old->n >= READ_ONCE(max_policies)) {
		NL_SET_ERR_MSG(extack,
			       "policy table of this netns is full (module parameter max_policies); delete policies first");
		err = -ENOSPC;
		goto out;
	}
	if (wn->next_id == U32_MAX) {
		/* Dumps resume by id, so ids are never reused, flush or not. */
		NL_SET_ERR_MSG(extack,
			       "this netns has used all 2^32 policy ids, which are never reused; reload the module");
		err = -ENOSPC;
		goto out;
	}
	stats = __alloc_percpu_gfp(sizeof(u64) * WARDEN_EV_MAX, __alignof__(u64),
				   GFP_KERNEL_ACCOUNT);
	if (!stats)
		goto nomem;
	n4 = count_v4(old, -1) + (key->family == WARDEN_PF_INET);
	t = ptable_alloc(wn, old->n + 1, n4);
	if (!t) {
		free_percpu(stats);
		goto nomem;
	}
	memcpy(t->pol, old->pol, sizeof(*t->pol) * old->n);
	t->dflt = old->dflt;
	/* Ids only grow, so the array stays sorted by id. */
	t->pol[old->n].key = *key;
	t->pol[old->n].key.value = wn->next_id;
	t->pol[old->n].params = np;
	t->pol[old->n].stats = stats;
	if (ptable_index(t)) {
		free_percpu(stats);
		kvfree(ptable_mem(t));
		goto nomem;
	}
	wn->next_id++;
	ptable_publish(wn, t, -1, false);
	err = 0;
	goto out;
nomem:
	NL_SET_ERR_MSG(extack, "out of memory for the policy table");
	err = -ENOMEM;
out:
	mutex_unlock(&wn->lock);
	return err;
}

int warden_policy_del(struct net *net, const struct warden_prule *key,
		      struct netlink_ext_ack *extack)
{
	struct warden_net *wn = warden_net(net);
	struct warden_ptable *old, *t;
	int err = 0;
	s32 idx;

	mutex_lock(&wn->lock);
	old = rcu_dereference_protected(wn->cur, lockdep_is_held(&wn->lock));
	idx = find_key(old, key);
	if (idx < 0) {
		NL_SET_ERR_MSG(extack, "no policy for this prefix and port range");
		err = -ENOENT;
		goto out;
	}
	t = ptable_alloc(wn, old->n - 1, count_v4(old, idx));
	if (!t)
		goto nomem;
	memcpy(t->pol, old->pol, sizeof(*t->pol) * idx);
	memcpy(t->pol + idx, old->pol + idx + 1,
	       sizeof(*t->pol) * (old->n - idx - 1));
	t->dflt = old->dflt;
	if (ptable_index(t)) {
		kvfree(ptable_mem(t));
		goto nomem;
	}
	ptable_publish(wn, t, idx, false);
	goto out;
nomem:
	NL_SET_ERR_MSG(extack, "out of memory for the policy table");
	err = -ENOMEM;
out:
	mutex_unlock(&wn->lock);
	return err;
}

int warden_policy_flush(struct net *net, struct netlink_ext_ack *extack)
{
	struct warden_net *wn = warden_net(net);
	struct warden_ptable *old, *t;
	int err = 0;

	mutex_lock(&wn->lock);
	old = rcu_dereference_protected(wn->cur, lockdep_is_held(&wn->lock));
	t = ptable_alloc(wn, 0, 0);
	if (!t || ptable_index(t)) {
		if (t)
			kvfree(ptable_mem(t));
		NL_SET_ERR_MSG(extack, "out of memory for the policy table");
		err = -ENOMEM;
		goto out;
	}
	t->dflt = old->dflt;
	ptable_publish(wn, t, -1, true);
out:
	mutex_unlock(&wn->lock);
	return err;
}

int warden_default_set(struct net *net, const struct warden_params *p,
		       const bool *have, struct netlink_ext_ack *extack)
{
	struct warden_net *wn = warden_net(net);
	struct warden_ptable *old, *t;
	struct warden_params np;
	int err;

	mutex_lock(&wn->lock);
	old = rcu_dereference_protected(wn->cur, lockdep_is_held(&wn->lock));
	np = old->dflt;
	params_merge(&np, p, have);
	err = params_check(&np, have, extack);
	if (err)
		goto out;
	t = ptable_copy(wn, old);
	if (!t) {
		NL_SET_ERR_MSG(extack, "out of memory for the policy table");
		err = -ENOMEM;
		goto out;
	}
	t->dflt = np;
	ptable_publish(wn, t, -1, false);
out:
	mutex_unlock(&wn->lock);
	return err;
}

const struct warden_ptable *warden_policy_table(struct net *net)
{
	return rcu_dereference(warden_net(net)->cur);
}

static void stats_sum(u64 __percpu *stats, u64 *out)
{
	int cpu, i;

	memset(out, 0, sizeof(u64) * WARDEN_EV_MAX);
	if (!stats)
		return;
	for_each_possible_cpu(cpu) {
		const u64 *c = per_cpu_ptr(stats, cpu);

		for (i = 0; i < WARDEN_EV_MAX; i++)
			out[i] += READ_ONCE(c[i]);
	}
}

void warden_policy_stats(const struct warden_policy *pol, u64 *out)
{
	stats_sum(pol->stats, out);
}

void warden_default_stats(struct net *net, u64 *out)
{
	const struct warden_ptable *t = warden_policy_table(net);

	stats_sum(t ? ptable_mem(t)->dflt_stats : NULL, out);
}

/* The destination of a connection as core/prefix.c sees it. */
static u8 sk_dest(const struct sock *sk, const u8 **addr)
{
#if IS_ENABLED(CONFIG_IPV6)
	if (sk->sk_family == AF_INET6) {
		if (ipv6_addr_v4mapped(&sk->sk_v6_daddr)) {
			*addr = (const u8 *)&sk->sk_v6_daddr.s6_addr32[3];
			return WARDEN_PF_INET;
		}
		*addr = sk->sk_v6_daddr.s6_addr;
		return WARDEN_PF_INET6;
	}
#endif
	*addr = (const u8 *)&sk->sk_daddr;
	return WARDEN_PF_INET;
}

u32 warden_policy_assign(const struct sock *sk, struct warden_params *p)
{
	const struct warden_ptable *t;
	const u8 *addr;
	u32 idx, id = WARDEN_POLICY_DEFAULT;
	u64 __percpu *stats = NULL;
	u8 family;

	family = sk_dest(sk, &addr);
	rcu_read_lock();
	t = rcu_dereference(warden_net(sock_net(sk))->cur);
	if (!t) {
		/* A kernel socket outliving its netns's tables. */
		warden_default_params(p);
	} else if (warden_ptab_lookup(t->lookup, family, addr,
				      ntohs(sk->sk_dport), &idx)) {
		*p = t->pol[idx].params;
		id = t->pol[idx].key.value;
		stats = t->pol[idx].stats;
	} else {
		*p = t->dflt;
		stats = ptable_mem(t)->dflt_stats;
	}
	if (stats)
		this_cpu_inc(stats[WARDEN_EV_ASSIGNED]);
	rcu_read_unlock();
	return id;
}

void warden_policy_count(const struct sock *sk, u32 id, enum warden_event ev)
{
	const struct warden_ptable *t;
	u64 __percpu *stats = NULL;
	u32 lo, hi;

	rcu_read_lock();
	t = rcu_dereference(warden_net(sock_net(sk))->cur);
	if (!t)
		goto out;
	if (id == WARDEN_POLICY_DEFAULT) {
		stats = ptable_mem(t)->dflt_stats;
	} else {
		/* pol[] is sorted by id; a deleted policy is not counted. */
		lo = 0;
		hi = t->n;
		while (lo < hi) {
			u32 mid = lo + (hi - lo) / 2;

			if (t->pol[mid].key.value < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < t->n && t->pol[lo].key.value == id)
			stats = t->pol[lo].stats;
	}
	if (stats)
		this_cpu_inc(stats[ev]);
out:
	rcu_read_unlock();
}

static int __net_init warden_net_init(struct net *net)
{
	struct warden_net *wn = warden_net(net);
	struct warden_ptable *t;
	u64 __percpu *dstats;

	mutex_init(&wn->lock);
	wn->next_id = 1;
	wn->pending = kzalloc(sizeof(*wn->pending), GFP_KERNEL);
	if (!wn->pending)
		return -ENOMEM;
	refcount_set(&wn->pending->ref, 1);
	dstats = __alloc_percpu_gfp(sizeof(u64) * WARDEN_EV_MAX, __alignof__(u64),
				    GFP_KERNEL_ACCOUNT);
	if (!dstats) {
		kfree(wn->pending);
		return -ENOMEM;
	}
	t = ptable_alloc(wn, 0, 0);
	if (!t || ptable_index(t)) {
		if (t)
			kvfree(ptable_mem(t));
		free_percpu(dstats);
		kfree(wn->pending);
		return -ENOMEM;
	}
	warden_default_params(&t->dflt);
	ptable_mem(t)->dflt_stats = dstats;
	RCU_INIT_POINTER(wn->cur, t);
	return 0;
}

static void __net_exit warden_net_exit(struct net *net)
{
	struct warden_net *wn = warden_net(net);
	struct warden_ptable *t;

	mutex_lock(&wn->lock);
	t = rcu_dereference_protected(wn->cur, lockdep_is_held(&wn->lock));
	RCU_INIT_POINTER(wn->cur, NULL);
	mutex_unlock(&wn->lock);
	t->dead_all = true;
	ptable_mem(t)->free_dflt = true;
	ptable_retire(wn, t);
	/* the retired snapshots hold the counter from here */
	if (refcount_dec_and_test(&wn->pending->ref))
		kfree(wn->pending);
}

static struct pernet_operations warden_net_ops = {
	.init = warden_net_init,
	.exit = warden_net_exit,
	.id = &warden_net_id,
	.size = sizeof(struct warden_net),
};

int __init warden_policy_init(void)
{
	return register_pernet_subsys(&warden_net_ops);
}

void warden_policy_exit(void)
{
	unregister_pernet_subsys(&warden_net_ops);
	/* Old snapshots still waiting for their grace period. */
	rcu_barrier();
}
