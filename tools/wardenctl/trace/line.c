// SPDX-License-Identifier: GPL-2.0
/*
 * Text lines for `wardenctl trace` built without printf (line.h). The reader formats
 * every event while the traced workload runs: on a 2-core host its CPU
 * time is taken from the workload, and format parsing was most of it.
 */
#include <arpa/inet.h>
#include <string.h>

#include "lib/tcp.h"
#include "lib/util.h"
#include "trace/env.h"
#include "trace/line.h"

/* Length of wctl_fixed(v, frac)'s text: the number is written in place. */
static size_t fixed_len(uint64_t v, unsigned int frac)
{
	static const uint64_t p10[20] = {
		1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
		10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
		100000000000ull, 1000000000000ull, 10000000000000ull,
		100000000000000ull, 1000000000000000ull, 10000000000000000ull,
		100000000000000000ull, 1000000000000000000ull,
		10000000000000000000ull,
	};
	size_t n = 1;

	while (n < 20 && v >= p10[n])
		n++;
	/* with decimals: at least "0.", and the point */
	if (frac)
		n = (n < frac + 1 ? frac + 1 : n) + 1;
	return n;
}

void wl_fixed(struct wtr_line *l, uint64_t v, unsigned int frac, int width, bool left)
{
	size_t n = fixed_len(v, frac);

	if (!left && (size_t)width > n)
		wl_fill(l, width - n);
	/* wctl_fixed() ends the text with a NUL: room for it too */
	if (n + 1 > sizeof(l->buf) - l->n)
		return;
	wctl_fixed(v, frac, l->buf + l->n + n + 1);
	l->n += n;
	if (left && (size_t)width > n)
		wl_fill(l, width - n);
}

void wl_u64(struct wtr_line *l, uint64_t v, int width)
{
	wl_fixed(l, v, 0, width, false);
}

void wl_state(struct wtr_line *l, unsigned int state, int width)
{
	size_t n;
	const char *s = wctl_tcp_kernel_name(state, &n);

	wl_put16(l, s, n);
	if ((size_t)width > n)
		wl_fill(l, width - n);
}

/*
 * The PID and COMM columns of the last owner, as text: few tasks own most
 * of the events a trace sees.
 */
static struct {
	uint32_t pid;
	char comm[WARDEN_TASK_COMM_LEN];
	char text[32];
	size_t n;		/* 0: empty */
} owner_memo;

void wl_owner(struct wtr_line *l, uint32_t pid, const char *comm)
{
	size_t start = l->n, cn;

	_Static_assert(WARDEN_TASK_COMM_LEN == 16, "comm is one wl_put16()");
	if (owner_memo.n && owner_memo.pid == pid &&
	    !memcmp(owner_memo.comm, comm, WARDEN_TASK_COMM_LEN)) {
		wl_put(l, owner_memo.text, owner_memo.n);
		return;
	}
	wl_fixed(l, pid, 0, 7, true);
	wl_put(l, " ", 1);
	cn = strnlen(comm, WARDEN_TASK_COMM_LEN);
	wl_put16(l, comm, cn);
	if (cn < 15)
		wl_fill(l, 15 - cn);
	/* at most 10 digits, a space and 16 bytes of comm; not a cut line */
	if (l->n - start <= sizeof(owner_memo.text) && l->n < sizeof(l->buf)) {
		owner_memo.pid = pid;
		memcpy(owner_memo.comm, comm, WARDEN_TASK_COMM_LEN);
		owner_memo.n = l->n - start;
		memcpy(owner_memo.text, l->buf + start, owner_memo.n);
	}
}

/*
 * The last IPv4 address written on each side of a flow, as text: the local
 * address and often the peer's repeat from line to line.
 */
struct addr4_memo {
	uint8_t a[4];
	uint8_t n;		/* text length; 0: empty */
	char text[WTR_ADDR4_ROOM];
};

static struct addr4_memo addr4_memo[2];	/* local, remote */

/* "a.b.c.d:port" straight into the line; returns its length. */
static size_t wl_endpoint4(struct wtr_line *l, const uint8_t *a, uint16_t port,
			   struct addr4_memo *m)
{
	size_t start = l->n;

	if (l->n + WTR_ADDR4_ROOM + 1 > sizeof(l->buf))
		return 0;
	if (!m->n || memcmp(m->a, a, sizeof(m->a))) {
		m->n = wtr_addr4(m->text, a);
		memcpy(m->a, a, sizeof(m->a));
	}
	memcpy(l->buf + l->n, m->text, WTR_ADDR4_ROOM);
	l->n += m->n;
	l->buf[l->n++] = ':';
	wl_fixed(l, port, 0, 0, true);
	return l->n - start;
}

static void wl_endpoint(struct wtr_line *l, const struct warden_tuple *t, bool local,
			int width)
{
	char b[INET6_ADDRSTRLEN + 10];
	size_t n;

	if (t->family == AF_INET6) {
		wl_left(l, wtr_endpoint(t, local, b, sizeof(b)), width);
		return;
	}
	n = wl_endpoint4(l, local ? t->saddr : t->daddr, local ? t->sport : t->dport,
			 &addr4_memo[!local]);
	if ((size_t)width > n)
		wl_fill(l, width - n);
}

void wl_flow(struct wtr_line *l, const struct warden_tuple *t, int width)
{
	wl_endpoint(l, t, true, width);
	wl_put(l, " ", 1);
	wl_endpoint(l, t, false, width);
	wl_put(l, " ", 1);
}
