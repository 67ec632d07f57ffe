/* SPDX-License-Identifier: GPL-2.0 */
/* `wardenctl sockets` as a struct (parse.c): its grammar and parser. */
#ifndef _WARDENCTL_SOCKETS_OPTS_H
#define _WARDENCTL_SOCKETS_OPTS_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/cli.h"
#include "sockets/diag.h"

/* Options shared by the listing and the report. */
enum sk_group { SK_GROUP_NONE, SK_GROUP_REMOTE, SK_GROUP_LPORT, SK_GROUP_PROCESS };
struct sk_opts {
	bool report;		/* `sockets report`; else the listing */
	struct sk_filter f;
	bool states_set;	/* state given */
	bool json, prom, summary, no_header, no_owner, all_netns;
	enum sk_group group;
	uint32_t top;		/* rows per table in reports, 0 = all */
	const char *output;	/* output FILE, replaced atomically */
};

/* The grammar of `sockets` (help and completion read it too). */
extern const struct wctl_node sk_node;

/*
 * Parse what follows "sockets" into @o; -j and -n were taken already
 * (wctl_opts). 0, or -1 with a one-line message in @err (WCTL_ERR_LEN).
 */
int sk_parse(int argc, char **argv, struct sk_opts *o, char *err);

/* The word group-by takes for @g ("local-port"), as JSON shows it back. */
const char *sk_group_name(enum sk_group g);

#endif /* _WARDENCTL_SOCKETS_OPTS_H */
