/* SPDX-License-Identifier: GPL-2.0 */
/* The allow and deny lists: `syn list`, `syn allow|deny [add|del PREFIX]` (lists.c). */
#ifndef _WARDENCTL_SYN_LISTS_H
#define _WARDENCTL_SYN_LISTS_H

#include <stdbool.h>

#include "lib/genl.h"
#include "lib/util.h"
#include "syn/common.h"
#include "syn/parse.h"

/* One entry of a list, as the kernel reports it. */
struct syn_entry {
	bool deny;
	struct wctl_prefix p;
	struct syn_addr a;	/* its address, for JSON */
};

/*
 * Every entry of both lists of the namespace, in the kernel's order, to
 * @fn (which returns 0 to go on). 0, or an exit code after one line.
 */
int syn_list_dump(struct wctl_genl *g, int (*fn)(const struct syn_entry *e, void *arg),
		  void *arg);

/*
 * Add @p to the allow or @deny list, or delete it (!@add). 0 or an exit
 * code; a rejection is printed, or written to @msg (WCTL_MSG_LEN) when
 * it is not NULL.
 */
int syn_list_change(struct wctl_genl *g, bool deny, bool add, const struct wctl_prefix *p,
		    char *msg);

/* The command: show both lists (SYN_LIST), or add or delete @c's prefix. */
int syn_list(struct wctl_genl *g, const struct syn_cmd *c);

#endif /* _WARDENCTL_SYN_LISTS_H */
