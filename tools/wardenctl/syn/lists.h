/* SPDX-License-Identifier: GPL-2.0 */
/* The allow and deny lists: `syn list`, `syn allow|deny [add|del PREFIX]` (lists.c). */
#ifndef _WARDENCTL_SYN_LISTS_H
#define _WARDENCTL_SYN_LISTS_H

#include <stdbool.h>

#include "lib/genl.h"
#include "lib/util.h"

struct syn_list_req {
	bool change;		/* false: show both lists */
	bool deny, add;
	const char *text;	/* the prefix as given */
	struct wctl_prefix p;
};

/* @argv[0] is "list", "allow" or "deny"; a bad command line exits 2. */
void syn_list_parse(int argc, char **argv, struct syn_list_req *r);
int syn_list(struct wctl_genl *g, const struct syn_list_req *r);

#endif /* _WARDENCTL_SYN_LISTS_H */
