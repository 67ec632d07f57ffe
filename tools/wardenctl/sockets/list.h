/* SPDX-License-Identifier: GPL-2.0 */
/* The socket listing, one row per socket (list.c). */
#ifndef _WARDENCTL_SOCKETS_LIST_H
#define _WARDENCTL_SOCKETS_LIST_H

#include "sockets/opts.h"

int sk_list(struct sk_opts *o);

#endif /* _WARDENCTL_SOCKETS_LIST_H */
