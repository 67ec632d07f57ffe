// SPDX-License-Identifier: GPL-2.0
/*
 * The "warden" congestion control: Reno or CUBIC growth whose reaction to
 * loss is ssthresh = max(cwnd * beta / 1024, min-ssthresh), with beta,
 * min-ssthresh and the rest chosen per destination by the netns's policy
 * table.
 */
#include <linux/module.h>
#include <net/tcp.h>

#include "cubic.h"
#include "window.h"
#include "cc.h"
#include "compat.h"
#include "policies.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

/*
 * Per-socket state, kept in inet_csk(sk)->icsk_ca_priv (zeroed when the
 * socket gets this congestion control). The policy is copied in once: at
 * init, or before it when a SYN times out (the kernel calls ->ssthresh()
 * in SYN_SENT; ->init() waits for the handshake). Later policy changes hit
 * new sockets only, and no ACK ever looks a policy up.
 */
struct warden_ca {
	struct warden_cubic cubic;
	struct warden_hystart hy;
	u32 loss_cwnd;		/* cwnd before the last decrease, for undo */
	u32 policy_id;
	u32 initial_ssthresh;	/* of the policy: applied at init */
	u32 max_cwnd;
	u16 beta;
	u16 rto_beta;
	u16 min_ssthresh;
	u8 growth;
	u8 hystart;		/* cubic with HyStart */
	u8 pending;		/* a decrease whose cause is not known yet */
	u8 assigned;		/* the policy is copied in */
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

/* The socket's policy, chosen (and counted) the first time it is needed. */
static struct warden_ca *warden_ca(struct sock *sk)
{
	struct warden_ca *ca = inet_csk_ca(sk);
	struct warden_params p;

