// SPDX-License-Identifier: GPL-2.0
/*
 * `wardenctl sockets`: list, count and group TCP sockets through sock_diag,
 * with the owner, the TIME_WAIT timer and (from the agent) the age that
 * make TIME_WAIT and CLOSE_WAIT problems explainable. Rows are printed as
 * they arrive, so memory does not grow with the number of sockets unless
 * grouping is asked for.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "sockets.h"

#define MAX_OWNERS	8	/* shown per row; the total is still counted */

static const char sockets_usage[] =
	"sockets [--state LIST|all] [-4|-6] [--sport PORT[-PORT]] [--dport PORT[-PORT]]\n"
	"          [--src PREFIX] [--dst PREFIX] [-n NETNS] [--info] [--no-owner] [-H]\n"
	"          [--summary [--all-netns] | --group-by remote|local-port|process]\n"
	"          [--json | --prometheus] [--output FILE]\n"
	"  sockets report [filters] [--top N] [--all-netns] [--json | --prometheus] [--output FILE]";

void sk_parse_opts(int argc, char **argv, struct sk_opts *o, bool report)
{
	enum {
		O_STATE = 256, O_SPORT, O_DPORT, O_SRC, O_DST, O_SUMMARY, O_GROUP,
		O_PROM, O_NO_OWNER, O_ALL_NETNS, O_TOP, O_INFO, O_OUTPUT,
	};
	static const struct option longopts[] = {
		{ "state", required_argument, NULL, O_STATE },
		{ "sport", required_argument, NULL, O_SPORT },
		{ "dport", required_argument, NULL, O_DPORT },
		{ "src", required_argument, NULL, O_SRC },
		{ "dst", required_argument, NULL, O_DST },
		{ "summary", no_argument, NULL, O_SUMMARY },
		{ "group-by", required_argument, NULL, O_GROUP },
		{ "prometheus", no_argument, NULL, O_PROM },
		{ "no-owner", no_argument, NULL, O_NO_OWNER },
		{ "all-netns", no_argument, NULL, O_ALL_NETNS },
		{ "top", required_argument, NULL, O_TOP },
		{ "info", no_argument, NULL, O_INFO },
		{ "output", required_argument, NULL, O_OUTPUT },
		{ "json", no_argument, NULL, 'j' },
		{ "netns", required_argument, NULL, 'n' },
		{ "no-header", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const char *why, *bad;
	size_t badlen;
	int opt, rc;

	memset(o, 0, sizeof(*o));
	o->json = wctl_opts.json;
	o->top = report ? 20 : 0;
	o->f.states = 1u << SK_TIME_WAIT | 1u << SK_CLOSE_WAIT;

	while ((opt = getopt_long(argc, argv, "46n:jHih", longopts, NULL)) != -1) {
		switch (opt) {
		case O_STATE:
			if (sk_parse_states(optarg, &o->f.states, &bad, &badlen)) {
				if (!badlen)
					wctl_usage_err("empty --state list; use e.g. time-wait,close-wait or all");
				wctl_usage_err("unknown state '%.*s'; use e.g. time-wait,close-wait,established or all",
					       (int)badlen, bad);
			}
			o->states_set = true;
			break;
		case '4':
		case '6':
			if (o->f.family)
				wctl_usage_err("-4 and -6 together: give at most one (none means both)");
			o->f.family = opt == '4' ? AF_INET : AF_INET6;
			break;
		case O_SPORT:
		case O_DPORT: {
			bool s = opt == O_SPORT;

			if (sk_parse_ports(optarg, s ? &o->f.sport_lo : &o->f.dport_lo,
					   s ? &o->f.sport_hi : &o->f.dport_hi))
				wctl_usage_err("bad port '%s' for --%s; use PORT or LOW-HIGH within 0..65535",
					       optarg, s ? "sport" : "dport");
			*(s ? &o->f.sport_set : &o->f.dport_set) = true;
			break;
		}
		case O_SRC:
		case O_DST: {
			bool s = opt == O_SRC;

			if (wctl_parse_prefix(optarg, s ? &o->f.src : &o->f.dst, &why))
				wctl_usage_err("bad prefix '%s' for --%s: %s", optarg,
					       s ? "src" : "dst", why);
			*(s ? &o->f.src_set : &o->f.dst_set) = true;
			break;
		}
		case O_SUMMARY:
			o->summary = true;
			break;
		case O_GROUP:
			if (!strcmp(optarg, "remote"))
				o->group = SK_GROUP_REMOTE;
			else if (!strcmp(optarg, "local-port"))
				o->group = SK_GROUP_LPORT;
			else if (!strcmp(optarg, "process"))
				o->group = SK_GROUP_PROCESS;
			else
				wctl_usage_err("unknown --group-by '%s'; use remote, local-port or process",
					       optarg);
			break;
		case O_PROM:
			o->prom = true;
			break;
		case O_NO_OWNER:
			o->no_owner = true;
			break;
		case O_ALL_NETNS:
			o->all_netns = true;
			break;
		case O_TOP:
			if (wctl_parse_u32(optarg, 0, 1000000, &o->top))
				wctl_usage_err("bad --top '%s'; use a row count (0 = all)", optarg);
			break;
		case O_OUTPUT:
			o->output = optarg;
			break;
		case 'i':
		case O_INFO:
			o->f.info = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 'n':
			wctl_opts.netns = optarg;
			rc = wctl_netns_enter(optarg);
			if (rc)
				exit(rc);
			break;
		case 'H':
			o->no_header = true;
			break;
		case 'h':
			printf("Usage: wardenctl %s\nSee wardenctl-sockets(8).\n", sockets_usage);
			exit(0);
		default:
			wctl_usage_err("bad option for 'sockets'; see 'wardenctl help' or wardenctl-sockets(8)");
		}
	}
	if (optind < argc)
		wctl_usage_err("unexpected argument '%s'; see wardenctl-sockets(8)", argv[optind]);

	if (o->f.family) {
		const struct wctl_prefix *p[2] = {
			o->f.src_set ? &o->f.src : NULL, o->f.dst_set ? &o->f.dst : NULL,
		};
		int i;

		for (i = 0; i < 2; i++)
			if (p[i] && p[i]->family != o->f.family)
				wctl_usage_err("--%s is %s but %s was given", i ? "dst" : "src",
					       p[i]->family == AF_INET ? "IPv4" : "IPv6",
					       o->f.family == AF_INET ? "-4" : "-6");
	}
	if (report && (o->summary || o->group))
		wctl_usage_err("'sockets report' takes filters and an output format, not --summary or --group-by");
	if (o->json && o->prom)
		wctl_usage_err("--json and --prometheus together: choose one output format");
	if (o->summary && o->group)
		wctl_usage_err("--summary and --group-by together: choose one");
	if (o->prom && o->group)
		wctl_usage_err("--prometheus exports counts, not groups: drop --group-by");
	if (o->all_netns && wctl_opts.netns)
		wctl_usage_err("-n and --all-netns together: choose one");
	if (o->all_netns && !report && !o->summary && !o->prom)
		wctl_usage_err("--all-netns works with --summary, --prometheus and 'report'");
	/* A summary counts every state unless told otherwise. */
	if ((o->summary || (o->prom && !report)) && !o->states_set)
		o->f.states = SK_ALL_STATES;
}

int sk_finish_output(void)
{
	if (fflush(stdout) || ferror(stdout)) {
		if (errno == EPIPE)
			return 0;
		wctl_err("cannot write the output: %s", strerror(errno));
		return WCTL_EXIT_FAIL;
	}
	return 0;
}

/* A big, lock-free stdout: rows come by the hundred thousand. */
static void fast_stdout(void)
{
	static char buf[1 << 16];

	setvbuf(stdout, buf, _IOFBF, sizeof(buf));
	__fsetlocking(stdout, FSETLOCKING_BYCALLER);
}

/* ------------------------------------------------------------------ list */

struct list_ctx {
	struct sk_opts *o;
	struct wctl_json j;
	int addr_w;			/* address column width */
	uint64_t tw_rows, cw_rows, cw_aged;
	bool owners_failed;
};

static bool want_owner(struct list_ctx *c, const struct sk_row *r)
{
	if (c->o->no_owner || !sk_state_full(r->state) || !r->inode)
		return false;
	if (sk_owners_scan()) {
		/* Reported once at the end; rows just show no owner. */
		c->owners_failed = true;
		return false;
	}
	return true;
}

static char *pad_to(char *p, char *start, int width)
{
	while (p - start < width)
		*p++ = ' ';
	return p;
}

static char *put_str(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

/* "  addr:port " with the address right-aligned in @w, as ss does. */
static char *put_endpoint(char *p, int family, const uint8_t *a, uint16_t port, int w)
{
	char abuf[INET6_ADDRSTRLEN + 2], *s = abuf;
	int n;

	if (family == AF_INET6 && !memcmp(a, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12)) {
		/* ::ffff:a.b.c.d reads better with the IPv4 formatter. */
		memcpy(abuf, "::ffff:", 7);
		n = 7 + sk_addr_str(AF_INET, a + 12, abuf + 7);
	} else if (family == AF_INET6) {
		abuf[0] = '[';
		n = 1 + sk_addr_str(AF_INET6, a, abuf + 1);
		abuf[n++] = ']';
		abuf[n] = '\0';
	} else {
		n = sk_addr_str(AF_INET, a, abuf);
	}
	while (n < w) {
		*p++ = ' ';
		w--;
	}
	memcpy(p, s, n);
	p += n;
	*p++ = ':';
	s = p;
	p = sk_put_u64(p, port);
	return pad_to(p, s, 5);
}

static void list_header(struct list_ctx *c)
{
	if (c->o->no_header)
		return;
	printf("%-10s %-6s %-6s %*s:%-5s %*s:%-5s %s\n", "State", "Recv-Q", "Send-Q",
	       c->addr_w, "Local Address", "Port", c->addr_w, "Peer Address", "Port",
	       "Details");
}

static void row_age(struct list_ctx *c, const struct sk_row *r, bool *known, uint64_t *ms)
{
	*known = false;
	if (r->state != SK_CLOSE_WAIT)
		return;
	*known = sk_age_ms(r->cookie, r->state, ms);
	if (*known)
		c->cw_aged++;
}

static int list_table_row(struct list_ctx *c, const struct sk_row *r)
{
	char line[1024], *p = line, *s;
	struct sk_owner own[MAX_OWNERS];
	uint64_t age_ms;
	bool aged;
	int n, i;

	s = p;
	p = put_str(p, sk_state_label(r->state));
	p = pad_to(p, s, 10);
	*p++ = ' ';
	s = p;
	p = sk_put_u64(p, r->rqueue);
	p = pad_to(p, s, 6);
	*p++ = ' ';
	s = p;
	p = sk_put_u64(p, r->wqueue);
	p = pad_to(p, s, 6);
	*p++ = ' ';
	p = put_endpoint(p, r->family, r->src, r->sport, c->addr_w);
	*p++ = ' ';
	p = put_endpoint(p, r->family, r->dst, r->dport, c->addr_w);

	if (r->state == SK_TIME_WAIT) {
		p = put_str(p, " timer:");
		p = sk_put_u64(p, r->expires_ms);
		p = put_str(p, "ms");
	}
	if (want_owner(c, r)) {
		n = sk_owners_find(r->inode, own, MAX_OWNERS);
		if (n) {
			p = put_str(p, " users:(");
			for (i = 0; i < n && i < MAX_OWNERS; i++) {
				p += snprintf(p, 64 + 16, "%s(\"%s\",pid=%d,fd=%d)", i ? "," : "",
					      own[i].comm, own[i].pid, own[i].fd);
			}
			if (n > MAX_OWNERS)
				p += sprintf(p, ",+%d more", n - MAX_OWNERS);
			*p++ = ')';
		} else {
			p = put_str(p, " users:?");
		}
	} else if (sk_state_full(r->state) && !r->inode) {
		p = put_str(p, " orphan");	/* closed by the application already */
	}
	row_age(c, r, &aged, &age_ms);
	if (r->state == SK_CLOSE_WAIT) {
		char buf[32];

		if (aged) {
			sk_fmt_age(age_ms, buf, sizeof(buf));
			p += sprintf(p, " age:%s", buf);
		} else {
			p = put_str(p, " age:unknown");
		}
	}
	if (r->has_info && r->state != SK_LISTEN) {
		const struct tcp_info *t = &r->info;

		p += sprintf(p, " %s cwnd:%u", r->cong[0] ? r->cong : "-", t->tcpi_snd_cwnd);
		if (t->tcpi_snd_ssthresh < 0x7fffffff)
			p += sprintf(p, " ssthresh:%u", t->tcpi_snd_ssthresh);
		else
			p = put_str(p, " ssthresh:inf");
		p += sprintf(p, " rtt:%u.%03u/%u.%03ums retrans:%u/%u",
			     t->tcpi_rtt / 1000, t->tcpi_rtt % 1000,
			     t->tcpi_rttvar / 1000, t->tcpi_rttvar % 1000,
			     t->tcpi_retransmits, t->tcpi_total_retrans);
	}
	*p++ = '\n';
	fwrite(line, 1, p - line, stdout);
	return 0;
}

/* "key":{"addr":"A","port":P}; addresses and keys never need escaping. */
static char *json_endpoint(char *p, const char *key, int family, const uint8_t *a,
			   uint16_t port)
{
	p = put_str(p, key);
	p = put_str(p, "{\"addr\":\"");
	p += sk_addr_str(family, a, p);
	p = put_str(p, "\",\"port\":");
	p = sk_put_u64(p, port);
	*p++ = '}';
	return p;
}

static char *json_u64(char *p, const char *key, uint64_t v)
{
	return sk_put_u64(put_str(p, key), v);
}

static int list_json_row(struct list_ctx *c, const struct sk_row *r)
{
	struct wctl_json *j = &c->j;
	struct sk_owner own[MAX_OWNERS];
	char buf[512], *p = buf;
	uint64_t age_ms;
	bool aged;
	int n, i;

	/*
	 * The fixed-shape part of the row is rendered here in one go: going
	 * through the writer per field costs more than the kernel's dump.
	 */
	wj_obj_open(j, NULL);
	p = put_str(p, "\"state\":\"");
	p = put_str(p, sk_state_name(r->state));
	p = put_str(p, r->family == AF_INET ? "\",\"family\":\"ipv4\","
					    : "\",\"family\":\"ipv6\",");
	p = json_endpoint(p, "\"local\":", r->family, r->src, r->sport);
	p = json_endpoint(p, ",\"remote\":", r->family, r->dst, r->dport);
	p = json_u64(p, ",\"recv_q\":", r->rqueue);
	p = json_u64(p, ",\"send_q\":", r->wqueue);
	p = json_u64(p, ",\"uid\":", r->uid);
	p = json_u64(p, ",\"inode\":", r->inode);
	p = json_u64(p, ",\"cookie\":", r->cookie);
	if (r->state == SK_TIME_WAIT)
		p = json_u64(p, ",\"timer_ms\":", r->expires_ms);
	wj_raw(j, NULL, buf, p - buf);

	if (want_owner(c, r)) {
		n = sk_owners_find(r->inode, own, MAX_OWNERS);
		wj_arr_open(j, "owners");
		for (i = 0; i < n && i < MAX_OWNERS; i++) {
			wj_obj_open(j, NULL);
			wj_s64(j, "pid", own[i].pid);
			wj_str(j, "comm", own[i].comm);
			wj_s64(j, "fd", own[i].fd);
			wj_obj_close(j);
		}
		wj_arr_close(j);
	} else {
		wj_null(j, "owners");
	}
	if (r->state == SK_CLOSE_WAIT) {
		row_age(c, r, &aged, &age_ms);
		if (aged)
			wj_u64(j, "age_ms", age_ms);
		else
			wj_null(j, "age_ms");
	}
	if (r->has_info && r->state != SK_LISTEN) {
		const struct tcp_info *t = &r->info;

		wj_obj_open(j, "info");
		if (r->cong[0])
			wj_str(j, "cong", r->cong);
		else
			wj_null(j, "cong");
		wj_u64(j, "cwnd", t->tcpi_snd_cwnd);
		if (t->tcpi_snd_ssthresh < 0x7fffffff)
			wj_u64(j, "ssthresh", t->tcpi_snd_ssthresh);
		else
			wj_null(j, "ssthresh");
		wj_u64(j, "rtt_us", t->tcpi_rtt);
		wj_u64(j, "rttvar_us", t->tcpi_rttvar);
		wj_u64(j, "retransmits", t->tcpi_retransmits);
		wj_u64(j, "total_retrans", t->tcpi_total_retrans);
		wj_obj_close(j);
	}
	wj_obj_close(j);
	return 0;
}

static int list_row(const struct sk_row *r, void *arg)
{
	struct list_ctx *c = arg;

	if (r->state == SK_TIME_WAIT)
		c->tw_rows++;
	if (r->state == SK_CLOSE_WAIT)
		c->cw_rows++;
	if (c->o->json)
		return list_json_row(c, r);
	return list_table_row(c, r);
}

/* Notes explain what rows alone cannot; one line each. */
static int list_notes(struct list_ctx *c, const char **notes)
{
	int n = 0;

	if (c->tw_rows)
		notes[n++] = "TIME-WAIT sockets have no owning process: the kernel keeps them after the application closed, for 60 s";
	if (c->cw_rows && c->cw_aged < c->cw_rows) {
		if (sk_age_open() == SK_AGE_OK)
			notes[n++] = "age unknown for CLOSE-WAIT sockets that entered the state before `wardenctl agent` started";
		else
			notes[n++] = sk_age_why();
	}
	if (c->owners_failed)
		notes[n++] = "owners unknown: /proc cannot be read";
	return n;
}

static int cmd_list(struct sk_opts *o)
{
	struct list_ctx c = { .o = o };
	const char *notes[4];
	int rc, n, i;

	c.addr_w = o->f.family == AF_INET ? 15 : 20;
	if (o->json) {
		wj_init(&c.j, stdout);
		wj_obj_open(&c.j, NULL);
		wj_str(&c.j, "netns", sk_netns_label());
		wj_arr_open(&c.j, "sockets");
	} else {
		list_header(&c);
	}
	rc = sk_dump(&o->f, list_row, &c);
	if (rc)
		return rc;
	n = list_notes(&c, notes);
	if (o->json) {
		wj_arr_close(&c.j);
		wj_arr_open(&c.j, "notes");
		for (i = 0; i < n; i++)
			wj_str(&c.j, NULL, notes[i]);
		wj_arr_close(&c.j);
		wj_obj_close(&c.j);
		wj_end(&c.j);
	} else if (!o->no_header) {
		for (i = 0; i < n; i++)
			printf("Note: %s\n", notes[i]);
	}
	return sk_finish_output();
}

/* --------------------------------------------------------------- summary */

void sk_count_row(struct sk_counts *c, const struct sk_row *r)
{
	int st = r->state == SK_NEW_SYN_RECV ? SK_SYN_RECV : r->state;

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
	return st != SK_NEW_SYN_RECV && (states & (1u << st));
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
				sk_prom_label(f, "state", sk_state_name(st), false);
				fprintf(f, "} %llu\n", (unsigned long long)c[i].n[fam][st]);
			}
		}
	}
}

