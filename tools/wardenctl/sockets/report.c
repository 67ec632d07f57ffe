// SPDX-License-Identifier: GPL-2.0
/*
 * `wardenctl sockets report`: the two diagnoses behind most TIME_WAIT and
 * CLOSE_WAIT tickets. Port exhaustion: connect() needs a free ephemeral
 * port per (source, destination, destination port), so TIME_WAIT sockets
 * towards one busy destination can use up ip_local_port_range. CLOSE_WAIT
 * leaks: the peer closed and the application never called close().
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>

#include "lib/cli.h"
#include "lib/json.h"
#include "lib/netns.h"
#include "lib/util.h"
#include "lib/vec.h"
#include "sockets/age.h"
#include "sockets/agg.h"
#include "sockets/diag.h"
#include "sockets/fmt.h"
#include "sockets/output.h"
#include "sockets/owner.h"
#include "sockets/report.h"
#include "sockets/summary.h"

#define WARN_PCT	50
#define CRIT_PCT	80

/* Sysctls of the current netns that the report uses. */
struct sk_sysctls {
	int tw_reuse;			/* -1 when unreadable */
	long max_tw_buckets;
	unsigned int port_lo, port_hi;
	unsigned int reserved_in_range;	/* ip_local_reserved_ports within [lo, hi] */
	char reserved[256];		/* as the kernel prints it */
};


