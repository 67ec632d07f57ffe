// SPDX-License-Identifier: GPL-2.0
/* wardenctl syn: the SYN-flood guard over generic netlink. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <uapi/linux/tcp_warden.h>

#include "genl.h"
#include "wardenctl.h"

static const char *const mode_names[] = { "off", "monitor", "enforce" };

static const char *mode_name(unsigned int m)
{
	return m < 3 ? mode_names[m] : "?";
}

/* Kernel counters of /proc/net/netstat shown with the guard's. */
static const char *const netstat_names[] = {
	"SyncookiesSent", "SyncookiesRecv", "SyncookiesFailed", "ListenOverflows",
	"ListenDrops", "TCPReqQFullDoCookies", "TCPReqQFullDrop",
};
#define NETSTAT_N (sizeof(netstat_names) / sizeof(netstat_names[0]))

static const struct wctl_genl_attr_name syn_names[] = {
	{ 0, TCP_WARDEN_A_SYN_MODE, "mode", "give enforce, monitor, off or default" },
	{ 0, TCP_WARDEN_A_SYN_RATE, "threshold", "give SYN/s, 0 to disable" },
	{ 0, TCP_WARDEN_A_SYN_QUEUE_PCT, "queue", "give 0..100 (%)" },
	{ 0, TCP_WARDEN_A_SYN_QUIET_MS, "quiet", "give 0..3600000 ms" },
	{ 0, TCP_WARDEN_A_SYN_SRC_RATE, "rate", "give 0..100000000 SYN/s" },
	{ 0, TCP_WARDEN_A_SYN_SRC_BURST, "burst", "give 1..1000000" },
	{ 0, TCP_WARDEN_A_SYN_ALL_RATE, "all-rate", "give 0..100000000 SYN/s" },
	{ 0, TCP_WARDEN_A_SYN_ALL_BURST, "all-burst", "give 1..1000000" },
	{ 0, TCP_WARDEN_A_SYN_V4_PREFIX, "v4-prefix", "give 1..32" },
	{ 0, TCP_WARDEN_A_SYN_V6_PREFIX, "v6-prefix", "give 1..128" },
	{ 0, 0, NULL, NULL },
};

static const struct wctl_genl_attr_name list_names[] = {
	{ 0, TCP_WARDEN_A_SYN_LIST_ADDR4, "prefix", NULL },
	{ 0, TCP_WARDEN_A_SYN_LIST_ADDR6, "prefix", NULL },
	{ 0, TCP_WARDEN_A_SYN_LIST_PREFIXLEN, "prefix length", NULL },
	{ 0, 0, NULL, NULL },
};

static bool want_json(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j"))
			return true;
	return wctl_opts.json;
}

static uint64_t get_u64(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u64(tb[a]) : 0;
}

static uint32_t get_u32(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u32(tb[a]) : 0;
}

static uint8_t get_u8(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u8(tb[a]) : 0;
}

/* "10.0.0.1:80" or "[2001:db8::1]:80" from a 4- or 16-byte attribute. */
static const char *endpoint(struct nlattr *a4, struct nlattr *a6, int port,
			    char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN] = "?";

	if (a4)
		inet_ntop(AF_INET, nla_data(a4), a, sizeof(a));
	else if (a6)
		inet_ntop(AF_INET6, nla_data(a6), a, sizeof(a));
	if (port < 0)
		snprintf(buf, len, "%s", a);
	else
		snprintf(buf, len, a6 ? "[%s]:%d" : "%s:%d", a, port);
	return buf;
}

/* ---- status ----------------------------------------------------------- */

struct cfg {
	struct nlattr *tb[TCP_WARDEN_A_SYN_MAX + 1];
	struct nl_msg *keep;
	bool have;
	uint8_t mode, global_mode, hooked, v4, v6;
	bool dflt;
	uint32_t rate, queue, quiet, src_rate, src_burst, all_rate, all_burst, verified;
	uint64_t synacks, acks_ok, acks_bad, dropped;
};