int sk_for_each_netns(struct sk_opts *o, int (*fn)(struct sk_opts *, void *), void *arg)
{
	struct stat home_st, st;
	struct dirent *de;
	char path[300];
	int home, rc;
	DIR *d;

	rc = fn(o, arg);
	if (rc || !o->all_netns)
		return rc;
	home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0 || fstat(home, &home_st)) {
		wctl_err("cannot open /proc/self/ns/net: %s", strerror(errno));
		return WCTL_EXIT_FAIL;
	}
	d = opendir("/run/netns");
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/run/netns/%s", de->d_name);
		if (stat(path, &st) || (st.st_ino == home_st.st_ino && st.st_dev == home_st.st_dev))
			continue;
		rc = wctl_netns_enter(path);
		if (rc)
			break;
		wctl_opts.netns = de->d_name;	/* the label of what follows */
		rc = fn(o, arg);
		wctl_opts.netns = NULL;
		if (setns(home, CLONE_NEWNET)) {
			wctl_err("cannot return to the original netns: %s", strerror(errno));
			rc = WCTL_EXIT_FAIL;
		}
		if (rc)
			break;
	}
	if (d)
		closedir(d);
	close(home);
	return rc;
}

struct counts_vec {
	struct sk_counts *v;
	size_t n, cap;
};

