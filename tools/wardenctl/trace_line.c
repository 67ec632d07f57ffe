// SPDX-License-Identifier: GPL-2.0
/*
 * Text lines for `wardenctl trace` built without printf. The reader formats
 * every event while the traced workload runs: on a 2-core host its CPU
 * time is taken from the workload, and format parsing was most of it.
 */
#include <arpa/inet.h>
#include <string.h>

#include "trace.h"

static void wl_put(struct wtr_line *l, const char *s, size_t n)
{
	if (n > sizeof(l->buf) - l->n)
		n = sizeof(l->buf) - l->n;
	memcpy(l->buf + l->n, s, n);
	l->n += n;
}

static void wl_fill(struct wtr_line *l, size_t n)
{
	if (n > sizeof(l->buf) - l->n)
		n = sizeof(l->buf) - l->n;
	memset(l->buf + l->n, ' ', n);
	l->n += n;
}

void wl_str(struct wtr_line *l, const char *s)
{
	wl_put(l, s, strlen(s));
}

void wl_left(struct wtr_line *l, const char *s, int width)
{
	size_t n = strlen(s);

	wl_put(l, s, n);
	if ((size_t)width > n)
		wl_fill(l, width - n);
}

void wl_right(struct wtr_line *l, const char *s, int width)
{
	size_t n = strlen(s);

	if ((size_t)width > n)
		wl_fill(l, width - n);
	wl_put(l, s, n);
}

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

void wl_flow(struct wtr_line *l, const struct warden_tuple *t, int width)
{
	char b[INET6_ADDRSTRLEN + 10];

	wl_left(l, wtr_endpoint(t, true, b, sizeof(b)), width);
	wl_str(l, " ");
	wl_left(l, wtr_endpoint(t, false, b, sizeof(b)), width);
	wl_str(l, " ");
}
