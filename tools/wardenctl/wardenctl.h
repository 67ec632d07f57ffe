/* SPDX-License-Identifier: GPL-2.0 */
/* Shared interfaces of the wardenctl command-line tool. */
#ifndef _WARDENCTL_H
#define _WARDENCTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <netinet/in.h>

/* Exit codes: 0 success, 1 the operation failed, 2 the command line is wrong. */
#define WCTL_EXIT_FAIL	1
#define WCTL_EXIT_USAGE	2

struct wctl_cmd {
	const char *name;
	int (*run)(int argc, char **argv);	/* argv[0] is the command name */
	const char *usage;			/* one or more lines, no trailing \n */
};

/*
 * Each subcommand registers itself from its own file, so adding one never
 * touches the dispatcher: WCTL_COMMAND(sockets, cmd_sockets, "sockets [...]").
 */
#define WCTL_COMMAND(_name, _run, _usage)					\
	static const struct wctl_cmd wctl_cmd_##_name				\
	__attribute__((used, section("wctl_cmds"), aligned(sizeof(void *)))) = { \
		.name = #_name, .run = _run, .usage = _usage,		\
	}

struct wctl_opts {
	const char *netns;	/* -n NAME: already entered before run() */
	bool json;		/* -j / --json given before the command */
};
extern struct wctl_opts wctl_opts;

/* "wardenctl: <message>" on stderr. */
void wctl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* wctl_err() and exit(WCTL_EXIT_USAGE). */
void wctl_usage_err(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

/*
 * Enter a named netns (/run/netns/NAME) or a path to a netns file.
 * Returns 0, or an exit code after printing why: WCTL_EXIT_USAGE when it
 * does not exist, WCTL_EXIT_FAIL when it cannot be entered.
 */
int wctl_netns_enter(const char *name);

struct wctl_prefix {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t len;		/* prefix length in bits */
	union {
		struct in_addr v4;
		struct in6_addr v6;
		uint8_t bytes[16];
	} addr;			/* host bits below len are zero */
};

/*
 * Parse "10.0.0.0/8", "2001:db8::/32" or a bare address (full length).
 * Host bits set below the length are an error, as in `ip route`.
 * Returns 0, or -1 with a one-line reason in @why.
 */
int wctl_parse_prefix(const char *s, struct wctl_prefix *p, const char **why);
/* Does @addr (family's size, network order) fall in @p? */
bool wctl_prefix_match(const struct wctl_prefix *p, int family, const void *addr);
/* Format as "a.b.c.d/len" (or v6); buf must hold INET6_ADDRSTRLEN + 4. */
const char *wctl_prefix_str(const struct wctl_prefix *p, char *buf, size_t len);

/* Parse an unsigned integer in [lo, hi]; 0 on success. */
int wctl_parse_u32(const char *s, uint32_t lo, uint32_t hi, uint32_t *out);

/* Room for any u64 with a decimal point. */
#define WCTL_NUM_LEN	24
/*
 * @v / 10^@frac in decimal with @frac decimals, NUL-terminated, ending just
 * before @end; returns its start. Without printf: hot output paths use it.
 */
char *wctl_fixed(uint64_t v, unsigned int frac, char *end);

/*
 * A minimal streaming JSON writer: commas and string escaping are handled,
 * nesting is tracked up to 16 levels.
 */
struct wctl_json {
	FILE *f;
	int depth;
	bool need_comma[16];
};
void wj_init(struct wctl_json *j, FILE *f);
void wj_obj_open(struct wctl_json *j, const char *key);	/* key NULL in arrays/top */
void wj_obj_close(struct wctl_json *j);
void wj_arr_open(struct wctl_json *j, const char *key);
void wj_arr_close(struct wctl_json *j);
void wj_str(struct wctl_json *j, const char *key, const char *val);
void wj_u64(struct wctl_json *j, const char *key, uint64_t val);
void wj_s64(struct wctl_json *j, const char *key, int64_t val);
void wj_double(struct wctl_json *j, const char *key, double val);
void wj_bool(struct wctl_json *j, const char *key, bool val);
void wj_null(struct wctl_json *j, const char *key);
/*
 * Splice pre-rendered JSON: a value, or (key NULL, inside an object) one or
 * more "k":v members. For hot loops that format fixed-shape rows themselves.
 */
void wj_raw(struct wctl_json *j, const char *key, const char *text, size_t len);
/* End a top-level value with a newline (JSON Lines friendly). */
void wj_end(struct wctl_json *j);

#endif /* _WARDENCTL_H */
