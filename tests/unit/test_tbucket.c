// SPDX-License-Identifier: GPL-2.0
/*
 * Token bucket (GCRA) tests, including a differential test against a
 * straightforward token bucket that keeps its credit in nanoseconds.
 */
#include <stdlib.h>

#include "tap.h"
#include "tbucket.h"

#define SEC WARDEN_NSEC_PER_SEC

/* The textbook bucket: credit refills with time, capped at burst tokens. */
struct ref_bucket {
	u64 credit;	/* ns of credit; one token costs interval ns */
	u64 last;
	u64 interval, cap;
};

static void ref_init(struct ref_bucket *r, const struct warden_tb_cfg *c, u64 now)
{
	r->interval = c->interval_ns;
	r->cap = c->interval_ns * c->burst;
	r->credit = r->cap;
	r->last = now;
}

static bool ref_take(struct ref_bucket *r, u64 now)
{
	if (now > r->last) {
		u64 add = now - r->last;

		r->credit = add > r->cap - r->credit ? r->cap : r->credit + add;
		r->last = now;
	}
	if (!r->interval || r->credit < r->interval)
		return false;
	r->credit -= r->interval;
	return true;
}

/* Tokens in a bucket at @now: how many takes a copy of it allows. */
static u32 tokens(u64 tat, u64 now, const struct warden_tb_cfg *c)
{
	u32 n = 0;

	while (n <= c->burst && warden_tb_take(&tat, now, c))
		n++;
	return n;
}

static u64 rnd64(void)
{
	return ((u64)random() << 33) ^ ((u64)random() << 11) ^ (u64)random();
}

static void test_basics(void)
{
	struct warden_tb_cfg c;
	u64 tat, now = 5 * SEC;
	int i, n;

	ok(warden_tb_cfg_set(&c, 10, 5), "rate 10/s burst 5 is accepted");
	ok(!warden_tb_cfg_set(&c, 10, 0), "burst 0 is rejected");
	ok(!warden_tb_cfg_set(&c, WARDEN_TB_RATE_MAX + 1, 1), "a rate above the maximum is rejected");
	ok(!warden_tb_cfg_set(&c, 1, WARDEN_TB_BURST_MAX + 1), "a burst above the maximum is rejected");

	warden_tb_cfg_set(&c, 10, 5);
	tat = warden_tb_full(now);
	is(tokens(tat, now, &c), 5, "a new bucket holds burst tokens");
	for (n = 0, i = 0; i < 20; i++)
		n += warden_tb_take(&tat, now, &c);
	is(n, 5, "at one instant only burst tokens are given");
	is(tokens(tat, now, &c), 0, "the bucket is empty afterwards");
	ok(!warden_tb_take(&tat, now + SEC / 10 - 1, &c), "no token before one interval");
	ok(warden_tb_take(&tat, now + SEC / 10, &c), "one token after one interval (100 ms at 10/s)");
	is(tokens(tat, now + 100 * SEC, &c), 5, "an idle bucket never holds more than burst");

	warden_tb_refund(&tat, now + SEC / 10, &c);
	ok(warden_tb_take(&tat, now + SEC / 10, &c), "a refunded token can be taken again");
	tat = warden_tb_full(now);
	warden_tb_refund(&tat, now, &c);
	is(tokens(tat, now, &c), 5, "refunding a full bucket does not overfill it");

	warden_tb_cfg_set(&c, 0, 3);
	tat = warden_tb_full(now);
	ok(!warden_tb_take(&tat, now, &c), "rate 0 gives no tokens at all");
}

/* Random arrivals: GCRA and the reference bucket agree on every packet. */
static void test_differential(void)
{
	static const u32 rates[] = { 1, 3, 7, 100, 1000, 33333, 1000000 };
	u32 bursts[] = { 1, 2, 5, 64, 1000 };
	unsigned int ri, bi, i;
	unsigned long mismatches = 0, checked = 0;

	srandom(42);
	for (ri = 0; ri < sizeof(rates) / sizeof(rates[0]); ri++) {
		for (bi = 0; bi < sizeof(bursts) / sizeof(bursts[0]); bi++) {
			struct warden_tb_cfg c;
			struct ref_bucket r;
			u64 now = rnd64() >> 8, tat;

			warden_tb_cfg_set(&c, rates[ri], bursts[bi]);
			tat = warden_tb_full(now);
			ref_init(&r, &c, now);
			for (i = 0; i < 20000; i++) {
				/* Gaps from 0 to ~4 intervals, sometimes long idles. */
				u64 gap = random() % 16 ? rnd64() % (4 * c.interval_ns + 1)
							: rnd64() % (c.interval_ns * c.burst * 3 + 1);
				bool a, b, has;

				now += gap;
				has = warden_tb_conforms(tat, now, &c);
				a = warden_tb_take(&tat, now, &c);
				b = ref_take(&r, now);
				mismatches += a != b || has != a;
				checked++;
			}
		}
	}
	ok(checked == 7 * 5 * 20000, "the differential test ran %lu decisions", checked);
	is(mismatches, 0, "GCRA, and its token check, agree with the reference bucket on every decision");
}

/* Over a long saturating run the bucket admits rate * time + burst. */
static void test_long_run(void)
{
	struct warden_tb_cfg c;
	u64 now = SEC, end = now + 60 * SEC, tat;
	u64 admitted = 0;

	warden_tb_cfg_set(&c, 250, 40);
	tat = warden_tb_full(now);
	for (; now < end; now += 1000000) /* 1000 packets/s offered */
		admitted += warden_tb_take(&tat, now, &c);
	ok(admitted >= 250 * 60 + 39 && admitted <= 250 * 60 + 41,
	   "60 s at 4x the rate admits rate*60+burst (got %llu)",
	   (unsigned long long)admitted);
}

int main(void)
{
	test_basics();
	test_differential();
	test_long_run();
	return tap_done();
}
