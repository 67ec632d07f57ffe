// SPDX-License-Identifier: GPL-2.0
/*
 * `syn status`: the guard's configuration and counters (syn-get), every
 * listener (syn-stats) and the kernel's own SYN counters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uapi/linux/tcp_warden.h>

#include "lib/cli.h"
#include "lib/json.h"
#include "lib/util.h"
#include "lib/vec.h"
#include "syn/common.h"
#include "syn/status.h"

/* Kernel counters of /proc/net/netstat shown with the guard's. */
static const char *const netstat_names[] = {
	"SyncookiesSent", "SyncookiesRecv", "SyncookiesFailed", "ListenOverflows",
	"ListenDrops", "TCPReqQFullDoCookies", "TCPReqQFullDrop",
};
#define NETSTAT_N (sizeof(netstat_names) / sizeof(netstat_names[0]))

/* syn-get's counters, after the settings (common.h), in the spec's names. */
static const struct {
	int attr;
	const char *name;
	int bits;
} counters[SYN_NCOUNTERS] = {
	{ TCP_WARDEN_A_SYN_SYNACKS, "synacks", 64 },
	{ TCP_WARDEN_A_SYN_ACKS_VERIFIED, "acks-verified", 64 },
	{ TCP_WARDEN_A_SYN_ACKS_BAD, "acks-bad", 64 },
	{ TCP_WARDEN_A_SYN_DROPPED, "dropped", 64 },
	{ TCP_WARDEN_A_SYN_VERIFIED, "verified", 32 },
	{ TCP_WARDEN_A_SYN_FRAGS_BAD, "frags-bad", 64 },
};
struct listeners {
	struct syn_listener *l;
	size_t n, cap;
};

/* An unsigned attribute of @bits bits (0 when absent). */
static uint64_t get(struct nlattr **tb, int attr, int bits)
{
	return bits == 64 ? syn_u64(tb, attr) : bits == 32 ? syn_u32(tb, attr) : syn_u8(tb, attr);
}

static int on_cfg(struct nlattr **tb, void *arg)
{
	struct syn_conf *c = arg;
	size_t i;

	c->mode = syn_u8(tb, TCP_WARDEN_A_SYN_MODE);
	c->dflt = tb[TCP_WARDEN_A_SYN_MODE_DEFAULT];
	c->global_mode = syn_u8(tb, TCP_WARDEN_A_SYN_GLOBAL_MODE);
	c->hooked = syn_u8(tb, TCP_WARDEN_A_SYN_HOOKED);
	for (i = 0; i < SYN_NSETTINGS; i++)
		c->set[i] = get(tb, syn_settings[i].attr, syn_settings[i].bits);
	for (i = 0; i < SYN_NCOUNTERS; i++)
		c->count[i] = get(tb, counters[i].attr, counters[i].bits);
	return 0;
}

static int on_listener(struct nlattr **tb, void *arg)
{
	struct listeners *ls = arg;
	struct syn_listener *l = WCTL_PUSH(ls->l, ls->n, ls->cap);

	if (!l)
		wctl_oom();
	syn_listener_read(tb, l);
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

static void print_json(const struct syn_conf *c, const struct listeners *ls, const uint64_t *ns)
{
	struct wctl_json j;
	size_t i;

	wj_init(&j, stdout);
	wj_obj_open(&j, NULL);
	wj_str(&j, "mode", syn_mode_name(c->mode));
	wj_bool(&j, "mode-default", c->dflt);
	wj_str(&j, "global-mode", syn_mode_name(c->global_mode));
	wj_bool(&j, "hooked", c->hooked);
	for (i = 0; i < SYN_NSETTINGS; i++)
		wj_u64(&j, syn_settings[i].name, c->set[i]);
	for (i = 0; i < SYN_NCOUNTERS; i++)
		wj_u64(&j, counters[i].name, c->count[i]);
	wj_arr_open(&j, "listeners");
	for (i = 0; i < ls->n; i++) {
		wj_obj_open(&j, NULL);
		syn_listener_json(&j, &ls->l[i]);
		wj_obj_close(&j);
	}
	wj_arr_close(&j);
	wj_obj_open(&j, "kernel");
	for (i = 0; i < NETSTAT_N; i++)
		wj_u64(&j, netstat_names[i], ns[i]);
	wj_obj_close(&j);
	wj_obj_close(&j);
	wj_end(&j);
}

/* Names and values, as `syn set` takes them back. */
static void print_text(const struct syn_conf *c, const struct listeners *ls, const uint64_t *ns)
{
	size_t i;

	printf("mode %s%s, hooks %s\n", syn_mode_name(c->mode),
	       c->dflt ? " (global)" : "", c->hooked ? "registered" : "unregistered");
	for (i = 0; i < SYN_NSETTINGS; i++)
		printf("%s%s %llu", i ? " " : "", syn_settings[i].name,
		       (unsigned long long)c->set[i]);
	printf("\n");
	for (i = 0; i < SYN_NCOUNTERS; i++)
		printf("%s%s %llu", i ? " " : "", counters[i].name, (unsigned long long)c->count[i]);
	printf("\n");
	if (ls->n)
		printf("%-28s %-5s %8s %10s %9s %9s %10s %10s %7s\n", "LISTENER", "STATE",
		       "SYN/s", "SYNS", "VERIFIED", "CONFORM", "DROPPED", "WOULDDROP", "COOKIES");
	for (i = 0; i < ls->n; i++) {
		const struct syn_listener *l = &ls->l[i];

		printf("%-28s %-5s %8llu %10llu %9llu %9llu %10llu %10llu %7s\n", l->name,
		       l->flood ? "flood" : "calm", (unsigned long long)l->rate,
		       (unsigned long long)l->syns,
		       (unsigned long long)l->why[SYN_PASS_VERIFIED],
		       (unsigned long long)l->why[SYN_PASS_CONFORM],
		       (unsigned long long)syn_listener_dropped(l),
		       (unsigned long long)l->would, l->cookies ? "yes" : "no");
	}
	printf("kernel:");
	for (i = 0; i < NETSTAT_N; i++)
		printf(" %s %llu", netstat_names[i], (unsigned long long)ns[i]);
	printf("\n");
}

int syn_conf_get(struct wctl_genl *g, struct syn_conf *c)
{
	memset(c, 0, sizeof(*c));
	return wctl_genl_request(g, wctl_genl_msg(g, TCP_WARDEN_CMD_SYN_GET, 0),
				 &(struct wctl_genl_req){
		.what = "read the SYN guard configuration", .maxattr = TCP_WARDEN_A_SYN_MAX,
		.cb = on_cfg, .arg = c,
	}, NULL);
}

int syn_status(struct wctl_genl *g)
{
	struct listeners ls = { 0 };
	struct syn_conf c;
	uint64_t ns[NETSTAT_N];
	int rc;

	rc = syn_conf_get(g, &c);
	if (!rc)
		rc = wctl_genl_request(g, wctl_genl_msg(g, TCP_WARDEN_CMD_SYN_STATS, NLM_F_DUMP),
				       &(struct wctl_genl_req){
			.what = "read SYN guard statistics", .maxattr = TCP_WARDEN_A_SYN_L_MAX,
			.cb = on_listener, .arg = &ls,
		}, NULL);
	if (!rc) {
		read_netstat(ns);
		if (wctl_opts.json)
			print_json(&c, &ls, ns);
		else
			print_text(&c, &ls, ns);
	}
	free(ls.l);
	return rc;
}
