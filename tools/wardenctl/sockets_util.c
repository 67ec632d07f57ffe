// SPDX-License-Identifier: GPL-2.0
/* `wardenctl sockets` helpers: aggregation table, formatting, sysctls. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sockets.h"

static uint64_t key_hash(const struct sk_agg_key *k)
{
	const unsigned char *p = (const unsigned char *)k;
	uint64_t h = 1469598103934665603ull;	/* FNV-1a */
	size_t i;

	for (i = 0; i < sizeof(*k); i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	return h;
}

static bool slot_used(const struct sk_agg *s)
{
	return s->count != 0;
}

static int agg_grow(struct sk_agg_table *t)
{
	size_t ncap = t->cap ? t->cap * 2 : 256, i;
	struct sk_agg *ns = calloc(ncap, sizeof(*ns));

	if (!ns)
		return -1;
	for (i = 0; i < t->cap; i++) {
		size_t j;

		if (!slot_used(&t->slots[i]))
			continue;
		j = key_hash(&t->slots[i].key) & (ncap - 1);
		while (slot_used(&ns[j]))
			j = (j + 1) & (ncap - 1);
		ns[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = ns;
	t->cap = ncap;
	return 0;
}

/*
 * Open addressing; an entry is live once its count is non-zero, so callers
 * must count the entry they get (they always do: one socket, one entry).
 */
struct sk_agg *sk_agg_get(struct sk_agg_table *t, const struct sk_agg_key *key)
{
	size_t j;

	if ((t->used + 1) * 2 > t->cap && agg_grow(t))
		return NULL;
	j = key_hash(key) & (t->cap - 1);
	while (slot_used(&t->slots[j])) {
		if (!memcmp(&t->slots[j].key, key, sizeof(*key)))
			return &t->slots[j];
		j = (j + 1) & (t->cap - 1);
	}
	memset(&t->slots[j], 0, sizeof(t->slots[j]));
	t->slots[j].key = *key;
	t->used++;
	return &t->slots[j];
}

static int by_count(const void *a, const void *b)
{
	const struct sk_agg *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return memcmp(&x->key, &y->key, sizeof(x->key));
}

size_t sk_agg_sorted(struct sk_agg_table *t, struct sk_agg **out)
{
	size_t i, n = 0;

	for (i = 0; i < t->cap; i++)
		if (slot_used(&t->slots[i]))
			t->slots[n++] = t->slots[i];
	/* The table is no longer a hash table after this. */
	t->used = n;
	if (n)
		qsort(t->slots, n, sizeof(*t->slots), by_count);
	*out = t->slots;
	return n;
}

void sk_agg_free(struct sk_agg_table *t)
{
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

/* Decimal without printf: rows are formatted by the hundred thousand. */
char *sk_put_u64(char *p, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

int sk_addr_str(int family, const uint8_t *a, char *buf)
{
	char *p = buf;
	int i;

	if (family == AF_INET) {
		for (i = 0; i < 4; i++) {
			if (i)
				*p++ = '.';
			p = sk_put_u64(p, a[i]);
		}
		*p = '\0';
		return (int)(p - buf);
	}
	if (!inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN))
		strcpy(buf, "?");
	return (int)strlen(buf);
}

void sk_fmt_age(uint64_t ms, char *buf, size_t len)
{
	uint64_t s = ms / 1000;

	if (ms < 1000)
		snprintf(buf, len, "%llums", (unsigned long long)ms);
	else if (s < 60)
		snprintf(buf, len, "%llu.%llus", (unsigned long long)s,
			 (unsigned long long)(ms % 1000) / 100);
	else if (s < 3600)
		snprintf(buf, len, "%llum%02llus", (unsigned long long)s / 60,
			 (unsigned long long)s % 60);
	else if (s < 86400)
		snprintf(buf, len, "%lluh%02llum", (unsigned long long)s / 3600,
			 (unsigned long long)(s % 3600) / 60);
	else
		snprintf(buf, len, "%llud%02lluh", (unsigned long long)s / 86400,
			 (unsigned long long)(s % 86400) / 3600);
}

void sk_prom_label(FILE *f, const char *name, const char *val, bool first)
{
	fprintf(f, "%s%s=\"", first ? "" : ",", name);
	for (; *val; val++) {
		if (*val == '\\' || *val == '"')
			fprintf(f, "\\%c", *val);
		else if (*val == '\n')
			fputs("\\n", f);
		else
			fputc(*val, f);
	}
	fputc('"', f);
}

const char *sk_netns_label(void)
{
	static char buf[64];
	struct stat self, init;

	if (wctl_opts.netns)
		return wctl_opts.netns;
	if (buf[0])
		return buf;
	if (stat("/proc/self/ns/net", &self)) {
		strcpy(buf, "unknown");
		return buf;
	}
	if (!stat("/proc/1/ns/net", &init) && init.st_ino == self.st_ino &&
	    init.st_dev == self.st_dev)
		strcpy(buf, "init");
	else
		snprintf(buf, sizeof(buf), "net:[%llu]", (unsigned long long)self.st_ino);
	return buf;
}

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
	unsigned int n = 0;

	while (*s) {
		char *end;
		unsigned long a = strtoul(s, &end, 10), b;

		if (end == s)
			break;
		b = a;
		if (*end == '-')
			b = strtoul(end + 1, &end, 10);
		if (a < lo)
			a = lo;
		if (b > hi)
			b = hi;
		if (a <= b)
			n += (unsigned int)(b - a + 1);
		s = end;
		while (*s == ',' || *s == ' ')
			s++;
	}
	return n;
}

int sk_read_sysctls(struct sk_sysctls *s)
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
