// SPDX-License-Identifier: GPL-2.0
/* The five tools' skeletons behind one handle (skel.h). */
#include <errno.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "trace/skel.h"
#include "states.skel.h"
#include "retrans.skel.h"
#include "resets.skel.h"
#include "handshake.skel.h"
#include "cwnd.skel.h"

struct wtr_skel_ops {
	int (*open)(struct wtr_skel *w);
	int (*load)(void *skel);
	int (*attach)(void *skel);
	void (*destroy)(void *skel);
};

/*
 * Each tool's generated functions behind the one set of ops, and its maps
 * and programs every tool has; a tool without one of them does not build.
 */
#define WTR_SKEL_OPS(tool)						\
static int tool##_open(struct wtr_skel *w)				\
{									\
	struct tool##_bpf *s = tool##_bpf__open();			\
									\
	if (!s)								\
		return -errno;						\
	w->skel = s;							\
	w->s = s->skeleton;						\
	w->obj = s->obj;						\
	w->cfg = &s->rodata->cfg;					\
	w->events = s->maps.events;					\
	w->drops = s->maps.drops;					\
	w->nesting = s->maps.nesting;					\
	w->on_state = s->progs.on_state;				\
	w->on_state_nested = s->progs.on_state_nested;			\
	return 0;							\
}									\
static int tool##_load(void *s)						\
{									\
	return tool##_bpf__load(s);					\
}									\
static int tool##_attach(void *s)					\
{									\
	return tool##_bpf__attach(s);					\
}									\
static void tool##_destroy(void *s)					\
{									\
	tool##_bpf__destroy(s);						\
}									\
static const struct wtr_skel_ops tool##_ops = {				\
	tool##_open, tool##_load, tool##_attach, tool##_destroy,	\
}

WTR_SKEL_OPS(states);
WTR_SKEL_OPS(retrans);
WTR_SKEL_OPS(resets);
WTR_SKEL_OPS(handshake);
WTR_SKEL_OPS(cwnd);

static const struct wtr_skel_ops *const tools[] = {
	[WMODE_STATES] = &states_ops,
	[WMODE_RETRANS] = &retrans_ops,
	[WMODE_RESETS] = &resets_ops,
	[WMODE_HANDSHAKE] = &handshake_ops,
	[WMODE_CWND] = &cwnd_ops,
};

int wtr_skel_open(struct wtr_skel *w, enum warden_trace_mode mode)
{
	memset(w, 0, sizeof(*w));
	if ((unsigned int)mode >= sizeof(tools) / sizeof(tools[0]) || !tools[mode])
		return -EINVAL;
	w->ops = tools[mode];
	return w->ops->open(w);
}

int wtr_skel_load(struct wtr_skel *w)
{
	return w->ops->load(w->skel);
}

/* attach stops at the first failure: the first program left without a link. */
static const char *failed_prog(const struct bpf_object_skeleton *s)
{
	int i;

	for (i = 0; i < s->prog_cnt; i++) {
		struct bpf_program *p = *s->progs[i].prog;

		if (bpf_program__autoload(p) && bpf_program__autoattach(p) &&
		    !*s->progs[i].link)
			return bpf_program__section_name(p);
	}
	return "the tracing programs";
}

int wtr_skel_attach(struct wtr_skel *w, const char **failed)
{
	int err = w->ops->attach(w->skel);

	if (err && failed)
		*failed = failed_prog(w->s);
	return err;
}

void wtr_skel_destroy(struct wtr_skel *w)
{
	if (w->ops && w->skel)
		w->ops->destroy(w->skel);
	w->skel = NULL;
}
