/* SPDX-License-Identifier: GPL-2.0 */
/* `syn set` (set.c): sent as one syn-set request. */
#ifndef _WARDENCTL_SYN_SET_H
#define _WARDENCTL_SYN_SET_H

#include "lib/genl.h"
#include "syn/parse.h"

/*
 * 0 or an exit code; a rejection is printed, or, when @msg is not NULL,
 * written there (WCTL_MSG_LEN).
 */
int syn_set(struct wctl_genl *g, const struct syn_cmd *c, char *msg);

#endif /* _WARDENCTL_SYN_SET_H */
