/* SPDX-License-Identifier: GPL-2.0 */
/* A tiny TAP producer for the host unit tests of core/. */
#ifndef _WARDEN_TAP_H
#define _WARDEN_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline __attribute__((format(printf, 4, 5)))
int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond) {
		tap_failed++;
		printf("# failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

/* ok(cond, "what must hold"): one TAP test case. */
#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

/* is(got, want, "name"): integer equality with both values in the report. */
#define is(got, want, name) do {					\
	long long _g = (long long)(got), _w = (long long)(want);	\
	if (!ok(_g == _w, "%s", name))					\
		printf("#   got %lld, want %lld\n", _g, _w);	\
} while (0)

/*
 * Split a copy of @line at spaces into @argv (at most @max words), for
 * tests of command-line parsers; the copy lives until the next call.
 */
static inline int tap_words(const char *line, char **argv, int max)
{
	static char buf[1024];
	char *save, *w;
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (w = strtok_r(buf, " ", &save); w && argc < max; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	return argc;
}

/*
 * A parser refused @line (returned -1) with a message containing @want:
 * one TAP case, with what it did say when it did not.
 */
static inline void tap_refused(int rc, const char *err, const char *line, const char *want)
{
	if (!ok(rc == -1 && strstr(err, want), "'%s' is refused: %s", line, want))
		printf("#   rc %d, message '%s'\n", rc, err);
}

/* Print the plan and return the process exit status. */
static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif /* _WARDEN_TAP_H */
