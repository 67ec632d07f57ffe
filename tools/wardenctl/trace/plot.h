/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WARDENCTL_TRACE_PLOT_H
#define _WARDENCTL_TRACE_PLOT_H

#include <linux/types.h>

#include "trace_event.h"

/* Plot collected cwnd samples (plot.c). */
struct wtr_plot;
/*
 * Can @file (a name parse.c took: .svg or .png) be written? Checked before
 * tracing: 0, or an exit code after one line saying why.
 */
int wtr_plot_check(const char *file);
struct wtr_plot *wtr_plot_new(const char *file);
void wtr_plot_add(struct wtr_plot *p, const struct warden_event *e);
/* Writes the file; returns 0 or an exit code after printing why. */
int wtr_plot_finish(struct wtr_plot *p);

#endif /* _WARDENCTL_TRACE_PLOT_H */
