// SPDX-License-Identifier: GPL-2.0
/* wardenctl policy: per-destination ssthresh policies over generic netlink. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/genl.h>
#include <uapi/linux/tcp_warden.h>

#include "genl.h"
#include "wardenctl.h"

#define BETA_HINT "give a fraction 0.25..0.976 or 256..1000 (1/1024 units)"
#define SEGS_HINT "give 0..1048576 segments (0 = none)"

#define PARAM_NAMES(nest)							\
	{ nest, TCP_WARDEN_A_PARAMS_BETA, "beta", BETA_HINT },			\
	{ nest, TCP_WARDEN_A_PARAMS_MIN_SSTHRESH, "min-ssthresh",		\
	  "give 2..65535 segments" },						\
	{ nest, TCP_WARDEN_A_PARAMS_INITIAL_SSTHRESH, "initial-ssthresh",	\
	  SEGS_HINT },								\
	{ nest, TCP_WARDEN_A_PARAMS_MAX_CWND, "max-cwnd", SEGS_HINT },		\
	{ nest, TCP_WARDEN_A_PARAMS_GROWTH, "growth", "give reno or cubic" },	\
	{ nest, TCP_WARDEN_A_PARAMS_RTO_BETA, "rto-beta",			\
	  "give 'beta' or a fraction 0.25..0.976 or 256..1000" }

static const struct wctl_genl_attr_name policy_names[] = {
	{ 0, TCP_WARDEN_A_POLICY_DST4, "prefix", NULL },
	{ 0, TCP_WARDEN_A_POLICY_DST6, "prefix", NULL },
	{ 0, TCP_WARDEN_A_POLICY_PREFIXLEN, "prefix length", NULL },
	{ 0, TCP_WARDEN_A_POLICY_PORT_MIN, "port", NULL },
	{ 0, TCP_WARDEN_A_POLICY_PORT_MAX, "port", "give PORT or FIRST-LAST with FIRST <= LAST" },
	{ 0, TCP_WARDEN_A_POLICY_PARAMS, "parameters", NULL },
	PARAM_NAMES(TCP_WARDEN_A_POLICY_PARAMS),
	{ 0, 0, NULL, NULL },
};

static const struct wctl_genl_attr_name default_names[] = {
	{ 0, TCP_WARDEN_A_DEFAULT_PARAMS, "parameters", NULL },
	PARAM_NAMES(TCP_WARDEN_A_DEFAULT_PARAMS),
	{ 0, 0, NULL, NULL },
};

/* Parameters as given on the command line: have[] marks the given ones. */
struct params {
	uint32_t v[TCP_WARDEN_A_PARAMS_MAX + 1];
	bool have[TCP_WARDEN_A_PARAMS_MAX + 1];
};

struct key {
	struct wctl_prefix pfx;
	bool have_port;
	uint32_t port_lo, port_hi;
};

/* One policy (or the default) as read back from the kernel. */
struct row {
	uint32_t id;
	bool is_default;
	struct key key;
	uint32_t p[TCP_WARDEN_A_PARAMS_MAX + 1];
	uint64_t st[TCP_WARDEN_A_STATS_MAX + 1];
};

struct rows {
	struct row *r;
	size_t n, cap;
	const struct key *filter;	/* show: keep only this prefix */
};

static const char *growth_names[] = { "reno", "cubic" };

/* "0.7" (a fraction of 1) or "717" (1/1024 units). */
static int parse_beta(const char *s, uint32_t *out)
{
	char *end;
	double d;

	if (!strchr(s, '.'))
		return wctl_parse_u32(s, 0, UINT32_MAX, out);
	errno = 0;
	d = strtod(s, &end);
	if (errno || *end || !(d > 0) || d >= 4.0)
		return -1;
	*out = (uint32_t)lround(d * TCP_WARDEN_BETA_SCALE);
	return 0;
}

