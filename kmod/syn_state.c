// SPDX-License-Identifier: GPL-2.0
/*
 * The SYN guard's shared state: the tables, sized by load-time module
 * parameters, and the listener slots. Every table is allocated once at
 * load, shared by all namespaces (the netns cookie is part of each key)
 * and never grows.
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

static unsigned int syn_verified_ttl = 600;

/* Table sizes: fixed at load. */
static unsigned int syn_verified_entries = 65536;
static unsigned int syn_bucket_entries = 65536;
static unsigned int syn_synack_entries = 65536;
static unsigned int syn_listeners = 1024;
static unsigned int syn_sketch_width = 16384;

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

/* Configuration changes and hook registration, one at a time. */
DEFINE_MUTEX(syn_cfg_mutex);
bool syn_ready;
struct syn_conf __rcu *syn_conf;

struct warden_st syn_verified, syn_buckets, syn_synacks;
struct warden_cms syn_cms;
DEFINE_SPINLOCK(syn_cms_lock);	/* only for decay vs. dumps */
struct warden_hkey syn_hkey;
struct warden_sg_tables syn_tables;

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

struct syn_lset *syn_lsets;
u32 syn_lset_mask;

u64 syn_listener_hash(u64 cookie, const struct warden_addr *a, u16 port)
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
struct syn_listener *syn_listener_get(struct syn_lset *set, struct net *net,
				      u64 cookie, const struct warden_addr *a,
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

static void syn_table_free_one(struct warden_st *t)
{
	kvfree(t->ent);
	t->ent = NULL;
}

void syn_tables_free(void)
{
	syn_table_free_one(&syn_verified);
	syn_table_free_one(&syn_buckets);
	syn_table_free_one(&syn_synacks);
	kvfree(syn_cms.cnt);
	syn_cms.cnt = NULL;
	kvfree(syn_lsets);
	syn_lsets = NULL;
}

int syn_tables_alloc(void)
{
	u32 nl = roundup_pow_of_two(clamp(syn_listeners, SYN_LWAYS, SYN_LISTENERS_MAX));
	u32 w = roundup_pow_of_two(clamp(syn_sketch_width, WARDEN_CMS_MIN_WIDTH,
					 SYN_TABLE_MAX));
	u32 i;

	get_random_bytes(&syn_hkey, sizeof(syn_hkey));
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
	return 0;

err_free:
	syn_tables_free();
	return -ENOMEM;
}
