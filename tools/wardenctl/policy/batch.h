/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `policy batch` (batch.c): policy changes from stdin, one per line, read
 * and checked whole, then applied as one change: all of them or none.
 */
#ifndef _WARDENCTL_POLICY_BATCH_H
#define _WARDENCTL_POLICY_BATCH_H

#include <stdio.h>

#include "lib/genl.h"

struct pol_batch;

/*
 * Read and check every line of @in (lib/lines.h: its limits and
 * comments); NULL with the error, which names the line, in @err
 * (POL_ERR_LEN) when one is bad.
 */
struct pol_batch *pol_batch_read(FILE *in, char *err);
/* Apply it all or nothing; 0 or an exit code after one line saying why. */
int pol_batch_apply(struct pol_batch *b, struct wctl_genl *g);
void pol_batch_free(struct pol_batch *b);

#endif /* _WARDENCTL_POLICY_BATCH_H */