static void parse_port(const char *s, struct key *k)
{
	const char *dash = strchr(s, '-');
	char first[16];

	if (dash) {
		snprintf(first, sizeof(first), "%.*s", (int)(dash - s), s);
		if (wctl_parse_u32(first, 0, 65535, &k->port_lo) ||
		    wctl_parse_u32(dash + 1, 0, 65535, &k->port_hi))
			wctl_usage_err("invalid port range '%s'; give PORT or FIRST-LAST, each 0..65535", s);
		if (k->port_lo > k->port_hi)
			wctl_usage_err("invalid port range '%s'; the first port must not exceed the last", s);
	} else {
		if (wctl_parse_u32(s, 0, 65535, &k->port_lo))
			wctl_usage_err("invalid port '%s'; give PORT or FIRST-LAST, each 0..65535", s);
		k->port_hi = k->port_lo;
	}
	k->have_port = true;
}

static void parse_prefix(const char *s, struct key *k)
{
	const char *why;

	if (wctl_parse_prefix(s, &k->pfx, &why))
		wctl_usage_err("invalid prefix '%s': %s", s, why);
}

static const char *need_arg(int argc, char **argv, int i)
{
	if (i + 1 >= argc)
		wctl_usage_err("'%s' needs a value; see 'wardenctl help'", argv[i]);
	return argv[i + 1];
}

/* Parse "NAME VALUE" parameter pairs from argv[i]; returns args consumed or 0. */
static int parse_param(int argc, char **argv, int i, struct params *p)
{
	const char *name = argv[i], *val;
	uint32_t v;
	int a;

	if (!strcmp(name, "beta"))
		a = TCP_WARDEN_A_PARAMS_BETA;
	else if (!strcmp(name, "min-ssthresh") || !strcmp(name, "floor"))
		a = TCP_WARDEN_A_PARAMS_MIN_SSTHRESH;
	else if (!strcmp(name, "initial-ssthresh"))
		a = TCP_WARDEN_A_PARAMS_INITIAL_SSTHRESH;
	else if (!strcmp(name, "max-cwnd"))
		a = TCP_WARDEN_A_PARAMS_MAX_CWND;
	else if (!strcmp(name, "growth"))
		a = TCP_WARDEN_A_PARAMS_GROWTH;
	else if (!strcmp(name, "rto-beta"))
		a = TCP_WARDEN_A_PARAMS_RTO_BETA;
	else
		return 0;
	val = need_arg(argc, argv, i);

	switch (a) {
	case TCP_WARDEN_A_PARAMS_BETA:
		if (parse_beta(val, &v))
			wctl_usage_err("invalid beta '%s'; %s", val, BETA_HINT);
		break;
	case TCP_WARDEN_A_PARAMS_RTO_BETA:
		if (!strcmp(val, "beta") || !strcmp(val, "same"))
			v = 0;
		else if (parse_beta(val, &v))
			wctl_usage_err("invalid rto-beta '%s'; give 'beta' or %s", val, BETA_HINT);
		break;
	case TCP_WARDEN_A_PARAMS_GROWTH:
		if (!strcmp(val, "reno"))
			v = TCP_WARDEN_GROWTH_RENO;
		else if (!strcmp(val, "cubic"))
			v = TCP_WARDEN_GROWTH_CUBIC;
		else
			wctl_usage_err("invalid growth '%s'; give reno or cubic", val);
		break;
	default:
		if (!strcmp(val, "none") || !strcmp(val, "inf"))
			v = 0;
		else if (wctl_parse_u32(val, 0, UINT32_MAX, &v))
			wctl_usage_err("invalid %s '%s'; give a number of segments", name, val);
	}
	p->v[a] = v;
	p->have[a] = true;
	return 2;
}

static void put_params(struct nl_msg *msg, int type, const struct params *p)
{
	struct nlattr *nest = nla_nest_start(msg, type);
	int a;

	for (a = 1; a <= TCP_WARDEN_A_PARAMS_MAX; a++) {
		if (!p->have[a])
			continue;
		if (a == TCP_WARDEN_A_PARAMS_GROWTH)
			nla_put_u8(msg, a, (uint8_t)p->v[a]);
		else
			nla_put_u32(msg, a, p->v[a]);
	}
	nla_nest_end(msg, nest);
}

