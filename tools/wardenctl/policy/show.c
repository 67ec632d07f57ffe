// SPDX-License-Identifier: GPL-2.0
/*
 * Policies as a table aligned like ss, or as JSON whose keys are the
 * netlink spec's attribute names (show.h).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/json.h"
#include "lib/util.h"
#include "policy/names.h"
#include "policy/show.h"

/* Only cubic policies have a HyStart setting; the kernel sends none for reno. */
static bool cubic(const uint32_t *p)
{
	return p[TCP_WARDEN_A_PARAMS_GROWTH] == TCP_WARDEN_GROWTH_CUBIC;
}

/* Text cells of one row, in column order. */
enum { C_ID, C_PREFIX, C_PORTS, C_BETA, C_MIN, C_INIT, C_MAX, C_GROWTH, C_HYSTART,
	C_RTO, C_CONNS, C_LOSS, C_RTOS, C_ECN, C_UNDO, C_HSEXIT, C_N };
#define CELL	64

static const char *const col_names[C_N] = {
	"ID", "PREFIX", "PORTS", "BETA", "MIN-SSTH", "INIT-SSTH", "MAX-CWND", "GROWTH",
	"HYSTART", "RTO-BETA", "CONNS", "LOSS", "RTO", "ECN", "UNDO", "HS-EXIT",
};

/* The counters' columns, in order from C_CONNS. */
static const int stat_attrs[] = {
	TCP_WARDEN_A_STATS_ASSIGNED, TCP_WARDEN_A_STATS_LOSS, TCP_WARDEN_A_STATS_RTO,
	TCP_WARDEN_A_STATS_ECN, TCP_WARDEN_A_STATS_UNDO, TCP_WARDEN_A_STATS_HYSTART_EXIT,
};

static void fmt_beta(char *b, uint32_t v)
{
	snprintf(b, CELL, "%.3f", (double)v / TCP_WARDEN_BETA_SCALE);
}

/* A number of segments, or @zero when it is 0. */
static void fmt_segs(char *b, uint32_t v, const char *zero)
{
	if (v)
		snprintf(b, CELL, "%u", v);
	else
		snprintf(b, CELL, "%s", zero);
}

static void key_cells(const struct pol_row *r, char cells[C_N][CELL])
{
	if (r->is_default) {
		snprintf(cells[C_ID], CELL, "-");
		snprintf(cells[C_PREFIX], CELL, "default");
		snprintf(cells[C_PORTS], CELL, "*");
		return;
	}
	snprintf(cells[C_ID], CELL, "%u", r->id);
	wctl_prefix_str(&r->key.pfx, cells[C_PREFIX], CELL);
	if (r->key.ports.lo == 0 && r->key.ports.hi == 65535)
		snprintf(cells[C_PORTS], CELL, "*");
	else if (r->key.ports.lo == r->key.ports.hi)
		snprintf(cells[C_PORTS], CELL, "%u", r->key.ports.lo);
	else
		snprintf(cells[C_PORTS], CELL, "%u-%u", r->key.ports.lo, r->key.ports.hi);
}

static void row_cells(const struct pol_row *r, char cells[C_N][CELL])
{
	const uint32_t *p = r->p;
	const char *g = pol_growth_name(p[TCP_WARDEN_A_PARAMS_GROWTH]);
	size_t i;

	key_cells(r, cells);
	fmt_beta(cells[C_BETA], p[TCP_WARDEN_A_PARAMS_BETA]);
	snprintf(cells[C_MIN], CELL, "%u", p[TCP_WARDEN_A_PARAMS_MIN_SSTHRESH]);
	fmt_segs(cells[C_INIT], p[TCP_WARDEN_A_PARAMS_INITIAL_SSTHRESH], "inf");
	fmt_segs(cells[C_MAX], p[TCP_WARDEN_A_PARAMS_MAX_CWND], "none");
	snprintf(cells[C_GROWTH], CELL, "%s", g ? g : "?");
	if (!cubic(p))
		snprintf(cells[C_HYSTART], CELL, "-");
	else
		snprintf(cells[C_HYSTART], CELL, "%s", p[TCP_WARDEN_A_PARAMS_HYSTART] ? "on" : "off");
	if (p[TCP_WARDEN_A_PARAMS_RTO_BETA])
		fmt_beta(cells[C_RTO], p[TCP_WARDEN_A_PARAMS_RTO_BETA]);
	else
		snprintf(cells[C_RTO], CELL, "beta");
	for (i = 0; i < sizeof(stat_attrs) / sizeof(stat_attrs[0]); i++)
		snprintf(cells[C_CONNS + i], CELL, "%llu",
			 (unsigned long long)r->st[stat_attrs[i]]);
}