static int on_cfg(struct nlattr **tb, void *arg)
{
	struct cfg *c = arg;

	c->have = true;
	c->mode = get_u8(tb, TCP_WARDEN_A_SYN_MODE);
	c->dflt = tb[TCP_WARDEN_A_SYN_MODE_DEFAULT];
	c->global_mode = get_u8(tb, TCP_WARDEN_A_SYN_GLOBAL_MODE);
	c->hooked = get_u8(tb, TCP_WARDEN_A_SYN_HOOKED);
	c->rate = get_u32(tb, TCP_WARDEN_A_SYN_RATE);
	c->queue = get_u32(tb, TCP_WARDEN_A_SYN_QUEUE_PCT);
	c->quiet = get_u32(tb, TCP_WARDEN_A_SYN_QUIET_MS);
	c->src_rate = get_u32(tb, TCP_WARDEN_A_SYN_SRC_RATE);
	c->src_burst = get_u32(tb, TCP_WARDEN_A_SYN_SRC_BURST);
	c->all_rate = get_u32(tb, TCP_WARDEN_A_SYN_ALL_RATE);
	c->all_burst = get_u32(tb, TCP_WARDEN_A_SYN_ALL_BURST);
	c->v4 = get_u8(tb, TCP_WARDEN_A_SYN_V4_PREFIX);
	c->v6 = get_u8(tb, TCP_WARDEN_A_SYN_V6_PREFIX);
	c->synacks = get_u64(tb, TCP_WARDEN_A_SYN_SYNACKS);
	c->acks_ok = get_u64(tb, TCP_WARDEN_A_SYN_ACKS_VERIFIED);
	c->acks_bad = get_u64(tb, TCP_WARDEN_A_SYN_ACKS_BAD);
	c->dropped = get_u64(tb, TCP_WARDEN_A_SYN_DROPPED);
	c->verified = get_u32(tb, TCP_WARDEN_A_SYN_VERIFIED);
	return 0;
}

struct lrow {
	char name[INET6_ADDRSTRLEN + 10];
	bool flood, cookies;
	uint64_t rate, syns, flood_ms, would;
	uint32_t floods, qlen, qmax;
	uint64_t why[7];	/* PASS_ALLOWED .. DROP_ALL_LIMIT */
};

struct lrows {
	struct lrow *r;
	size_t n, cap;
};

static const char *const why_names[7] = {
	"pass_allowed", "pass_calm", "pass_verified", "pass_conform",
	"drop_denied", "drop_src_limit", "drop_all_limit",
};

static void fill_lrow(struct nlattr **tb, struct lrow *r)
{
	int i;

	endpoint(tb[TCP_WARDEN_A_SYN_L_ADDR4], tb[TCP_WARDEN_A_SYN_L_ADDR6],
		 tb[TCP_WARDEN_A_SYN_L_PORT] ? nla_get_u16(tb[TCP_WARDEN_A_SYN_L_PORT]) : 0,
		 r->name, sizeof(r->name));
	r->flood = get_u8(tb, TCP_WARDEN_A_SYN_L_FLOOD);
	r->cookies = get_u8(tb, TCP_WARDEN_A_SYN_L_COOKIES);
	r->rate = get_u64(tb, TCP_WARDEN_A_SYN_L_RATE);
	r->syns = get_u64(tb, TCP_WARDEN_A_SYN_L_SYNS);
	r->floods = get_u32(tb, TCP_WARDEN_A_SYN_L_FLOODS);
	r->qlen = get_u32(tb, TCP_WARDEN_A_SYN_L_QLEN);
	r->qmax = get_u32(tb, TCP_WARDEN_A_SYN_L_QMAX);
	r->would = get_u64(tb, TCP_WARDEN_A_SYN_L_WOULD_DROP);
	r->flood_ms = get_u64(tb, TCP_WARDEN_A_SYN_L_FLOOD_MS);
	for (i = 0; i < 7; i++)
		r->why[i] = get_u64(tb, TCP_WARDEN_A_SYN_L_PASS_ALLOWED + i);
}

static int on_listener(struct nlattr **tb, void *arg)
{
	struct lrows *rs = arg;

	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 16;
		struct lrow *r = realloc(rs->r, cap * sizeof(*r));

		if (!r) {
			wctl_err("out of memory");
			return WCTL_EXIT_FAIL;
		}
		rs->r = r;
		rs->cap = cap;
	}
	fill_lrow(tb, &rs->r[rs->n++]);
	return 0;
}

