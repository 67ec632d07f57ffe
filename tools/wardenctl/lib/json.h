/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one JSON writer of wardenctl (json.c): commas and string escaping
 * are handled, nesting is tracked up to WJ_MAX_DEPTH levels. Text is
 * gathered in the writer's own buffer and handed to stdio in large pieces:
 * `sockets --json` and `trace --json` write a value per field of every row
 * or event, and a stdio call per field was most of their CPU. wj_end()
 * (and wj_flush()) pass what is gathered to the FILE: call one before
 * writing to it any other way.
 */
#ifndef _WARDENCTL_JSON_H
#define _WARDENCTL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define WJ_MAX_DEPTH	16
#define WJ_BUF		4096

struct wctl_json {
	FILE *f;
	int depth;
	bool need_comma[WJ_MAX_DEPTH];
	size_t n;
	char buf[WJ_BUF];
};

void wj_init(struct wctl_json *j, FILE *f);
void wj_obj_open(struct wctl_json *j, const char *key);	/* key NULL in arrays/top */
void wj_obj_close(struct wctl_json *j);
void wj_arr_open(struct wctl_json *j, const char *key);
void wj_arr_close(struct wctl_json *j);
void wj_str(struct wctl_json *j, const char *key, const char *val);	/* NULL: null */
void wj_u64(struct wctl_json *j, const char *key, uint64_t val);
void wj_s64(struct wctl_json *j, const char *key, int64_t val);
void wj_double(struct wctl_json *j, const char *key, double val);
void wj_bool(struct wctl_json *j, const char *key, bool val);
void wj_null(struct wctl_json *j, const char *key);
/* A pre-rendered JSON value (key NULL inside an object: "k":v members). */
void wj_raw(struct wctl_json *j, const char *key, const char *text, size_t len);
/* End a top-level value with a newline (JSON Lines friendly) and flush. */
void wj_end(struct wctl_json *j);
/* Pass the gathered text to the FILE. */
void wj_flush(struct wctl_json *j);

#endif /* _WARDENCTL_JSON_H */
