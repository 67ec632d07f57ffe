/* SPDX-License-Identifier: GPL-2.0 */
/* `syn watch`: flood alerts of the syn-alert multicast group (watch.c). */
#ifndef _WARDENCTL_SYN_WATCH_H
#define _WARDENCTL_SYN_WATCH_H

#include "lib/genl.h"

/* Runs until interrupted; returns an exit code only when receiving fails. */
int syn_watch(struct wctl_genl *g);

#endif /* _WARDENCTL_SYN_WATCH_H */