/* Read the TcpExt counters we show; missing ones stay 0. */
static void read_netstat(uint64_t *out)
{
	char names[8192], vals[8192];
	FILE *f = fopen("/proc/net/netstat", "r");
	size_t i;

	memset(out, 0, NETSTAT_N * sizeof(*out));
	if (!f)
		return;
	while (fgets(names, sizeof(names), f) && fgets(vals, sizeof(vals), f)) {
		char *sn, *sv, *n, *v;

		if (strncmp(names, "TcpExt:", 7))
			continue;
		n = strtok_r(names + 7, " \n", &sn);
		v = strtok_r(vals + 7, " \n", &sv);
		for (; n && v; n = strtok_r(NULL, " \n", &sn), v = strtok_r(NULL, " \n", &sv))
			for (i = 0; i < NETSTAT_N; i++)
				if (!strcmp(n, netstat_names[i]))
					out[i] = strtoull(v, NULL, 10);
	}
	fclose(f);
}

static int get_cfg(struct wctl_genl *g, struct cfg *c)
{
	return wctl_genl_request(g, wctl_genl_msg(g, TCP_WARDEN_CMD_SYN_GET, 0),
				 &(struct wctl_genl_req){
		.what = "read the SYN guard configuration", .names = syn_names,
		.maxattr = TCP_WARDEN_A_SYN_MAX, .cb = on_cfg, .arg = c,
	}, NULL);
}

static int do_status(struct wctl_genl *g, bool json)
{
	struct lrows rs = { 0 };
	struct cfg c = { 0 };
	uint64_t ns[NETSTAT_N];
	size_t i, k;
	int rc;

	rc = get_cfg(g, &c);
	if (rc)
		return rc;
	rc = wctl_genl_request(g, wctl_genl_msg(g, TCP_WARDEN_CMD_SYN_STATS, NLM_F_DUMP),
			       &(struct wctl_genl_req){
		.what = "read SYN guard statistics", .maxattr = TCP_WARDEN_A_SYN_L_MAX,
		.cb = on_listener, .arg = &rs,
	}, NULL);
	if (rc)
		goto out;
	read_netstat(ns);

	if (json) {
		struct wctl_json j;

		wj_init(&j, stdout);
		wj_obj_open(&j, NULL);
		wj_str(&j, "mode", mode_name(c.mode));
		wj_bool(&j, "mode_default", c.dflt);
		wj_str(&j, "global_mode", mode_name(c.global_mode));
		wj_bool(&j, "hooks", c.hooked);
		wj_obj_open(&j, "config");
		wj_u64(&j, "threshold", c.rate);
		wj_u64(&j, "queue_pct", c.queue);
		wj_u64(&j, "quiet_ms", c.quiet);
		wj_u64(&j, "rate", c.src_rate);
		wj_u64(&j, "burst", c.src_burst);
		wj_u64(&j, "all_rate", c.all_rate);
		wj_u64(&j, "all_burst", c.all_burst);
		wj_u64(&j, "v4_prefix", c.v4);
		wj_u64(&j, "v6_prefix", c.v6);
		wj_obj_close(&j);
		wj_obj_open(&j, "netns");
		wj_u64(&j, "synacks", c.synacks);
		wj_u64(&j, "acks_verified", c.acks_ok);
		wj_u64(&j, "acks_bad", c.acks_bad);
		wj_u64(&j, "dropped", c.dropped);
		wj_u64(&j, "verified_sources", c.verified);
		wj_obj_close(&j);
		wj_arr_open(&j, "listeners");
		for (i = 0; i < rs.n; i++) {
			const struct lrow *r = &rs.r[i];

			wj_obj_open(&j, NULL);
			wj_str(&j, "listener", r->name);
			wj_str(&j, "state", r->flood ? "flood" : "calm");
			wj_u64(&j, "flood_ms", r->flood_ms);
			wj_u64(&j, "floods", r->floods);
			wj_u64(&j, "rate", r->rate);
			wj_u64(&j, "syns", r->syns);
			wj_u64(&j, "qlen", r->qlen);
			wj_u64(&j, "qmax", r->qmax);
			wj_bool(&j, "cookies", r->cookies);
			for (k = 0; k < 7; k++)
				wj_u64(&j, why_names[k], r->why[k]);
			wj_u64(&j, "would_drop", r->would);
			wj_obj_close(&j);
		}
		wj_arr_close(&j);
		wj_obj_open(&j, "kernel");
		for (k = 0; k < NETSTAT_N; k++)
			wj_u64(&j, netstat_names[k], ns[k]);
		wj_obj_close(&j);
		wj_obj_close(&j);
		wj_end(&j);
		goto out;
	}

	printf("mode %s%s, hooks %s\n", mode_name(c.mode),
	       c.dflt ? " (global)" : "", c.hooked ? "registered" : "unregistered");
	printf("flood at %u SYN/s or %u%% SYN queue, quiet %u ms; unverified: %u/s burst %u per source, %u/s burst %u in all; sources /%u /%u\n",
	       c.rate, c.queue, c.quiet, c.src_rate, c.src_burst, c.all_rate,
	       c.all_burst, c.v4, c.v6);
	printf("handshakes verified %llu, bad ACKs %llu, SYN-ACKs tracked %llu, SYNs dropped %llu, verified sources %u\n",
	       (unsigned long long)c.acks_ok, (unsigned long long)c.acks_bad,
	       (unsigned long long)c.synacks, (unsigned long long)c.dropped, c.verified);
	if (rs.n)
		printf("%-28s %-5s %8s %10s %9s %9s %10s %10s %7s\n", "LISTENER", "STATE",
		       "SYN/s", "SYNS", "VERIFIED", "CONFORM", "DROPPED", "WOULDDROP", "COOKIES");
	for (i = 0; i < rs.n; i++) {
		const struct lrow *r = &rs.r[i];

		printf("%-28s %-5s %8llu %10llu %9llu %9llu %10llu %10llu %7s\n", r->name,
		       r->flood ? "flood" : "calm", (unsigned long long)r->rate,
		       (unsigned long long)r->syns, (unsigned long long)r->why[2],
		       (unsigned long long)r->why[3],
		       (unsigned long long)(r->why[4] + r->why[5] + r->why[6]),
		       (unsigned long long)r->would, r->cookies ? "yes" : "no");
	}
	printf("kernel:");
	for (k = 0; k < NETSTAT_N; k++)
		printf(" %s %llu", netstat_names[k], (unsigned long long)ns[k]);
	printf("\n");
out:
	free(rs.r);
	return rc;
}

