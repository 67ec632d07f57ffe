/* SPDX-License-Identifier: GPL-2.0 */
/* `sockets --group-by` (group.c). */
#ifndef _WARDENCTL_SOCKETS_GROUP_H
#define _WARDENCTL_SOCKETS_GROUP_H

#include "sockets/opts.h"

int sk_group_by(struct sk_opts *o);

#endif /* _WARDENCTL_SOCKETS_GROUP_H */
