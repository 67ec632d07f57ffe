/* SPDX-License-Identifier: GPL-2.0 */
/* A line of `trace` text output, built without printf (line.c). */
#ifndef _WARDENCTL_TRACE_LINE_H
#define _WARDENCTL_TRACE_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <linux/types.h>

#include "trace_event.h"

/* A line of text output, built without printf (trace_line.c). */
struct wtr_line {
	char buf[512];
	size_t n;
};

static inline void wl_init(struct wtr_line *l)
{
	l->n = 0;
}

/*
 * Inline, so that the length of a literal is folded at compile time: the
 * reader formats every event while the traced workload runs.
 */
static inline void wl_put(struct wtr_line *l, const char *s, size_t n)
{
	if (n > sizeof(l->buf) - l->n)
		n = sizeof(l->buf) - l->n;
	memcpy(l->buf + l->n, s, n);
	l->n += n;
}

/*
 * Up to 16 bytes from a source readable for 16: one fixed-size copy, then
 * the cursor moves by @n. What lands past it is overwritten later or lies
 * past the line's end.
 */
static inline void wl_put16(struct wtr_line *l, const char *s, size_t n)
{
	if (n <= 16 && sizeof(l->buf) - l->n >= 16) {
		memcpy(l->buf + l->n, s, 16);
		l->n += n;
	} else {
		wl_put(l, s, n);
	}
}

/* Padding; it also covers what wtr_addr4() and wl_put16() wrote past. */
static inline void wl_fill(struct wtr_line *l, size_t n)
{
	static const char spaces[16] = "                ";

	if (n > sizeof(l->buf) - l->n)
		n = sizeof(l->buf) - l->n;
	if (n <= 16) {
		wl_put16(l, spaces, n);
		return;
	}
	memset(l->buf + l->n, ' ', n);
	l->n += n;
}

static inline void wl_str(struct wtr_line *l, const char *s)
{
	wl_put(l, s, strlen(s));
}

/* Like printf's "%-*.*s" and "%*.*s". */
static inline void wl_leftn(struct wtr_line *l, const char *s, size_t n, int width)
{
	wl_put(l, s, n);
	if ((size_t)width > n)
		wl_fill(l, width - n);
}

static inline void wl_rightn(struct wtr_line *l, const char *s, size_t n, int width)
{
	if ((size_t)width > n)
		wl_fill(l, width - n);
	wl_put(l, s, n);
}

static inline void wl_left(struct wtr_line *l, const char *s, int width)
{
	wl_leftn(l, s, strlen(s), width);
}

/* A number (wctl_fixed() with @frac decimals), right-aligned or left-aligned. */
void wl_fixed(struct wtr_line *l, uint64_t v, unsigned int frac, int width, bool left);
/*
 * "PID     COMM           ": @comm is WARDEN_TASK_COMM_LEN bytes, NUL-padded
 * or not. The last owner's text is reused.
 */
void wl_owner(struct wtr_line *l, uint32_t pid, const char *comm);
/* A TCP state's name, left-aligned. */
void wl_state(struct wtr_line *l, unsigned int state, int width);
void wl_u64(struct wtr_line *l, uint64_t v, int width);
/* The LOCAL and REMOTE columns, each followed by a space. */
void wl_flow(struct wtr_line *l, const struct warden_tuple *t, int width);

#endif /* _WARDENCTL_TRACE_LINE_H */