/* ---- set ------------------------------------------------------------------ */

static int do_set(struct wctl_genl *g, int argc, char **argv)
{
	static const struct { const char *name; int attr; bool u8; uint32_t lo, hi; } opts[] = {
		{ "threshold", TCP_WARDEN_A_SYN_RATE, false, 0, UINT32_MAX },
		{ "queue", TCP_WARDEN_A_SYN_QUEUE_PCT, false, 0, 100 },
		{ "quiet", TCP_WARDEN_A_SYN_QUIET_MS, false, 0, 3600000 },
		{ "rate", TCP_WARDEN_A_SYN_SRC_RATE, false, 0, 100000000 },
		{ "burst", TCP_WARDEN_A_SYN_SRC_BURST, false, 1, 1000000 },
		{ "all-rate", TCP_WARDEN_A_SYN_ALL_RATE, false, 0, 100000000 },
		{ "all-burst", TCP_WARDEN_A_SYN_ALL_BURST, false, 1, 1000000 },
		{ "v4-prefix", TCP_WARDEN_A_SYN_V4_PREFIX, true, 1, 32 },
		{ "v6-prefix", TCP_WARDEN_A_SYN_V6_PREFIX, true, 1, 128 },
	};
	struct nl_msg *msg = wctl_genl_msg(g, TCP_WARDEN_CMD_SYN_SET, 0);
	bool any = false;
	uint32_t v;
	size_t k;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "global")) {
			nla_put_flag(msg, TCP_WARDEN_A_SYN_GLOBAL);
			continue;
		}
		if (i + 1 >= argc)
			wctl_usage_err("'%s' needs a value; see 'wardenctl help'", argv[i]);
		if (!strcmp(argv[i], "mode")) {
			const char *m = argv[++i];

			if (!strcmp(m, "default")) {
				nla_put_flag(msg, TCP_WARDEN_A_SYN_MODE_DEFAULT);
			} else {
				for (k = 0; k < 3 && strcmp(m, mode_names[k]); k++)
					;
				if (k == 3)
					wctl_usage_err("bad mode '%s'; give enforce, monitor, off or default", m);
				nla_put_u8(msg, TCP_WARDEN_A_SYN_MODE, (uint8_t)k);
			}
			any = true;
			continue;
		}
		for (k = 0; k < sizeof(opts) / sizeof(opts[0]); k++)
			if (!strcmp(argv[i], opts[k].name))
				break;
		if (k == sizeof(opts) / sizeof(opts[0]))
			wctl_usage_err("unknown syn set option '%s'; see 'wardenctl help'", argv[i]);
		if (wctl_parse_u32(argv[i + 1], opts[k].lo, opts[k].hi, &v))
			wctl_usage_err("bad %s '%s'; give %u..%u", opts[k].name, argv[i + 1],
				       opts[k].lo, opts[k].hi);
		if (opts[k].u8)
			nla_put_u8(msg, opts[k].attr, (uint8_t)v);
		else
			nla_put_u32(msg, opts[k].attr, v);
		any = true;
		i++;
	}
	if (!any) {
		nlmsg_free(msg);
		wctl_usage_err("syn set needs something to set, e.g. 'mode enforce' or 'threshold 5000'");
	}
	return wctl_genl_request(g, msg, &(struct wctl_genl_req){
		.what = "configure the SYN guard", .names = syn_names,
	}, NULL);
}

