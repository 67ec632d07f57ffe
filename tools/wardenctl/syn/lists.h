/* SPDX-License-Identifier: GPL-2.0 */
/* The allow and deny lists: `syn list`, `syn allow|deny [add|del PREFIX]` (lists.c). */
#ifndef _WARDENCTL_SYN_LISTS_H
#define _WARDENCTL_SYN_LISTS_H

#include "lib/genl.h"
#include "syn/parse.h"

/* Show both lists (SYN_LIST), or add or delete @c's prefix. */
int syn_list(struct wctl_genl *g, const struct syn_cmd *c);

#endif /* _WARDENCTL_SYN_LISTS_H */
