/* SPDX-License-Identifier: GPL-2.0 */
/* The options of `wardenctl sockets`, as sockets.c parses them. */
#ifndef _WARDENCTL_SOCKETS_OPTS_H
#define _WARDENCTL_SOCKETS_OPTS_H

#include <stdbool.h>
#include <stdint.h>

#include "sockets/diag.h"

/* Options shared by the listing and the report. */
enum sk_group { SK_GROUP_NONE, SK_GROUP_REMOTE, SK_GROUP_LPORT, SK_GROUP_PROCESS };
struct sk_opts {
	struct sk_filter f;
	bool states_set;	/* --state given */
	bool json, prom, summary, no_header, no_owner, all_netns;
	enum sk_group group;
	uint32_t top;		/* rows per table in reports, 0 = all */
	const char *output;	/* --output FILE, replaced atomically */
};

#endif /* _WARDENCTL_SOCKETS_OPTS_H */
