// SPDX-License-Identifier: GPL-2.0
/* `policy` command lines (tools/wardenctl/policy/parse.c), no kernel needed. */
#include <string.h>

#include "tap.h"
#include "policy/parse.h"

static int parse(const char *line, struct pol_cmd *c, char *err)
{
	static char buf[512];
	char *argv[32], *save, *w;
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (w = strtok_r(buf, " ", &save); w && argc < 31; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	err[0] = '\0';
	return pol_parse(argc, argv, c, err);
}

/* @line is refused with a message containing @want. */
static void refused(const char *line, const char *want)
{
	char err[POL_ERR_LEN];
	struct pol_cmd c;
	int rc = parse(line, &c, err);

	if (!ok(rc == -1 && strstr(err, want), "'%s' is refused: %s", line, want))
		printf("#   rc %d, message '%s'\n", rc, err);
}

int main(void)
{
	char err[POL_ERR_LEN];
	struct pol_cmd c;

	ok(!parse("add 10.0.0.0/8 port 443-444 beta 0.7 floor 4 growth cubic replace", &c, err) &&
	   c.op == POL_ADD && c.replace && c.key.have_port && c.key.port_lo == 443 &&
	   c.key.port_hi == 444 && c.p.v[TCP_WARDEN_A_PARAMS_BETA] == 717 &&
	   c.p.v[TCP_WARDEN_A_PARAMS_MIN_SSTHRESH] == 4 && !c.p.have[TCP_WARDEN_A_PARAMS_MAX_CWND],
	   "a full add parses into key, parameters and the replace flag");
	refused("add 10.0.0.0/8 beta 0.6 beta 0.8", "'beta' given twice");
	refused("add 10.0.0.0/8 port 80 port 90", "'port' given twice");
	refused("add 10.0.0.0/8 floor 4 min-ssthresh 6", "'min-ssthresh' given twice");
	refused("default set growth reno growth cubic", "'growth' given twice");
	refused("del 10.0.0.0/8 port 1 port 2", "'port' given twice");
	refused("add 10.0.0.0/8 replace replace", "'replace' given twice");
	refused("add ::ffff:10.0.0.0/104", "use 10.0.0.0/8");
	refused("del ::ffff:10.0.0.0/104", "IPv4-mapped");
	refused("add 10.0.0.0/8 beta", "'beta' needs a value");
	refused("list extra", "takes no arguments");
	refused("frobnicate", "unknown 'policy' command");
	ok(!parse("default set beta 0.8", &c, err) && c.op == POL_DEFAULT_SET &&
	   c.p.have[TCP_WARDEN_A_PARAMS_BETA], "default set");
	ok(!parse("default", &c, err) && c.op == POL_DEFAULT_SHOW, "default alone shows it");
	return tap_done();
}
