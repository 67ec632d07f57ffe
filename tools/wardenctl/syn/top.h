/* SPDX-License-Identifier: GPL-2.0 */
/* `syn top [PORT]` (top.c). */
#ifndef _WARDENCTL_SYN_TOP_H
#define _WARDENCTL_SYN_TOP_H

#include <stdint.h>

#include "lib/genl.h"

/* The heaviest sources of each listener, on @port only unless it is 0. */
int syn_top(struct wctl_genl *g, uint16_t port);

#endif /* _WARDENCTL_SYN_TOP_H */
