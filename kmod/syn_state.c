// SPDX-License-Identifier: GPL-2.0
/*
 * The SYN guard's state: each namespace's tables, sized by load-time module
 * parameters, and its listener slots. A namespace's tables exist while its
 * hooks are registered; they never grow, and no other namespace reads or
 * writes them.
 */
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "syn_state.h"

const char * const syn_mode_names[WARDEN_SG_ENFORCE + 1] = {
	[WARDEN_SG_OFF] = "off",
	[WARDEN_SG_MONITOR] = "monitor",
	[WARDEN_SG_ENFORCE] = "enforce",
};

/* See syn_state.h. */
DEFINE_MUTEX(syn_cfg_mutex);
bool syn_ready;
struct syn_conf __rcu *syn_conf;
LIST_HEAD(syn_nets);

static unsigned int syn_verified_ttl = 600;

/* Table sizes of the initial namespace: fixed at load. */
static unsigned int syn_verified_entries = 65536;
static unsigned int syn_bucket_entries = 65536;
static unsigned int syn_synack_entries = 65536;
static unsigned int syn_listeners = 1024;
static unsigned int syn_sketch_width = 16384;
/* Other namespaces get tables this many times smaller. */
static unsigned int syn_netns_div = 16;

/* Bounds of the load-time sizes, per namespace (syn-guard.rst, Memory). */
#define SYN_TABLE_MIN		64U
#define SYN_TABLE_MAX		BIT(22)
#define SYN_LISTENERS_MAX	65536U
#define SYN_NETNS_DIV_MAX	1024U

module_param(syn_verified_ttl, uint, 0444);
MODULE_PARM_DESC(syn_verified_ttl, "seconds a verified source passes freely (default 600)");
module_param(syn_verified_entries, uint, 0444);
MODULE_PARM_DESC(syn_verified_entries,
		 "size of the initial namespace's verified-source table (default 65536)");
module_param(syn_bucket_entries, uint, 0444);
MODULE_PARM_DESC(syn_bucket_entries,
		 "size of the initial namespace's per-source token bucket table (default 65536)");
module_param(syn_synack_entries, uint, 0444);
MODULE_PARM_DESC(syn_synack_entries,
		 "size of the initial namespace's SYN-ACK table (default 65536)");
module_param(syn_listeners, uint, 0444);
MODULE_PARM_DESC(syn_listeners, "listeners tracked in the initial namespace (default 1024)");
module_param(syn_sketch_width, uint, 0444);
MODULE_PARM_DESC(syn_sketch_width,
		 "heavy-hitter sketch width in the initial namespace (default 16384)");
module_param(syn_netns_div, uint, 0444);
MODULE_PARM_DESC(syn_netns_div,
		 "other namespaces' tables are this many times smaller (1..1024, default 16)");

/* A size for @net: the parameter, divided for namespaces but the first. */
static u32 syn_size(const struct net *net, unsigned int param, u32 min, u32 max)
{
	u32 div = clamp(syn_netns_div, 1U, SYN_NETNS_DIV_MAX);

	if (!net_eq(net, &init_net))
		param /= div;
	return roundup_pow_of_two(clamp_t(u32, param, min, max));
}

/* Zeroed memory whose start is on a cache line; *@raw is what to free. */
static void *syn_zalloc_lines(size_t size, void **raw)
{
	*raw = kvzalloc(size + WARDEN_CACHELINE, GFP_KERNEL_ACCOUNT);
	return *raw ? PTR_ALIGN(*raw, WARDEN_CACHELINE) : NULL;
}

static void syn_tables_free(struct syn_tables *t)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(t->mem); i++)
		kvfree(t->mem[i]);
	kvfree(t->mem_cms);
	kvfree(t->mem_lsets);
	kvfree(t->mem_cpus);
	kfree(t);
}

static int syn_table_new(struct syn_tables *t, int i, struct warden_st *st,
			 u32 entries, u64 ttl_ns)
{
	u32 nsets = warden_st_sets_for(entries);
	void *mem = syn_zalloc_lines(warden_st_mem_size(nsets), &t->mem[i]);

	if (!mem)
		return -ENOMEM;
	warden_st_init(st, mem, nsets, ttl_ns);
	return 0;
}

struct syn_tables *syn_tables_new(const struct net *net)
{
	u32 nl = syn_size(net, syn_listeners, SYN_LWAYS, SYN_LISTENERS_MAX);
	u32 w = syn_size(net, syn_sketch_width, WARDEN_CMS_MIN_WIDTH, SYN_TABLE_MAX);
	u64 ttl = (u64)clamp(syn_verified_ttl, 1U, 86400U) * NSEC_PER_SEC;
	struct warden_sg_cpu *cpus;
	struct syn_tables *t;
	u32 i, j;

