/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces between the parts of tcp_warden.ko. */
#ifndef _TCP_WARDEN_H
#define _TCP_WARDEN_H

#include <linux/init.h>

int warden_cc_init(void);
void warden_cc_exit(void);

#endif /* _TCP_WARDEN_H */
