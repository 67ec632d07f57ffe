// SPDX-License-Identifier: GPL-2.0
/*
 * Text lines for `wardenctl trace` built without printf. The reader formats
 * every event while the traced workload runs: on a 2-core host its CPU
 * time is taken from the workload, and format parsing was most of it.
 */
#include <arpa/inet.h>
#include <string.h>

#include "trace.h"

char *wtr_fixed(uint64_t v, unsigned int frac, char *end)
{
	char *p = end;
	unsigned int i;

	*--p = '\0';
	for (i = 0; i < frac; i++) {
		*--p = '0' + v % 10;
		v /= 10;
	}
	if (frac)
		*--p = '.';
	do {
		*--p = '0' + v % 10;
		v /= 10;
	} while (v);
	return p;
}

void wl_u64(struct wtr_line *l, uint64_t v, int width)
{
	char b[WTR_NUM_LEN];

	wl_right(l, wtr_fixed(v, 0, b + sizeof(b)), width);
}

/*
 * Decimal text of 0..255 for IPv4 addresses, space-padded to four bytes:
 * what a copy leaves past the digits is what the line holds anyway.
 */
static char octets[256][4];

static void octets_init(void)
{
	char n[WTR_NUM_LEN];
	const char *d;
	unsigned int i;

	for (i = 0; i < 256; i++) {
		d = wtr_fixed(i, 0, n + sizeof(n));
		memset(octets[i], ' ', 4);
		memcpy(octets[i], d, n + sizeof(n) - 1 - d);
	}
}

/* "a.b.c.d:port" straight into the line; returns its length. */
static size_t wl_endpoint4(struct wtr_line *l, const uint8_t *a, uint16_t port)
{
	char n[WTR_NUM_LEN];
	size_t start = l->n;
	unsigned int i;
	const char *d;

	if (octets[0][0] != '0')
		octets_init();
	if (l->n + 4 * 4 > sizeof(l->buf))
		return 0;
	for (i = 0; i < 4; i++) {
		/* copy all four bytes, advance by the digits, then the dot */
		memcpy(l->buf + l->n, octets[a[i]], 4);
		l->n += a[i] >= 100 ? 3 : a[i] >= 10 ? 2 : 1;
		l->buf[l->n++] = i < 3 ? '.' : ':';
	}
	d = wtr_fixed(port, 0, n + sizeof(n));
	wl_put(l, d, n + sizeof(n) - 1 - d);
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
	n = wl_endpoint4(l, local ? t->saddr : t->daddr, local ? t->sport : t->dport);
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
