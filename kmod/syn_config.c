// SPDX-License-Identifier: GPL-2.0
/*
 * The SYN guard's configuration: the global mode and the tunables (module
 * parameters, or syn-set over netlink), validated as a whole and published
 * as one RCU snapshot; a mode change registers or unregisters a namespace's
 * hooks, with its tables.
 */
#define pr_fmt(fmt) "tcp_warden: " fmt

#include <linux/moduleparam.h>
#include <linux/slab.h>

#include "params.h"
#include "syn_state.h"

static unsigned int syn_mode = WARDEN_SG_ENFORCE;
static unsigned int syn_threshold = 2000;
static unsigned int syn_queue_pct = 50;
static unsigned int syn_quiet_ms = 10000;
static unsigned int syn_src_rate = 10;
static unsigned int syn_src_burst = 20;
static unsigned int syn_all_rate = 2000;
static unsigned int syn_all_burst = 1000;
static unsigned int syn_v4_prefix = 32;
static unsigned int syn_v6_prefix = 64;

/*
 * Under syn_cfg_mutex: register or unregister one namespace's hooks, with
 * its tables, to match its mode. A namespace that cannot have them keeps
 * what it had and says why in the log.
 */
int syn_apply(struct syn_net *sn)
{
	const struct syn_conf *c;
	struct syn_tables *t;
	bool want;
	int err;

	lockdep_assert_held(&syn_cfg_mutex);
	c = rcu_dereference_protected(syn_conf, lockdep_is_held(&syn_cfg_mutex));
	want = syn_effective_mode(sn, c) != WARDEN_SG_OFF;
	if (want == sn->hooked)
		return 0;
	if (!want) {
		syn_unapply(sn);
		return 0;
	}
	t = syn_tables_new(sn->net);
	if (!t) {
		pr_warn("SYN guard: no memory for the tables of netns %llu\n",
			warden_net_cookie(sn->net));
		return -ENOMEM;
	}
	rcu_assign_pointer(sn->tab, t);
	err = syn_hooks_register(sn->net);
	if (err) {
		pr_warn("SYN guard: cannot register hooks in netns %llu: %d\n",
			warden_net_cookie(sn->net), err);
		RCU_INIT_POINTER(sn->tab, NULL);
		syn_tables_put(t);
		return err;
	}
	sn->hooked = true;
	return 0;
}

/* Under syn_cfg_mutex: the hooks go, then the tables (no hook runs now). */
void syn_unapply(struct syn_net *sn)
{
	struct syn_tables *t;

	lockdep_assert_held(&syn_cfg_mutex);
	if (!sn->hooked)
		return;
	syn_hooks_unregister(sn->net);
	sn->hooked = false;
	t = rcu_replace_pointer(sn->tab, NULL, lockdep_is_held(&syn_cfg_mutex));
	syn_tables_put(t);
}

/*
 * Every namespace, including one being set up right now: it joined
 * syn_nets under the mutex, when it took its mode.
 */
static void syn_apply_all(void)
{
	struct syn_net *sn;

	list_for_each_entry(sn, &syn_nets, node)
		syn_apply(sn);
}

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

module_param_cb(syn_threshold, &syn_tun_ops, &syn_threshold, 0644);
MODULE_PARM_DESC(syn_threshold,
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

/* Called with syn_cfg_mutex held. @whyp: where to say what is wrong. */
int syn_cfg_rebuild(const char **whyp)
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
	c->sg.threshold = syn_threshold;
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
	[WARDEN_SYN_TUN_THRESHOLD] = &syn_threshold,
	[WARDEN_SYN_TUN_QUEUE_PCT] = &syn_queue_pct,
	[WARDEN_SYN_TUN_QUIET_MS] = &syn_quiet_ms,
	[WARDEN_SYN_TUN_SRC_RATE] = &syn_src_rate,
	[WARDEN_SYN_TUN_SRC_BURST] = &syn_src_burst,
	[WARDEN_SYN_TUN_ALL_RATE] = &syn_all_rate,
	[WARDEN_SYN_TUN_ALL_BURST] = &syn_all_burst,
	[WARDEN_SYN_TUN_V4_PREFIX] = &syn_v4_prefix,
	[WARDEN_SYN_TUN_V6_PREFIX] = &syn_v6_prefix,
};

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
		err = syn_apply(sn);
		if (err) {
			WRITE_ONCE(sn->mode, old_ns);
			why = "no memory for the SYN guard's tables in this netns";
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
