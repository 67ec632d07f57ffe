// SPDX-License-Identifier: GPL-2.0
/* Tests of the windowed EWMA rate estimator. */
#include "tap.h"
#include "rate.h"

#define SEC 1000000000ULL
#define WIN (1ULL << WARDEN_RATE_WIN_SHIFT)

/* Feed @rate events/s evenly for @secs seconds starting at *now. */
static void feed(struct warden_rate *r, u64 *now, u64 rate, u64 secs)
{
	u64 n = rate * secs, step = secs * SEC / (n ? n : 1), i;

	for (i = 0; i < n; i++) {
		warden_rate_add(r, *now, 1);
		*now += step;
	}
	if (!n)
		*now += secs * SEC;
}

static void test_steady(void)
{
	struct warden_rate r;
	u64 now = 10 * SEC, got;

	warden_rate_init(&r, now);
	is(warden_rate_get(&r, now), 0, "a new estimator reads zero");
	feed(&r, &now, 1000, 5);
	got = warden_rate_get(&r, now);
	ok(got > 950 && got < 1050, "a steady 1000/s reads about 1000/s (got %llu)",
	   (unsigned long long)got);

	warden_rate_init(&r, now);
	feed(&r, &now, 100000, 3);
	got = warden_rate_get(&r, now);
	ok(got > 95000 && got < 105000, "a steady 100000/s reads about 100000/s (got %llu)",
	   (unsigned long long)got);
}

static void test_step(void)
{
	struct warden_rate r;
	u64 now = 0, t0, got;
	int windows = 0;

	warden_rate_init(&r, now);
	feed(&r, &now, 100, 3);
	t0 = now;
	/* A step to 10000/s must show above 5000/s within a few windows. */
	while (warden_rate_get(&r, now) < 5000 && windows < 50) {
		warden_rate_add(&r, now, (u32)(10000 * WIN / SEC));
		now += WIN;
		windows++;
	}
	ok(windows <= 4, "a 100x step crosses half its value within 4 windows (%d)", windows);
	ok(now - t0 < SEC / 2, "that is well under half a second");
	got = warden_rate_get(&r, now);
	ok(got <= 10000 + 10000 / 20, "the estimate does not overshoot (got %llu)",
	   (unsigned long long)got);
}

static void test_decay(void)
{
	struct warden_rate r;
	u64 now = 0, a, b;

	warden_rate_init(&r, now);
	feed(&r, &now, 5000, 3);
	a = warden_rate_get(&r, now + SEC / 2);
	b = warden_rate_get(&r, now + SEC);
	ok(a < 5000 && b < a, "idle time decays the estimate (%llu then %llu)",
	   (unsigned long long)a, (unsigned long long)b);
	is(warden_rate_get(&r, now + 60 * SEC), 0, "a minute of silence reads zero");
	is(warden_rate_get(&r, now + 100000 * SEC), 0, "a very long silence reads zero");
	warden_rate_add(&r, now + 60 * SEC, 1);
	ok(warden_rate_get(&r, now + 60 * SEC + WIN) < 10, "one event after silence is a small rate");
}

static void test_overflow(void)
{
	struct warden_rate r;

	warden_rate_init(&r, 0);
	warden_rate_add(&r, 0, U32_MAX);
	warden_rate_add(&r, 1, U32_MAX);
	is(r.count, U32_MAX, "the window count saturates instead of wrapping");
	ok(warden_rate_get(&r, WIN) > 0, "a saturated window still reads a large rate");
}

/* The report rate: a flood shows before its first window ends. */
static void test_now(void)
{
	u64 start = 1000 * WIN, now, got;
	struct warden_rate r;
	int i;

	warden_rate_init(&r, start);
	for (i = 0; i < 200; i++)
		warden_rate_add(&r, start + i * 50000ULL, 1);	/* 20000/s */
	now = start + 10000000ULL;				/* 10 ms in */
	is(warden_rate_get(&r, now), 0, "10 ms into the first window the average is still 0");
	is(warden_rate_now(&r, now), 20000, "the report rate is that window's: 200 in 10 ms");

	warden_rate_init(&r, start);
	for (i = 0; i < 3; i++)
		warden_rate_add(&r, start + i * 100000ULL, 1);
	got = warden_rate_now(&r, start + 1000000ULL);
	ok(got <= 3 * SEC / (WIN / 16),
	   "3 events in 1 ms count over 1/16 window, not as 3000/s (got %llu)",
	   (unsigned long long)got);

	now = 10 * SEC;
	warden_rate_init(&r, now);
	feed(&r, &now, 1000, 5);
	got = warden_rate_now(&r, now);
	ok(got >= warden_rate_get(&r, now) && got < 1100,
	   "steady 1000/s: the report rate is about the average (got %llu)",
	   (unsigned long long)got);
	now += 3 * WIN;
	is(warden_rate_now(&r, now), warden_rate_get(&r, now),
	   "after idle windows it is the decayed average");
}

int main(void)
{
	test_steady();
	test_step();
	test_decay();
	test_overflow();
	test_now();
	return tap_done();
}