static void put_key(struct nl_msg *msg, const struct key *k)
{
	if (k->pfx.family == AF_INET)
		nla_put(msg, TCP_WARDEN_A_POLICY_DST4, 4, k->pfx.addr.bytes);
	else
		nla_put(msg, TCP_WARDEN_A_POLICY_DST6, 16, k->pfx.addr.bytes);
	nla_put_u8(msg, TCP_WARDEN_A_POLICY_PREFIXLEN, k->pfx.len);
	if (k->have_port) {
		nla_put_u16(msg, TCP_WARDEN_A_POLICY_PORT_MIN, (uint16_t)k->port_lo);
		nla_put_u16(msg, TCP_WARDEN_A_POLICY_PORT_MAX, (uint16_t)k->port_hi);
	}
}

static void parse_nested_u32s(struct nlattr *nest, int max, uint32_t *p, uint64_t *st)
{
	struct nlattr *a;
	int rem;

	if (!nest)
		return;
	nla_for_each_nested(a, nest, rem) {
		int t = nla_type(a);

		if (t < 1 || t > max)
			continue;
		if (st && nla_len(a) == 8)
			st[t] = nla_get_u64(a);
		else if (p && nla_len(a) == 4)
			p[t] = nla_get_u32(a);
		else if (p && nla_len(a) >= 1)
			p[t] = nla_get_u8(a);
	}
}

static struct row *rows_add(struct rows *rs)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 64;
		rs->r = realloc(rs->r, rs->cap * sizeof(*rs->r));
		if (!rs->r) {
			wctl_err("out of memory");
			exit(WCTL_EXIT_FAIL);
		}
	}
	memset(&rs->r[rs->n], 0, sizeof(rs->r[0]));
	return &rs->r[rs->n++];
}

static int on_policy(struct nlattr **tb, void *arg)
{
	struct rows *rs = arg;
	struct row r = { 0 };

	if (tb[TCP_WARDEN_A_POLICY_ID])
		r.id = nla_get_u32(tb[TCP_WARDEN_A_POLICY_ID]);
	if (tb[TCP_WARDEN_A_POLICY_DST4] && nla_len(tb[TCP_WARDEN_A_POLICY_DST4]) == 4) {
		r.key.pfx.family = AF_INET;
		memcpy(r.key.pfx.addr.bytes, nla_data(tb[TCP_WARDEN_A_POLICY_DST4]), 4);
	} else if (tb[TCP_WARDEN_A_POLICY_DST6] && nla_len(tb[TCP_WARDEN_A_POLICY_DST6]) == 16) {
		r.key.pfx.family = AF_INET6;
		memcpy(r.key.pfx.addr.bytes, nla_data(tb[TCP_WARDEN_A_POLICY_DST6]), 16);
	} else {
		return 0;
	}
	if (tb[TCP_WARDEN_A_POLICY_PREFIXLEN])
		r.key.pfx.len = nla_get_u8(tb[TCP_WARDEN_A_POLICY_PREFIXLEN]);
	r.key.port_hi = 65535;
	if (tb[TCP_WARDEN_A_POLICY_PORT_MIN])
		r.key.port_lo = nla_get_u16(tb[TCP_WARDEN_A_POLICY_PORT_MIN]);
	if (tb[TCP_WARDEN_A_POLICY_PORT_MAX])
		r.key.port_hi = nla_get_u16(tb[TCP_WARDEN_A_POLICY_PORT_MAX]);
	parse_nested_u32s(tb[TCP_WARDEN_A_POLICY_PARAMS], TCP_WARDEN_A_PARAMS_MAX, r.p, NULL);
	parse_nested_u32s(tb[TCP_WARDEN_A_POLICY_STATS], TCP_WARDEN_A_STATS_MAX, NULL, r.st);

	if (rs->filter) {
		const struct wctl_prefix *f = &rs->filter->pfx;

		if (f->family != r.key.pfx.family || f->len != r.key.pfx.len ||
		    memcmp(f->addr.bytes, r.key.pfx.addr.bytes, 16))
			return 0;
	}
	*rows_add(rs) = r;
	return 0;
}

static int on_default(struct nlattr **tb, void *arg)
{
	struct row *r = rows_add(arg);

	r->is_default = true;
	parse_nested_u32s(tb[TCP_WARDEN_A_DEFAULT_PARAMS], TCP_WARDEN_A_PARAMS_MAX, r->p, NULL);
	parse_nested_u32s(tb[TCP_WARDEN_A_DEFAULT_STATS], TCP_WARDEN_A_STATS_MAX, NULL, r->st);
	return 0;
}

