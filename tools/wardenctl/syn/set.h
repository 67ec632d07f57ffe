/* SPDX-License-Identifier: GPL-2.0 */
/* `syn set` (set.c): parsed whole, then sent as one syn-set request. */
#ifndef _WARDENCTL_SYN_SET_H
#define _WARDENCTL_SYN_SET_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/genl.h"

#define SYN_SET_NOPTS		9	/* threshold .. v6-prefix */
#define SYN_SET_MODE_DEFAULT	3	/* "mode default" */

struct syn_set_req {
	bool global;
	int mode;			/* TCP_WARDEN_SYN_MODE_*, MODE_DEFAULT, -1: none */
	bool have[SYN_SET_NOPTS];
	uint32_t v[SYN_SET_NOPTS];
};

/* @argv[0] is "set"; a bad or empty command line exits 2. */
void syn_set_parse(int argc, char **argv, struct syn_set_req *r);
int syn_set(struct wctl_genl *g, const struct syn_set_req *r);

#endif /* _WARDENCTL_SYN_SET_H */