/* ---- top ------------------------------------------------------------------- */

struct top_state {
	bool json;
	struct wctl_json j;
	int listeners;
};

static int on_top(struct nlattr **tb, void *arg)
{
	struct top_state *t = arg;
	char lname[INET6_ADDRSTRLEN + 10], sname[INET6_ADDRSTRLEN + 10];
	int port = tb[TCP_WARDEN_A_SYN_TOP_PORT] ? nla_get_u16(tb[TCP_WARDEN_A_SYN_TOP_PORT]) : 0;
	struct nlattr *src[TCP_WARDEN_A_SYN_SRC_MAX + 1];
	struct nlattr *a;
	int rem;

	t->listeners++;
	endpoint(tb[TCP_WARDEN_A_SYN_TOP_ADDR4], tb[TCP_WARDEN_A_SYN_TOP_ADDR6], port,
		 lname, sizeof(lname));
	if (t->json) {
		wj_obj_open(&t->j, NULL);
		wj_str(&t->j, "listener", lname);
		wj_arr_open(&t->j, "sources");
	} else {
		printf("%s\n", lname);
	}
	if (tb[TCP_WARDEN_A_SYN_TOP_SOURCES]) {
		nla_for_each_nested(a, tb[TCP_WARDEN_A_SYN_TOP_SOURCES], rem) {
			if (nla_parse_nested(src, TCP_WARDEN_A_SYN_SRC_MAX, a, NULL))
				continue;
			endpoint(src[TCP_WARDEN_A_SYN_SRC_ADDR4], src[TCP_WARDEN_A_SYN_SRC_ADDR6],
				 -1, sname, sizeof(sname));
			if (t->json) {
				wj_obj_open(&t->j, NULL);
				wj_str(&t->j, "source", sname);
				wj_u64(&t->j, "syns", get_u32(src, TCP_WARDEN_A_SYN_SRC_COUNT));
				wj_obj_close(&t->j);
			} else {
				printf("  %-40s %10u\n", sname, get_u32(src, TCP_WARDEN_A_SYN_SRC_COUNT));
			}
		}
	}
	if (t->json) {
		wj_arr_close(&t->j);
		wj_obj_close(&t->j);
	}
	return 0;
}

static int do_top(struct wctl_genl *g, int argc, char **argv, bool json)
{
	struct top_state t = { .json = json };
	struct nl_msg *msg = wctl_genl_msg(g, TCP_WARDEN_CMD_SYN_TOP, NLM_F_DUMP);
	uint32_t port;
	int rc;

	if (argc > 1 && strcmp(argv[1], "--json") && strcmp(argv[1], "-j")) {
		if (wctl_parse_u32(argv[1], 1, 65535, &port)) {
			nlmsg_free(msg);
			wctl_usage_err("bad port '%s'; give 1..65535", argv[1]);
		}
		nla_put_u16(msg, TCP_WARDEN_A_SYN_TOP_PORT, (uint16_t)port);
	}
	if (json) {
		wj_init(&t.j, stdout);
		wj_arr_open(&t.j, NULL);
	}
	rc = wctl_genl_request(g, msg, &(struct wctl_genl_req){
		.what = "read heavy hitters", .maxattr = TCP_WARDEN_A_SYN_TOP_MAX,
		.cb = on_top, .arg = &t,
	}, NULL);
	if (json && !rc) {
		wj_arr_close(&t.j);
		wj_end(&t.j);
	}
	return rc;
}

