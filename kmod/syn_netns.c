// SPDX-License-Identifier: GPL-2.0
/*
 * The SYN guard in each network namespace (its state, /proc file and
 * hooks), the periodic tick, and the guard's module init and exit.
 *
 * The tick ends floods that stopped sending SYNs, and does the slow work
 * in bounded slices so that no pass holds a lock or bottom halves for
 * long, whatever the table sizes: it frees expired entries of a part of
 * each table (the whole table every SYN_SWEEP_TICKS) and halves a part of
 * the heavy-hitter sketch (the whole sketch every SYN_DECAY_TICKS).
 */
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "syn_state.h"

unsigned int syn_net_id __read_mostly;

#define SYN_TICK		HZ
#define SYN_DECAY_TICKS		10	/* heavy hitters: half-life 10 s */
#define SYN_SWEEP_TICKS		30
#define SYN_IDLE_FREE		(600 * HZ)	/* forget calm, idle listeners */
/* Sets or sketch lines between two chances to reschedule. */
#define SYN_SLICE		1024U

static void syn_tick(struct work_struct *w);
static DECLARE_DELAYED_WORK(syn_tick_work, syn_tick);
static unsigned int syn_ticks;

/* Flood state without SYNs, idle slots, the heavy-hitter lists. */
static void syn_tick_listeners(struct net *net, struct syn_tables *t,
			       const struct warden_sg_cfg *cfg, u64 now,
			       bool decay)
{
	int j;
	u32 i;

	for (i = 0; i <= t->lset_mask; i++) {
		struct syn_lset *set = &t->lsets[i];

		spin_lock_bh(&set->lock);
		for (j = 0; j < SYN_LWAYS; j++) {
			struct syn_listener *l = &set->l[j];
			u8 ev;

			if (!l->used)
				continue;
			ev = warden_sg_tick(cfg, &l->sg, now);
			if (ev != WARDEN_SG_EV_NONE)
				syn_alert(net, l, ev, now);
			if (decay)
				warden_sg_decay_top(&l->sg);
			if (!READ_ONCE(l->sg.flood) &&
			    time_after(jiffies, READ_ONCE(l->last) + SYN_IDLE_FREE)) {
				write_seqcount_begin(&set->seq);
				l->used = false;
				write_seqcount_end(&set->seq);
			}
		}
		spin_unlock_bh(&set->lock);
		if (i % SYN_SLICE == SYN_SLICE - 1)
			cond_resched();
	}
}

/* A part of a table's sets: the whole table every SYN_SWEEP_TICKS. */
static u32 syn_tick_sweep(struct warden_st *st, u32 cursor, u64 now)
{
	u32 todo = DIV_ROUND_UP(st->set_mask + 1, SYN_SWEEP_TICKS), n;

	while (todo) {
		n = min(todo, SYN_SLICE);
		cursor = warden_st_sweep(st, cursor, n, now);
		todo -= n;
		cond_resched();
	}
	return cursor;
}

static void syn_tick_net(struct syn_net *sn, const struct warden_sg_cfg *cfg,
			 u64 now, bool decay)
{
	struct syn_tables *t;
	u32 todo, n;

	t = rcu_dereference_protected(sn->tab, lockdep_is_held(&syn_cfg_mutex));
	if (!t)
		return;
	syn_tick_listeners(sn->net, t, cfg, now, decay);
	t->sweep[0] = syn_tick_sweep(&t->verified, t->sweep[0], now);
	t->sweep[1] = syn_tick_sweep(&t->buckets, t->sweep[1], now);
	t->sweep[2] = syn_tick_sweep(&t->synacks, t->sweep[2], now);
	/* Racing updates may lose a count, never corrupt one. */
	todo = DIV_ROUND_UP(warden_cms_lines(&t->cms), SYN_DECAY_TICKS);
	while (todo) {
		n = min(todo, SYN_SLICE);
		t->decay_line = warden_cms_decay_lines(&t->cms, t->decay_line, n);
		todo -= n;
		cond_resched();
	}
}

static void syn_tick(struct work_struct *w)
{
	bool decay = ++syn_ticks % SYN_DECAY_TICKS == 0;
	u64 now = ktime_get_ns();
	struct warden_sg_cfg cfg;
	struct syn_net *sn;

	mutex_lock(&syn_cfg_mutex);
	cfg = rcu_dereference_protected(syn_conf, lockdep_is_held(&syn_cfg_mutex))->sg;
	list_for_each_entry(sn, &syn_nets, node)
		syn_tick_net(sn, &cfg, now, decay);
	mutex_unlock(&syn_cfg_mutex);
	queue_delayed_work(system_power_efficient_wq, &syn_tick_work, SYN_TICK);
}

/*
 * A namespace joins syn_nets and takes its mode under one lock, so a mode
 * change racing with its creation reaches it either way.
 */
static int __net_init syn_net_init(struct net *net)
{
	struct syn_net *sn = syn_net(net);
	int err;

	sn->net = net;
	sn->mode = SYN_MODE_INHERIT;
	sn->hooked = false;
	sn->synack_until = jiffies;
	sn->cnt = alloc_percpu_gfp(struct syn_counters, GFP_KERNEL_ACCOUNT);
	if (!sn->cnt)
		return -ENOMEM;
	if (!proc_create_net_single("tcp_warden_syn", 0444, net->proc_net,
				    syn_proc_show, NULL)) {
		free_percpu(sn->cnt);
		return -ENOMEM;
	}
	mutex_lock(&syn_cfg_mutex);
	list_add_tail(&sn->node, &syn_nets);
	err = syn_apply(sn);
	if (err)
		list_del(&sn->node);
	mutex_unlock(&syn_cfg_mutex);
	if (err) {
		/* a namespace the guard is meant to cover, not covered: refuse it */
		remove_proc_entry("tcp_warden_syn", net->proc_net);
		free_percpu(sn->cnt);
	}
	return err;
}

static void __net_exit syn_net_exit(struct net *net)
{
	struct syn_net *sn = syn_net(net);

	remove_proc_entry("tcp_warden_syn", net->proc_net);
	mutex_lock(&syn_cfg_mutex);
	list_del(&sn->node);
	syn_unapply(sn);
	mutex_unlock(&syn_cfg_mutex);
	syn_lists_free(net);
	free_percpu(sn->cnt);
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

	/* Each netns's state, then its hooks (syn_net_init). */
	err = register_pernet_subsys(&syn_net_ops);
	if (err)
		goto err_conf;
	mutex_lock(&syn_cfg_mutex);
	syn_ready = true;
	mutex_unlock(&syn_cfg_mutex);
	queue_delayed_work(system_power_efficient_wq, &syn_tick_work, SYN_TICK);
	return 0;

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
	/* Tables and list snapshots are freed by callbacks in this module. */
	rcu_barrier();
	kfree(rcu_dereference_protected(syn_conf, true));
	RCU_INIT_POINTER(syn_conf, NULL);
}