	t = kzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	if (!t)
		return NULL;
	if (syn_table_new(t, 0, &t->verified,
			  syn_size(net, syn_verified_entries, SYN_TABLE_MIN, SYN_TABLE_MAX),
			  ttl) ||
	    syn_table_new(t, 1, &t->buckets,
			  syn_size(net, syn_bucket_entries, SYN_TABLE_MIN, SYN_TABLE_MAX),
			  60 * NSEC_PER_SEC) ||
	    syn_table_new(t, 2, &t->synacks,
			  syn_size(net, syn_synack_entries, SYN_TABLE_MIN, SYN_TABLE_MAX),
			  SYN_SYNACK_TTL * NSEC_PER_SEC))
		goto err;
	t->mem_cms = kvzalloc(warden_cms_mem_size(w), GFP_KERNEL_ACCOUNT);
	t->lsets = syn_zalloc_lines(array_size(nl / SYN_LWAYS, sizeof(*t->lsets)),
				    &t->mem_lsets);
	cpus = syn_zalloc_lines(array3_size(nl, nr_cpu_ids, sizeof(*cpus)), &t->mem_cpus);
	if (!t->mem_cms || !t->lsets || !cpus)
		goto err;
	warden_cms_init(&t->cms, t->mem_cms, w);
	t->lset_mask = nl / SYN_LWAYS - 1;
	for (i = 0; i <= t->lset_mask; i++) {
		struct syn_lset *set = &t->lsets[i];

		spin_lock_init(&set->lock);
		seqcount_spinlock_init(&set->seq, &set->lock);
		for (j = 0; j < SYN_LWAYS; j++)
			warden_sg_listener_init(&set->l[j].sg, cpus +
						(size_t)(i * SYN_LWAYS + j) * nr_cpu_ids,
						nr_cpu_ids);
	}
	get_random_bytes(&t->key, sizeof(t->key));
	t->sg.verified = &t->verified;
	t->sg.buckets = &t->buckets;
	t->sg.synacks = &t->synacks;
	t->sg.cms = &t->cms;
	t->sg.key = &t->key;
	refcount_set(&t->ref, 1);
	return t;

err:
	syn_tables_free(t);
	return NULL;
}

struct syn_tables *syn_tables_get(struct syn_net *sn)
{
	struct syn_tables *t;

	rcu_read_lock();
	t = rcu_dereference(sn->tab);
	if (t && !refcount_inc_not_zero(&t->ref))
		t = NULL;
	rcu_read_unlock();
	return t;
}

static void syn_tables_free_rcu(struct rcu_head *head)
{
	syn_tables_free(container_of(head, struct syn_tables, rcu));
}

/* The last reference goes after the hooks (and any RCU reader) are done. */
void syn_tables_put(struct syn_tables *t)
{
	if (t && refcount_dec_and_test(&t->ref))
		call_rcu(&t->rcu, syn_tables_free_rcu);
}

static bool syn_listener_is(const struct syn_listener *l,
			    const struct warden_addr *a, u16 port)
{
	return l->used && l->port == port && l->addr.family == a->family &&
	       !memcmp(l->addr.bytes, a->bytes, sizeof(a->bytes));
}

/*
 * A full set gives up the calm listener that was quiet longest (flooded
 * ones only if all are). Called with the set locked, inside its seqcount.
 */
static struct syn_listener *syn_listener_claim(struct syn_lset *set,
					       const struct warden_addr *a,
					       u16 port, u64 now)
{
	struct syn_listener *victim = NULL;
	int i;

	for (i = 0; i < SYN_LWAYS; i++) {
		struct syn_listener *l = &set->l[i];

		if (syn_listener_is(l, a, port))
			return l;
		if (!l->used) {
			if (!victim || victim->used)
				victim = l;
			continue;
		}
		if (victim && !victim->used)
			continue;
		if (!victim || (READ_ONCE(victim->sg.flood) && !READ_ONCE(l->sg.flood)) ||
		    (READ_ONCE(victim->sg.flood) == READ_ONCE(l->sg.flood) &&
		     time_before(READ_ONCE(l->last), READ_ONCE(victim->last))))
			victim = l;
	}
	victim->used = true;
	victim->addr = *a;
	victim->port = port;
	WRITE_ONCE(victim->last, jiffies);
	warden_sg_listener_reset(&victim->sg, now, get_random_u64());
	return victim;
}

struct syn_listener *syn_listener_slot(struct syn_tables *t,
				       const struct warden_addr *a, u16 port,
				       u64 now)
{
	u64 h = warden_src_hash(&t->key, a, 128) ^ ((u64)port * 0x9e3779b97f4a7c15ULL);
	struct syn_lset *set = &t->lsets[(h >> 32) & t->lset_mask];
	struct syn_listener *l = NULL;
	unsigned int seq;
	int i;

	do {
		seq = read_seqcount_begin(&set->seq);
		for (i = 0; i < SYN_LWAYS; i++) {
			if (syn_listener_is(&set->l[i], a, port)) {
				l = &set->l[i];
				break;
			}
		}
	} while (read_seqcount_retry(&set->seq, seq));
	if (!l) {
		spin_lock(&set->lock);
		write_seqcount_begin(&set->seq);
		l = syn_listener_claim(set, a, port, now);
		write_seqcount_end(&set->seq);
		spin_unlock(&set->lock);
	}
	/* The eviction order wants a recent time, not every SYN's. */
	if (time_after(jiffies, READ_ONCE(l->last) + HZ))
		WRITE_ONCE(l->last, jiffies);
	return l;
}

void syn_counters_read(const struct syn_net *sn, struct syn_counters *out)
{
	int cpu;

	memset(out, 0, sizeof(*out));
	for_each_possible_cpu(cpu) {
		const struct syn_counters *c = per_cpu_ptr(sn->cnt, cpu);

		out->synacks += READ_ONCE(c->synacks);
		out->acks_verified += READ_ONCE(c->acks_verified);
		out->acks_bad += READ_ONCE(c->acks_bad);
		out->dropped += READ_ONCE(c->dropped);
		out->frags_bad += READ_ONCE(c->frags_bad);
	}
}