/* ---- allow / deny --------------------------------------------------------- */

static int on_list(struct nlattr **tb, void *arg)
{
	struct wctl_json *j = arg;
	char buf[INET6_ADDRSTRLEN + 8];
	const char *which = get_u8(tb, TCP_WARDEN_A_SYN_LIST_LIST) ? "deny" : "allow";

	snprintf(buf, sizeof(buf), "%s/%u",
		 endpoint(tb[TCP_WARDEN_A_SYN_LIST_ADDR4], tb[TCP_WARDEN_A_SYN_LIST_ADDR6], -1,
			  (char[INET6_ADDRSTRLEN + 8]){ 0 }, INET6_ADDRSTRLEN + 8),
		 get_u8(tb, TCP_WARDEN_A_SYN_LIST_PREFIXLEN));
	if (j) {
		wj_obj_open(j, NULL);
		wj_str(j, "list", which);
		wj_str(j, "prefix", buf);
		wj_obj_close(j);
	} else {
		printf("%s %s\n", which, buf);
	}
	return 0;
}

static int do_list(struct wctl_genl *g, bool json)
{
	struct wctl_json j;
	int rc;

	if (json) {
		wj_init(&j, stdout);
		wj_arr_open(&j, NULL);
	}
	rc = wctl_genl_request(g, wctl_genl_msg(g, TCP_WARDEN_CMD_SYN_LIST_GET, NLM_F_DUMP),
			       &(struct wctl_genl_req){
		.what = "read the allow and deny lists", .maxattr = TCP_WARDEN_A_SYN_LIST_MAX,
		.cb = on_list, .arg = json ? &j : NULL,
	}, NULL);
	if (json && !rc) {
		wj_arr_close(&j);
		wj_end(&j);
	}
	return rc;
}

static int do_list_change(struct wctl_genl *g, int argc, char **argv)
{
	bool deny = !strcmp(argv[0], "deny"), add;
	struct wctl_prefix p;
	struct nl_msg *msg;
	const char *why;
	char what[96];

	if (argc == 1)
		return do_list(g, wctl_opts.json);
	if (argc != 3 || (strcmp(argv[1], "add") && strcmp(argv[1], "del")))
		wctl_usage_err("usage: syn %s add|del PREFIX", argv[0]);
	add = !strcmp(argv[1], "add");
	if (wctl_parse_prefix(argv[2], &p, &why))
		wctl_usage_err("bad prefix '%s': %s", argv[2], why);
	msg = wctl_genl_msg(g, add ? TCP_WARDEN_CMD_SYN_LIST_ADD : TCP_WARDEN_CMD_SYN_LIST_DEL, 0);
	nla_put_u8(msg, TCP_WARDEN_A_SYN_LIST_LIST,
		   deny ? TCP_WARDEN_SYN_LIST_DENY : TCP_WARDEN_SYN_LIST_ALLOW);
	if (p.family == AF_INET)
		nla_put(msg, TCP_WARDEN_A_SYN_LIST_ADDR4, 4, p.addr.bytes);
	else
		nla_put(msg, TCP_WARDEN_A_SYN_LIST_ADDR6, 16, p.addr.bytes);
	nla_put_u8(msg, TCP_WARDEN_A_SYN_LIST_PREFIXLEN, p.len);
	snprintf(what, sizeof(what), "%s %s %s the %s list", add ? "add" : "delete",
		 argv[2], add ? "to" : "from", argv[0]);
	return wctl_genl_request(g, msg, &(struct wctl_genl_req){
		.what = what, .names = list_names,
	}, NULL);
}

/* ---- watch ------------------------------------------------------------------ */

