// SPDX-License-Identifier: GPL-2.0
/*
 * `trace` and `agent` command lines (tools/wardenctl/trace/parse.c), no
 * BPF loaded: programs, filters, port ranges, and what only cwnd takes.
 */
#include <string.h>

#include "tap.h"
#include "trace/parse.h"

static int parse(const char *line, struct trace_opts *o, char *err)
{
	char *argv[40];
	int argc = tap_words(line, argv, 39);

	err[0] = '\0';
	return wtr_parse(argc, argv, o, err);
}

static void refused(const char *line, const char *want)
{
	char err[WCTL_ERR_LEN];
	struct trace_opts o;
	int rc = parse(line, &o, err);

	tap_refused(rc, err, line, want);
}

static void agent(const char *line, int want, const char *msg)
{
	char *argv[8], err[WCTL_ERR_LEN] = "";
	int argc = tap_words(line, argv, 7), rc;
	enum agent_op op = 0;

	rc = agent_parse(argc, argv, &op, err);
	if (!ok(want ? !rc && (int)op == want : rc == -1 && strstr(err, msg), "agent '%s'", line))
		printf("#   rc %d, op %d, message '%s'\n", rc, op, err);
}

int main(void)
{
	char err[WCTL_ERR_LEN];
	struct trace_opts o, p;

	ok(!parse("states", &o, err) && o.mode == WMODE_STATES && o.buffer_mb == 8 &&
	   !o.all_netns, "states, in the namespace it runs in");
	ok(!parse("cwnd port 5201 port 6000-6100 all plot x.svg duration 5", &o, err) &&
	   o.mode == WMODE_CWND && o.nports == 2 && o.ports[1].lo == 6000 &&
	   o.ports[1].hi == 6100 && o.all && !strcmp(o.plot, "x.svg") && o.duration == 5,
	   "cwnd with ports, a range, all, plot");
	ok(!parse("resets --port 80 -p 443 --duration=3 --count 7 --buffer 16 --pid 1 -6", &o,
		  err) && !parse("resets port 80 port 443 duration 3 count 7 buffer 16 pid 1 -6", &p,
				 err) && !memcmp(&o, &p, sizeof(o)),
	   "the getopt spellings are the keywords");
	ok(!parse("handshake all-netns", &o, err) && o.all_netns, "all-netns");
	refused("", "'trace' needs a subcommand: states, retrans, resets, handshake or cwnd");
	refused("bogus", "unknown 'trace' subcommand 'bogus'");
	refused("states --bogus", "unknown option '--bogus' for 'trace states'");
	refused("states extra", "unknown option 'extra' for 'trace states'");
	refused("states --port", "'--port' needs a value");
	refused("states port 70000", "invalid port '70000'");
	refused("states port 1 port 2 port 3 port 4 port 5 port 6 port 7 port 8 port 9",
		"at most 8 port filters");
	refused("retrans pid x", "invalid pid 'x'");
	refused("resets duration 0", "invalid duration '0'; give 1..");
	refused("handshake count 0", "invalid count '0'");
	refused("cwnd buffer 3", "power of two");
	refused("states plot x.svg", "unknown option 'plot' for 'trace states'");
	refused("states --all", "unknown option '--all' for 'trace states'");
	refused("cwnd plot x.pdf", "must end in .svg or .png");
	refused("cwnd plot a'b.svg", "must not contain a quote");
	refused("states -4 -6", "-4 and -6 together");
	wctl_opts.netns = "blue";
	refused("states all-netns", "-n and all-netns together");
	wctl_opts.netns = NULL;
	agent("start", AGENT_START, NULL);
	agent("status", AGENT_STATUS, NULL);
	agent("dump", AGENT_DUMP, NULL);
	agent("stop", AGENT_STOP, NULL);
	agent("run", AGENT_RUN, NULL);
	agent("run now", 0, "'agent run' takes no arguments");
	agent("", 0, "'agent' needs a subcommand: start, stop, status, dump or run");
	agent("frob", 0, "unknown 'agent' subcommand 'frob'");
	agent("status extra", 0, "'agent status' takes no arguments");
	return tap_done();
}
