/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What `trace` and `agent` share (env.c): checks of the kernel and bpffs,
 * libbpf's messages, and names and addresses of events.
 */
#ifndef _WARDENCTL_TRACE_ENV_H
#define _WARDENCTL_TRACE_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/types.h>

#include "trace_event.h"

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

#endif /* _WARDENCTL_TRACE_ENV_H */
