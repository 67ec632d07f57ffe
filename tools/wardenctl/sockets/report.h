/* SPDX-License-Identifier: GPL-2.0 */
/* `sockets report` (report.c). */
#ifndef _WARDENCTL_SOCKETS_REPORT_H
#define _WARDENCTL_SOCKETS_REPORT_H

#include "sockets/opts.h"

int sk_report(struct sk_opts *o);

#endif /* _WARDENCTL_SOCKETS_REPORT_H */
