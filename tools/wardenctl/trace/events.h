/* SPDX-License-Identifier: GPL-2.0 */
/* Printing traced events (events.c). */
#ifndef _WARDENCTL_TRACE_EVENTS_H
#define _WARDENCTL_TRACE_EVENTS_H

#include <stdbool.h>

#include "lib/json.h"
#include <linux/types.h>

#include "trace_event.h"

struct wtr_out {
	enum warden_trace_mode mode;
	bool json;
	int addr_width;		/* of the LOCAL and REMOTE columns */
	struct wctl_json j;
};

/* @family: the -4/-6 filter (0: both), which sets the columns' width. */
void wtr_out_init(struct wtr_out *o, enum warden_trace_mode mode, bool json, int family);
/* The column titles (nothing for JSON). */
void wtr_out_header(struct wtr_out *o);
void wtr_out_event(struct wtr_out *o, const struct warden_event *e);
/* "family", "saddr", "sport", "daddr", "dport" of @e into an open object. */
void wtr_json_tuple(struct wctl_json *j, const struct warden_event *e);

#endif /* _WARDENCTL_TRACE_EVENTS_H */
