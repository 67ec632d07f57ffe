/* SPDX-License-Identifier: GPL-2.0 */
/* genl.c: the generic netlink family, registered last and removed first. */
#ifndef _TCP_WARDEN_GENL_H
#define _TCP_WARDEN_GENL_H

int warden_genl_init(void);
void warden_genl_exit(void);

#endif /* _TCP_WARDEN_GENL_H */
