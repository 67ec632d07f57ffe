/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One `policy` command as words (parse.c): from the command line or from a
 * line of `policy batch`, checked whole, ranges included, before anything
 * reaches the kernel.
 */
#ifndef _WARDENCTL_POLICY_PARSE_H
#define _WARDENCTL_POLICY_PARSE_H

#include <stdbool.h>
#include <stdint.h>
#include <uapi/linux/tcp_warden.h>

#include "lib/cli.h"
#include "lib/util.h"

#define POL_ERR_LEN	WCTL_ERR_LEN

/* Parameters: have[] marks the given ones (all of them when read back). */
struct pol_params {
	uint32_t v[TCP_WARDEN_A_PARAMS_MAX + 1];
	bool have[TCP_WARDEN_A_PARAMS_MAX + 1];
};

/* A prefix and port range; without a port, all ports (0-65535). */
struct pol_key {
	struct wctl_prefix pfx;
	bool have_port;
	struct wctl_ports ports;
};

enum pol_op {
	POL_LIST = 1, POL_SHOW, POL_ADD, POL_REPLACE, POL_DEL, POL_FLUSH, POL_DEFAULT_SHOW,
	POL_DEFAULT_SET, POL_BATCH,
};

struct pol_cmd {
	enum pol_op op;		/* POL_REPLACE is read as POL_ADD with replace */
	bool replace;		/* POL_ADD with NLM_F_REPLACE */
	struct pol_key key;
	struct pol_params p;
};

/* The grammar of `policy` (help and completion read it too). */
extern const struct wctl_node pol_node;

/*
 * Parse "add 10.0.0.0/8 beta 0.7", "del ...", "list", ...: @argv[0] is the
 * subcommand (none: list). 0, or -1 with a one-line message in @err
 * (POL_ERR_LEN).
 */
int pol_parse(int argc, char **argv, struct pol_cmd *c, char *err);

/*
 * What the kernel would refuse in the given parameters taken together
 * (hystart without cubic, max-cwnd below min-ssthresh): 0, or -1 with
 * the message in @err.
 */
int pol_params_check(const struct pol_params *p, char *err);

/* Does the command change the table or the default? */
static inline bool pol_op_changes(enum pol_op op)
{
	return op == POL_ADD || op == POL_DEL || op == POL_FLUSH || op == POL_DEFAULT_SET;
}

#endif /* _WARDENCTL_POLICY_PARSE_H */
