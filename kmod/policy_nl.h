/* SPDX-License-Identifier: GPL-2.0 */
/* policy_nl.c: the handlers of the policy commands (genl.c lists them). */
#ifndef _TCP_WARDEN_POLICY_NL_H
#define _TCP_WARDEN_POLICY_NL_H

#include <net/genetlink.h>

int warden_nl_policy_add(struct sk_buff *skb, struct genl_info *info);
int warden_nl_policy_del(struct sk_buff *skb, struct genl_info *info);
int warden_nl_policy_flush(struct sk_buff *skb, struct genl_info *info);
int warden_nl_policy_get(struct sk_buff *skb, struct genl_info *info);
int warden_nl_policy_dump(struct sk_buff *skb, struct netlink_callback *cb);
int warden_nl_default_get(struct sk_buff *skb, struct genl_info *info);
int warden_nl_default_set(struct sk_buff *skb, struct genl_info *info);

#endif /* _TCP_WARDEN_POLICY_NL_H */
