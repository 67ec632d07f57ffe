/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WARDENCTL_TRACE_SINCE_H
#define _WARDENCTL_TRACE_SINCE_H

#include <linux/types.h>

#include "trace_event.h"

/*
 * Time in the previous state and the port of closed sockets, from the
 * event stream itself when the kernel does not keep them (since.c).
 */
struct wtr_since;
struct wtr_since *wtr_since_new(void);
void wtr_since_free(struct wtr_since *s);
/* Fill @e's delta and port from earlier events of its socket; remember it. */
void wtr_since_apply(struct wtr_since *s, struct warden_event *e);

#endif /* _WARDENCTL_TRACE_SINCE_H */
