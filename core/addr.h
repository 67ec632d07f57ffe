/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Address families as core/ writes them, for the prefix tables and the SYN
 * guard's addresses alike: the IP version, so that 4 and 6 read as what
 * they are and no code depends on AF_INET's value.
 */
#ifndef _WARDEN_CORE_ADDR_H
#define _WARDEN_CORE_ADDR_H

#define WARDEN_PF_INET	4
#define WARDEN_PF_INET6	6

#endif /* _WARDEN_CORE_ADDR_H */
