// SPDX-License-Identifier: GPL-2.0
/*
 * A round-trip-level simulator of one warden connection: scripted ACK, loss
 * and timeout events drive the window core (core/window.c, core/cubic.c)
 * the way tcp_input.c drives the module's callbacks.
 */
#include "tap.h"
#include "cubic.h"
#include "policy.h"
#include "window.h"

#define RTT_MS 50

struct sim {
	struct warden_params p;
	struct warden_win w;
	struct warden_cubic c;
	u32 now;
};

static void sim_init(struct sim *s, const struct warden_params *p)
{
	*s = (struct sim){ .p = *p, .now = 1 };
	s->w.cwnd = 10;
	s->w.ssthresh = p->initial_ssthresh ? p->initial_ssthresh : 0x7fffffff;
	s->w.clamp = p->max_cwnd ? p->max_cwnd : U32_MAX;
}

/* One round trip in which every segment of the window is ACKed one by one. */
static void sim_rtt(struct sim *s)
{
	u32 i, n = s->w.cwnd;

	for (i = 0; i < n; i++) {
		if (s->p.growth == WARDEN_GROWTH_CUBIC) {
			/* Ticks are ms (HZ 1000). */
			warden_cubic_rtt_sample(&s->c, RTT_MS * 1000, s->now, 1000);
			warden_cubic_ack(&s->c, &s->w, 1, s->now + i * RTT_MS / n,
					 1000, s->p.beta);
		} else {
			warden_reno_ack(&s->w, 1);
		}
	}
	s->now += RTT_MS;
}

/* Fast retransmit: ssthresh from beta, recovery ends at cwnd = ssthresh. */
static void sim_loss(struct sim *s)
{
	if (s->p.growth == WARDEN_GROWTH_CUBIC)
		warden_cubic_on_loss(&s->c, s->w.cwnd, s->p.beta);
	s->w.ssthresh = warden_loss_ssthresh(s->w.cwnd, s->p.beta, s->p.min_ssthresh);
	s->w.cwnd = s->w.ssthresh;
	s->w.cnt = 0;
}

/*
 * Timeout: ssthresh from rto-beta. cwnd 1 is the kernel's doing (its loss
 * state), modelled here, not tested: policy_xfer.sh sees it in TCP_INFO.
 */
static void sim_rto(struct sim *s)
{
	if (s->p.growth == WARDEN_GROWTH_CUBIC) {
		warden_cubic_on_loss(&s->c, s->w.cwnd, warden_params_rto_beta(&s->p));
		warden_cubic_reset(&s->c);
	}
	s->w.ssthresh = warden_loss_ssthresh(s->w.cwnd, warden_params_rto_beta(&s->p),
					     s->p.min_ssthresh);
	s->w.cwnd = 1;
	s->w.cnt = 0;
}

static const struct warden_params reno = {
	.beta = 512, .min_ssthresh = 2, .growth = WARDEN_GROWTH_RENO,
};

static void test_slow_start(void)
{
	struct sim s;
	u32 r, bad = 0, prev;

	sim_init(&s, &reno);
	for (r = 0; r < 8; r++) {
		prev = s.w.cwnd;
		sim_rtt(&s);
		bad += s.w.cwnd != 2 * prev;
	}
	is(bad, 0, "slow start doubles cwnd every RTT (10 -> 2560 in 8 RTTs)");

	{
		struct warden_params p = reno;

		p.initial_ssthresh = 40;
		sim_init(&s, &p);
		sim_rtt(&s);
		sim_rtt(&s);
		sim_rtt(&s);
		is(s.w.cwnd, 41, "initial-ssthresh 40 ends slow start at 40, then +1 per RTT");
	}
}

/* Loss whenever cwnd exceeds the path's capacity: the AIMD sawtooth. */
static void sawtooth(const struct warden_params *p, const char *name)
{
	u32 r, losses = 0, bad_ss = 0, peak_spread, peaks[64], ss_after[64];
	struct sim s;

	sim_init(&s, p);
	for (r = 0; r < 2000 && losses < 64; r++) {
		sim_rtt(&s);
		if (s.w.cwnd > 200) {
			u32 before = s.w.cwnd;

			peaks[losses] = before;
			sim_loss(&s);
			ss_after[losses] = s.w.ssthresh;
			if (s.w.ssthresh != max(before * p->beta / 1024, (u32)p->min_ssthresh))
				bad_ss++;
			losses++;
		}
	}
	ok(losses >= 10, "%s: repeated losses form a sawtooth (%u losses)", name, losses);
	is(bad_ss, 0, "ssthresh = max(beta * cwnd, floor) at every loss");
	peak_spread = 0;
	for (r = losses / 2; r < losses; r++)
		peak_spread = max(peak_spread, peaks[r] - 200);
	ok(peak_spread <= 200 / 2, "%s: peaks stay just above the capacity (max overshoot %u)",
	   name, peak_spread);
	ok(ss_after[losses - 1] < peaks[losses - 1],
	   "%s: each tooth drops to ssthresh below the peak", name);
}

static void test_aimd(void)
{
	struct warden_params p = reno;

	sawtooth(&p, "reno beta 0.5");
	p.beta = 922;
	p.min_ssthresh = 16;
	sawtooth(&p, "reno beta 0.9 floor 16");
	p.beta = 256;
	p.min_ssthresh = 120;
	sawtooth(&p, "reno beta 0.25 floor 120 (the floor binds)");
	p = reno;
	p.beta = 717;
	p.growth = WARDEN_GROWTH_CUBIC;
	sawtooth(&p, "cubic beta 0.7");
}

static void test_rto(void)
{
	struct warden_params p = reno;
	struct sim s;
	u32 r;

	sim_init(&s, &p);
	for (r = 0; r < 5; r++)
		sim_rtt(&s);
	sim_rto(&s);
	sim_rtt(&s);
	is(s.w.cwnd, 2, "after RTO, the first round trip doubles cwnd from 1");
	is(s.w.ssthresh, 160, "RTO ssthresh uses beta when rto-beta is unset (320 * 0.5)");
	for (r = 1; r < 8; r++)
		sim_rtt(&s);
	is(s.w.cwnd, 160, "after RTO, slow start from 1 stops at ssthresh (1 -> 128 -> 160)");

	p.rto_beta = 256;
	sim_init(&s, &p);
	for (r = 0; r < 5; r++)
		sim_rtt(&s);
	sim_rto(&s);
	is(s.w.ssthresh, 80, "RTO ssthresh uses rto-beta 0.25 when set (320 * 0.25)");
	p.growth = WARDEN_GROWTH_CUBIC;
	sim_init(&s, &p);
	for (r = 0; r < 5; r++)
		sim_rtt(&s);
	sim_rto(&s);
	sim_rtt(&s);
	is(s.w.cwnd, 2, "cubic: after RTO, slow start from 1 doubles in a round trip");
	for (r = 1; r < 30; r++)
		sim_rtt(&s);
	ok(s.w.cwnd > s.w.ssthresh, "cubic: grows past ssthresh after an RTO");
}

static void test_max_cwnd(void)
{
	struct warden_params p = reno;
	struct sim s;
	u32 r;

	p.max_cwnd = 50;
	sim_init(&s, &p);
	for (r = 0; r < 40; r++)
		sim_rtt(&s);
	is(s.w.cwnd, 50, "max-cwnd clamps growth");
}

int main(void)
{
	test_slow_start();
	test_aimd();
	test_rto();
	test_max_cwnd();
	return tap_done();
}
