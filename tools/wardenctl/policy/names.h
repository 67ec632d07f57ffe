/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names of the policy attributes (names.c): the words of the command line,
 * which are the spec's names that JSON uses, and what error messages call
 * them.
 */
#ifndef _WARDENCTL_POLICY_NAMES_H
#define _WARDENCTL_POLICY_NAMES_H

#include <uapi/linux/tcp_warden.h>

#include "lib/cli.h"
#include "lib/genl.h"

#define POL_XSTR(x)	#x
#define POL_STR(x)	POL_XSTR(x)

/* The limits of the uAPI header, as hints say them. */
#define POL_BETA_RANGE	POL_STR(TCP_WARDEN_BETA_MIN) ".." POL_STR(TCP_WARDEN_BETA_MAX)
#define POL_BETA_HINT	"give a fraction of 1 (0.7) or 1/1024 units (717) within " POL_BETA_RANGE
#define POL_SEGS_HINT	"give 0.." POL_STR(TCP_WARDEN_SSTHRESH_MAX) " segments"

/*
 * The parameters' keywords: each is the spec's attribute name, its id the
 * attribute (TCP_WARDEN_A_PARAMS_*); "floor" is min-ssthresh's old word.
 */
#define POL_PARAM_KWS								\
	{ "beta", NULL, TCP_WARDEN_A_PARAMS_BETA, "BETA", NULL, 0 },		\
	{ "min-ssthresh", "floor", TCP_WARDEN_A_PARAMS_MIN_SSTHRESH, "N", NULL, 0 }, \
	{ "initial-ssthresh", NULL, TCP_WARDEN_A_PARAMS_INITIAL_SSTHRESH, "N|inf", \
	  NULL, 0 },								\
	{ "max-cwnd", NULL, TCP_WARDEN_A_PARAMS_MAX_CWND, "N|none", NULL, 0 },	\
	{ "growth", NULL, TCP_WARDEN_A_PARAMS_GROWTH, "reno|cubic", "reno|cubic", 0 }, \
	{ "hystart", NULL, TCP_WARDEN_A_PARAMS_HYSTART, "on|off", "on|off", 0 }, \
	{ "rto-beta", NULL, TCP_WARDEN_A_PARAMS_RTO_BETA, "BETA|beta", NULL, 0 }

/* The parameters alone: `policy default set`. */
extern const struct wctl_kw pol_param_kws[];

/* The spec's name of a parameter ("min-ssthresh"): word and JSON key. */
const char *pol_param_name(int attr);
/* The word of a growth mode ("reno", "cubic"), or NULL. */
const char *pol_growth_name(uint32_t growth);

/* For rejections of policy-add/del/get and default-set requests. */
extern const struct wctl_genl_attr_name pol_policy_names[];
extern const struct wctl_genl_attr_name pol_default_names[];

#endif /* _WARDENCTL_POLICY_NAMES_H */
