/* SPDX-License-Identifier: GPL-2.0 */
/* `sockets --summary` and the counts per state it shares with the report (summary.c). */
#ifndef _WARDENCTL_SOCKETS_SUMMARY_H
#define _WARDENCTL_SOCKETS_SUMMARY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sockets/diag.h"
#include "sockets/opts.h"

/* Socket counts of one netns, per family and state. */
struct sk_counts {
	char netns[64];
	uint64_t n[2][SK_NSTATES];	/* [0] IPv4, [1] IPv6 */
};
void sk_count_row(struct sk_counts *c, const struct sk_row *r);
/* Prometheus gauges tcpwarden_sockets{netns,family,state} for @states. */
void sk_prom_counts(FILE *f, const struct sk_counts *c, size_t n, uint32_t states);


/* --summary (and --prometheus without report). */
int sk_summary(struct sk_opts *o);

#endif /* _WARDENCTL_SOCKETS_SUMMARY_H */
