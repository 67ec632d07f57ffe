// SPDX-License-Identifier: GPL-2.0
/* `sockets --group-by remote|local-port|process` (group.h). */
#include <stdio.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/json.h"
#include "lib/netns.h"
#include "lib/util.h"
#include "sockets/agg.h"
#include "sockets/diag.h"
#include "sockets/fmt.h"
#include "sockets/group.h"
#include "sockets/output.h"
#include "sockets/owner.h"

#define MAX_OWNERS	8	/* per socket; a socket shared after fork() counts for each */

struct group_ctx {
	struct sk_opts *o;
	struct sk_agg_table t;
	bool oom, owners_failed;
};

static int group_add(struct group_ctx *g, const struct sk_agg_key *k, const char *comm,
		     const struct sk_row *r)
{
	struct sk_agg *a = sk_agg_get(&g->t, k);
	int st = r->state == WCTL_TCP_NEW_SYN_RECV ? WCTL_TCP_SYN_RECV : r->state;

	if (!a) {
		g->oom = true;
		wctl_err("out of memory grouping sockets; narrow the filter");
		return WCTL_EXIT_FAIL;
	}
	a->count++;
	if (st < SK_NSTATES)
		a->per_state[st]++;
	if (comm)
		snprintf(a->comm, sizeof(a->comm), "%s", comm);
	return 0;
}

static int group_row(const struct sk_row *r, void *arg)
{
	struct group_ctx *g = arg;
	struct sk_owner own[MAX_OWNERS];
	struct sk_agg_key k;
	int n, i, rc;

	memset(&k, 0, sizeof(k));
	switch (g->o->group) {
	case SK_GROUP_REMOTE:
		k.family = r->family;
		memcpy(k.a, r->dst, 16);
		break;
	case SK_GROUP_LPORT:
		k.port = r->sport;
		break;
	case SK_GROUP_PROCESS:
		/* pid 0: no owner (TIME-WAIT, orphans); -1: owner not found. */
		if (!sk_state_full(r->state) || !r->inode)
			break;
		if (sk_owners_scan()) {
			g->owners_failed = true;
			k.pid = -1;
			break;
		}
		n = sk_owners_find(r->inode, own, MAX_OWNERS);
		if (!n) {
			k.pid = -1;
			break;
		}
		/* A socket shared after fork() counts for each holder. */
		for (i = 0; i < n && i < MAX_OWNERS; i++) {
			k.pid = own[i].pid;
			rc = group_add(g, &k, own[i].comm, r);
			if (rc)
				return rc;
		}
		return 0;
	default:
		break;
	}
	return group_add(g, &k, NULL, r);
}

static void group_key_str(const struct sk_opts *o, const struct sk_agg *a, char *buf, size_t len)
{
	switch (o->group) {
	case SK_GROUP_REMOTE:
		sk_addr_str(a->key.family, a->key.a, buf);
		break;
	case SK_GROUP_LPORT:
		snprintf(buf, len, "%u", a->key.port);
		break;
	default:
		if (a->key.pid > 0)
			snprintf(buf, len, "%s/%d", a->comm, a->key.pid);
		else
			snprintf(buf, len, "%s", a->key.pid ? "(owner not found)" : "(no owner)");
	}
}

static const char *const group_heads[] = { "", "Remote", "Local-Port", "Process" };

static void group_json(const struct sk_opts *o, const struct sk_agg *v, size_t n)
{
	char key[INET6_ADDRSTRLEN + 32];
	struct wctl_json j;
	size_t i;
	int st;


	wj_init(&j, stdout);
	wj_obj_open(&j, NULL);
	wj_str(&j, "netns", wctl_netns_label());
	wj_str(&j, "group-by", sk_group_name(o->group));
	wj_arr_open(&j, "groups");
	for (i = 0; i < n; i++) {
		wj_obj_open(&j, NULL);
		if (o->group == SK_GROUP_LPORT) {
			wj_u64(&j, "local-port", v[i].key.port);
		} else if (o->group == SK_GROUP_REMOTE) {
			group_key_str(o, &v[i], key, sizeof(key));
			wj_str(&j, "remote", key);
		} else if (v[i].key.pid > 0) {
			wj_s64(&j, "pid", v[i].key.pid);
			wj_str(&j, "comm", v[i].comm);
		} else {
			wj_null(&j, "pid");
			wj_null(&j, "comm");
		}
		wj_u64(&j, "count", v[i].count);
		wj_obj_open(&j, "states");
		for (st = 1; st < SK_NSTATES; st++)
			if (v[i].per_state[st])
				wj_u64(&j, wctl_tcp_word(st), v[i].per_state[st]);
		wj_obj_close(&j);
		wj_obj_close(&j);
	}
	wj_arr_close(&j);
	wj_obj_close(&j);
	wj_end(&j);
}

static void group_table(const struct sk_opts *o, const struct sk_agg *v, size_t n, uint32_t seen,
			bool owners_failed)
{
	char key[INET6_ADDRSTRLEN + 32];
	size_t i;
	int st;

	if (!o->no_header) {
		printf("%8s  %-32s", "Count", group_heads[o->group]);
		for (st = 1; st < SK_NSTATES; st++)
			if (seen & (1u << st))
				printf(" %11s", wctl_tcp_label(st));
		putchar('\n');
	}
	for (i = 0; i < n; i++) {
		group_key_str(o, &v[i], key, sizeof(key));
		printf("%8llu  %-32s", (unsigned long long)v[i].count, key);
		for (st = 1; st < SK_NSTATES; st++)
			if (seen & (1u << st))
				printf(" %11u", v[i].per_state[st]);
		putchar('\n');
	}
	if (!o->no_header && o->group == SK_GROUP_PROCESS && (seen & (1u << WCTL_TCP_TIME_WAIT)))
		printf("Note: (no owner) counts TIME-WAIT sockets and orphans: no process holds them\n");
	if (!o->no_header && owners_failed)
		printf("Note: owners unknown: /proc cannot be read\n");
}

int sk_group_by(struct sk_opts *o)
{
	struct group_ctx g = { .o = o };
	struct sk_agg *v;
	uint32_t seen = 0;
	size_t n, i;
	int rc, st;

	rc = sk_dump(&o->f, group_row, &g);
	if (rc) {
		sk_agg_free(&g.t);
		return rc;
	}
	n = sk_agg_sorted(&g.t, &v);
	if (o->top && n > o->top)
		n = o->top;
	for (i = 0; i < n; i++)
		for (st = 1; st < SK_NSTATES; st++)
			if (v[i].per_state[st])
				seen |= 1u << st;

	if (o->json)
		group_json(o, v, n);
	else
		group_table(o, v, n, seen, g.owners_failed);
	sk_agg_free(&g.t);
	return sk_finish_output();
}
