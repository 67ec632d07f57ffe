// SPDX-License-Identifier: GPL-2.0
/*
 * When did each traced socket enter its state, and what was its port?
 * Without a port filter or histograms the kernel program keeps neither
 * (see cfg.kernel_since in trace_tool.bpf.h): every transition reaches
 * the reader in order, so it derives both here. The table is bounded: a full
 * set forgets its oldest socket, whose next event then shows no time.
 */
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>

#include "trace/since.h"

#define SINCE_SETS	16384	/* a power of two */
#define SINCE_WAYS	4
#define COOKIE_BITS	48	/* a per-boot counter: never reaches 2^48 */
#define COOKIE_MASK	((1ULL << COOKIE_BITS) - 1)

/* 16 bytes, so a set is one cache line. */
struct since_ent {
	uint64_t key;		/* sport << COOKIE_BITS | cookie; 0: free */
	uint64_t ts_ns;		/* entered its current state */
};

struct wtr_since {
	struct since_ent ent[SINCE_SETS][SINCE_WAYS];
};

struct wtr_since *wtr_since_new(void)
{
	struct wtr_since *s;

	if (posix_memalign((void **)&s, 64, sizeof(*s)))
		return NULL;
	memset(s, 0, sizeof(*s));
	return s;
}

void wtr_since_free(struct wtr_since *s)
{
	free(s);
}

/*
 * The kernel hands out cookies from per-CPU runs of consecutive numbers:
 * indexing by the low bits keeps a churn's live sockets in neighbouring
 * cache lines instead of spreading them over the whole table.
 */
static struct since_ent *since_set(struct wtr_since *s, uint64_t cookie)
{
	return s->ent[cookie & (SINCE_SETS - 1)];
}

void wtr_since_apply(struct wtr_since *s, struct warden_event *e)
{
	struct since_ent *set, *hit = NULL, *victim;
	uint64_t cookie = e->cookie & COOKIE_MASK;
	uint16_t sport;
	unsigned int i;

	if (e->type != WEV_STATE || !cookie)
		return;
	set = since_set(s, cookie);
	victim = &set[0];
	for (i = 0; i < SINCE_WAYS; i++) {
		if ((set[i].key & COOKIE_MASK) == cookie) {
			hit = &set[i];
			break;
		}
		if (!set[i].key || (victim->key && set[i].ts_ns < victim->ts_ns))
			victim = &set[i];
	}
	sport = e->t.sport;
	if (hit) {
		if (!(e->flags & WEV_F_DELTA) && e->ts_ns >= hit->ts_ns) {
			e->delta_ns = e->ts_ns - hit->ts_ns;
			e->flags |= WEV_F_DELTA;
		}
		/* The kernel frees the port before the ->CLOSE transition. */
		if (!sport)
			sport = e->t.sport = hit->key >> COOKIE_BITS;
		victim = hit;
	}
	if (e->state == TCP_CLOSE) {
		if (hit)
			hit->key = 0;	/* a cookie is never reused */
		return;
	}
	victim->key = (uint64_t)sport << COOKIE_BITS | cookie;
	victim->ts_ns = e->ts_ns;
}
