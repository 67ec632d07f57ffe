/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names of the policy attributes (names.c): the words of the command line,
 * the spec's names that JSON uses, and what error messages call them.
 */
#ifndef _WARDENCTL_POLICY_NAMES_H
#define _WARDENCTL_POLICY_NAMES_H

#include "lib/genl.h"

#define POL_BETA_HINT "give a fraction 0.25..0.976 or 256..1000 (1/1024 units)"

/* TCP_WARDEN_A_PARAMS_* of a command-line word ("floor" too), or 0. */
int pol_param_attr(const char *word);
/* The spec's name of a parameter ("min-ssthresh"): word and JSON key. */
const char *pol_param_name(int attr);

/* For rejections of policy-add/del/get and default-set requests. */
extern const struct wctl_genl_attr_name pol_policy_names[];
extern const struct wctl_genl_attr_name pol_default_names[];

#endif /* _WARDENCTL_POLICY_NAMES_H */