static int count_one_netns(struct sk_opts *o, void *arg)
{
	struct counts_vec *cv = arg;
	struct sk_counts *c;

	if (cv->n == cv->cap) {
		size_t cap = cv->cap ? cv->cap * 2 : 8;
		struct sk_counts *v = realloc(cv->v, cap * sizeof(*v));

		if (!v) {
			wctl_err("out of memory counting sockets");
			return WCTL_EXIT_FAIL;
		}
		cv->v = v;
		cv->cap = cap;
	}
	c = &cv->v[cv->n++];
	memset(c, 0, sizeof(*c));
	snprintf(c->netns, sizeof(c->netns), "%s", sk_netns_label());
	return sk_dump(&o->f, count_row, c);
}

static void summary_table(const struct sk_counts *c, size_t n, uint32_t states)
{
	size_t i;
	int st;

	for (i = 0; i < n; i++) {
		uint64_t t4 = 0, t6 = 0;

		for (st = 1; st < SK_NSTATES; st++) {
			t4 += c[i].n[0][st];
			t6 += c[i].n[1][st];
		}
		printf("%sNetns %s: %llu TCP sockets\n", i ? "\n" : "", c[i].netns,
		       (unsigned long long)(t4 + t6));
		printf("%-12s %10s %10s %10s\n", "State", "IPv4", "IPv6", "Total");
		for (st = 1; st < SK_NSTATES; st++) {
			if (!state_shown(states, st))
				continue;
			printf("%-12s %10llu %10llu %10llu\n", sk_state_label(st),
			       (unsigned long long)c[i].n[0][st], (unsigned long long)c[i].n[1][st],
			       (unsigned long long)(c[i].n[0][st] + c[i].n[1][st]));
		}
		printf("%-12s %10llu %10llu %10llu\n", "Total", (unsigned long long)t4,
		       (unsigned long long)t6, (unsigned long long)(t4 + t6));
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
			wj_obj_open(&j, sk_state_name(st));
			wj_u64(&j, "ipv4", c[i].n[0][st]);
			wj_u64(&j, "ipv6", c[i].n[1][st]);
			wj_u64(&j, "total", c[i].n[0][st] + c[i].n[1][st]);
			wj_obj_close(&j);
		}
		wj_obj_close(&j);
		wj_obj_open(&j, "total");
		wj_u64(&j, "ipv4", t4);
		wj_u64(&j, "ipv6", t6);
		wj_u64(&j, "total", t4 + t6);
		wj_obj_close(&j);
		wj_obj_close(&j);
	}
	wj_arr_close(&j);
	wj_obj_close(&j);
	wj_end(&j);
}