/* Like ss: text left-aligned, counters right-aligned. */
static void print_line(const char *const *cells, const size_t *w)
{
	int c;

	for (c = 0; c < C_N; c++)
		printf(c >= C_CONNS ? "%*s%s" : "%-*s%s", (int)w[c], cells[c],
		       c == C_N - 1 ? "\n" : " ");
}

static void print_table(const struct pol_rows *rs)
{
	char (*cells)[C_N][CELL] = calloc(rs->n ? rs->n : 1, sizeof(*cells));
	const char *line[C_N];
	size_t w[C_N], i;
	int c;

	if (!cells)
		wctl_oom();
	for (c = 0; c < C_N; c++)
		w[c] = strlen(col_names[c]);
	for (i = 0; i < rs->n; i++) {
		row_cells(&rs->r[i], cells[i]);
		for (c = 0; c < C_N; c++)
			if (strlen(cells[i][c]) > w[c])
				w[c] = strlen(cells[i][c]);
	}
	print_line(col_names, w);
	for (i = 0; i < rs->n; i++) {
		for (c = 0; c < C_N; c++)
			line[c] = cells[i][c];
		print_line(line, w);
	}
	free(cells);
}

static void json_key(struct wctl_json *j, const struct pol_key *k)
{
	char buf[WCTL_PREFIX_LEN], a[INET6_ADDRSTRLEN];
	bool v4 = k->pfx.family == AF_INET;

	wj_str(j, "prefix", wctl_prefix_str(&k->pfx, buf, sizeof(buf)));
	wj_str(j, "family", v4 ? "inet" : "inet6");
	wj_str(j, v4 ? "dst4" : "dst6", inet_ntop(k->pfx.family, k->pfx.addr.bytes, a, sizeof(a)));
	wj_u64(j, "prefixlen", k->pfx.len);
	wj_u64(j, "port-min", k->ports.lo);
	wj_u64(j, "port-max", k->ports.hi);
}

static void json_row(struct wctl_json *j, const struct pol_row *r)
{
	static const char *const stat_names[] = {
		"assigned", "loss", "rto", "ecn", "undo", "hystart-exit",
	};
	const char *g = pol_growth_name(r->p[TCP_WARDEN_A_PARAMS_GROWTH]);
	size_t i;
	int a;

	wj_obj_open(j, r->is_default ? "default" : NULL);
	if (!r->is_default) {
		wj_u64(j, "id", r->id);
		json_key(j, &r->key);
	}
	for (a = 1; a <= TCP_WARDEN_A_PARAMS_MAX; a++) {
		if (a == TCP_WARDEN_A_PARAMS_GROWTH)
			wj_str(j, "growth", g ? g : "unknown");
		else if (a == TCP_WARDEN_A_PARAMS_HYSTART && cubic(r->p))
			wj_bool(j, "hystart", r->p[a]);	/* a 0/1 attribute */
		else if (a != TCP_WARDEN_A_PARAMS_HYSTART)
			wj_u64(j, pol_param_name(a), r->p[a]);
	}
	wj_obj_open(j, "stats");
	for (i = 0; i < sizeof(stat_attrs) / sizeof(stat_attrs[0]); i++)
		wj_u64(j, stat_names[i], r->st[stat_attrs[i]]);
	wj_obj_close(j);
	wj_obj_close(j);
}

void pol_show(const struct pol_rows *rs, bool is_default)
{
	struct wctl_json j;
	size_t i;

	if (!wctl_opts.json) {
		print_table(rs);
		return;
	}
	wj_init(&j, stdout);
	wj_obj_open(&j, NULL);
	if (is_default) {
		if (rs->n)
			json_row(&j, &rs->r[0]);
	} else {
		wj_arr_open(&j, "policies");
		for (i = 0; i < rs->n; i++)
			json_row(&j, &rs->r[i]);
		wj_arr_close(&j);
	}
	wj_obj_close(&j);
	wj_end(&j);
}