static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	char *nl;

	if (!f)
		return -1;
	if (!fgets(buf, (int)len, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	return 0;
}

/* Reserved ports inside [lo, hi], from "8080,9000-9100". */
static unsigned int reserved_in(const char *s, unsigned int lo, unsigned int hi)
{
	struct wctl_ports p;
	unsigned int n = 0;
	const char *why;
	char item[16];
	size_t len;

	for (; *s; s += len + (s[len] == ',')) {
		len = strcspn(s, ",");
		snprintf(item, sizeof(item), "%.*s", (int)len, s);
		if (wctl_parse_ports(item, &p, &why))
			continue;
		if (p.lo < lo)
			p.lo = lo;
		if (p.hi > hi)
			p.hi = hi;
		if (p.lo <= p.hi)
			n += p.hi - p.lo + 1u;
	}
	return n;
}

static int read_sysctls(struct sk_sysctls *s)
{
	char buf[256];

	memset(s, 0, sizeof(*s));
	s->tw_reuse = -1;
	s->max_tw_buckets = -1;
	if (!read_line("/proc/sys/net/ipv4/tcp_tw_reuse", buf, sizeof(buf)))
		s->tw_reuse = atoi(buf);
	if (!read_line("/proc/sys/net/ipv4/tcp_max_tw_buckets", buf, sizeof(buf)))
		s->max_tw_buckets = atol(buf);
	if (read_line("/proc/sys/net/ipv4/ip_local_port_range", buf, sizeof(buf)) ||
	    sscanf(buf, "%u %u", &s->port_lo, &s->port_hi) != 2) {
		wctl_err("cannot read /proc/sys/net/ipv4/ip_local_port_range; is /proc mounted?");
		return WCTL_EXIT_FAIL;
	}
	if (!read_line("/proc/sys/net/ipv4/ip_local_reserved_ports", buf, sizeof(buf))) {
		snprintf(s->reserved, sizeof(s->reserved), "%s", buf);
		s->reserved_in_range = reserved_in(buf, s->port_lo, s->port_hi);
	}
	return 0;
}

static const char cw_explain[] =
	"CLOSE-WAIT means the peer closed the connection and the application has "
	"not called close() on its socket yet: the leak is in the process, not the network.";

struct netns_report {
	struct sk_counts counts;
	struct sk_sysctls sys;
	uint32_t usable;
	uint64_t tw_total;
	struct sk_agg_table risk, cw;
	struct sk_agg *risk_v, *cw_v;
	size_t nrisk, ncw;
	bool owners_failed;
	enum sk_age_status age;
};

struct report {
	struct sk_opts *o;
	struct netns_report *v;
	size_t n, cap;
	struct netns_report *cur;
	int err;
};

static int agg_fail(struct report *r)
{
	wctl_err("out of memory aggregating sockets; narrow the filter");
	r->err = WCTL_EXIT_FAIL;
	return r->err;
}

static int report_row(const struct sk_row *row, void *arg)
{
	struct report *r = arg;
	struct netns_report *nr = r->cur;
	int st = row->state == WCTL_TCP_NEW_SYN_RECV ? WCTL_TCP_SYN_RECV : row->state;
	struct sk_agg_key k;
	struct sk_agg *a;

	sk_count_row(&nr->counts, row);
	if (st == WCTL_TCP_TIME_WAIT)
		nr->tw_total++;

	/* Sockets that hold an ephemeral port towards a destination. */
	if (st != WCTL_TCP_LISTEN && st != WCTL_TCP_CLOSE &&
	    row->sport >= nr->sys.port_lo && row->sport <= nr->sys.port_hi) {
		memset(&k, 0, sizeof(k));
		k.family = row->family;
		k.port = row->dport;
		memcpy(k.a, row->src, 16);
		memcpy(k.b, row->dst, 16);
		a = sk_agg_get(&nr->risk, &k);
		if (!a)
			return agg_fail(r);
		a->count++;
		a->per_state[st]++;
	}

	if (st == WCTL_TCP_CLOSE_WAIT) {
		struct sk_owner own;
		uint64_t age;

		memset(&k, 0, sizeof(k));
		k.pid = -1;
		if (row->inode && !sk_owners_scan()) {
			if (sk_owners_find(row->inode, &own, 1))
				k.pid = own.pid;
		} else if (row->inode) {
			nr->owners_failed = true;
		}
		a = sk_agg_get(&nr->cw, &k);
		if (!a)
			return agg_fail(r);
		a->count++;
		a->per_state[st]++;
		if (k.pid > 0)
			snprintf(a->comm, sizeof(a->comm), "%s", own.comm);
		if (sk_age_ms(row->cookie, st, &age)) {
			a->aged++;
			if (age > a->oldest_ms)
				a->oldest_ms = age;
		}
	}
	return 0;
}

static int report_netns(struct sk_opts *o, void *arg)
{
	struct report *r = arg;
	struct netns_report *nr;
	struct sk_filter f = o->f;
	uint32_t range;
	int rc;

	nr = r->cur = WCTL_PUSH(r->v, r->n, r->cap);
	if (!nr) {
		wctl_err("out of memory building the report");
		return WCTL_EXIT_FAIL;
	}
	memset(nr, 0, sizeof(*nr));
	snprintf(nr->counts.netns, sizeof(nr->counts.netns), "%s", wctl_netns_label());
	rc = read_sysctls(&nr->sys);
	if (rc)
		return rc;
	range = nr->sys.port_hi >= nr->sys.port_lo ? nr->sys.port_hi - nr->sys.port_lo + 1 : 0;
	nr->usable = range > nr->sys.reserved_in_range ? range - nr->sys.reserved_in_range : 0;
	nr->age = sk_age_open();

	/* The report needs every state; state narrows it if given. */
	if (!o->states_set)
		f.states = SK_ALL_STATES;
	rc = sk_dump(&f, report_row, r);
	if (!rc)
		rc = r->err;
	if (rc)
		return rc;
	nr->nrisk = sk_agg_sorted(&nr->risk, &nr->risk_v);
	nr->ncw = sk_agg_sorted(&nr->cw, &nr->cw_v);
	return 0;
}

static unsigned int pct10(uint64_t n, uint32_t usable)
{
	/* Tenths of a percent; an empty range is all risk. */
	return usable ? (unsigned int)(n * 1000 / usable) : 1000;
}

static const char *risk_level(uint64_t n, uint32_t usable)
{
	unsigned int p = pct10(n, usable);

	if (p > CRIT_PCT * 10)
		return "critical";
	if (p > WARN_PCT * 10)
		return "warning";
	return "ok";
}

static const char *tw_reuse_str(int v)
{
	switch (v) {
	case 0:
		return "off: connect() never reuses a TIME-WAIT port";
	case 1:
		return "on: connect() reuses TIME-WAIT ports older than 1 s (needs TCP timestamps)";
	case 2:
		return "loopback only: other destinations never reuse TIME-WAIT ports";
	default:
		return "unknown";
	}
}

static size_t shown(const struct sk_opts *o, size_t n)
{
	return o->top && n > o->top ? o->top : n;
}

static void risk_endpoints(const struct sk_agg *a, char *src, char *dst)
{
	sk_addr_str(a->key.family, a->key.a, src);
	sk_addr_str(a->key.family, a->key.b, dst);
}

static void table_risk(struct report *r, struct netns_report *nr)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN], ep[INET6_ADDRSTRLEN + 8];
	char use[16];
	bool risky = false;
	size_t k;

	printf("TIME-WAIT port-exhaustion risk: ephemeral ports %u-%u, %u usable (%u reserved)\n",
	       nr->sys.port_lo, nr->sys.port_hi, nr->usable, nr->sys.reserved_in_range);
	if (!nr->nrisk) {
		printf("  no connections hold ephemeral ports\n");
	} else {
		printf("  %-26s %-32s %9s %8s %6s  %s\n", "Source", "Destination",
		       "TIME-WAIT", "In-use", "Use%", "Risk");
	}
	for (k = 0; k < shown(r->o, nr->nrisk); k++) {
		const struct sk_agg *a = &nr->risk_v[k];
		unsigned int p = pct10(a->count, nr->usable);
		const char *lvl = risk_level(a->count, nr->usable);

		risk_endpoints(a, src, dst);
		snprintf(ep, sizeof(ep), a->key.family == AF_INET6 ? "[%s]:%u" : "%s:%u",
			 dst, a->key.port);
		snprintf(use, sizeof(use), "%u.%u%%", p / 10, p % 10);
		printf("  %-26s %-32s %9u %8llu %6s  %s\n", src, ep,
		       a->per_state[WCTL_TCP_TIME_WAIT], (unsigned long long)a->count, use,
		       strcmp(lvl, "ok") ? (lvl[0] == 'c' ? "CRITICAL" : "WARNING") : "ok");
		if (strcmp(lvl, "ok"))
			risky = true;
	}
	if (nr->nrisk > shown(r->o, nr->nrisk))
		printf("  ... %zu more destinations (--top 0 shows all)\n",
		       nr->nrisk - shown(r->o, nr->nrisk));
	if (nr->tw_total)
		printf("  TIME-WAIT sockets have no owning process; find the client by its destination: `wardenctl sockets state established dst ADDR`.\n");
	if (risky)
		printf("  Hint: above %d%% connect() starts failing with EADDRNOTAVAIL soon: pool or keep connections alive, spread over more destination ports/addresses, widen ip_local_port_range, or set tcp_tw_reuse=1.\n",
		       CRIT_PCT);
	printf("sysctl net.ipv4.tcp_tw_reuse = %d (%s)\n", nr->sys.tw_reuse,
	       tw_reuse_str(nr->sys.tw_reuse));
	printf("sysctl net.ipv4.tcp_max_tw_buckets = %ld (%llu TIME-WAIT now",
	       nr->sys.max_tw_buckets, (unsigned long long)nr->tw_total);
	if (nr->sys.max_tw_buckets > 0)
		printf(", %u.%u%%; above the limit the kernel destroys TIME-WAIT sockets early",
		       pct10(nr->tw_total, (uint32_t)nr->sys.max_tw_buckets) / 10,
		       pct10(nr->tw_total, (uint32_t)nr->sys.max_tw_buckets) % 10);
	printf(")\n");
	printf("sysctl net.ipv4.ip_local_port_range = %u %u\n", nr->sys.port_lo, nr->sys.port_hi);
	printf("sysctl net.ipv4.ip_local_reserved_ports = %s\n",
	       nr->sys.reserved[0] ? nr->sys.reserved : "(none)");
}