/* Text cells of one row, in column order. */
enum { C_ID, C_PREFIX, C_PORTS, C_BETA, C_MIN, C_INIT, C_MAX, C_GROWTH, C_RTO,
	C_CONNS, C_LOSS, C_RTOS, C_ECN, C_UNDO, C_N };

static const char *col_names[C_N] = {
	"ID", "PREFIX", "PORTS", "BETA", "MIN-SSTH", "INIT-SSTH", "MAX-CWND", "GROWTH",
	"RTO-BETA", "CONNS", "LOSS", "RTO", "ECN", "UNDO",
};

static void fmt_beta(char *b, size_t n, uint32_t v)
{
	snprintf(b, n, "%.3f", (double)v / TCP_WARDEN_BETA_SCALE);
}

static void row_cells(const struct row *r, char cells[C_N][64])
{
	const uint32_t *p = r->p;

	if (r->is_default) {
		snprintf(cells[C_ID], 64, "-");
		snprintf(cells[C_PREFIX], 64, "default");
		snprintf(cells[C_PORTS], 64, "*");
	} else {
		snprintf(cells[C_ID], 64, "%u", r->id);
		wctl_prefix_str(&r->key.pfx, cells[C_PREFIX], 64);
		if (r->key.port_lo == 0 && r->key.port_hi == 65535)
			snprintf(cells[C_PORTS], 64, "*");
		else if (r->key.port_lo == r->key.port_hi)
			snprintf(cells[C_PORTS], 64, "%u", r->key.port_lo);
		else
			snprintf(cells[C_PORTS], 64, "%u-%u", r->key.port_lo, r->key.port_hi);
	}
	fmt_beta(cells[C_BETA], 64, p[TCP_WARDEN_A_PARAMS_BETA]);
	snprintf(cells[C_MIN], 64, "%u", p[TCP_WARDEN_A_PARAMS_MIN_SSTHRESH]);
	if (p[TCP_WARDEN_A_PARAMS_INITIAL_SSTHRESH])
		snprintf(cells[C_INIT], 64, "%u", p[TCP_WARDEN_A_PARAMS_INITIAL_SSTHRESH]);
	else
		snprintf(cells[C_INIT], 64, "inf");
	if (p[TCP_WARDEN_A_PARAMS_MAX_CWND])
		snprintf(cells[C_MAX], 64, "%u", p[TCP_WARDEN_A_PARAMS_MAX_CWND]);
	else
		snprintf(cells[C_MAX], 64, "none");
	snprintf(cells[C_GROWTH], 64, "%s",
		 p[TCP_WARDEN_A_PARAMS_GROWTH] < 2 ? growth_names[p[TCP_WARDEN_A_PARAMS_GROWTH]] : "?");
	if (p[TCP_WARDEN_A_PARAMS_RTO_BETA])
		fmt_beta(cells[C_RTO], 64, p[TCP_WARDEN_A_PARAMS_RTO_BETA]);
	else
		snprintf(cells[C_RTO], 64, "beta");
	snprintf(cells[C_CONNS], 64, "%llu", (unsigned long long)r->st[TCP_WARDEN_A_STATS_ASSIGNED]);
	snprintf(cells[C_LOSS], 64, "%llu", (unsigned long long)r->st[TCP_WARDEN_A_STATS_LOSS]);
	snprintf(cells[C_RTOS], 64, "%llu", (unsigned long long)r->st[TCP_WARDEN_A_STATS_RTO]);
	snprintf(cells[C_ECN], 64, "%llu", (unsigned long long)r->st[TCP_WARDEN_A_STATS_ECN]);
	snprintf(cells[C_UNDO], 64, "%llu", (unsigned long long)r->st[TCP_WARDEN_A_STATS_UNDO]);
}

