/* SPDX-License-Identifier: GPL-2.0 */
/* Printing traced events (events.c). */
#ifndef _WARDENCTL_TRACE_EVENTS_H
#define _WARDENCTL_TRACE_EVENTS_H

#include <stdbool.h>

#include "lib/json.h"
#include <linux/types.h>

#include "trace/filters.h"
#include "trace_event.h"

struct wtr_out {
	enum warden_trace_mode mode;
	bool json;
	bool all_netns;		/* a NETNS column: events of every namespace */
	int addr_width;		/* of the LOCAL and REMOTE columns */
	int netns_width;	/* of the NETNS column */
	struct wtr_netns_names names;	/* of the namespaces traced */
	struct wctl_json j;
};

/*
 * @family: the -4/-6 filter (0: both), which sets the columns' width.
 * names is filled by the caller (wtr_netns_names()).
 */
void wtr_out_init(struct wtr_out *o, enum warden_trace_mode mode, bool json, int family,
		  bool all_netns);
/* The column titles (nothing for JSON). */
void wtr_out_header(struct wtr_out *o);
void wtr_out_event(struct wtr_out *o, const struct warden_event *e);
/*
 * "netns-cookie", "netns" (its name, null when unknown), "family",
 * "saddr", "sport", "daddr", "dport" of @t into an open object.
 */
void wtr_json_flow(struct wtr_out *o, uint64_t netns, const struct warden_tuple *t);

#endif /* _WARDENCTL_TRACE_EVENTS_H */
