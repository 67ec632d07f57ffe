// SPDX-License-Identifier: GPL-2.0
/* Socket counts per state and family: --summary, and the report's (summary.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/json.h"
#include "lib/netns.h"
#include "lib/util.h"
#include "lib/vec.h"
#include "sockets/diag.h"
#include "sockets/fmt.h"
#include "sockets/output.h"
#include "sockets/summary.h"

void sk_count_row(struct sk_counts *c, const struct sk_row *r)
{
	int st = r->state == WCTL_TCP_NEW_SYN_RECV ? WCTL_TCP_SYN_RECV : r->state;

	if (st > 0 && st < SK_NSTATES)
		c->n[r->family == AF_INET6][st]++;
}

static int count_row(const struct sk_row *r, void *arg)
{
	sk_count_row(arg, r);
	return 0;
}

/* States to show: syn-recv stands for both of its kernel states. */
static bool state_shown(uint32_t states, int st)
{
	return st != WCTL_TCP_NEW_SYN_RECV && (states & (1u << st));
}

void sk_prom_counts(FILE *f, const struct sk_counts *c, size_t n, uint32_t states)
{
	size_t i;
	int fam, st;

	fputs("# HELP tcpwarden_sockets TCP sockets by network namespace, address family and state.\n"
	      "# TYPE tcpwarden_sockets gauge\n", f);
	for (i = 0; i < n; i++) {
		for (fam = 0; fam < 2; fam++) {
			for (st = 1; st < SK_NSTATES; st++) {
				if (!state_shown(states, st))
					continue;
				fputs("tcpwarden_sockets{", f);
				sk_prom_label(f, "netns", c[i].netns, true);
				sk_prom_label(f, "family", fam ? "ipv6" : "ipv4", false);
				sk_prom_label(f, "state", wctl_tcp_word(st), false);
				fprintf(f, "} %llu\n", (unsigned long long)c[i].n[fam][st]);
			}
		}
	}
}

struct counts_vec {
	struct sk_counts *v;
	size_t n, cap;
};

static int count_one_netns(struct sk_opts *o, void *arg)
{
	struct counts_vec *cv = arg;
	struct sk_counts *c;

	c = WCTL_PUSH(cv->v, cv->n, cv->cap);
	if (!c) {
		wctl_err("out of memory counting sockets");
		return WCTL_EXIT_FAIL;
	}
	memset(c, 0, sizeof(*c));
	snprintf(c->netns, sizeof(c->netns), "%s", wctl_netns_label());
	return sk_dump(&o->f, count_row, c);
}

static void summary_row(const struct sk_opts *o, const char *netns, const char *label,
			uint64_t v4, uint64_t v6)
{
	if (o->no_header && o->all_netns)
		printf("%s ", netns);
	printf("%-12s %10llu %10llu %10llu\n", label, (unsigned long long)v4,
	       (unsigned long long)v6, (unsigned long long)(v4 + v6));
}

/*
 * Like `ss -s`. With no-header, the rows alone, each led by its namespace
 * when there are several: what a script needs.
 */
static void summary_table(const struct sk_opts *o, const struct sk_counts *c, size_t n)
{
	uint64_t t[2];
	size_t i;
	int st;

	for (i = 0; i < n; i++) {
		t[0] = t[1] = 0;
		for (st = 1; st < SK_NSTATES; st++) {
			t[0] += c[i].n[0][st];
			t[1] += c[i].n[1][st];
		}
		if (!o->no_header) {
			printf("%sNetns %s: %llu TCP sockets\n", i ? "\n" : "", c[i].netns,
			       (unsigned long long)(t[0] + t[1]));
			printf("%-12s %10s %10s %10s\n", "State", "IPv4", "IPv6", "Total");
		}
		for (st = 1; st < SK_NSTATES; st++) {
			if (!state_shown(o->f.states, st))
				continue;
			summary_row(o, c[i].netns, wctl_tcp_label(st), c[i].n[0][st], c[i].n[1][st]);
		}
		summary_row(o, c[i].netns, "Total", t[0], t[1]);
	}
}

static void summary_json(const struct sk_counts *c, size_t n, uint32_t states)
{
	struct wctl_json j;
	size_t i;
	int st;

	wj_init(&j, stdout);
	wj_obj_open(&j, NULL);
	wj_arr_open(&j, "netns");
	for (i = 0; i < n; i++) {
		uint64_t t4 = 0, t6 = 0;

		wj_obj_open(&j, NULL);
		wj_str(&j, "name", c[i].netns);
		wj_obj_open(&j, "states");
		for (st = 1; st < SK_NSTATES; st++) {
			t4 += c[i].n[0][st];
			t6 += c[i].n[1][st];
			if (!state_shown(states, st))
				continue;
			wj_obj_open(&j, wctl_tcp_word(st));
			wj_u64(&j, "inet", c[i].n[0][st]);
			wj_u64(&j, "inet6", c[i].n[1][st]);
			wj_u64(&j, "total", c[i].n[0][st] + c[i].n[1][st]);
			wj_obj_close(&j);
		}
		wj_obj_close(&j);
		wj_obj_open(&j, "total");
		wj_u64(&j, "inet", t4);
		wj_u64(&j, "inet6", t6);
		wj_u64(&j, "total", t4 + t6);
		wj_obj_close(&j);
		wj_obj_close(&j);
	}
	wj_arr_close(&j);
	wj_obj_close(&j);
	wj_end(&j);
}

int sk_summary(struct sk_opts *o)
{
	struct counts_vec cv = { };
	int rc;

	rc = sk_for_each_netns(o, count_one_netns, &cv);
	if (!rc) {
		if (o->prom)
			sk_prom_counts(stdout, cv.v, cv.n, o->f.states);
		else if (o->json)
			summary_json(cv.v, cv.n, o->f.states);
		else
			summary_table(o, cv.v, cv.n);
		rc = sk_finish_output();
	}
	free(cv.v);
	return rc;
}
