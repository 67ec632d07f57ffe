// SPDX-License-Identifier: GPL-2.0
/*
 * wardenctl's streaming JSON writer (tools/wardenctl/lib/json.c): escaping,
 * the full range of integers, nesting, and values longer than the
 * writer's per-call buffer; and wctl_fixed(), its number formatter,
 * against printf.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "lib/json.h"
#include "lib/util.h"

static char *buf;
static size_t len;

static FILE *start(struct wctl_json *j)
{
	FILE *f = open_memstream(&buf, &len);

	wj_init(j, f);
	return f;
}

/* wctl_fixed(v, frac) against printf over digit-count edges and a sweep. */
static void check_fixed(void)
{
	static const uint64_t edge[] = { 0, 1, 9, 10, 99, 100, 101, 999, 1000, 65535,
					 999999, 1000000, 4294967295ull, UINT64_MAX };
	char b[WCTL_NUM_LEN], want[48];
	uint64_t v, p10[4] = { 1, 10, 100, 1000 };
	unsigned int i, frac, bad = 0, n = 0;

	for (frac = 0; frac <= 3; frac++) {
		for (i = 0; i < sizeof(edge) / sizeof(edge[0]) + 5000; i++) {
			v = i < sizeof(edge) / sizeof(edge[0]) ? edge[i] :
			    (uint64_t)i * i * 2654435761u >> (i % 40);
			if (frac)
				snprintf(want, sizeof(want), "%llu.%0*llu",
					 (unsigned long long)(v / p10[frac]), (int)frac,
					 (unsigned long long)(v % p10[frac]));
			else
				snprintf(want, sizeof(want), "%llu", (unsigned long long)v);
			n++;
			if (strcmp(wctl_fixed(v, frac, b + sizeof(b)), want) && bad++ < 3)
				printf("#   %llu frac %u: got %s want %s\n", (unsigned long long)v,
				       frac, wctl_fixed(v, frac, b + sizeof(b)), want);
		}
	}
	ok(!bad, "wctl_fixed matches printf for %u values, 0-3 decimals", n);
}

static void finish(FILE *f, const char *want, const char *name);

/* One value far larger than the writer's buffer: every member, in order. */
static void check_long(void)
{
	struct wctl_json j;
	char *want = malloc(400000), *p = want;
	FILE *f = start(&j);
	unsigned int i;

	p += sprintf(p, "[");
	wj_arr_open(&j, NULL);
	for (i = 0; i < 10000; i++) {
		wj_obj_open(&j, NULL);
		wj_u64(&j, "i", i);
		wj_str(&j, "s", "row");
		wj_obj_close(&j);
		p += sprintf(p, "%s{\"i\":%u,\"s\":\"row\"}", i ? "," : "", i);
	}
	wj_arr_close(&j);
	wj_end(&j);
	sprintf(p, "]\n");
	finish(f, want, "10000 objects (about 40 buffers' worth) come out whole and in order");
	free(want);
}

/* wj_end() hands everything to the FILE: direct writes after it come after. */
static void check_order(void)
{
	struct wctl_json j;
	FILE *f = start(&j);

	wj_obj_open(&j, NULL);
	wj_u64(&j, "a", 1);
	wj_obj_close(&j);
	wj_end(&j);
	fputs("text\n", f);
	wj_u64(&j, NULL, 2);
	wj_flush(&j);
	fputs(" after flush\n", f);
	finish(f, "{\"a\":1}\ntext\n2 after flush\n", "wj_end and wj_flush keep order with direct writes");
}

static void finish(FILE *f, const char *want, const char *name)
{
	fclose(f);
	if (!ok(!strcmp(buf, want), "%s", name))
		printf("#   got  %s#   want %s", buf, want);
	free(buf);
}

int main(void)
{
	struct wctl_json j;
	char big[601], want[700];
	FILE *f;

	f = start(&j);
	wj_obj_open(&j, NULL);
	wj_str(&j, "a\"b", "q\"\\ nl\n tab\t c\x01 d\x1f \xc3\xa9");
	wj_str(&j, "none", NULL);
	wj_obj_close(&j);
	wj_end(&j);
	finish(f, "{\"a\\\"b\":\"q\\\"\\\\ nl\\n tab\\t c\\u0001 d\\u001f \xc3\xa9\",\"none\":null}\n",
	       "strings: quote, backslash, control bytes escaped; UTF-8 kept");

	f = start(&j);
	wj_obj_open(&j, NULL);
	wj_u64(&j, "z", 0);
	wj_u64(&j, "max", UINT64_MAX);
	wj_s64(&j, "min", INT64_MIN);
	wj_s64(&j, "neg", -7);
	wj_s64(&j, "pos", 42);
	wj_double(&j, "d", 0.25);
	wj_double(&j, "inf", 1.0 / 0.0);
	wj_bool(&j, "t", true);
	wj_bool(&j, "f", false);
	wj_null(&j, "n");
	wj_obj_close(&j);
	wj_end(&j);
	finish(f, "{\"z\":0,\"max\":18446744073709551615,\"min\":-9223372036854775808,"
	       "\"neg\":-7,\"pos\":42,\"d\":0.25,\"inf\":null,\"t\":true,\"f\":false,\"n\":null}\n",
	       "numbers: u64 and s64 extremes, doubles, non-finite as null");

	f = start(&j);
	wj_arr_open(&j, NULL);
	wj_obj_open(&j, NULL);
	wj_arr_open(&j, "x");
	wj_u64(&j, NULL, 1);
	wj_raw(&j, NULL, "{\"r\":2}", 7);
	wj_arr_close(&j);
	wj_obj_close(&j);
	wj_obj_open(&j, NULL);
	wj_obj_close(&j);
	wj_arr_close(&j);
	wj_end(&j);
	wj_u64(&j, NULL, 3);
	wj_end(&j);
	finish(f, "[{\"x\":[1,{\"r\":2}]},{}]\n3\n", "nesting, raw values, lines");

	/* longer than the per-call buffer, with an escape past its end */
	memset(big, 'x', 600);
	big[600] = '\0';
	big[400] = '"';
	snprintf(want, sizeof(want), "{\"k\":\"%.400s\\\"%s\"}\n", big, big + 401);
	f = start(&j);
	wj_obj_open(&j, NULL);
	wj_str(&j, "k", big);
	wj_obj_close(&j);
	wj_end(&j);
	finish(f, want, "a 600-byte string with an escape at byte 400");

	check_long();
	check_order();
	check_fixed();
	return tap_done();
}
