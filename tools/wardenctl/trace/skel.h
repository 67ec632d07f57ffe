/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The skeletons of the five `trace` tools (bpf/NAME.bpf.c, one skeleton
 * each) behind one handle (skel.c), so that trace.c runs any of them alike.
 */
#ifndef _WARDENCTL_TRACE_SKEL_H
#define _WARDENCTL_TRACE_SKEL_H

#include <linux/types.h>

#include "trace_event.h"

struct bpf_object;
struct bpf_object_skeleton;
struct bpf_program;
struct bpf_map;
struct wtr_skel_ops;

/* What every tool's skeleton has; the rest by name from obj. */
struct wtr_skel {
	const struct wtr_skel_ops *ops;
	void *skel;			/* the tool's struct NAME_bpf */
	struct bpf_object_skeleton *s;
	struct bpf_object *obj;
	struct warden_trace_cfg *cfg;	/* its rodata, written before load */
	struct bpf_map *events, *drops, *nesting;
	struct bpf_program *on_state, *on_state_nested;
};

/* Open the skeleton of @mode's tool; 0 or a negative errno. */
int wtr_skel_open(struct wtr_skel *w, enum warden_trace_mode mode);
int wtr_skel_load(struct wtr_skel *w);
/*
 * The skeleton's own attach: every program it loaded and that is not set
 * apart with bpf_program__set_autoattach(). On failure, @failed (if given)
 * names the section of the program that did not attach.
 */
int wtr_skel_attach(struct wtr_skel *w, const char **failed);
void wtr_skel_destroy(struct wtr_skel *w);

#endif /* _WARDENCTL_TRACE_SKEL_H */
