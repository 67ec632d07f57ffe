/* SPDX-License-Identifier: GPL-2.0 */
/* The summaries a trace prints at exit, from the programs' maps (maps.c). */
#ifndef _WARDENCTL_TRACE_MAPS_H
#define _WARDENCTL_TRACE_MAPS_H

#include <stddef.h>
#include <stdint.h>

#include "trace/events.h"

struct bpf_object;

/* The sum over CPUs of the u64 at @off in entry 0's @size-byte values. */
uint64_t wtr_sum_percpu(int fd, size_t size, size_t off);
/*
 * Runs the kernel skipped of @obj's programs and no nested-run copy traced
 * instead; @nesting_fd: the copies' map.
 */
uint64_t wtr_prog_misses(struct bpf_object *obj, int nesting_fd);
/* handshake: the latency histograms of map @fd. */
void wtr_print_hists(struct wtr_out *c, int fd);
/* retrans: the totals per flow of map @fd. */
void wtr_print_retrans_flows(struct wtr_out *c, int fd);

#endif /* _WARDENCTL_TRACE_MAPS_H */
