// SPDX-License-Identifier: GPL-2.0
/* A small streaming JSON writer for wardenctl's --json output. */
#include <inttypes.h>
#include <math.h>

#include "wardenctl.h"

#define WJ_MAX_DEPTH 16

void wj_init(struct wctl_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->need_comma[0] = false;
}

static void put_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

/* Separator and "key": before any value. */
static void member(struct wctl_json *j, const char *key)
{
	if (j->need_comma[j->depth])
		fputc(',', j->f);
	j->need_comma[j->depth] = true;
	if (key) {
		put_string(j->f, key);
		fputc(':', j->f);
	}
}

static void open_nested(struct wctl_json *j, const char *key, char c)
{
	member(j, key);
	fputc(c, j->f);
	if (j->depth < WJ_MAX_DEPTH - 1)
		j->depth++;
	j->need_comma[j->depth] = false;
}

static void close_nested(struct wctl_json *j, char c)
{
	fputc(c, j->f);
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
		put_string(j->f, val);
	else
		fputs("null", j->f);
}

void wj_u64(struct wctl_json *j, const char *key, uint64_t val)
{
	member(j, key);
	fprintf(j->f, "%" PRIu64, val);
}

void wj_s64(struct wctl_json *j, const char *key, int64_t val)
{
	member(j, key);
	fprintf(j->f, "%" PRId64, val);
}

void wj_double(struct wctl_json *j, const char *key, double val)
{
	member(j, key);
	if (isfinite(val))
		fprintf(j->f, "%.6g", val);
	else
		fputs("null", j->f);
}

void wj_bool(struct wctl_json *j, const char *key, bool val)
{
	member(j, key);
	fputs(val ? "true" : "false", j->f);
}

void wj_null(struct wctl_json *j, const char *key)
{
	member(j, key);
	fputs("null", j->f);
}

void wj_raw(struct wctl_json *j, const char *key, const char *text, size_t len)
{
	member(j, key);
	fwrite(text, 1, len, j->f);
}

void wj_end(struct wctl_json *j)
{
	fputc('\n', j->f);
	j->depth = 0;
	j->need_comma[0] = false;
}
