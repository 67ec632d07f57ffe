// SPDX-License-Identifier: GPL-2.0
/* What every part's netlink handlers share (nl.h). */
#include <net/genetlink.h>
#include <net/netlink.h>

#include "nl.h"

static const struct genl_family *warden_nl_fam;

const struct genl_family *warden_nl_family(void)
{
	return warden_nl_fam;
}

void warden_nl_set_family(const struct genl_family *f)
{
	warden_nl_fam = f;
}

int warden_nl_parse_prefix(struct nlattr *a4, struct nlattr *a6,
			   struct nlattr *plen, bool need_plen,
			   struct warden_prule *r, struct netlink_ext_ack *extack)
{
	struct nlattr *dst = a4 ?: a6;
	u32 maxlen = a4 ? 32 : 128;

	memset(r, 0, sizeof(*r));
	if (a4 && a6) {
		NL_SET_ERR_MSG_ATTR(extack, a6, "give an IPv4 or an IPv6 prefix, not both");
		return -EINVAL;
	}
	if (!dst) {
		NL_SET_ERR_MSG(extack, "missing prefix: give an IPv4 or an IPv6 address");
		return -EINVAL;
	}
	r->family = a4 ? WARDEN_PF_INET : WARDEN_PF_INET6;
	nla_memcpy(r->addr, dst, sizeof(r->addr));
	if (!plen && need_plen) {
		NL_SET_ERR_MSG(extack, "missing prefix length");
		return -EINVAL;
	}
	r->plen = plen ? nla_get_u8(plen) : maxlen;
	if (r->plen > maxlen) {
		NL_SET_ERR_MSG_ATTR(extack, plen, "IPv4 prefix length must be 0..32");
		return -EINVAL;
	}
	/* IPv4 traffic of dual-stack sockets is looked up as IPv4. */
	if (a6 && warden_prefix_v4mapped(r->addr, r->plen)) {
		NL_SET_ERR_MSG_ATTR(extack, dst,
				    "an IPv4-mapped IPv6 prefix never matches: give the IPv4 prefix");
		return -EINVAL;
	}
	r->port_lo = 0;
	r->port_hi = U16_MAX;
	if (!warden_prule_valid(r)) {
		NL_SET_ERR_MSG_ATTR(extack, dst, "host bits are set below the prefix length");
		return -EINVAL;
	}
	return 0;
}

int warden_nl_no_attrs(struct genl_info *info, int maxattr, const char *msg)
{
	int i;

	for (i = 1; i <= maxattr; i++) {
		if (info->attrs[i]) {
			NL_SET_BAD_ATTR(info->extack, info->attrs[i]);
			/* @msg is a string constant of the caller's */
			if (info->extack)
				info->extack->_msg = msg;
			return -EINVAL;
		}
	}
	return 0;
}