static void print_table(const struct rows *rs)
{
	char (*cells)[C_N][64];
	size_t w[C_N], i;
	int c;

	cells = calloc(rs->n ? rs->n : 1, sizeof(*cells));
	if (!cells) {
		wctl_err("out of memory");
		exit(WCTL_EXIT_FAIL);
	}
	for (c = 0; c < C_N; c++)
		w[c] = strlen(col_names[c]);
	for (i = 0; i < rs->n; i++) {
		row_cells(&rs->r[i], cells[i]);
		for (c = 0; c < C_N; c++)
			if (strlen(cells[i][c]) > w[c])
				w[c] = strlen(cells[i][c]);
	}
	/* Like ss: text left-aligned, counters right-aligned. */
	for (c = 0; c < C_N; c++)
		printf(c >= C_CONNS ? "%*s%s" : "%-*s%s", (int)w[c], col_names[c],
		       c == C_N - 1 ? "\n" : " ");
	for (i = 0; i < rs->n; i++)
		for (c = 0; c < C_N; c++)
			printf(c >= C_CONNS ? "%*s%s" : "%-*s%s", (int)w[c], cells[i][c],
			       c == C_N - 1 ? "\n" : " ");
	free(cells);
}

static void json_row(struct wctl_json *j, const struct row *r)
{
	const uint32_t *p = r->p;
	char buf[64];

	wj_obj_open(j, r->is_default ? "default" : NULL);
	if (!r->is_default) {
		wj_u64(j, "id", r->id);
		wj_str(j, "prefix", wctl_prefix_str(&r->key.pfx, buf, sizeof(buf)));
		wj_str(j, "family", r->key.pfx.family == AF_INET ? "inet" : "inet6");
		wj_u64(j, "port_min", r->key.port_lo);
		wj_u64(j, "port_max", r->key.port_hi);
	}
	wj_u64(j, "beta", p[TCP_WARDEN_A_PARAMS_BETA]);
	wj_u64(j, "min_ssthresh", p[TCP_WARDEN_A_PARAMS_MIN_SSTHRESH]);
	wj_u64(j, "initial_ssthresh", p[TCP_WARDEN_A_PARAMS_INITIAL_SSTHRESH]);
	wj_u64(j, "max_cwnd", p[TCP_WARDEN_A_PARAMS_MAX_CWND]);
	wj_str(j, "growth", p[TCP_WARDEN_A_PARAMS_GROWTH] < 2 ?
	       growth_names[p[TCP_WARDEN_A_PARAMS_GROWTH]] : "unknown");
	wj_u64(j, "rto_beta", p[TCP_WARDEN_A_PARAMS_RTO_BETA]);
	wj_obj_open(j, "stats");
	wj_u64(j, "assigned", r->st[TCP_WARDEN_A_STATS_ASSIGNED]);
	wj_u64(j, "loss", r->st[TCP_WARDEN_A_STATS_LOSS]);
	wj_u64(j, "rto", r->st[TCP_WARDEN_A_STATS_RTO]);
	wj_u64(j, "ecn", r->st[TCP_WARDEN_A_STATS_ECN]);
	wj_u64(j, "undo", r->st[TCP_WARDEN_A_STATS_UNDO]);
	wj_obj_close(j);
	wj_obj_close(j);
}

static void print_rows(const struct rows *rs, bool is_default)
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

static void parse_add(int argc, char **argv, struct key *k, struct params *p,
		      bool *replace)
{
	int i, used;

	if (argc < 1)
		wctl_usage_err("policy add needs a PREFIX; e.g. 'wardenctl policy add 10.0.0.0/8 beta 0.7'");
	parse_prefix(argv[0], k);
	for (i = 1; i < argc; i += used) {
		used = 2;
		if (!strcmp(argv[i], "port"))
			parse_port(need_arg(argc, argv, i), k);
		else if (!strcmp(argv[i], "replace"))
			*replace = true, used = 1;
		else if (!(used = parse_param(argc, argv, i, p)))
			wctl_usage_err("unknown policy option '%s'; see 'wardenctl help'", argv[i]);
	}
}

static int do_add(struct wctl_genl *g, const struct key *k, const struct params *p,
		  bool replace)
{
	struct nl_msg *msg;

	msg = wctl_genl_msg(g, TCP_WARDEN_CMD_POLICY_ADD, replace ? NLM_F_REPLACE : 0);
	put_key(msg, k);
	put_params(msg, TCP_WARDEN_A_POLICY_PARAMS, p);
	return wctl_genl_request(g, msg, &(struct wctl_genl_req){
		.what = replace ? "replace policy" : "add policy", .names = policy_names,
	}, NULL);
}

