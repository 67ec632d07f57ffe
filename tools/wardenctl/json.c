// SPDX-License-Identifier: GPL-2.0
/* A small streaming JSON writer for wardenctl's --json output. */
#include <math.h>
#include <string.h>

#include "wardenctl.h"

#define WJ_MAX_DEPTH 16

void wj_init(struct wctl_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->need_comma[0] = false;
}

/*
 * Each wj_*() call gathers its text (separator, key, value) here and hands
 * it to stdio in one unlocked call (wardenctl has one thread): `trace
 * --json` writes every event while the traced workload runs, and stdio's
 * cost per call was most of its CPU.
 */
struct wj_out {
	FILE *f;
	size_t n;
	char b[256];
};

static void out_spill(struct wj_out *o, const char *s, size_t len)
{
	fwrite_unlocked(o->b, 1, o->n, o->f);
	o->n = 0;
	if (len > sizeof(o->b)) {
		fwrite_unlocked(s, 1, len, o->f);
		return;
	}
	memcpy(o->b, s, len);
	o->n = len;
}

/* Inline: most pieces are a byte or a literal, copied without a call. */
static inline __attribute__((always_inline))
void out_put(struct wj_out *o, const char *s, size_t len)
{
	size_t i;

	if (len > sizeof(o->b) - o->n) {
		out_spill(o, s, len);
		return;
	}
	if (len <= 8) {
		for (i = 0; i < len; i++)
			o->b[o->n + i] = s[i];
	} else {
		memcpy(o->b + o->n, s, len);
	}
	o->n += len;
}

static void out_done(struct wj_out *o)
{
	fwrite_unlocked(o->b, 1, o->n, o->f);
}

static void out_string(struct wj_out *o, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run;
	char esc[7];

	out_put(o, "\"", 1);
	for (;;) {
		for (run = p; *p >= 0x20 && *p != '"' && *p != '\\'; p++)
			;
		out_put(o, (const char *)run, p - run);
		if (!*p)
			break;
		if (*p == '"' || *p == '\\') {
			esc[0] = '\\';
			esc[1] = *p;
			out_put(o, esc, 2);
		} else if (*p == '\n') {
			out_put(o, "\\n", 2);
		} else if (*p == '\t') {
			out_put(o, "\\t", 2);
		} else {
			out_put(o, esc, snprintf(esc, sizeof(esc), "\\u%04x", *p));
		}
		p++;
	}
	out_put(o, "\"", 1);
}

static void out_u64(struct wj_out *o, uint64_t v)
{
	char b[WCTL_NUM_LEN];
	const char *d = wctl_fixed(v, 0, b + sizeof(b));

	out_put(o, d, b + sizeof(b) - 1 - d);
}

/* Start @o with the separator and "key": that come before any value. */
static void member(struct wctl_json *j, struct wj_out *o, const char *key)
{
	o->f = j->f;
	o->n = 0;
	if (j->need_comma[j->depth])
		out_put(o, ",", 1);
	j->need_comma[j->depth] = true;
	if (key) {
		out_string(o, key);
		out_put(o, ":", 1);
	}
}

static void open_nested(struct wctl_json *j, const char *key, char c)
{
	struct wj_out o;

	member(j, &o, key);
	out_put(&o, &c, 1);
	out_done(&o);
	if (j->depth < WJ_MAX_DEPTH - 1)
		j->depth++;
	j->need_comma[j->depth] = false;
}

static void close_nested(struct wctl_json *j, char c)
{
	putc_unlocked(c, j->f);
	if (j->depth > 0)
		j->depth--;
}

void wj_obj_open(struct wctl_json *j, const char *key)
{
	open_nested(j, key, '{');
}

void wj_obj_close(struct wctl_json *j)
{
	close_nested(j, '}');
}

void wj_arr_open(struct wctl_json *j, const char *key)
{
	open_nested(j, key, '[');
}

void wj_arr_close(struct wctl_json *j)
{
	close_nested(j, ']');
}

void wj_str(struct wctl_json *j, const char *key, const char *val)
{
	struct wj_out o;

	member(j, &o, key);
	if (val)
		out_string(&o, val);
	else
		out_put(&o, "null", 4);
	out_done(&o);
}

void wj_u64(struct wctl_json *j, const char *key, uint64_t val)
{
	struct wj_out o;

	member(j, &o, key);
	out_u64(&o, val);
	out_done(&o);
}

void wj_s64(struct wctl_json *j, const char *key, int64_t val)
{
	struct wj_out o;

	member(j, &o, key);
	if (val < 0)
		out_put(&o, "-", 1);
	out_u64(&o, val < 0 ? -(uint64_t)val : (uint64_t)val);
	out_done(&o);
}

void wj_double(struct wctl_json *j, const char *key, double val)
{
	struct wj_out o;
	char b[32];

	member(j, &o, key);
	if (isfinite(val))
		out_put(&o, b, snprintf(b, sizeof(b), "%.6g", val));
	else
		out_put(&o, "null", 4);
	out_done(&o);
}

void wj_bool(struct wctl_json *j, const char *key, bool val)
{
	struct wj_out o;

	member(j, &o, key);
	out_put(&o, val ? "true" : "false", val ? 4 : 5);
	out_done(&o);
}

void wj_null(struct wctl_json *j, const char *key)
{
	struct wj_out o;

	member(j, &o, key);
	out_put(&o, "null", 4);
	out_done(&o);
}

void wj_raw(struct wctl_json *j, const char *key, const char *text, size_t len)
{
	struct wj_out o;

	member(j, &o, key);
	out_put(&o, text, len);
	out_done(&o);
}

void wj_end(struct wctl_json *j)
{
	putc_unlocked('\n', j->f);
	j->depth = 0;
	j->need_comma[0] = false;
}
