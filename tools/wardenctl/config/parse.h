/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command lines of `save` and `apply` (parse.c), and their grammars;
 * the file's own parser is cfg_parse() (state.h). No netlink here.
 */
#ifndef _WARDENCTL_CONFIG_PARSE_H
#define _WARDENCTL_CONFIG_PARSE_H

#include <stdbool.h>

#include "lib/cli.h"

struct cfg_apply_opts {
	const char *file;	/* "-": standard input */
	bool check;		/* show what would change, change nothing */
};

extern const struct wctl_node cfg_save_node, cfg_apply_node;

/*
 * What follows "save" (nothing) or "apply" (FILE|- [check]). 0, or -1
 * with a one-line message in @err (WCTL_ERR_LEN).
 */
int cfg_save_parse(int argc, char **argv, char *err);
int cfg_apply_parse(int argc, char **argv, struct cfg_apply_opts *o, char *err);

#endif /* _WARDENCTL_CONFIG_PARSE_H */
