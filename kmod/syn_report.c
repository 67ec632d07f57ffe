// SPDX-License-Identifier: GPL-2.0
/*
 * What the SYN guard tells: flood alerts (log and netlink), copies of a
 * namespace's listeners, counters and tables for netlink and
 * /proc/net/tcp_warden_syn. Every count is read from counters: no report
 * scans a table, so none costs more the fuller the tables are.
 */
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

#include "syn_state.h"

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

static void syn_lsnap(const struct syn_listener *l, u64 now,
		      struct warden_syn_lsnap *out)
{
	out->addr = l->addr;
	out->port = l->port;
	warden_sg_read(&l->sg, now, &out->r);
	out->ntop = 0;
}

/* From the hooks and the tick, bottom halves off or not. */
void syn_alert(struct net *net, const struct syn_listener *l, u8 ev, u64 now)
{
	const char *what = ev == WARDEN_SG_EV_ENTER ? "enters" : "leaves";
	warden_syn_notify_t *notify;
	struct warden_syn_lsnap ls;

	syn_lsnap(l, now, &ls);
	if (ls.addr.family == WARDEN_PF_INET)
		net_info_ratelimited("SYN flood: listener %pI4:%u %s flood state (netns %llu, %llu SYN/s)\n",
				     ls.addr.bytes, ls.port, what,
				     warden_net_cookie(net), ls.r.rate);
	else
		net_info_ratelimited("SYN flood: listener [%pI6c]:%u %s flood state (netns %llu, %llu SYN/s)\n",
				     ls.addr.bytes, ls.port, what,
				     warden_net_cookie(net), ls.r.rate);
	rcu_read_lock();
	notify = rcu_dereference(syn_notify_fn);
	if (notify)
		notify(net, &ls);
	rcu_read_unlock();
}

int warden_syn_snapshot(struct net *net, struct warden_syn_lsnap *out, int max)
{
	struct syn_tables *t = syn_tables_get(syn_net(net));
	u64 now = ktime_get_ns();
	int n = 0, j;
	u32 i;

	if (!t)
		return 0;
	for (i = 0; i <= t->lset_mask && n < max; i++) {
		struct syn_lset *set = &t->lsets[i];

		spin_lock_bh(&set->lock);
		for (j = 0; j < SYN_LWAYS && n < max; j++) {
			struct syn_listener *l = &set->l[j];

			if (!l->used)
				continue;
			syn_lsnap(l, now, &out[n]);
			out[n].ntop = warden_sg_top(&l->sg, out[n].top);
			n++;
		}
		spin_unlock_bh(&set->lock);
		cond_resched();
	}
	syn_tables_put(t);
	return n;
}

void warden_syn_net_stats(struct net *net, struct warden_syn_nstats *st)
{
	struct syn_net *sn = syn_net(net);
	struct warden_syn_tstats ts[WARDEN_SYN_NTABLES];
	struct syn_counters cnt;
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
	syn_counters_read(sn, &cnt);
	st->acks_verified = cnt.acks_verified;
	st->acks_bad = cnt.acks_bad;
	st->synacks = cnt.synacks;
	st->dropped = cnt.dropped;
	st->frags_bad = cnt.frags_bad;
	warden_syn_table_stats(net, ts);
	st->verified = ts[WARDEN_SYN_T_VERIFIED].used;
}

void warden_syn_table_stats(struct net *net, struct warden_syn_tstats *ts)
{
	struct syn_tables *t = syn_tables_get(syn_net(net));
	struct warden_st_stats sum;
	const struct warden_st *st;
	int i;

	memset(ts, 0, sizeof(*ts) * WARDEN_SYN_NTABLES);
	if (!t)
		return;
	for (i = 0; i < WARDEN_SYN_NTABLES; i++) {
		st = i == WARDEN_SYN_T_VERIFIED ? &t->verified :
		     i == WARDEN_SYN_T_BUCKETS ? &t->buckets : &t->synacks;
		/* the stripes' counters, summed: at most WARDEN_ST_STRIPES reads */
		warden_st_stats(st, &sum);
		ts[i].used = sum.used;
		ts[i].size = (st->set_mask + 1) * WARDEN_ST_WAYS;
		ts[i].inserts = sum.inserts;
		ts[i].evictions = sum.evictions;
	}
	syn_tables_put(t);
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
int syn_proc_show(struct seq_file *m, void *v)
{
	struct net *net = seq_file_single_net(m);
	struct warden_syn_tstats ts[WARDEN_SYN_NTABLES];
	struct warden_syn_lsnap *ls;
	struct warden_syn_nstats st;
	int n, i, w;

	warden_syn_net_stats(net, &st);
	seq_printf(m, "mode %s%s\n", warden_syn_mode_name(st.mode),
		   st.inherit ? " (global)" : "");
	seq_printf(m, "hooks %s\n", st.hooked ? "registered" : "unregistered");
	seq_printf(m, "config threshold %u queue_pct %u quiet_ms %llu src_rate %u src_burst %u all_rate %u all_burst %u v4_prefix %u v6_prefix %u\n",
		   st.cfg.threshold, st.cfg.queue_pct,
		   st.cfg.quiet_ns / NSEC_PER_MSEC, st.cfg.src.rate,
		   st.cfg.src.burst, st.cfg.all.rate, st.cfg.all.burst,
		   st.v4_plen, st.v6_plen);
	seq_printf(m, "netns synacks %llu acks_verified %llu acks_bad %llu dropped %llu frags_bad %llu verified_sources %u\n",
		   st.synacks, st.acks_verified, st.acks_bad, st.dropped,
		   st.frags_bad, st.verified);
	warden_syn_table_stats(net, ts);
	for (i = 0; i < WARDEN_SYN_NTABLES; i++)
		seq_printf(m, "table %s used %u size %u inserts %llu evictions %llu\n",
			   syn_table_names[i], ts[i].used, ts[i].size,
			   ts[i].inserts, ts[i].evictions);

	ls = kvmalloc_array(SYN_PROC_MAX, sizeof(*ls), GFP_KERNEL);
	if (!ls)
		return -ENOMEM;
	n = warden_syn_snapshot(net, ls, SYN_PROC_MAX);
	for (i = 0; i < n; i++) {
		const struct warden_sg_report *r = &ls[i].r;

		if (ls[i].addr.family == WARDEN_PF_INET)
			seq_printf(m, "listener %pI4:%u", ls[i].addr.bytes, ls[i].port);
		else
			seq_printf(m, "listener [%pI6c]:%u", ls[i].addr.bytes, ls[i].port);
		seq_printf(m, " state %s rate %llu syns %llu floods %u qlen %u qmax %u would_drop %llu",
			   r->flood ? "flood" : "calm", r->rate, r->syns,
			   r->floods, r->qlen, r->qmax, r->would_drop);
		for (w = 0; w < WARDEN_SG_NWHY; w++)
			seq_printf(m, " %s %llu", syn_why_names[w], r->why[w]);
		seq_putc(m, '\n');
	}
	kvfree(ls);
	return 0;
}
