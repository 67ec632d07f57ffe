// SPDX-License-Identifier: GPL-2.0
/*
 * The socket listing (list.h): rows are printed as they arrive, so memory
 * does not grow with the number of sockets.
 */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "lib/cli.h"
#include "lib/json.h"
#include "lib/netns.h"
#include "lib/util.h"
#include "sockets/age.h"
#include "sockets/diag.h"
#include "sockets/fmt.h"
#include "sockets/list.h"
#include "sockets/output.h"
#include "sockets/owner.h"

#define MAX_OWNERS	8	/* shown per row; the total is still counted */

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
	if (r->state != WCTL_TCP_CLOSE_WAIT)
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
	p = put_str(p, wctl_tcp_label(r->state));
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

	if (r->state == WCTL_TCP_TIME_WAIT) {
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
	if (r->state == WCTL_TCP_CLOSE_WAIT) {
		char buf[32];

		if (aged) {
			sk_fmt_age(age_ms, buf, sizeof(buf));
			p += sprintf(p, " age:%s", buf);
		} else {
			p = put_str(p, " age:unknown");
		}
	}
	if (r->has_info && r->state != WCTL_TCP_LISTEN) {
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

static void json_endpoint(struct wctl_json *j, const char *key, int family, const uint8_t *a,
			  uint16_t port)
{
	char addr[INET6_ADDRSTRLEN];

	sk_addr_str(family, a, addr);
	wj_obj_open(j, key);
	wj_str(j, "addr", addr);
	wj_u64(j, "port", port);
	wj_obj_close(j);
}

static void json_owners(struct list_ctx *c, const struct sk_row *r)
{
	struct wctl_json *j = &c->j;
	struct sk_owner own[MAX_OWNERS];
	int n, i;

	if (!want_owner(c, r)) {
		wj_null(j, "owners");
		return;
	}
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
}

static void json_info(struct wctl_json *j, const struct sk_row *r)
{
	const struct tcp_info *t = &r->info;

	wj_obj_open(j, "info");
	wj_str(j, "cong", r->cong[0] ? r->cong : NULL);
	wj_u64(j, "cwnd", t->tcpi_snd_cwnd);
	if (t->tcpi_snd_ssthresh < 0x7fffffff)
		wj_u64(j, "ssthresh", t->tcpi_snd_ssthresh);
	else
		wj_null(j, "ssthresh");
	wj_u64(j, "rtt-us", t->tcpi_rtt);
	wj_u64(j, "rttvar-us", t->tcpi_rttvar);
	wj_u64(j, "retransmits", t->tcpi_retransmits);
	wj_u64(j, "total-retrans", t->tcpi_total_retrans);
	wj_obj_close(j);
}

static int list_json_row(struct list_ctx *c, const struct sk_row *r)
{
	struct wctl_json *j = &c->j;
	uint64_t age_ms;
	bool aged;

	wj_obj_open(j, NULL);
	wj_str(j, "state", wctl_tcp_word(r->state));
	wj_str(j, "family", r->family == AF_INET ? "inet" : "inet6");
	json_endpoint(j, "local", r->family, r->src, r->sport);
	json_endpoint(j, "remote", r->family, r->dst, r->dport);
	wj_u64(j, "recv-q", r->rqueue);
	wj_u64(j, "send-q", r->wqueue);
	wj_u64(j, "uid", r->uid);
	wj_u64(j, "inode", r->inode);
	wj_u64(j, "cookie", r->cookie);
	if (r->state == WCTL_TCP_TIME_WAIT)
		wj_u64(j, "timer-ms", r->expires_ms);
	json_owners(c, r);
	if (r->state == WCTL_TCP_CLOSE_WAIT) {
		row_age(c, r, &aged, &age_ms);
		if (aged)
			wj_u64(j, "age-ms", age_ms);
		else
			wj_null(j, "age-ms");
	}
	if (r->has_info && r->state != WCTL_TCP_LISTEN)
		json_info(j, r);
	wj_obj_close(j);
	return 0;
}

static int list_row(const struct sk_row *r, void *arg)
{
	struct list_ctx *c = arg;

	if (r->state == WCTL_TCP_TIME_WAIT)
		c->tw_rows++;
	if (r->state == WCTL_TCP_CLOSE_WAIT)
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
			notes[n++] = "age unknown for CLOSE-WAIT sockets that entered the state before `wardenctl agent start`";
		else
			notes[n++] = sk_age_why();
	}
	if (c->owners_failed)
		notes[n++] = "owners unknown: /proc cannot be read";
	return n;
}

int sk_list(struct sk_opts *o)
{
	struct list_ctx c = { .o = o };
	const char *notes[4];
	int rc, n, i;

	c.addr_w = o->f.family == AF_INET ? 15 : 20;
	if (o->json) {
		wj_init(&c.j, stdout);
		wj_obj_open(&c.j, NULL);
		wj_str(&c.j, "netns", wctl_netns_label());
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
