/* SPDX-License-Identifier: GPL-2.0 */
/* Policies as a table or as JSON (show.c). */
#ifndef _WARDENCTL_POLICY_SHOW_H
#define _WARDENCTL_POLICY_SHOW_H

#include "policy/ops.h"

/* @rs to stdout, as JSON with -j; @is_default: the default policy's row. */
void pol_show(const struct pol_rows *rs, bool is_default);

#endif /* _WARDENCTL_POLICY_SHOW_H */