static void parse_key_args(int argc, char **argv, struct key *k, const char *cmd)
{
	int i;

	if (argc < 1)
		wctl_usage_err("policy %s needs a PREFIX [port PORT[-LAST]]", cmd);
	parse_prefix(argv[0], k);
	for (i = 1; i < argc; i += 2) {
		if (strcmp(argv[i], "port"))
			wctl_usage_err("unknown policy %s option '%s'; give PREFIX [port PORT[-LAST]]",
				       cmd, argv[i]);
		parse_port(need_arg(argc, argv, i), k);
	}
}

static int do_del(struct wctl_genl *g, const struct key *k)
{
	struct nl_msg *msg;

	msg = wctl_genl_msg(g, TCP_WARDEN_CMD_POLICY_DEL, 0);
	put_key(msg, k);
	return wctl_genl_request(g, msg, &(struct wctl_genl_req){
		.what = "delete policy", .names = policy_names,
	}, NULL);
}

static int do_list(struct wctl_genl *g, const struct key *filter)
{
	struct rows rs = { .filter = filter };
	struct nl_msg *msg;
	int rc;

	if (filter && filter->have_port) {
		msg = wctl_genl_msg(g, TCP_WARDEN_CMD_POLICY_GET, 0);
		put_key(msg, filter);
	} else {
		msg = wctl_genl_msg(g, TCP_WARDEN_CMD_POLICY_GET, NLM_F_DUMP);
	}
	rc = wctl_genl_request(g, msg, &(struct wctl_genl_req){
		.what = filter ? "show policy" : "list policies", .names = policy_names,
		.maxattr = TCP_WARDEN_A_POLICY_MAX, .cb = on_policy, .arg = &rs,
	}, NULL);
	if (rc)
		goto out;
	if (filter && !rs.n) {
		char buf[64];

		wctl_err("no policy for %s; see 'wardenctl policy list'",
			 wctl_prefix_str(&filter->pfx, buf, sizeof(buf)));
		rc = WCTL_EXIT_FAIL;
		goto out;
	}
	print_rows(&rs, false);
out:
	free(rs.r);
	return rc;
}

static void parse_default_set(int argc, char **argv, struct params *p)
{
	int i, used;

	if (argc < 2)
		wctl_usage_err("policy default set needs parameters, e.g. 'beta 0.7'");
	for (i = 1; i < argc; i += used)
		if (!(used = parse_param(argc, argv, i, p)))
			wctl_usage_err("unknown default option '%s'; see 'wardenctl help'", argv[i]);
}

static int do_default(struct wctl_genl *g, bool set, const struct params *p)
{
	struct rows rs = { 0 };
	struct nl_msg *msg;
	int rc;

	if (set) {
		msg = wctl_genl_msg(g, TCP_WARDEN_CMD_DEFAULT_SET, 0);
		put_params(msg, TCP_WARDEN_A_DEFAULT_PARAMS, p);
		return wctl_genl_request(g, msg, &(struct wctl_genl_req){
			.what = "set the default policy", .names = default_names,
		}, NULL);
	}
	msg = wctl_genl_msg(g, TCP_WARDEN_CMD_DEFAULT_GET, 0);
	rc = wctl_genl_request(g, msg, &(struct wctl_genl_req){
		.what = "get the default policy", .names = default_names,
		.maxattr = TCP_WARDEN_A_DEFAULT_MAX, .cb = on_default, .arg = &rs,
	}, NULL);
	if (!rc)
		print_rows(&rs, true);
	free(rs.r);
	return rc;
}

/* One parsed policy command. */
struct preq {
	const char *sub;
	bool replace, set;
	struct params p;
	struct key k;
};

