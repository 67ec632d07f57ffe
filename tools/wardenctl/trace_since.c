// SPDX-License-Identifier: GPL-2.0
/*
 * When did each traced socket enter its state, and what was its port?
 * Without a port filter or histograms the kernel program keeps neither
 * (see kernel_since in trace.bpf.c): every transition reaches the reader
 * in order, so the reader derives both here. The table is bounded: a full
 * set forgets its oldest socket, whose next event then shows no time.
 */
#include <netinet/tcp.h>
#include <stdlib.h>

#include "trace.h"

#define SINCE_SETS	16384	/* a power of two */
#define SINCE_WAYS	4

struct since_ent {
	uint64_t cookie;	/* 0: free */
	uint64_t ts_ns;		/* entered its current state */
	uint16_t sport;
};

struct wtr_since {
	struct since_ent ent[SINCE_SETS][SINCE_WAYS];
};

struct wtr_since *wtr_since_new(void)
{
	return calloc(1, sizeof(struct wtr_since));
}

void wtr_since_free(struct wtr_since *s)
{
	free(s);
}

static struct since_ent *since_set(struct wtr_since *s, uint64_t cookie)
{
	/* Cookies are sequential: a multiplicative hash spreads them. */
	return s->ent[(cookie * 0x9e3779b97f4a7c15ULL) >> 50 & (SINCE_SETS - 1)];
}

void wtr_since_apply(struct wtr_since *s, struct warden_event *e)
{
	struct since_ent *set, *hit = NULL, *victim;
	unsigned int i;

	if (e->type != WEV_STATE || !e->cookie)
		return;
	set = since_set(s, e->cookie);
	victim = &set[0];
	for (i = 0; i < SINCE_WAYS; i++) {
		if (set[i].cookie == e->cookie) {
			hit = &set[i];
			break;
		}
		if (!set[i].cookie || (victim->cookie && set[i].ts_ns < victim->ts_ns))
			victim = &set[i];
	}
	if (hit) {
		if (!(e->flags & WEV_F_DELTA) && e->ts_ns >= hit->ts_ns) {
			e->delta_ns = e->ts_ns - hit->ts_ns;
			e->flags |= WEV_F_DELTA;
		}
		/* The kernel frees the port before the ->CLOSE transition. */
		if (!e->t.sport)
			e->t.sport = hit->sport;
		victim = hit;
	}
	if (e->state == TCP_CLOSE) {
		if (hit)
			hit->cookie = 0;	/* a cookie is never reused */
		return;
	}
	if (!hit)
		victim->sport = 0;
	victim->cookie = e->cookie;
	victim->ts_ns = e->ts_ns;
	if (e->t.sport)
		victim->sport = e->t.sport;
}