static int on_alert(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[TCP_WARDEN_A_SYN_L_MAX + 1];
	struct genlmsghdr *gh = genlmsg_hdr(nlmsg_hdr(msg));
	bool json = *(bool *)arg;
	struct lrow r;

	if (gh->cmd != TCP_WARDEN_CMD_SYN_ALERT ||
	    genlmsg_parse(nlmsg_hdr(msg), 0, tb, TCP_WARDEN_A_SYN_L_MAX, NULL))
		return NL_OK;
	fill_lrow(tb, &r);
	if (json) {
		struct wctl_json j;

		wj_init(&j, stdout);
		wj_obj_open(&j, NULL);
		wj_str(&j, "event", r.flood ? "flood-start" : "flood-end");
		wj_str(&j, "listener", r.name);
		wj_u64(&j, "rate", r.rate);
		wj_u64(&j, "syns", r.syns);
		wj_u64(&j, "qlen", r.qlen);
		wj_u64(&j, "qmax", r.qmax);
		wj_u64(&j, "dropped", r.why[4] + r.why[5] + r.why[6]);
		wj_obj_close(&j);
		wj_end(&j);
	} else {
		printf("%s %s rate %llu SYN/s queue %u/%u dropped %llu\n",
		       r.name, r.flood ? "flood-start" : "flood-end",
		       (unsigned long long)r.rate, r.qlen, r.qmax,
		       (unsigned long long)(r.why[4] + r.why[5] + r.why[6]));
	}
	fflush(stdout);
	return NL_OK;
}

static int do_watch(struct wctl_genl *g, bool json)
{
	int grp = genl_ctrl_resolve_grp(g->sk, TCP_WARDEN_FAMILY_NAME, TCP_WARDEN_MCGRP_SYN_ALERT);
	int err;

	if (grp < 0) {
		wctl_err("cannot find the syn-alert group: %s; is tcp_warden.ko current?",
			 nl_geterror(grp));
		return WCTL_EXIT_FAIL;
	}
	err = nl_socket_add_membership(g->sk, grp);
	if (err) {
		wctl_err("cannot join the syn-alert group: %s", nl_geterror(err));
		return WCTL_EXIT_FAIL;
	}
	nl_socket_disable_seq_check(g->sk);
	nl_socket_modify_cb(g->sk, NL_CB_VALID, NL_CB_CUSTOM, on_alert, &json);
	if (!json) {
		printf("watching SYN flood alerts (Ctrl-C to stop)\n");
		fflush(stdout);
	}
	for (;;) {
		err = nl_recvmsgs_default(g->sk);
		if (err < 0 && err != -NLE_INTR && err != -NLE_AGAIN) {
			wctl_err("receiving alerts failed: %s", nl_geterror(err));
			return WCTL_EXIT_FAIL;
		}
	}
}

/* ---- dispatch --------------------------------------------------------------- */

static int cmd_syn(int argc, char **argv)
{
	struct wctl_genl g;
	bool json = want_json(argc, argv);
	const char *sub = argc > 1 ? argv[1] : "status";
	int rc;

	if (argc > 1 && (!strcmp(sub, "--json") || !strcmp(sub, "-j")))
		sub = "status";
	if (strcmp(sub, "status") && strcmp(sub, "set") && strcmp(sub, "top") &&
	    strcmp(sub, "allow") && strcmp(sub, "deny") && strcmp(sub, "list") &&
	    strcmp(sub, "watch"))
		wctl_usage_err("unknown syn command '%s'; see 'wardenctl help'", sub);
	rc = wctl_genl_open(&g);
	if (rc)
		return rc;
	if (!strcmp(sub, "status"))
		rc = do_status(&g, json);
	else if (!strcmp(sub, "set"))
		rc = do_set(&g, argc - 1, argv + 1);
	else if (!strcmp(sub, "top"))
		rc = do_top(&g, argc - 1, argv + 1, json);
	else if (!strcmp(sub, "list"))
		rc = do_list(&g, json);
	else if (!strcmp(sub, "watch"))
		rc = do_watch(&g, json);
	else
		rc = do_list_change(&g, argc - 1 - (json && argc > 2 && !strcmp(argv[argc - 1], "--json")),
				    argv + 1);
	wctl_genl_close(&g);
	return rc;
}
WCTL_COMMAND(syn, cmd_syn,
	     "syn [status] [--json]\n"
	     "  syn set [global] [mode enforce|monitor|off|default] [threshold SYN/s] [queue PCT]\n"
	     "          [quiet MS] [rate SYN/s] [burst N] [all-rate SYN/s] [all-burst N]\n"
	     "          [v4-prefix LEN] [v6-prefix LEN]\n"
	     "  syn top [PORT] [--json]\n"
	     "  syn allow|deny [add|del PREFIX]\n"
	     "  syn list [--json]\n"
	     "  syn watch [--json]");
