/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One `syn` command as a struct (parse.c): the grammar of every
 * subcommand, checked whole, ranges included, before the module is asked
 * anything; no netlink here.
 */
#ifndef _WARDENCTL_SYN_PARSE_H
#define _WARDENCTL_SYN_PARSE_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/cli.h"
#include "lib/util.h"
#include "syn/common.h"

enum syn_op {
	SYN_STATUS = 1, SYN_SET, SYN_TOP, SYN_LIST, SYN_ALLOW_ADD, SYN_ALLOW_DEL,
	SYN_DENY_ADD, SYN_DENY_DEL, SYN_WATCH,
};

/* `syn set mode default`: follow the global mode again. */
#define SYN_MODE_DEFAULT	SYN_NMODES

struct syn_cmd {
	enum syn_op op;
	/* set */
	bool global;
	int mode;			/* TCP_WARDEN_SYN_MODE_*, SYN_MODE_DEFAULT, -1: none */
	bool have[SYN_NSETTINGS];	/* by syn_settings[] */
	uint32_t v[SYN_NSETTINGS];
	/* top: the port, 0 for all */
	uint16_t port;
	/* allow|deny add|del: the prefix, as given and parsed */
	const char *text;
	struct wctl_prefix p;
};

/* The grammar of `syn` (help and completion read it too). */
extern const struct wctl_node syn_node;

/*
 * Parse what follows "syn" (@argv[0] is the subcommand; none: status).
 * 0, or -1 with a one-line message in @err (WCTL_ERR_LEN).
 */
int syn_parse(int argc, char **argv, struct syn_cmd *c, char *err);

#endif /* _WARDENCTL_SYN_PARSE_H */
