/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nl.c: what the handlers of every part's netlink commands share: the
 * family (set by genl.c when it registers it, so no handler needs the
 * file that lists them), the one request-prefix parser, the refusal of
 * unexpected attributes.
 */
#ifndef _TCP_WARDEN_NL_H
#define _TCP_WARDEN_NL_H

#include <net/genetlink.h>

#include "compat.h"
#include "prefix.h"

/* Multicast groups of the family, in TCP_WARDEN_MCGRP_* order. */
enum warden_mcgrp {
	WARDEN_MCGRP_SYN_ALERT,
};

/* The registered family (genl.c sets it before registering). */
const struct genl_family *warden_nl_family(void);
void warden_nl_set_family(const struct genl_family *f);

/*
 * The one parser of an address prefix in a request (policies, SYN lists):
 * exactly one of @a4/@a6, @plen (required if @need_plen, else the full
 * length), no host bits, no IPv4-mapped IPv6. Ports: all.
 */
int warden_nl_parse_prefix(struct nlattr *a4, struct nlattr *a6,
			   struct nlattr *plen, bool need_plen,
			   struct warden_prule *r, struct netlink_ext_ack *extack);

/* Refuse a request that carries any attribute, naming it; 0 if none. */
int warden_nl_no_attrs(struct genl_info *info, int maxattr, const char *msg);

#endif /* _TCP_WARDEN_NL_H */
