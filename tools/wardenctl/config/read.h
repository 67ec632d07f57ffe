/* SPDX-License-Identifier: GPL-2.0 */
/* A namespace's configuration read from the kernel (read.c). */
#ifndef _WARDENCTL_CONFIG_READ_H
#define _WARDENCTL_CONFIG_READ_H

#include "config/state.h"
#include "lib/genl.h"

/*
 * Everything `save` prints of the namespace @g was opened in: policies,
 * default policy, the guard's mode and lists, and the global settings
 * (which @global says are the namespace's to set). 0, or an exit code
 * after one line saying why.
 */
int cfg_read(struct wctl_genl *g, bool global, struct cfg_ns *ns);

/*
 * Is @ns as a new namespace starts: no policy, no list entry, the guard
 * following the global mode, the default policy of the module's
 * parameters (beta, min_ssthresh) as they are now?
 */
bool cfg_pristine(const struct cfg_ns *ns);

#endif /* _WARDENCTL_CONFIG_READ_H */
