// SPDX-License-Identifier: GPL-2.0
/*
 * `policy` command lines (tools/wardenctl/policy/parse.c), no kernel
 * needed: what the kernel would refuse is refused here, with the uAPI
 * header's limits, so the module need not be loaded to get a usage error.
 */
#include <string.h>

#include "tap.h"
#include "policy/names.h"
#include "policy/parse.h"

static int parse(const char *line, struct pol_cmd *c, char *err)
{
	char *argv[32];
	int argc = tap_words(line, argv, 31);

	err[0] = '\0';
	return pol_parse(argc, argv, c, err);
}

/* @line is refused with a message containing @want. */
static void refused(const char *line, const char *want)
{
	char err[POL_ERR_LEN];
	struct pol_cmd c;
	int rc = parse(line, &c, err);

	tap_refused(rc, err, line, want);
}

/* @line is taken, and parameter @attr holds @v. */
static void takes(const char *line, int attr, uint32_t v)
{
	char err[POL_ERR_LEN];
	struct pol_cmd c;
	int rc = parse(line, &c, err);

	if (!ok(!rc && c.p.have[attr] && c.p.v[attr] == v, "'%s' sets %s to %u", line,
		pol_param_name(attr), v))
		printf("#   rc %d, value %u, message '%s'\n", rc, c.p.v[attr], err);
}

static void ranges(void)
{
	char line[128];

	/* the limits come from the uAPI header, at both ends */
	snprintf(line, sizeof(line), "add 10.0.0.0/8 beta %u", TCP_WARDEN_BETA_MIN);
	takes(line, TCP_WARDEN_A_PARAMS_BETA, TCP_WARDEN_BETA_MIN);
	snprintf(line, sizeof(line), "add 10.0.0.0/8 beta %u", TCP_WARDEN_BETA_MIN - 1);
	refused(line, "invalid beta");
	snprintf(line, sizeof(line), "add 10.0.0.0/8 beta %u", TCP_WARDEN_BETA_MAX + 1);
	refused(line, "within 256..1000");
	takes("add 10.0.0.0/8 beta 0.7", TCP_WARDEN_A_PARAMS_BETA, 717);
	refused("add 10.0.0.0/8 beta 7", "invalid beta '7'");
	refused("add 10.0.0.0/8 beta 1.5", "invalid beta '1.5'");
	refused("add 10.0.0.0/8 beta 0.1", "invalid beta '0.1'");
	refused("add 10.0.0.0/8 rto-beta 0.1", "invalid rto-beta");
	takes("add 10.0.0.0/8 rto-beta beta", TCP_WARDEN_A_PARAMS_RTO_BETA, 0);
	refused("add 10.0.0.0/8 min-ssthresh 1", "invalid min-ssthresh '1'; give 2..65535");
	snprintf(line, sizeof(line), "add 10.0.0.0/8 min-ssthresh %u", TCP_WARDEN_MIN_SSTHRESH_MAX);
	takes(line, TCP_WARDEN_A_PARAMS_MIN_SSTHRESH, TCP_WARDEN_MIN_SSTHRESH_MAX);
	snprintf(line, sizeof(line), "add 10.0.0.0/8 initial-ssthresh %u", TCP_WARDEN_SSTHRESH_MAX + 1);
	refused(line, "invalid initial-ssthresh");
	takes("add 10.0.0.0/8 initial-ssthresh inf", TCP_WARDEN_A_PARAMS_INITIAL_SSTHRESH, 0);
	takes("add 10.0.0.0/8 max-cwnd none", TCP_WARDEN_A_PARAMS_MAX_CWND, 0);
	refused("add 10.0.0.0/8 growth reno hystart on", "hystart applies to growth cubic only");
	refused("default set hystart off growth reno", "hystart applies to growth cubic only");
	takes("add 10.0.0.0/8 growth cubic hystart off", TCP_WARDEN_A_PARAMS_HYSTART, 0);
	refused("add 10.0.0.0/8 min-ssthresh 16 max-cwnd 8", "max-cwnd 8 is below min-ssthresh 16");
	refused("add 10.0.0.0/8 growth vegas", "invalid growth 'vegas'; give reno or cubic");
}

int main(void)
{
	char err[POL_ERR_LEN], *none[] = { NULL };
	struct pol_cmd c;

	ok(!parse("add 10.0.0.0/8 port 443-444 beta 0.7 floor 4 growth cubic replace", &c, err) &&
	   c.op == POL_ADD && c.replace && c.key.have_port && c.key.ports.lo == 443 &&
	   c.key.ports.hi == 444 && c.p.v[TCP_WARDEN_A_PARAMS_BETA] == 717 &&
	   c.p.v[TCP_WARDEN_A_PARAMS_MIN_SSTHRESH] == 4 && !c.p.have[TCP_WARDEN_A_PARAMS_MAX_CWND],
	   "a full add parses into key, parameters and the replace flag");
	ok(!parse("replace 10.0.0.0/8 beta 0.8", &c, err) && c.op == POL_ADD && c.replace,
	   "replace is add with the replace flag");
	refused("add 10.0.0.0/8 beta 0.6 beta 0.8", "'beta' given twice");
	refused("add 10.0.0.0/8 port 80 port 90", "'port' given twice");
	refused("add 10.0.0.0/8 floor 4 min-ssthresh 6", "'min-ssthresh' given twice");
	refused("default set growth reno growth cubic", "'growth' given twice");
	refused("del 10.0.0.0/8 port 1 port 2", "'port' given twice");
	refused("add 10.0.0.0/8 replace replace", "'replace' given twice");
	refused("add ::ffff:10.0.0.0/104", "use 10.0.0.0/8");
	refused("del ::ffff:10.0.0.0/104", "IPv4-mapped");
	refused("add 10.0.0.0/8 beta", "'beta' needs a value");
	refused("add beta 0.7", "needs a PREFIX");
	refused("add 10.0.0.0/8 10.1.0.0/16", "unknown option '10.1.0.0/16' for 'policy add'");
	refused("add 10.0.0.0/8 colour red", "unknown option 'colour' for 'policy add'");
	refused("del 10.0.0.0/8 beta 0.7", "unknown option 'beta' for 'policy del'");
	refused("add 10.0.0.0/8 port 9-1", "the first port must not exceed the last");
	refused("list extra", "'policy list' takes no arguments");
	refused("batch 10.0.0.0/8", "unknown option '10.0.0.0/8' for 'policy batch'");
	refused("frobnicate", "unknown 'policy' subcommand 'frobnicate'");
	refused("default frob", "unknown 'policy default' subcommand 'frob'");
	refused("default set", "needs parameters");
	ok(!parse("default set beta 0.8", &c, err) && c.op == POL_DEFAULT_SET &&
	   c.p.have[TCP_WARDEN_A_PARAMS_BETA], "default set");
	ok(!parse("default", &c, err) && c.op == POL_DEFAULT_SHOW, "default alone shows it");
	ok(!pol_parse(0, none, &c, err) && c.op == POL_LIST, "no subcommand lists");
	ok(!parse("ls", &c, err) && c.op == POL_LIST && !parse("delete 10.0.0.0/8", &c, err) &&
	   c.op == POL_DEL, "ls and delete are list and del");
	ranges();
	return tap_done();
}