static void table_close_wait(struct report *r, struct netns_report *nr)
{
	char age[32];
	size_t k;

	printf("\nCLOSE-WAIT leaks by process\n");
	if (!nr->ncw) {
		printf("  no CLOSE-WAIT sockets\n");
		return;
	}
	printf("  %-8s %-16s %10s  %s\n", "PID", "Command", "CLOSE-WAIT", "Oldest");
	for (k = 0; k < shown(r->o, nr->ncw); k++) {
		const struct sk_agg *a = &nr->cw_v[k];
		char pid[16];

		if (a->aged)
			sk_fmt_age(a->oldest_ms, age, sizeof(age));
		else
			snprintf(age, sizeof(age), "unknown");
		snprintf(pid, sizeof(pid), "%d", a->key.pid);
		printf("  %-8s %-16s %10llu  %s\n", a->key.pid > 0 ? pid : "?",
		       a->key.pid > 0 ? a->comm : "(not found)",
		       (unsigned long long)a->count, age);
	}
	if (nr->ncw > shown(r->o, nr->ncw))
		printf("  ... %zu more processes (--top 0 shows all)\n",
		       nr->ncw - shown(r->o, nr->ncw));
	printf("  %s\n", cw_explain);
	if (nr->age != SK_AGE_OK)
		printf("  %s\n", sk_age_why());
	if (nr->owners_failed)
		printf("  owners unknown: /proc cannot be read\n");
}

