// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the Reno window arithmetic in core/window.c. */
#include "tap.h"
#include "window.h"

static struct warden_win win(u32 cwnd, u32 ssthresh)
{
	struct warden_win w = {
		.cwnd = cwnd, .cnt = 0, .ssthresh = ssthresh, .clamp = U32_MAX,
	};
	return w;
}

static void test_slow_start(void)
{
	struct warden_win w = win(10, 1000);
	u32 left, rtt;

	/* One round trip ACKs a full window: cwnd doubles. */
	for (rtt = 0; rtt < 5; rtt++)
		warden_reno_ack(&w, w.cwnd);
	is(w.cwnd, 320, "slow start doubles cwnd every round trip");

	w = win(10, 16);
	left = warden_slow_start(&w, 10);
	is(w.cwnd, 16, "slow start stops at ssthresh");
	is(left, 4, "slow start returns the ACKs beyond ssthresh");

	w = win(20, 16);
	left = warden_slow_start(&w, 7);
	is(w.cwnd, 20, "slow start above ssthresh leaves cwnd alone");
	is(left, 7, "slow start above ssthresh hands back every ACK");

	w = win(10, 1000);
	w.clamp = 12;
	warden_slow_start(&w, 10);
	is(w.cwnd, 12, "slow start respects the clamp");
}

static void test_additive_increase(void)
{
	struct warden_win w = win(100, 50);
	u32 i;

	/* Per-segment ACKs over one window give exactly +1. */
	for (i = 0; i < 100; i++)
		warden_reno_ack(&w, 1);
	is(w.cwnd, 101, "congestion avoidance adds one segment per window");
	is(w.cnt, 0, "the credit counter restarts after an increase");

	w = win(10, 5);
	warden_reno_ack(&w, 35);
	is(w.cwnd, 13, "a stretch ACK of 3.5 windows adds three segments");
	is(w.cnt, 5, "the remainder of a stretch ACK is kept");

	w = win(10, 5);
	w.cnt = 40;	/* cwnd shrank under an old credit */
	warden_reno_ack(&w, 1);
	is(w.cwnd, 11, "a stale credit larger than the window still adds one");
	ok(w.cnt < w.cwnd, "the credit is smaller than the window afterwards");

	w = win(50, 5);
	w.clamp = 50;
	for (i = 0; i < 500; i++)
		warden_reno_ack(&w, 1);
	is(w.cwnd, 50, "additive increase never passes the clamp");

	w = win(0, 0);
	warden_additive_increase(&w, 0, 1);
	is(w.cwnd, 1, "a zero per-RTT divisor is treated as one");
}

static void test_decrease(void)
{
	is(warden_loss_ssthresh(100, 512, 2), 50, "Reno beta halves the window");
	is(warden_loss_ssthresh(100, 717, 2), 70, "CUBIC beta keeps 70%");
	is(warden_loss_ssthresh(3, 512, 2), 2, "the floor holds at small windows");
	is(warden_loss_ssthresh(10, 512, 16), 16, "a high floor beats beta*cwnd");
	is(warden_loss_ssthresh(1, 1000, 2), 2, "cwnd 1 falls to the floor");
	is(warden_loss_ssthresh(U32_MAX, 1000, 2), (u32)(((u64)U32_MAX * 1000) / 1024),
	   "no overflow at the largest cwnd");
	is(warden_loss_ssthresh(U32_MAX, 512, 2), U32_MAX / 2,
	   "Reno at the largest cwnd is exactly half");
}

static void test_undo(void)
{
	is(warden_undo_cwnd(50, 100), 100, "undo restores the window before the loss");
	is(warden_undo_cwnd(120, 100), 120, "undo never shrinks a window that grew");
	is(warden_undo_cwnd(7, 0), 7, "undo with no recorded loss keeps cwnd");
}

static void test_huge_window(void)
{
	struct warden_win w = win(U32_MAX - 3, U32_MAX);
	u32 left;

	left = warden_slow_start(&w, 10);
	is(w.cwnd, U32_MAX, "slow start saturates instead of wrapping");
	is(left, 7, "the ACKs that did not fit are handed back");

	w = win(U32_MAX - 1, 10);
	w.cnt = U32_MAX - 2;
	warden_reno_ack(&w, U32_MAX);
	ok(w.cwnd == U32_MAX, "additive increase saturates at the largest cwnd");
}

int main(void)
{
	test_slow_start();
	test_additive_increase();
	test_decrease();
	test_undo();
	test_huge_window();
	return tap_done();
}
