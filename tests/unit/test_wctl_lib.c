// SPDX-License-Identifier: GPL-2.0
/*
 * wardenctl's shared code (tools/wardenctl/lib/): the global options taken
 * from anywhere in argv, the growable array, and the prefixes the module
 * matches (IPv4-mapped IPv6 ones refused, with their IPv4 form).
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "lib/cli.h"
#include "lib/util.h"
#include "lib/vec.h"

/* Run wctl_take_globals() on a copy of @args; the remaining words joined. */
static const char *take(const char *const *args, int n)
{
	static char out[WCTL_ERR_LEN + 16];
	char *argv[16], err[WCTL_ERR_LEN];
	int i, argc;

	memset(&wctl_opts, 0, sizeof(wctl_opts));
	for (i = 0; i < n; i++)
		argv[i] = (char *)args[i];
	argv[n] = NULL;
	argc = wctl_take_globals(n, argv, 1, err);
	out[0] = '\0';
	if (argc < 0)
		snprintf(out, sizeof(out), "error: %s", err);
	for (i = 1; i < argc; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", i > 1 ? " " : "",
			 argv[i]);
	return out;
}

static void check_globals(void)
{
	static const char *const a[] = { "wardenctl", "-j", "syn", "allow", "--json" };
	static const char *const b[] = { "wardenctl", "syn", "list", "-n", "blue" };
	static const char *const c[] = { "wardenctl", "--netns=red", "sockets", "--state", "all" };
	static const char *const d[] = { "wardenctl", "sockets", "-ngreen", "-4", "--netns", "green" };
	static const char *const e[] = { "wardenctl", "-n", "a", "sockets", "-nb" };
	static const char *const f[] = { "wardenctl", "-n" };

	ok(!strcmp(take(a, 5), "syn allow") && wctl_opts.json,
	   "-j before and --json after the command are both taken out");
	ok(!strcmp(take(b, 5), "syn list") && wctl_opts.netns && !strcmp(wctl_opts.netns, "blue") &&
	   !wctl_opts.json, "-n NETNS after the command is taken with its value");
	ok(!strcmp(take(c, 5), "sockets --state all") && !strcmp(wctl_opts.netns, "red"),
	   "--netns=NAME; the command's own options stay in order");
	ok(!strcmp(take(d, 6), "sockets -4") && !strcmp(wctl_opts.netns, "green"),
	   "-nNAME, and the same netns twice is accepted");
	ok(strstr(take(e, 5), "error: two network namespaces"),
	   "two different namespaces are an error, returned, not an exit");
	ok(strstr(take(f, 2), "error: -n needs a network namespace"),
	   "-n without its value is an error");
}

/* The one port parser: every command's port and port range. */
static void check_ports(void)
{
	struct wctl_ports p = { 0 };
	const char *why = NULL;

	ok(!wctl_parse_ports("443", &p, &why) && p.lo == 443 && p.hi == 443, "one port");
	ok(!wctl_parse_ports("0-65535", &p, &why) && p.lo == 0 && p.hi == 65535, "the whole range");
	ok(wctl_parse_ports("70000", &p, &why) && strstr(why, "0..65535"), "a port past 65535");
	ok(wctl_parse_ports("2000-1000", &p, &why) && strstr(why, "must not exceed"),
	   "a range backwards says so");
	ok(wctl_parse_ports("80-", &p, &why) && wctl_parse_ports("-80", &p, &why) &&
	   wctl_parse_ports("8o", &p, &why) && wctl_parse_ports("1234567-2", &p, &why),
	   "half ranges and junk are refused");
}

static void check_vec(void)
{
	uint32_t *v = NULL, *e;
	size_t n = 0, cap = 0, i, bad = 0;

	for (i = 0; i < 100000; i++) {
		e = WCTL_PUSH(v, n, cap);
		if (!e)
			break;
		*e = (uint32_t)i * 7;
	}
	for (i = 0; i < n; i++)
		bad += v[i] != (uint32_t)i * 7;
	ok(n == 100000 && !bad && cap >= n && cap < 2 * n + 16,
	   "WCTL_PUSH keeps 100000 elements in order, room at most doubled");
	free(v);
	v = NULL;
	n = cap = 0;
	ok(wctl_grow((void **)&v, &cap, SIZE_MAX / 2, sizeof(*v)) == -1 && !v && !cap,
	   "an impossible size fails and leaves the array as it was");
}

static void check_prefixes(void)
{
	char hint[WCTL_PREFIX_LEN] = "";
	struct wctl_prefix p;
	const char *why = NULL;

	ok(wctl_parse_dst_prefix("::ffff:10.0.0.0/104", &p, &why, hint) == -1 &&
	   !strcmp(hint, "10.0.0.0/8") && strstr(why, "never matches"),
	   "::ffff:10.0.0.0/104 is refused; the hint is 10.0.0.0/8");
	hint[0] = '\0';
	ok(wctl_parse_dst_prefix("::ffff:192.0.2.7", &p, &why, hint) == -1 &&
	   !strcmp(hint, "192.0.2.7/32"), "a bare mapped address: the hint is a /32");
	hint[0] = '\0';
	ok(!wctl_parse_dst_prefix("::/0", &p, &why, hint) &&
	   !wctl_parse_dst_prefix("::/64", &p, &why, hint) &&
	   !wctl_parse_dst_prefix("2001:db8::/32", &p, &why, hint) && !hint[0],
	   "prefixes that also cover other IPv6 addresses are accepted");
	ok(!wctl_parse_prefix("::ffff:10.0.0.0/104", &p, &why),
	   "the plain parser (sockets --src/--dst) still takes mapped prefixes");
}

int main(void)
{
	check_globals();
	check_vec();
	check_prefixes();
	check_ports();
	return tap_done();
}
