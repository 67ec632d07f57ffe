// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of HyStart in core/cubic.c, replaying ACKs of one slow start
 * against the kernel's tcp_cubic with its module parameters' defaults:
 * hystart_detect = both detectors, hystart_low_window = 16,
 * hystart_ack_delta_us = 2000, 8 samples per round, a delay threshold of
 * delay_min / 8 clamped to 4..16 ms, an ACK train of more than
 * delay_min / 2 (unpaced) or delay_min + the TSO/GRO allowance (paced).
 */
#include "tap.h"
#include "cubic.h"

#define MS	1000

/* A round trip whose last segment is seq 1000: ACKs up to it stay in it. */
static struct warden_hystart_ack sample(u32 now_us, u32 cwnd, u32 delay, u32 delay_min)
{
	struct warden_hystart_ack a = {
		.now_us = now_us, .snd_una = 500, .snd_nxt = 1000 + cwnd,
		.cwnd = cwnd, .delay_us = delay, .delay_min_us = delay_min,
	};
	return a;
}

/*
 * @n ACKs of one round, 5 ms apart (too far apart for a train), all
 * with RTT @delay: the ACK (1-based) at which a detector fired, or 0.
 */
static u32 delay_round(u32 n, u32 cwnd, u32 delay, u32 delay_min, u32 *why)
{
	struct warden_hystart h;
	struct warden_hystart_ack a;
	u32 i, r;

	warden_hystart_start(&h, 0, 1000);
	for (i = 1; i <= n; i++) {
		a = sample(i * 5 * MS, cwnd, delay, delay_min);
		r = warden_hystart_update(&h, &a);
		if (r) {
			*why = r;
			return i;
		}
	}
	*why = 0;
	return 0;
}

static void test_delay(void)
{
	u32 why;

	/* delay_min 100 ms: threshold 100 / 8 = 12.5 ms, inside 4..16. */
	is(delay_round(20, 20, 112500, 100 * MS, &why), 0,
	   "delay: 112.5 ms is not above 100 + 12.5 ms");
	is(delay_round(20, 20, 112501, 100 * MS, &why), 9,
	   "delay: 112.501 ms fires at the 9th sample of the round");
	is(why, WARDEN_HYSTART_DELAY, "delay: reported as the delay detector");
	/* 20 ms / 8 = 2.5 ms, raised to 4 ms. */
	is(delay_round(20, 20, 24000, 20 * MS, &why), 0, "delay: 20 ms + 4 ms (the lower clamp) does not fire");
	is(delay_round(20, 20, 24001, 20 * MS, &why), 9, "delay: above 20 ms + 4 ms fires");
	/* 200 ms / 8 = 25 ms, lowered to 16 ms. */
	is(delay_round(20, 20, 216000, 200 * MS, &why), 0, "delay: 200 ms + 16 ms (the upper clamp) does not fire");
	is(delay_round(20, 20, 216001, 200 * MS, &why), 9, "delay: above 200 ms + 16 ms fires");
	is(delay_round(8, 20, 300000, 100 * MS, &why), 0, "delay: 8 samples are not enough");
}

/* The round's minimum counts: one low sample keeps the round quiet. */
static void test_delay_rounds(void)
{
	struct warden_hystart h;
	struct warden_hystart_ack a;
	u32 i, fired = 0, at = 0;

	warden_hystart_start(&h, 0, 1000);
	for (i = 1; i <= 30; i++) {
		a = sample(i * 5 * MS, 20, i == 3 ? 100 * MS : 120 * MS, 100 * MS);
		/* ACK 20 acknowledges the round's last segment, ACK 21 passes it. */
		a.snd_una = i <= 20 ? 980 + i : 1000 + i;
		a.snd_nxt = 2000;
		if (warden_hystart_update(&h, &a) && !fired++)
			at = i;
	}
	/*
	 * Round 1 holds ACKs 1-20 (snd_una up to end_seq 1000 included) and
	 * its minimum is ACK 3's 100 ms: no exit. ACK 21 passes end_seq and
	 * starts round 2 (end_seq 2000) with 120 ms samples: the 9th is ACK 29.
	 */
	is(at, 29, "delay: a new round starts when snd_una passes end_seq; fires at its 9th sample");

	/* Sequence numbers wrap: after() still sees the round end. */
	warden_hystart_start(&h, 0, 0xfffffff0);
	for (i = 1; i <= 8; i++) {
		a = sample(i * 5 * MS, 20, 120 * MS, 100 * MS);
		a.snd_una = 0xffffffe0 + i;
		warden_hystart_update(&h, &a);
	}
	a = sample(50 * MS, 20, 120 * MS, 100 * MS);
	a.snd_una = 0x10;
	a.snd_nxt = 0x100;
	is(warden_hystart_update(&h, &a), 0, "delay: a round end across the sequence wrap restarts the count");
	is(h.end_seq, 0x100, "the new round ends at snd_nxt");
}