/* Check a whole command line before anything talks to the kernel. */
static void policy_parse(const char *sub, int argc, char **argv, struct preq *r)
{
	memset(r, 0, sizeof(*r));
	r->sub = sub;
	if (!strcmp(sub, "add") || !strcmp(sub, "replace")) {
		r->replace = !strcmp(sub, "replace");
		parse_add(argc, argv, &r->k, &r->p, &r->replace);
	} else if (!strcmp(sub, "del") || !strcmp(sub, "delete")) {
		parse_key_args(argc, argv, &r->k, "del");
	} else if (!strcmp(sub, "show")) {
		parse_key_args(argc, argv, &r->k, "show");
	} else if (!strcmp(sub, "default")) {
		if (argc >= 1 && !strcmp(argv[0], "set")) {
			r->set = true;
			parse_default_set(argc, argv, &r->p);
		} else if (argc > 1 || (argc == 1 && strcmp(argv[0], "show"))) {
			wctl_usage_err("unknown 'policy default' command '%s'; give show or set",
				       argv[0]);
		}
	} else if (strcmp(sub, "list") && strcmp(sub, "ls") && strcmp(sub, "flush") &&
		   strcmp(sub, "batch")) {
		wctl_usage_err("unknown 'policy' command '%s'; give add, del, list, show, flush, default or batch",
			       sub);
	} else if (argc) {
		wctl_usage_err("'policy %s' takes no arguments", sub);
	}
}

static int policy_exec(struct wctl_genl *g, const struct preq *r)
{
	const char *sub = r->sub;

	if (!strcmp(sub, "add") || !strcmp(sub, "replace"))
		return do_add(g, &r->k, &r->p, r->replace);
	if (!strcmp(sub, "del") || !strcmp(sub, "delete"))
		return do_del(g, &r->k);
	if (!strcmp(sub, "show"))
		return do_list(g, &r->k);
	if (!strcmp(sub, "flush"))
		return wctl_genl_request(g, wctl_genl_msg(g, TCP_WARDEN_CMD_POLICY_FLUSH, 0),
					 &(struct wctl_genl_req){ .what = "flush policies" }, NULL);
	if (!strcmp(sub, "default"))
		return do_default(g, r->set, &r->p);
	return do_list(g, NULL);
}

/*
 * policy batch: one policy command per stdin line ("add 10.0.0.0/8 beta
 * 0.7", "del ...", "#" comments), all over one netlink socket, so bulk
 * loads and churn do not pay a process start per change. A bad line ends
 * the batch (exit 2); kernel rejections are reported and counted (exit 1).
 */
static int do_batch(struct wctl_genl *g)
{
	char line[4096], *tok[64], *save;
	unsigned long lineno = 0, failed = 0;
	struct preq r;
	int n;

	while (fgets(line, sizeof(line), stdin)) {
		lineno++;
		n = 0;
		for (tok[n] = strtok_r(line, " \t\r\n", &save); tok[n] && n < 63;
		     tok[++n] = strtok_r(NULL, " \t\r\n", &save))
			;
		if (!n || tok[0][0] == '#')
			continue;
		if (!strcmp(tok[0], "batch"))
			wctl_usage_err("line %lu: batches do not nest", lineno);
		policy_parse(tok[0], n - 1, tok + 1, &r);
		if (policy_exec(g, &r)) {
			failed++;
			wctl_err("the failure above is from line %lu of the batch", lineno);
		}
	}
	return failed ? WCTL_EXIT_FAIL : 0;
}

static int cmd_policy(int argc, char **argv)
{
	struct wctl_genl g;
	struct preq r;
	int i, n = 0, rc;

	/* --json / -j may follow the subcommand too. */
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j"))
			wctl_opts.json = true;
		else
			argv[++n] = argv[i];
	}
	argc = n + 1;
	if (argc > 1)
		policy_parse(argv[1], argc - 2, argv + 2, &r);
	else
		policy_parse("list", 0, NULL, &r);

	rc = wctl_genl_open(&g);
	if (rc)
		return rc;
	rc = strcmp(r.sub, "batch") ? policy_exec(&g, &r) : do_batch(&g);
	wctl_genl_close(&g);
	return rc;
}
WCTL_COMMAND(policy, cmd_policy,
	     "policy add PREFIX [port P[-Q]] [beta B] [min-ssthresh N] [initial-ssthresh N]\n"
	     "         [max-cwnd N] [growth reno|cubic] [rto-beta B|beta] [replace]\n"
	     "  policy del PREFIX [port P[-Q]] | list | show PREFIX [port P[-Q]] | flush\n"
	     "  policy default [show | set [beta B] [min-ssthresh N] ...] | batch < FILE");
