/* SPDX-License-Identifier: GPL-2.0 */
/* cc.c: the congestion control "warden". */
#ifndef _TCP_WARDEN_CC_H
#define _TCP_WARDEN_CC_H

int warden_cc_init(void);
void warden_cc_exit(void);

#endif /* _TCP_WARDEN_CC_H */
