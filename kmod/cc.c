// SPDX-License-Identifier: GPL-2.0
/*
 * The "warden" congestion control: Reno-style growth whose reaction to
 * loss is ssthresh = max(cwnd * beta / 1024, floor).
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <net/tcp.h>

#include "window.h"
#include "warden.h"

static unsigned int beta = WARDEN_BETA_RENO;
static unsigned int floor_segs = WARDEN_FLOOR_MIN;

static int warden_beta_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, WARDEN_BETA_MIN, WARDEN_BETA_MAX);
}

static int warden_floor_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, WARDEN_FLOOR_MIN, WARDEN_FLOOR_MAX);
}

static const struct kernel_param_ops warden_beta_ops = {
	.set = warden_beta_set,
	.get = param_get_uint,
};

static const struct kernel_param_ops warden_floor_ops = {
	.set = warden_floor_set,
	.get = param_get_uint,
};

module_param_cb(beta, &warden_beta_ops, &beta, 0644);
MODULE_PARM_DESC(beta, "multiplicative decrease on loss, in 1/1024 (256..1000, default 512)");
module_param_cb(floor, &warden_floor_ops, &floor_segs, 0644);
MODULE_PARM_DESC(floor, "lowest ssthresh after a loss, in segments (2..65535, default 2)");

/* Per-socket state, kept in inet_csk(sk)->icsk_ca_priv. */
struct warden_ca {
	u32 loss_cwnd;	/* cwnd before the last decrease, for undo */
	u16 beta;	/* copied at init: later parameter changes hit new sockets only */
	u16 floor;
};

static void warden_win_load(const struct tcp_sock *tp, struct warden_win *w)
{
	w->cwnd = tcp_snd_cwnd(tp);
	w->cnt = tp->snd_cwnd_cnt;
	w->ssthresh = tp->snd_ssthresh;
	w->clamp = tp->snd_cwnd_clamp;
}

static void warden_win_store(struct tcp_sock *tp, const struct warden_win *w)
{
	tcp_snd_cwnd_set(tp, w->cwnd);
	tp->snd_cwnd_cnt = w->cnt;
}

static void warden_ca_init(struct sock *sk)
{
	struct warden_ca *ca = inet_csk_ca(sk);

	ca->loss_cwnd = 0;
	ca->beta = READ_ONCE(beta);
	ca->floor = READ_ONCE(floor_segs);
}

static void warden_cong_avoid(struct sock *sk, u32 ack, u32 acked)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct warden_win w;

	if (!tcp_is_cwnd_limited(sk))
		return;

	warden_win_load(tp, &w);
	warden_reno_ack(&w, acked);
	warden_win_store(tp, &w);
}

static u32 warden_ssthresh(struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);
	struct warden_ca *ca = inet_csk_ca(sk);

	ca->loss_cwnd = tcp_snd_cwnd(tp);
	return warden_loss_ssthresh(ca->loss_cwnd, ca->beta, ca->floor);
}

static u32 warden_undo(struct sock *sk)
{
	const struct warden_ca *ca = inet_csk_ca(sk);

	return warden_undo_cwnd(tcp_snd_cwnd(tcp_sk(sk)), ca->loss_cwnd);
}

static struct tcp_congestion_ops warden_ops __read_mostly = {
	.init		= warden_ca_init,
	.ssthresh	= warden_ssthresh,
	.cong_avoid	= warden_cong_avoid,
	.undo_cwnd	= warden_undo,
	.flags		= TCP_CONG_NON_RESTRICTED,
	.owner		= THIS_MODULE,
	.name		= "warden",
};

int __init warden_cc_init(void)
{
	BUILD_BUG_ON(sizeof(struct warden_ca) > ICSK_CA_PRIV_SIZE);
	return tcp_register_congestion_control(&warden_ops);
}

void warden_cc_exit(void)
{
	tcp_unregister_congestion_control(&warden_ops);
}
