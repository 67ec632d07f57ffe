// SPDX-License-Identifier: GPL-2.0
/* wardenctl's JSON writer (json.h). */
#include <math.h>
#include <string.h>

#include "lib/json.h"
#include "lib/util.h"

void wj_init(struct wctl_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->need_comma[0] = false;
	j->n = 0;
}

/* wardenctl has one thread: the unlocked stdio calls are safe. */
void wj_flush(struct wctl_json *j)
{
	if (j->n)
		fwrite_unlocked(j->buf, 1, j->n, j->f);
	j->n = 0;
}

static void put_slow(struct wctl_json *j, const char *s, size_t len)
{
	wj_flush(j);
	if (len > sizeof(j->buf)) {
		fwrite_unlocked(s, 1, len, j->f);
		return;
	}
	memcpy(j->buf, s, len);
	j->n = len;
}

/* Inline: most pieces are a byte or a literal, copied without a call. */
static inline __attribute__((always_inline))
void put(struct wctl_json *j, const char *s, size_t len)
{
	size_t i;

	if (len > sizeof(j->buf) - j->n) {
		put_slow(j, s, len);
		return;
	}
	if (len <= 8) {
		for (i = 0; i < len; i++)
			j->buf[j->n + i] = s[i];
	} else {
		memcpy(j->buf + j->n, s, len);
	}
	j->n += len;
}

/* Bytes a JSON string cannot hold as they are (NUL ends the scan). */
static const unsigned char needs_escape[256] = {
	[0 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1,
};

/* A string with escapes, piece by piece. */
static void put_escaped(struct wctl_json *j, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run;
	char esc[7];

	put(j, "\"", 1);
	for (;;) {
		for (run = p; *p >= 0x20 && *p != '"' && *p != '\\'; p++)
			;
		put(j, (const char *)run, p - run);
		if (!*p)
			break;
		if (*p == '"' || *p == '\\') {
			esc[0] = '\\';
			esc[1] = *p;
			put(j, esc, 2);
		} else if (*p == '\n') {
			put(j, "\\n", 2);
		} else if (*p == '\t') {
			put(j, "\\t", 2);
		} else {
			put(j, esc, snprintf(esc, sizeof(esc), "\\u%04x", *p));
		}
		p++;
	}
	put(j, "\"", 1);
}

/* Keys and most values need no escape: one scan, then one copy. */
static void put_string(struct wctl_json *j, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len;

	while (!needs_escape[*p])
		p++;
	len = p - (const unsigned char *)s;
	if (*p || len + 2 > sizeof(j->buf) - j->n) {
		put_escaped(j, s);
		return;
	}
	j->buf[j->n] = '"';
	memcpy(j->buf + j->n + 1, s, len);
	j->buf[j->n + 1 + len] = '"';
	j->n += len + 2;
}

static void put_u64(struct wctl_json *j, uint64_t v)
{
	char b[WCTL_NUM_LEN];
	const char *d = wctl_fixed(v, 0, b + sizeof(b));

	put(j, d, b + sizeof(b) - 1 - d);
}

/* The separator and "key": that come before any value, copied at once. */
static void member(struct wctl_json *j, const char *key)
{
	bool comma = j->need_comma[j->depth];
	const unsigned char *p = (const unsigned char *)key;
	size_t len, i;
	char *o;

	j->need_comma[j->depth] = true;
	if (!key) {
		if (comma)
			put(j, ",", 1);
		return;
	}
	while (!needs_escape[*p])
		p++;
	len = p - (const unsigned char *)key;
	if (*p || len + 4 > sizeof(j->buf) - j->n) {
		if (comma)
			put(j, ",", 1);
		put_escaped(j, key);
		put(j, ":", 1);
		return;
	}
	o = j->buf + j->n;
	if (comma)
		*o++ = ',';
	*o++ = '"';
	for (i = 0; i < len; i++)
		o[i] = key[i];
	o += len;
	*o++ = '"';
	*o++ = ':';
	j->n = o - j->buf;
}

static void open_nested(struct wctl_json *j, const char *key, char c)
{
	member(j, key);
	put(j, &c, 1);
	if (j->depth < WJ_MAX_DEPTH - 1)
		j->depth++;
	j->need_comma[j->depth] = false;
}

static void close_nested(struct wctl_json *j, char c)
{
	put(j, &c, 1);
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
	member(j, key);
	if (val)
		put_string(j, val);
	else
		put(j, "null", 4);
}

void wj_u64(struct wctl_json *j, const char *key, uint64_t val)
{
	member(j, key);
	put_u64(j, val);
}

void wj_s64(struct wctl_json *j, const char *key, int64_t val)
{
	member(j, key);
	if (val < 0)
		put(j, "-", 1);
	put_u64(j, val < 0 ? -(uint64_t)val : (uint64_t)val);
}

void wj_double(struct wctl_json *j, const char *key, double val)
{
	char b[32];

	member(j, key);
	if (isfinite(val))
		put(j, b, snprintf(b, sizeof(b), "%.6g", val));
	else
		put(j, "null", 4);
}

void wj_bool(struct wctl_json *j, const char *key, bool val)
{
	member(j, key);
	put(j, val ? "true" : "false", val ? 4 : 5);
}

void wj_null(struct wctl_json *j, const char *key)
{
	member(j, key);
	put(j, "null", 4);
}

void wj_raw(struct wctl_json *j, const char *key, const char *text, size_t len)
{
	member(j, key);
	put(j, text, len);
}

void wj_end(struct wctl_json *j)
{
	put(j, "\n", 1);
	wj_flush(j);
	j->depth = 0;
	j->need_comma[0] = false;
}
