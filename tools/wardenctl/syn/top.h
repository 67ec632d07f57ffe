/* SPDX-License-Identifier: GPL-2.0 */
/* `syn top [PORT]` (top.c). */
#ifndef _WARDENCTL_SYN_TOP_H
#define _WARDENCTL_SYN_TOP_H

#include <stdint.h>

#include "lib/genl.h"

/* @argv[0] is "top"; the port, 0 for all. A bad one exits 2. */
uint16_t syn_top_parse(int argc, char **argv);
int syn_top(struct wctl_genl *g, uint16_t port);

#endif /* _WARDENCTL_SYN_TOP_H */