static void report_table(struct report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		printf("%sNetns %s\n", i ? "\n" : "", r->v[i].counts.netns);
		table_risk(r, &r->v[i]);
		table_close_wait(r, &r->v[i]);
	}
}

static void json_netns(struct wctl_json *j, const struct netns_report *nr)
{
	int fam, st;

	wj_obj_open(j, "sysctls");
	wj_s64(j, "tcp_tw_reuse", nr->sys.tw_reuse);
	wj_s64(j, "tcp_max_tw_buckets", nr->sys.max_tw_buckets);
	wj_arr_open(j, "ip_local_port_range");
	wj_u64(j, NULL, nr->sys.port_lo);
	wj_u64(j, NULL, nr->sys.port_hi);
	wj_arr_close(j);
	wj_str(j, "ip_local_reserved_ports", nr->sys.reserved);
	wj_obj_close(j);
	wj_obj_open(j, "states");
	for (st = 1; st < SK_NSTATES; st++) {
		if (st == WCTL_TCP_NEW_SYN_RECV)
			continue;
		wj_obj_open(j, wctl_tcp_word(st));
		for (fam = 0; fam < 2; fam++)
			wj_u64(j, fam ? "inet6" : "inet", nr->counts.n[fam][st]);
		wj_obj_close(j);
	}
	wj_obj_close(j);
}

static void json_risk(struct wctl_json *j, struct report *r, const struct netns_report *nr)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	size_t k;

	wj_obj_open(j, "port-exhaustion");
	wj_u64(j, "usable-ports", nr->usable);
	wj_u64(j, "reserved-in-range", nr->sys.reserved_in_range);
	wj_u64(j, "time-wait-total", nr->tw_total);
	wj_u64(j, "rows-total", nr->nrisk);
	wj_arr_open(j, "rows");
	for (k = 0; k < shown(r->o, nr->nrisk); k++) {
		const struct sk_agg *a = &nr->risk_v[k];

		risk_endpoints(a, src, dst);
		wj_obj_open(j, NULL);
		wj_str(j, "family", a->key.family == AF_INET ? "inet" : "inet6");
		wj_str(j, "src", src);
		wj_str(j, "dst", dst);
		wj_u64(j, "dport", a->key.port);
		wj_u64(j, "time-wait", a->per_state[WCTL_TCP_TIME_WAIT]);
		wj_u64(j, "in-use", a->count);
		wj_double(j, "use-ratio", nr->usable ? (double)a->count / nr->usable : 1.0);
		wj_str(j, "risk", risk_level(a->count, nr->usable));
		wj_obj_close(j);
	}
	wj_arr_close(j);
	wj_obj_close(j);
}

