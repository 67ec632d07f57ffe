// SPDX-License-Identifier: GPL-2.0
/*
 * The SYN guard in each network namespace (its state, /proc file and
 * hooks), the periodic tick that ends floods without SYNs and decays the
 * heavy hitters, and the guard's module init and exit.
 */
#include <linux/proc_fs.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "syn_state.h"

unsigned int syn_net_id __read_mostly;

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
	u64 cookie = warden_net_cookie(net);
	u32 i;
	int j;

	remove_proc_entry("tcp_warden_syn", net->proc_net);
	mutex_lock(&syn_cfg_mutex);
	syn_unhook(net);
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

int warden_syn_init(void)
{
	int err;

	mutex_lock(&syn_cfg_mutex);
	err = syn_cfg_rebuild(NULL);
	mutex_unlock(&syn_cfg_mutex);
	if (err)
		return err;

	err = syn_tables_alloc();
	if (err)
		goto err_conf;

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
	syn_tables_free();
err_conf:
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
	syn_tables_free();
	kfree(rcu_dereference_protected(syn_conf, true));
	RCU_INIT_POINTER(syn_conf, NULL);
}
