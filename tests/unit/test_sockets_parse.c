// SPDX-License-Identifier: GPL-2.0
/*
 * `sockets` command lines (tools/wardenctl/sockets/parse.c), no socket
 * read: keywords and the getopt spellings the man page promised parse
 * alike, and an option the chosen output would ignore is refused.
 */
#include <string.h>

#include "tap.h"
#include "sockets/opts.h"

static int parse(const char *line, struct sk_opts *o, char *err)
{
	char *argv[32];
	int argc = tap_words(line, argv, 31);

	err[0] = '\0';
	return sk_parse(argc, argv, o, err);
}

static void refused(const char *line, const char *want)
{
	char err[WCTL_ERR_LEN];
	struct sk_opts o;
	int rc = parse(line, &o, err);

	tap_refused(rc, err, line, want);
}

/* Both spellings give the same filter. */
static void same(const char *a, const char *b)
{
	char err[WCTL_ERR_LEN], out[64] = "";
	struct sk_opts x, y;
	int rc = parse(a, &x, err);

	/* output points into each line: compare the text */
	if (x.output)
		snprintf(out, sizeof(out), "%s", x.output);
	rc |= parse(b, &y, err);
	ok(!rc && (!y.output || !strcmp(out, y.output)) && (x.output = y.output, 1) &&
	   !memcmp(&x, &y, sizeof(x)), "'%s' is '%s'", a, b);
}

int main(void)
{
	char err[WCTL_ERR_LEN], *none[] = { NULL };
	struct sk_opts o;

	ok(!sk_parse(0, none, &o, err) && !o.report &&
	   o.f.states == (1u << WCTL_TCP_TIME_WAIT | 1u << WCTL_TCP_CLOSE_WAIT),
	   "sockets alone lists time-wait and close-wait");
	same("state all sport 1000-2000 dport 80 src 10.0.0.0/8 dst ::1",
	     "--state all --sport 1000-2000 --dport=80 --src 10.0.0.0/8 --dst ::1");
	same("list info no-header no-owner", "-i -H --no-owner");
	same("summary all-netns", "--summary --all-netns");
	same("report top 5 prometheus output /tmp/x", "report --top 5 --prometheus --output /tmp/x");
	ok(!parse("sport 1000-2000", &o, err) && o.f.sport_set && o.f.sport.lo == 1000 &&
	   o.f.sport.hi == 2000, "sport takes a range");
	ok(!parse("group-by local-port", &o, err) && o.group == SK_GROUP_LPORT &&
	   !strcmp(sk_group_name(o.group), "local-port"), "group-by prints back its word");
	ok(!parse("summary", &o, err) && o.summary && o.f.states != 0 &&
	   (o.f.states & (1u << WCTL_TCP_ESTABLISHED)), "a summary counts every state");
	ok(!parse("report", &o, err) && o.report && o.top == 20, "report shows 20 rows");
	ok(!parse("summary -H", &o, err) && o.summary && o.no_header,
	   "summary takes no-header");
	refused("--top 5", "top works with 'report' and group-by");
	refused("state time-wait top 5", "top works with");
	refused("dport 70000", "invalid dport '70000'");
	refused("--sport 2000-1000", "invalid sport '2000-1000'; the first port must not exceed");
	refused("--state time-wait,half-open", "invalid state 'half-open'");
	refused("state ,", "invalid state ','");
	refused("--src 10.1.2.3/8", "host bits set");
	refused("-4 -6", "-4 and -6 together");
	refused("-4 --src ::1", "src is IPv6 but -4 was given");
	refused("--group-by colour", "invalid group-by 'colour'");
	refused("group-by remote top x", "invalid top 'x'");
	refused("summary group-by remote", "summary and group-by together");
	refused("prometheus group-by remote", "prometheus exports counts");
	refused("--all-netns", "all-netns works with summary");
	refused("summary info", "info adds details to the listing");
	refused("summary no-owner", "no-owner works with");
	refused("report info", "unknown option 'info' for 'sockets report'");
	refused("report summary", "unknown option 'summary' for 'sockets report'");
	refused("report -H", "unknown option '-H' for 'sockets report'");
	refused("extra", "unknown option 'extra' for 'sockets list'; see 'wardenctl help sockets list'");
	refused("--bogus", "unknown option '--bogus' for 'sockets list'");
	refused("--state", "'--state' needs a value");
	refused("--info=1", "'info' takes no value");
	wctl_opts.json = true;
	refused("-H", "no-header is for the text output");
	refused("prometheus", "--json and prometheus together");
	wctl_opts.json = false;
	wctl_opts.netns = "blue";
	refused("summary all-netns", "-n and all-netns together");
	wctl_opts.netns = NULL;
	return tap_done();
}