static void json_close_wait(struct wctl_json *j, struct report *r, const struct netns_report *nr)
{
	size_t k;

	wj_obj_open(j, "close-wait");
	wj_str(j, "explanation", cw_explain);
	if (nr->age == SK_AGE_OK)
		wj_null(j, "age-note");
	else
		wj_str(j, "age-note", sk_age_why());
	wj_u64(j, "rows-total", nr->ncw);
	wj_arr_open(j, "processes");
	for (k = 0; k < shown(r->o, nr->ncw); k++) {
		const struct sk_agg *a = &nr->cw_v[k];

		wj_obj_open(j, NULL);
		if (a->key.pid > 0) {
			wj_s64(j, "pid", a->key.pid);
			wj_str(j, "comm", a->comm);
		} else {
			wj_null(j, "pid");
			wj_null(j, "comm");
		}
		wj_u64(j, "count", a->count);
		if (a->aged)
			wj_u64(j, "oldest-age-ms", a->oldest_ms);
		else
			wj_null(j, "oldest-age-ms");
		wj_obj_close(j);
	}
	wj_arr_close(j);
	wj_obj_close(j);
}

static void report_json(struct report *r)
{
	struct wctl_json j;
	size_t i;

	wj_init(&j, stdout);
	wj_obj_open(&j, NULL);
	wj_arr_open(&j, "netns");
	for (i = 0; i < r->n; i++) {
		wj_obj_open(&j, NULL);
		wj_str(&j, "name", r->v[i].counts.netns);
		json_netns(&j, &r->v[i]);
		json_risk(&j, r, &r->v[i]);
		json_close_wait(&j, r, &r->v[i]);
		wj_obj_close(&j);
	}
	wj_arr_close(&j);
	wj_obj_close(&j);
	wj_end(&j);
}

static void prom_head(const char *name, const char *help)
{
	printf("# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static void prom_netns(const char *name, const struct netns_report *nr, long long v)
{
	printf("%s{", name);
	sk_prom_label(stdout, "netns", nr->counts.netns, true);
	printf("} %lld\n", v);
}

static void prom_risk_labels(const char *name, const struct netns_report *nr,
			     const struct sk_agg *a)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN], port[8];

	risk_endpoints(a, src, dst);
	snprintf(port, sizeof(port), "%u", a->key.port);
	printf("%s{", name);
	sk_prom_label(stdout, "netns", nr->counts.netns, true);
	sk_prom_label(stdout, "src", src, false);
	sk_prom_label(stdout, "dst", dst, false);
	sk_prom_label(stdout, "dport", port, false);
	printf("} ");
}

static void prom_cw_labels(const char *name, const struct netns_report *nr,
			   const struct sk_agg *a)
{
	char pid[16];

	snprintf(pid, sizeof(pid), "%d", a->key.pid > 0 ? a->key.pid : 0);
	printf("%s{", name);
	sk_prom_label(stdout, "netns", nr->counts.netns, true);
	sk_prom_label(stdout, "pid", pid, false);
	sk_prom_label(stdout, "comm", a->key.pid > 0 ? a->comm : "", false);
	printf("} ");
}

