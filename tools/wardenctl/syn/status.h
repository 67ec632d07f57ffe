/* SPDX-License-Identifier: GPL-2.0 */
/* `syn status` (status.c). */
#ifndef _WARDENCTL_SYN_STATUS_H
#define _WARDENCTL_SYN_STATUS_H

#include "lib/genl.h"

int syn_status(struct wctl_genl *g);

#endif /* _WARDENCTL_SYN_STATUS_H */
