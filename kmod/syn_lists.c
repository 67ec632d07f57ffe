// SPDX-License-Identifier: GPL-2.0
/*
 * The SYN guard's allow and deny lists: per netns, each an immutable
 * prefix table replaced as a whole on every change.
 */
#include <linux/slab.h>

#include "syn_state.h"

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
	struct syn_lists *sl = &syn_net(net)->lists;
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
	pl = rcu_dereference(syn_net(net)->lists.l[which]);
	if (pl) {
		n = pl->n;
		memcpy(out, pl->rules, min(n, max) * sizeof(*out));
	}
	rcu_read_unlock();
	return n;
}

/* Allow wins over deny, whatever the prefix lengths. RCU read side. */
u8 syn_list_lookup(struct net *net, const struct warden_addr *a)
{
	struct syn_lists *sl = &syn_net(net)->lists;
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

void syn_lists_free(struct net *net)
{
	struct syn_lists *sl = &syn_net(net)->lists;
	int i;

	for (i = 0; i < WARDEN_SYN_NLISTS; i++) {
		/* The hooks are gone (unregister waited for them). */
		kvfree(rcu_dereference_protected(sl->l[i], true));
		RCU_INIT_POINTER(sl->l[i], NULL);
	}
}
