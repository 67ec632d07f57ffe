// SPDX-License-Identifier: GPL-2.0
/*
 * `syn` command lines (tools/wardenctl/syn/parse.c), no kernel needed:
 * every subcommand into its struct, the settings' names and their old
 * words, ranges from the uAPI header.
 */
#include <string.h>

#include "tap.h"
#include "syn/parse.h"

static int parse(const char *line, struct syn_cmd *c, char *err)
{
	char *argv[32];
	int argc = tap_words(line, argv, 31);

	err[0] = '\0';
	return syn_parse(argc, argv, c, err);
}

static void refused(const char *line, const char *want)
{
	char err[WCTL_ERR_LEN];
	struct syn_cmd c;
	int rc = parse(line, &c, err);

	tap_refused(rc, err, line, want);
}

/* The slot of setting @attr in syn_settings[]. */
static int slot(int attr)
{
	int i;

	for (i = 0; i < SYN_NSETTINGS; i++)
		if (syn_settings[i].attr == attr)
			return i;
	return -1;
}

/* @line sets @attr to @v (and nothing else). */
static void sets(const char *line, int attr, uint32_t v)
{
	char err[WCTL_ERR_LEN];
	struct syn_cmd c;
	int rc = parse(line, &c, err), k = slot(attr), n = 0, i;

	for (i = 0; i < SYN_NSETTINGS; i++)
		n += c.have[i];
	if (!ok(!rc && c.op == SYN_SET && k >= 0 && c.have[k] && c.v[k] == v && n == 1,
		"'%s' sets %s to %u", line, k >= 0 ? syn_settings[k].name : "?", v))
		printf("#   rc %d, message '%s'\n", rc, err);
}

static void set_cases(void)
{
	char line[96], err[WCTL_ERR_LEN];
	struct syn_cmd c;

	sets("set threshold 3000", TCP_WARDEN_A_SYN_THRESHOLD, 3000);
	sets("set queue-pct 60", TCP_WARDEN_A_SYN_QUEUE_PCT, 60);
	sets("set queue 60", TCP_WARDEN_A_SYN_QUEUE_PCT, 60);
	sets("set quiet-ms 500", TCP_WARDEN_A_SYN_QUIET_MS, 500);
	sets("set quiet 500", TCP_WARDEN_A_SYN_QUIET_MS, 500);
	sets("set src-rate 20", TCP_WARDEN_A_SYN_SRC_RATE, 20);
	sets("set rate 20", TCP_WARDEN_A_SYN_SRC_RATE, 20);
	sets("set src-burst 40", TCP_WARDEN_A_SYN_SRC_BURST, 40);
	sets("set burst 40", TCP_WARDEN_A_SYN_SRC_BURST, 40);
	sets("set all-rate 2000", TCP_WARDEN_A_SYN_ALL_RATE, 2000);
	sets("set all-burst 1000", TCP_WARDEN_A_SYN_ALL_BURST, 1000);
	sets("set v4-prefix 24", TCP_WARDEN_A_SYN_V4_PREFIX, 24);
	sets("set v6-prefix 48", TCP_WARDEN_A_SYN_V6_PREFIX, 48);
	refused("set rate 5 src-rate 6", "'src-rate' given twice");
	refused("set queue-pct 101", "invalid queue-pct '101'; give 0..100");
	snprintf(line, sizeof(line), "set quiet-ms %u", TCP_WARDEN_SYN_QUIET_MS_MAX + 1);
	refused(line, "give 0..3600000 ms");
	snprintf(line, sizeof(line), "set src-rate %u", TCP_WARDEN_SYN_RATE_MAX + 1);
	refused(line, "invalid src-rate");
	refused("set burst 0", "invalid src-burst '0'; give 1..1000000");
	refused("set v6-prefix 129", "invalid v6-prefix '129'; give 1..128");
	refused("set v4-prefix 0", "invalid v4-prefix");
	refused("set mode fast", "invalid mode 'fast'");
	refused("set mode off mode enforce", "'mode' given twice");
	refused("set", "needs something to set");
	refused("set global", "needs something to set");
	refused("set global mode default", "give either a mode or 'default'");
	refused("set colour red", "unknown option 'colour' for 'syn set'");
	refused("set quiet", "'quiet' needs a value");
	ok(!parse("set global mode enforce", &c, err) && c.global &&
	   c.mode == TCP_WARDEN_SYN_MODE_ENFORCE, "global mode enforce");
	ok(!parse("set mode default threshold 2000", &c, err) && !c.global &&
	   c.mode == SYN_MODE_DEFAULT && c.have[slot(TCP_WARDEN_A_SYN_THRESHOLD)],
	   "mode default with a threshold, in one request");
}

int main(void)
{
	char err[WCTL_ERR_LEN], *none[] = { NULL };
	struct syn_cmd c;

	ok(!syn_parse(0, none, &c, err) && c.op == SYN_STATUS, "syn alone is status");
	ok(!parse("status", &c, err) && c.op == SYN_STATUS, "status");
	set_cases();
	ok(!parse("top", &c, err) && c.op == SYN_TOP && !c.port, "top: all ports");
	ok(!parse("top 443", &c, err) && c.port == 443, "top PORT, as released");
	ok(!parse("top port 443", &c, err) && c.port == 443, "top port PORT");
	refused("top 0", "'syn top' takes one port, 1..65535");
	refused("top port 80-90", "takes one port");
	refused("top 80 extra", "unknown option 'extra' for 'syn top'");
	refused("top 80 port 90", "'port' given twice");
	ok(!parse("allow", &c, err) && c.op == SYN_LIST, "allow alone shows the lists");
	ok(!parse("allow add 10.0.0.0/8", &c, err) && c.op == SYN_ALLOW_ADD &&
	   !strcmp(c.text, "10.0.0.0/8") && c.p.len == 8, "allow add PREFIX");
	ok(!parse("deny del 2001:db8::/32", &c, err) && c.op == SYN_DENY_DEL && c.p.len == 32,
	   "deny del PREFIX");
	refused("allow add", "'syn allow add' needs a PREFIX");
	refused("deny frob 10.0.0.0/8", "unknown 'syn deny' subcommand 'frob'");
	refused("deny add ::ffff:10.0.0.0/104", "use 10.0.0.0/8");
	refused("allow add 10.1.2.3/8", "host bits set");
	refused("allow add 10.0.0.0/8 10.1.0.0/16", "unknown option '10.1.0.0/16'");
	refused("list extra", "'syn list' takes no arguments");
	refused("watch extra", "'syn watch' takes no arguments");
	refused("status extra", "'syn status' takes no arguments");
	refused("frob", "unknown 'syn' subcommand 'frob'");
	return tap_done();
}