	if (likely(ca->assigned))
		return ca;
	ca->policy_id = warden_policy_assign(sk, &p);
	ca->beta = p.beta;
	ca->rto_beta = warden_params_rto_beta(&p);
	ca->min_ssthresh = p.min_ssthresh;
	ca->growth = p.growth;
	ca->hystart = p.growth == WARDEN_GROWTH_CUBIC && p.hystart;
	ca->initial_ssthresh = p.initial_ssthresh;
	ca->max_cwnd = p.max_cwnd;
	ca->assigned = 1;
	return ca;
}

static void warden_ca_init(struct sock *sk)
{
	struct warden_ca *ca = warden_ca(sk);
	struct tcp_sock *tp = tcp_sk(sk);

	/* The window state starts here, whatever a SYN timeout did to it. */
	memset(&ca->cubic, 0, sizeof(ca->cubic));
	memset(&ca->hy, 0, sizeof(ca->hy));
	ca->loss_cwnd = 0;
	ca->pending = 0;
	if (ca->hystart)
		warden_hystart_start(&ca->hy, tp->tcp_mstamp, tp->snd_nxt);

	if (ca->initial_ssthresh)
		tp->snd_ssthresh = ca->initial_ssthresh;
	/* Like `ip route ... cwnd N lock`: every kernel path honours the clamp. */
	if (ca->max_cwnd) {
		tp->snd_cwnd_clamp = min(tp->snd_cwnd_clamp, ca->max_cwnd);
		if (tcp_snd_cwnd(tp) > tp->snd_cwnd_clamp)
			tcp_snd_cwnd_set(tp, tp->snd_cwnd_clamp);
	}
}

static void warden_cong_avoid(struct sock *sk, u32 ack, u32 acked)
{
	struct warden_ca *ca = inet_csk_ca(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	struct warden_win w;

	if (!tcp_is_cwnd_limited(sk))
		return;

	warden_win_load(tp, &w);
	if (ca->growth == WARDEN_GROWTH_CUBIC)
		warden_cubic_ack(&ca->cubic, &w, acked, tcp_jiffies32, HZ,
				 ca->beta);
	else
		warden_reno_ack(&w, acked);
	warden_win_store(tp, &w);
}

static void warden_pkts_acked(struct sock *sk, const struct ack_sample *sample)
{
	struct warden_ca *ca = inet_csk_ca(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	struct warden_hystart_ack a;

	if (ca->growth != WARDEN_GROWTH_CUBIC)
		return;
	a.delay_us = warden_cubic_rtt_sample(&ca->cubic, sample->rtt_us,
					     tcp_jiffies32, HZ);
	if (!a.delay_us || !ca->hystart || ca->hy.found || !tcp_in_slow_start(tp))
		return;

	a.now_us = tp->tcp_mstamp;
	a.snd_una = tp->snd_una;
	a.snd_nxt = tp->snd_nxt;
	a.cwnd = tcp_snd_cwnd(tp);
	a.delay_min_us = ca->cubic.delay_min;
	a.pacing_rate = READ_ONCE(sk->sk_pacing_rate);
	a.gso_max_size = sk->sk_gso_max_size;
	a.paced = sk->sk_pacing_status != SK_PACING_NONE;
	if (!warden_hystart_update(&ca->hy, &a))
		return;
	/* Not a decrease ->ssthresh() saw: counted and traced here. */
	tp->snd_ssthresh = a.cwnd;
	warden_policy_count(sk, ca->policy_id, WARDEN_EV_HYSTART);
	trace_warden_ssthresh(sk, ca->policy_id, a.cwnd, a.cwnd,
			      WARDEN_REASON_HYSTART);
}

/*
 * tcp_input.c calls ->ssthresh() before it says why: fast recovery
 * (set_state Recovery), ECN/local congestion (set_state CWR) or a timeout
 * (CA_EVENT_LOSS from tcp_enter_loss). The decrease is computed with beta
 * here and classified, counted and traced when the cause shows up.
 */
static u32 warden_ssthresh(struct sock *sk)
{
	struct warden_ca *ca = warden_ca(sk);
	u32 cwnd = tcp_snd_cwnd(tcp_sk(sk));

	ca->loss_cwnd = cwnd;
	ca->pending = 1;
	if (ca->growth == WARDEN_GROWTH_CUBIC)
		warden_cubic_on_loss(&ca->cubic, cwnd, ca->beta);
	return warden_loss_ssthresh(cwnd, ca->beta, ca->min_ssthresh);
}

static void warden_decreased(struct sock *sk, enum warden_event ev, u8 reason)
{
	struct warden_ca *ca = inet_csk_ca(sk);

	ca->pending = 0;
	warden_policy_count(sk, ca->policy_id, ev);
	trace_warden_ssthresh(sk, ca->policy_id, ca->loss_cwnd,
			      tcp_sk(sk)->snd_ssthresh, reason);
}

static void warden_set_state(struct sock *sk, u8 new_state)
{
	struct warden_ca *ca = inet_csk_ca(sk);
	struct tcp_sock *tp = tcp_sk(sk);

	/*
	 * Before init only a SYN timeout matters (->ssthresh()); a state
	 * change then (a new child socket, a disconnect) must not pick a
	 * policy for a socket whose destination is not final.
	 */
	if (!ca->assigned)
		return;
	/*
	 * Like tcp_cubic, a timeout forgets W_max and the minimum RTT: the
	 * path may have changed. Slow start after it looks for its exit anew.
	 */
	if (new_state == TCP_CA_Loss && ca->growth == WARDEN_GROWTH_CUBIC) {
		warden_cubic_reset(&ca->cubic);
		warden_hystart_start(&ca->hy, tp->tcp_mstamp, tp->snd_nxt);
	}
	if (!ca->pending)
		return;
	if (new_state == TCP_CA_Recovery)
		warden_decreased(sk, WARDEN_EV_LOSS, WARDEN_REASON_LOSS);
	else if (new_state == TCP_CA_CWR)
		warden_decreased(sk, WARDEN_EV_ECN, WARDEN_REASON_ECN);
}

/* Sending again after idle: the cubic curve resumes where it stopped. */
static void warden_tx_start(struct sock *sk)
{
	struct warden_ca *ca = inet_csk_ca(sk);

	if (ca->growth == WARDEN_GROWTH_CUBIC)
		warden_cubic_idle_end(&ca->cubic, tcp_jiffies32,
				      tcp_sk(sk)->lsndtime);
}

static void warden_cwnd_event(struct sock *sk, enum tcp_ca_event ev)
{
	struct warden_ca *ca = warden_ca(sk);
	struct tcp_sock *tp = tcp_sk(sk);

	switch (ev) {
	case CA_EVENT_LOSS:
		/* Timeout: the loss state sets cwnd 1; ssthresh uses rto-beta. */
		if (ca->pending) {
			tp->snd_ssthresh = warden_loss_ssthresh(ca->loss_cwnd,
								ca->rto_beta,
								ca->min_ssthresh);
			warden_decreased(sk, WARDEN_EV_RTO, WARDEN_REASON_RTO);
		}
		break;
	case CA_EVENT_TX_START:
		warden_tx_start(sk);
		break;
	default:
		break;
	}
}

static u32 warden_undo(struct sock *sk)
{
	const struct warden_ca *ca = warden_ca(sk);

	warden_policy_count(sk, ca->policy_id, WARDEN_EV_UNDO);
	return warden_undo_cwnd(tcp_snd_cwnd(tcp_sk(sk)), ca->loss_cwnd);
}

static struct tcp_congestion_ops warden_ops __read_mostly = {
	.init		= warden_ca_init,
	.ssthresh	= warden_ssthresh,
	.cong_avoid	= warden_cong_avoid,
	.set_state	= warden_set_state,
	.cwnd_event	= warden_cwnd_event,
	WARDEN_CA_OPS_TX_START(warden_tx_start)
	.pkts_acked	= warden_pkts_acked,
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