/* Below cwnd 16 HyStart looks at nothing, not even to count samples. */
static void test_low_window(void)
{
	struct warden_hystart h;
	struct warden_hystart_ack a;
	u32 i, at = 0;

	warden_hystart_start(&h, 0, 1000);
	for (i = 0; i < 20 && !at; i++) {
		a = sample(i * 5 * MS, 10 + i, 150 * MS, 100 * MS);
		if (warden_hystart_update(&h, &a))
			at = 10 + i;
	}
	/* cwnd 10-15 are skipped; 16..24 are samples 1..9. */
	is(at, 24, "low window: the 9th sample at cwnd >= 16 fires, at cwnd 24");

	/* A train of 30 ACKs 1 ms apart, delay_min 10 ms: fires at 6 ms from 16 on. */
	for (at = 0; at < 2; at++) {
		u32 fired = 0;

		warden_hystart_start(&h, 0, 1000);
		for (i = 0; i < 30; i++) {
			a = sample(i * MS, 15 + at, 10 * MS, 10 * MS);
			fired |= warden_hystart_update(&h, &a);
		}
		is(fired, at ? WARDEN_HYSTART_TRAIN : 0,
		   at ? "low window: an ACK train at cwnd 16 fires" :
			"low window: no ACK train at cwnd 15");
	}
}

/*
 * ACKs @gap_us apart from the round start at 0 (cwnd 20, RTT = the
 * minimum, so the delay detector stays quiet), with one gap of @odd_us
 * after the 5th: the train's length when it fired, or 0.
 */
static u32 train(u32 delay_min, bool paced, u64 rate, u32 gap_us, u32 odd_us)
{
	struct warden_hystart h;
	struct warden_hystart_ack a;
	u32 i, now = 0;

	warden_hystart_start(&h, 0, 1000);
	for (i = 0; i < 100; i++) {
		now += i == 5 ? odd_us : i ? gap_us : 0;
		a = sample(now, 20, delay_min, delay_min);
		a.paced = paced;
		a.pacing_rate = rate;
		a.gso_max_size = 65536;
		if (warden_hystart_update(&h, &a) == WARDEN_HYSTART_TRAIN)
			return now;
	}
	return 0;
}

static void test_train(void)
{
	/* Unpaced, no pacing rate: more than 40 / 2 = 20 ms of train. */
	is(train(40 * MS, false, 0, 1000, 1000), 21 * MS,
	   "train: ACKs 1 ms apart fire after more than delay_min / 2 (21 ms)");
	is(train(40 * MS, false, 0, 1000, 2000), 21 * MS,
	   "train: a 2 ms gap still belongs to the train");
	is(train(40 * MS, false, 0, 1000, 2001), 0,
	   "train: a gap above 2 ms ends it for the round");
	is(train(40 * MS, false, 0, 2001, 2001), 0,
	   "train: ACKs more than 2 ms apart never form one");
	/*
	 * 1 GB/s: 65536 * 4 us / 1000 = 262 us of TSO/GRO allowance. Paced:
	 * 40262 us, not halved: fires at 41 ms; unpaced (40262 >> 1 = 20131):
	 * at 21 ms. At 1 MB/s the allowance is capped at 1 ms: 41000 us,
	 * not exceeded at 41 ms, so 42 ms.
	 */
	is(train(40 * MS, true, 1000000000, 1000, 1000), 41 * MS,
	   "train, paced: more than delay_min + 262 us (41 ms)");
	is(train(40 * MS, false, 1000000000, 1000, 1000), 21 * MS,
	   "train, unpaced with a pacing rate: (delay_min + 262 us) / 2 (21 ms)");
	is(train(40 * MS, true, 1000000, 1000, 1000), 42 * MS,
	   "train, paced at 1 MB/s: the allowance is capped at 1 ms (42 ms)");
}

static void test_ack_delay(void)
{
	is(warden_hystart_ack_delay(0, 65536), 0, "no pacing rate: no allowance");
	is(warden_hystart_ack_delay(1000000000, 65536), 262,
	   "65536 bytes at 1 GB/s: 4 * 65.5 us = 262 us");
	is(warden_hystart_ack_delay(1000000, 65536), 1000, "the allowance is at most 1 ms");
	is(warden_hystart_ack_delay(1ULL << 40, 1), 0, "a tiny burst at a huge rate: 0 us");
}

static void test_found(void)
{
	struct warden_hystart h;

	warden_hystart_start(&h, 0, 1000);
	h.found = 1;
	h.sample_cnt = 5;
	warden_hystart_start(&h, 7 * MS, 3000);
	is(h.found, 0, "a new start clears found");
	is(h.sample_cnt, 0, "and the round's samples");
	is(h.round_start, 7 * MS, "and begins a round now");
	is(h.curr_rtt, U32_MAX, "with no minimum yet");
}

int main(void)
{
	test_delay();
	test_delay_rounds();
	test_low_window();
	test_train();
	test_ack_delay();
	test_found();
	return tap_done();
}
