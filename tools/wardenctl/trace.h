/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by wardenctl's eBPF commands: trace, agent and the cwnd plot. */
#ifndef _WARDENCTL_TRACE_H
#define _WARDENCTL_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <linux/types.h>

#include "trace_event.h"
#include "wardenctl.h"

struct bpf_object;
struct bpf_program;

/* One-line error and false unless the kernel has BTF and what the programs call. */
bool wtr_have_btf(void);
/* Does the running kernel's BTF have a function named @name (fentry)? */
bool wtr_kernel_has_func(const char *name);
/* Route libbpf's messages: silent unless WARDENCTL_DEBUG is set. */
void wtr_libbpf_quiet(void);
/* Explain a failed load/attach of @what in one line; returns WCTL_EXIT_FAIL. */
int wtr_bpf_error(const char *what, int err);
/* Mount bpffs at /sys/fs/bpf when nothing is mounted there. */
int wtr_ensure_bpffs(void);

const char *wtr_state_name(unsigned int state);
/*
 * The same, with its length; the name is readable for 16 bytes (wl_put16):
 * the text reader formats every event.
 */
const char *wtr_state_name_len(unsigned int state, size_t *len);
const char *wtr_ca_state_name(unsigned int ca);
/* "addr:port" ("[v6]:port") of one side of a tuple. */
const char *wtr_endpoint(const struct warden_tuple *t, bool local, char *buf, size_t len);
/* Just the address. */
const char *wtr_addr(const struct warden_tuple *t, bool local, char *buf, size_t len);
/*
 * IPv4 "a.b.c.d" at @out without printf, unterminated; returns its length.
 * It writes up to WTR_ADDR4_ROOM bytes (every octet is copied four wide).
 */
#define WTR_ADDR4_ROOM	16
size_t wtr_addr4(char *out, const uint8_t *a);
/* CLOCK_MONOTONIC ns (bpf_ktime_get_ns) to CLOCK_REALTIME ns and seconds. */
uint64_t wtr_realtime_ns(uint64_t mono_ns);
double wtr_realtime(uint64_t mono_ns);

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

/*
 * Time in the previous state and the port of closed sockets, from the
 * event stream itself when the kernel does not keep them (trace_since.c).
 */
struct wtr_since;
struct wtr_since *wtr_since_new(void);
void wtr_since_free(struct wtr_since *s);
/* Fill @e's delta and port from earlier events of its socket; remember it. */
void wtr_since_apply(struct wtr_since *s, struct warden_event *e);

/* Plot collected cwnd samples (plot.c). */
struct wtr_plot;
struct wtr_plot *wtr_plot_new(const char *file);
void wtr_plot_add(struct wtr_plot *p, const struct warden_event *e);
/* Writes the file; returns 0 or an exit code after printing why. */
int wtr_plot_finish(struct wtr_plot *p);

#endif /* _WARDENCTL_TRACE_H */