static int cmd_summary(struct sk_opts *o)
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
			summary_table(cv.v, cv.n, o->f.states);
		rc = sk_finish_output();
	}
	free(cv.v);
	return rc;
}

/* -------------------------------------------------------------- group-by */

struct group_ctx {
	struct sk_opts *o;
	struct sk_agg_table t;
	bool oom, owners_failed;
};

static int group_add(struct group_ctx *g, const struct sk_agg_key *k, const char *comm,
		     const struct sk_row *r)
{
	struct sk_agg *a = sk_agg_get(&g->t, k);
	int st = r->state == SK_NEW_SYN_RECV ? SK_SYN_RECV : r->state;

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

static int cmd_group(struct sk_opts *o)
{
	static const char *const keys[] = { "", "remote", "local_port", "process" };
	static const char *const heads[] = { "", "Remote", "Local-Port", "Process" };
	struct group_ctx g = { .o = o };
	struct sk_agg *v;
	uint32_t seen = 0;
	char key[INET6_ADDRSTRLEN + 32];
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

	if (o->json) {
		struct wctl_json j;

		wj_init(&j, stdout);
		wj_obj_open(&j, NULL);
		wj_str(&j, "netns", sk_netns_label());
		wj_str(&j, "group_by", keys[o->group]);
		wj_arr_open(&j, "groups");
		for (i = 0; i < n; i++) {
			wj_obj_open(&j, NULL);
			if (o->group == SK_GROUP_LPORT) {
				wj_u64(&j, "local_port", v[i].key.port);
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
					wj_u64(&j, sk_state_name(st), v[i].per_state[st]);
			wj_obj_close(&j);
			wj_obj_close(&j);
		}
		wj_arr_close(&j);
		wj_obj_close(&j);
		wj_end(&j);
	} else {
		if (!o->no_header) {
			printf("%8s  %-32s", "Count", heads[o->group]);
			for (st = 1; st < SK_NSTATES; st++)
				if (seen & (1u << st))
					printf(" %11s", sk_state_label(st));
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
		if (!o->no_header && o->group == SK_GROUP_PROCESS && (seen & (1u << SK_TIME_WAIT)))
			printf("Note: (no owner) counts TIME-WAIT sockets and orphans: no process holds them\n");
		if (g.owners_failed)
			printf("Note: owners unknown: /proc cannot be read\n");
	}
	sk_agg_free(&g.t);
	return sk_finish_output();
}

/*
 * --output FILE: write to a temporary file next to FILE and rename it over
 * FILE only when everything was written, so a textfile collector never
 * reads half a file. Returns the temporary path's fd, or -1.
 */
static int output_begin(const char *path, char *tmp, size_t len)
{
	int fd;

	if ((size_t)snprintf(tmp, len, "%s.XXXXXX", path) >= len)
		wctl_usage_err("--output path too long");
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		wctl_err("cannot create a file next to %s: %s", path, strerror(errno));
		return -1;
	}
	if (fchmod(fd, 0644) || dup2(fd, STDOUT_FILENO) < 0) {
		wctl_err("cannot use %s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	return 0;
}

static int output_end(const char *path, const char *tmp, int rc)
{
	if (!rc)
		rc = sk_finish_output();
	if (!rc && (fsync(STDOUT_FILENO) || rename(tmp, path))) {
		wctl_err("cannot write %s: %s", path, strerror(errno));
		rc = WCTL_EXIT_FAIL;
	}
	if (rc)
		unlink(tmp);
	return rc;
}

static int run(struct sk_opts *o, bool report)
{
	if (report)
		return sk_report(o);
	if (o->summary || o->prom)
		return cmd_summary(o);
	if (o->group)
		return cmd_group(o);
	return cmd_list(o);
}

static int cmd_sockets(int argc, char **argv)
{
	bool report = argc > 1 && !strcmp(argv[1], "report");
	char tmp[4096];
	struct sk_opts o;
	int rc;

	fast_stdout();
	if (report)
		sk_parse_opts(argc - 1, argv + 1, &o, true);
	else
		sk_parse_opts(argc, argv, &o, false);
	if (!o.output)
		return run(&o, report);
	if (output_begin(o.output, tmp, sizeof(tmp)))
		return WCTL_EXIT_FAIL;
	rc = run(&o, report);
	return output_end(o.output, tmp, rc);
}
WCTL_COMMAND(sockets, cmd_sockets, sockets_usage);
