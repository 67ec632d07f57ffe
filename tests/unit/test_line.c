// SPDX-License-Identifier: GPL-2.0
/*
 * The text lines of `wardenctl trace` (tools/wardenctl/trace/line.c): the
 * in-place numbers, state names, padding and flows against printf, and the
 * fixed-size copies at the end of a line's buffer.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "lib/tcp.h"
#include "trace/env.h"
#include "trace/line.h"

static const char *text(struct wtr_line *l)
{
	static char s[sizeof(l->buf) + 1];

	memcpy(s, l->buf, l->n);
	s[l->n] = '\0';
	return s;
}

/* Count a line that differs from @want; show the first few. */
static void compare(struct wtr_line *l, const char *want, unsigned int *bad)
{
	if (strcmp(text(l), want) && (*bad)++ < 3)
		printf("#   got  %s\n#   want %s\n", text(l), want);
}

static void check_fixed(void)
{
	static const int widths[] = { 0, 1, 5, 10, 12 };
	static const unsigned long long p10[4] = { 1, 10, 100, 1000 };
	char num[48], want[96];
	unsigned int frac, w, left, bad = 0, n = 0;
	unsigned long long v;
	struct wtr_line l;
	int i;

	for (frac = 0; frac <= 3; frac++)
		for (i = 0; i < 3000; i++)
			for (w = 0; w < 5; w++)
				for (left = 0; left < 2; left++) {
					v = i < 20 ? (unsigned long long)i * i * i :
					    (unsigned long long)i * i * 2654435761u >> (i % 45);
					if (i == 2999)
						v = ~0ull;
					if (frac)
						snprintf(num, sizeof(num), "%llu.%0*llu", v / p10[frac],
							 (int)frac, v % p10[frac]);
					else
						snprintf(num, sizeof(num), "%llu", v);
					snprintf(want, sizeof(want), left ? "[%-*s]" : "[%*s]",
						 widths[w], num);
					wl_init(&l);
					wl_put(&l, "[", 1);
					wl_fixed(&l, v, frac, widths[w], left);
					wl_put(&l, "]", 1);
					n++;
					compare(&l, want, &bad);
				}
	ok(!bad, "wl_fixed matches printf's %%*s/%%-*s for %u cases", n);
}

static void check_states(void)
{
	char want[64];
	struct wtr_line l;
	unsigned int s, bad = 0;
	const char *name;
	size_t len;

	for (s = 0; s < 20; s++) {
		name = wctl_tcp_kernel_name(s, &len);
		snprintf(want, sizeof(want), "%-11s|%s|", name, name);
		wl_init(&l);
		wl_state(&l, s, 11);
		wl_put(&l, "|", 1);
		wl_state(&l, s, 0);
		wl_put(&l, "|", 1);
		compare(&l, want, &bad);
	}
	ok(!bad, "wl_state pads every state's name like %%-11s, unknown ones too");
}

static void check_flow(void)
{
	struct warden_tuple t = { .family = AF_INET, .sport = 7, .dport = 65535 };
	static const unsigned char a[4] = { 10, 0, 200, 9 }, b[4] = { 255, 255, 255, 255 };
	char want[96];
	struct wtr_line l;

	memcpy(t.saddr, a, 4);
	memcpy(t.daddr, b, 4);
	snprintf(want, sizeof(want), "%-21s %-21s |", "10.0.200.9:7", "255.255.255.255:65535");
	wl_init(&l);
	wl_flow(&l, &t, 21);
	wl_put(&l, "|", 1);
	ok(!strcmp(text(&l), want), "an IPv4 flow in two padded columns");
	if (strcmp(text(&l), want))
		printf("#   got  %s\n#   want %s\n", text(&l), want);
}

/*
 * The reader remembers the last address of each side: a run of flows that
 * change one side, the other, both or neither must still print each one.
 */
static void check_flow_runs(void)
{
	static const unsigned char addrs[][4] = {
		{ 127, 0, 0, 1 }, { 127, 0, 0, 2 }, { 10, 1, 2, 3 }, { 0, 0, 0, 0 },
		{ 192, 168, 100, 200 },
	};
	struct warden_tuple t = { .family = AF_INET };
	char want[96], s[32], d[32];
	unsigned int i, bad = 0, n = 0;
	struct wtr_line l;

	for (i = 0; i < 400; i++) {
		const unsigned char *a = addrs[i * 7 / 3 % 5], *b = addrs[i * i % 5];

		memcpy(t.saddr, a, 4);
		memcpy(t.daddr, b, 4);
		t.sport = i * 163;
		t.dport = 65535 - i;
		snprintf(s, sizeof(s), "%u.%u.%u.%u:%u", a[0], a[1], a[2], a[3], t.sport);
		snprintf(d, sizeof(d), "%u.%u.%u.%u:%u", b[0], b[1], b[2], b[3], t.dport);
		snprintf(want, sizeof(want), "%-21s %-21s |", s, d);
		wl_init(&l);
		wl_flow(&l, &t, 21);
		wl_put(&l, "|", 1);
		n++;
		compare(&l, want, &bad);
	}
	ok(!bad, "%u IPv4 flows in a row, sides changing in turn, match printf", n);
}

/* Owners change from event to event: each line shows its own. */
static void check_owners(void)
{
	static const char comms[][16] = {
		"trace_churn", "python3", "a", "exactly15chars_", "sixteen_chars_xx", "",
	};
	static const uint32_t pids[] = { 1, 4176, 4194304, 0, 4294967295u };
	unsigned int i, bad = 0, n = 0;
	char want[64];
	struct wtr_line l;

	for (i = 0; i < 300; i++) {
		/* first the pid changes at every line, then the comm */
		const char *c = comms[i < 150 ? i / 5 % 6 : i % 6];
		uint32_t pid = pids[i < 150 ? i % 5 : i / 6 % 5];

		snprintf(want, sizeof(want), "[%-7u %-15.16s]", pid, c);
		wl_init(&l);
		wl_put(&l, "[", 1);
		wl_owner(&l, pid, c);
		wl_put(&l, "]", 1);
		n++;
		compare(&l, want, &bad);
	}
	ok(!bad, "%u owners in a row, pid and comm changing in turn, match printf", n);
}

/* wl_put16 and wl_fill near the end: nothing past the buffer (ASan). */
static void check_end(void)
{
	struct wtr_line l;
	size_t room;

	wl_init(&l);
	wl_fill(&l, sizeof(l.buf) - 20);
	wl_state(&l, 1, 0);			/* 16-byte copy fits */
	ok(l.n == sizeof(l.buf) - 9 && !memcmp(l.buf + l.n - 11, "ESTABLISHED", 11),
	   "a name copied 16 wide where 20 bytes were left");
	wl_state(&l, 1, 0);			/* 9 left: falls back, truncated */
	room = sizeof(l.buf);
	ok(l.n == room && !memcmp(l.buf + room - 9, "ESTABLISHE", 9),
	   "with 9 bytes left the name is cut, not written past the end");
	wl_fill(&l, 100);
	wl_fixed(&l, 12345, 0, 10, false);
	ok(l.n == room, "a full line takes no more padding or numbers");
}

int main(void)
{
	check_fixed();
	check_states();
	check_flow();
	check_flow_runs();
	check_owners();
	check_end();
	return tap_done();
}
