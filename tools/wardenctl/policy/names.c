// SPDX-License-Identifier: GPL-2.0
/* Names of the policy attributes (names.h). */
#include <string.h>
#include <uapi/linux/tcp_warden.h>

#include "policy/names.h"

#define SEGS_HINT "give 0..1048576 segments (0 = none)"

static const char *const param_names[TCP_WARDEN_A_PARAMS_MAX + 1] = {
	[TCP_WARDEN_A_PARAMS_BETA] = "beta",
	[TCP_WARDEN_A_PARAMS_MIN_SSTHRESH] = "min-ssthresh",
	[TCP_WARDEN_A_PARAMS_INITIAL_SSTHRESH] = "initial-ssthresh",
	[TCP_WARDEN_A_PARAMS_MAX_CWND] = "max-cwnd",
	[TCP_WARDEN_A_PARAMS_GROWTH] = "growth",
	[TCP_WARDEN_A_PARAMS_RTO_BETA] = "rto-beta",
	[TCP_WARDEN_A_PARAMS_HYSTART] = "hystart",
};

int pol_param_attr(const char *word)
{
	int a;

	if (!strcmp(word, "floor"))
		return TCP_WARDEN_A_PARAMS_MIN_SSTHRESH;
	for (a = 1; a <= TCP_WARDEN_A_PARAMS_MAX; a++)
		if (param_names[a] && !strcmp(word, param_names[a]))
			return a;
	return 0;
}

const char *pol_param_name(int attr)
{
	return attr > 0 && attr <= TCP_WARDEN_A_PARAMS_MAX && param_names[attr] ?
	       param_names[attr] : "?";
}

#define PARAM_NAMES(nest)							\
	{ nest, TCP_WARDEN_A_PARAMS_BETA, "beta", POL_BETA_HINT },		\
	{ nest, TCP_WARDEN_A_PARAMS_MIN_SSTHRESH, "min-ssthresh",		\
	  "give 2..65535 segments" },						\
	{ nest, TCP_WARDEN_A_PARAMS_INITIAL_SSTHRESH, "initial-ssthresh",	\
	  SEGS_HINT },								\
	{ nest, TCP_WARDEN_A_PARAMS_MAX_CWND, "max-cwnd", SEGS_HINT },		\
	{ nest, TCP_WARDEN_A_PARAMS_GROWTH, "growth", "give reno or cubic" },	\
	{ nest, TCP_WARDEN_A_PARAMS_RTO_BETA, "rto-beta",			\
	  "give 'beta' or a fraction 0.25..0.976 or 256..1000" },		\
	{ nest, TCP_WARDEN_A_PARAMS_HYSTART, "hystart",				\
	  "give on or off, with growth cubic" }

const struct wctl_genl_attr_name pol_policy_names[] = {
	{ 0, TCP_WARDEN_A_POLICY_DST4, "prefix", NULL },
	{ 0, TCP_WARDEN_A_POLICY_DST6, "prefix", NULL },
	{ 0, TCP_WARDEN_A_POLICY_PREFIXLEN, "prefix length", NULL },
	{ 0, TCP_WARDEN_A_POLICY_PORT_MIN, "port", NULL },
	{ 0, TCP_WARDEN_A_POLICY_PORT_MAX, "port", "give PORT or FIRST-LAST with FIRST <= LAST" },
	{ 0, TCP_WARDEN_A_POLICY_PARAMS, "parameters", NULL },
	PARAM_NAMES(TCP_WARDEN_A_POLICY_PARAMS),
	{ 0, 0, NULL, NULL },
};

const struct wctl_genl_attr_name pol_default_names[] = {
	{ 0, TCP_WARDEN_A_DEFAULT_PARAMS, "parameters", NULL },
	PARAM_NAMES(TCP_WARDEN_A_DEFAULT_PARAMS),
	{ 0, 0, NULL, NULL },
};
