// SPDX-License-Identifier: GPL-2.0
/* Names of the policy attributes (names.h). */
#include <string.h>

#include "policy/names.h"

const struct wctl_kw pol_param_kws[] = {
	POL_PARAM_KWS,
	{ NULL },
};

const char *pol_param_name(int attr)
{
	const struct wctl_kw *k;

	for (k = pol_param_kws; k->name; k++)
		if (k->id == attr)
			return k->name;
	return "?";
}

const char *pol_growth_name(uint32_t growth)
{
	static const char *const names[] = {
		[TCP_WARDEN_GROWTH_RENO] = "reno", [TCP_WARDEN_GROWTH_CUBIC] = "cubic",
	};

	return growth < sizeof(names) / sizeof(names[0]) ? names[growth] : NULL;
}

#define PARAM_NAMES(nest)							\
	{ nest, TCP_WARDEN_A_PARAMS_BETA, "beta", POL_BETA_HINT },		\
	{ nest, TCP_WARDEN_A_PARAMS_MIN_SSTHRESH, "min-ssthresh",		\
	  "give " POL_STR(TCP_WARDEN_MIN_SSTHRESH_MIN) ".."			\
	  POL_STR(TCP_WARDEN_MIN_SSTHRESH_MAX) " segments" },			\
	{ nest, TCP_WARDEN_A_PARAMS_INITIAL_SSTHRESH, "initial-ssthresh",	\
	  POL_SEGS_HINT " (0: infinite)" },					\
	{ nest, TCP_WARDEN_A_PARAMS_MAX_CWND, "max-cwnd", POL_SEGS_HINT " (0: none)" }, \
	{ nest, TCP_WARDEN_A_PARAMS_GROWTH, "growth", "give reno or cubic" },	\
	{ nest, TCP_WARDEN_A_PARAMS_RTO_BETA, "rto-beta", "give 'beta' or a beta" }, \
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