static void report_prom(struct report *r)
{
	struct sk_counts *c = malloc(r->n * sizeof(*c));
	size_t i, k;

	if (c) {
		for (i = 0; i < r->n; i++)
			c[i] = r->v[i].counts;
		sk_prom_counts(stdout, c, r->n, SK_ALL_STATES);
		free(c);
	}
	prom_head("tcpwarden_ephemeral_ports_usable",
		  "Ports in net.ipv4.ip_local_port_range minus ip_local_reserved_ports.");
	for (i = 0; i < r->n; i++)
		prom_netns("tcpwarden_ephemeral_ports_usable", &r->v[i], r->v[i].usable);
	prom_head("tcpwarden_tcp_tw_reuse", "net.ipv4.tcp_tw_reuse.");
	for (i = 0; i < r->n; i++)
		prom_netns("tcpwarden_tcp_tw_reuse", &r->v[i], r->v[i].sys.tw_reuse);
	prom_head("tcpwarden_tcp_max_tw_buckets", "net.ipv4.tcp_max_tw_buckets.");
	for (i = 0; i < r->n; i++)
		prom_netns("tcpwarden_tcp_max_tw_buckets", &r->v[i], r->v[i].sys.max_tw_buckets);

	prom_head("tcpwarden_port_exhaustion_in_use",
		  "Sockets holding an ephemeral port towards one destination address and port.");
	for (i = 0; i < r->n; i++)
		for (k = 0; k < shown(r->o, r->v[i].nrisk); k++) {
			prom_risk_labels("tcpwarden_port_exhaustion_in_use", &r->v[i], &r->v[i].risk_v[k]);
			printf("%llu\n", (unsigned long long)r->v[i].risk_v[k].count);
		}
	prom_head("tcpwarden_port_exhaustion_time_wait",
		  "TIME-WAIT sockets holding an ephemeral port towards one destination.");
	for (i = 0; i < r->n; i++)
		for (k = 0; k < shown(r->o, r->v[i].nrisk); k++) {
			prom_risk_labels("tcpwarden_port_exhaustion_time_wait", &r->v[i], &r->v[i].risk_v[k]);
			printf("%u\n", r->v[i].risk_v[k].per_state[WCTL_TCP_TIME_WAIT]);
		}
	prom_head("tcpwarden_port_exhaustion_ratio",
		  "In-use ephemeral ports towards one destination over usable ports.");
	for (i = 0; i < r->n; i++)
		for (k = 0; k < shown(r->o, r->v[i].nrisk); k++) {
			prom_risk_labels("tcpwarden_port_exhaustion_ratio", &r->v[i], &r->v[i].risk_v[k]);
			printf("%.6g\n", r->v[i].usable ?
			       (double)r->v[i].risk_v[k].count / r->v[i].usable : 1.0);
		}
	prom_head("tcpwarden_port_exhaustion_risk",
		  "0 ok, 1 warning (above 50% of usable ports), 2 critical (above 80%).");
	for (i = 0; i < r->n; i++)
		for (k = 0; k < shown(r->o, r->v[i].nrisk); k++) {
			const char *lvl = risk_level(r->v[i].risk_v[k].count, r->v[i].usable);

			prom_risk_labels("tcpwarden_port_exhaustion_risk", &r->v[i], &r->v[i].risk_v[k]);
			printf("%d\n", lvl[0] == 'c' ? 2 : lvl[0] == 'w' ? 1 : 0);
		}

	prom_head("tcpwarden_close_wait_sockets",
		  "CLOSE-WAIT sockets per owning process (pid 0: owner not found).");
	for (i = 0; i < r->n; i++)
		for (k = 0; k < shown(r->o, r->v[i].ncw); k++) {
			prom_cw_labels("tcpwarden_close_wait_sockets", &r->v[i], &r->v[i].cw_v[k]);
			printf("%llu\n", (unsigned long long)r->v[i].cw_v[k].count);
		}
	prom_head("tcpwarden_close_wait_oldest_age_seconds",
		  "Age of the oldest CLOSE-WAIT socket per process, when `wardenctl agent` runs.");
	for (i = 0; i < r->n; i++)
		for (k = 0; k < shown(r->o, r->v[i].ncw); k++) {
			if (!r->v[i].cw_v[k].aged)
				continue;
			prom_cw_labels("tcpwarden_close_wait_oldest_age_seconds", &r->v[i],
				       &r->v[i].cw_v[k]);
			printf("%.3f\n", r->v[i].cw_v[k].oldest_ms / 1000.0);
		}
}

int sk_report(struct sk_opts *o)
{
	struct report r = { .o = o };
	size_t i;
	int rc;

	rc = sk_for_each_netns(o, report_netns, &r);
	if (!rc) {
		if (o->prom)
			report_prom(&r);
		else if (o->json)
			report_json(&r);
		else
			report_table(&r);
		rc = sk_finish_output();
	}
	for (i = 0; i < r.n; i++) {
		sk_agg_free(&r.v[i].risk);
		sk_agg_free(&r.v[i].cw);
	}
	free(r.v);
	return rc;
}
