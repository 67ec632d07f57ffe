/* SPDX-License-Identifier: GPL-2.0 */
/* syn_nl.c: the handlers of the syn-* commands (genl.c lists them). */
#ifndef _TCP_WARDEN_SYN_NL_H
#define _TCP_WARDEN_SYN_NL_H

#include <net/genetlink.h>

#include "syn_guard.h"

int warden_nl_syn_get(struct sk_buff *skb, struct genl_info *info);
int warden_nl_syn_set(struct sk_buff *skb, struct genl_info *info);
int warden_nl_syn_stats_dump(struct sk_buff *skb, struct netlink_callback *cb);
int warden_nl_syn_top_dump(struct sk_buff *skb, struct netlink_callback *cb);
int warden_nl_syn_list_add(struct sk_buff *skb, struct genl_info *info);
int warden_nl_syn_list_del(struct sk_buff *skb, struct genl_info *info);
int warden_nl_syn_list_dump(struct sk_buff *skb, struct netlink_callback *cb);
/* The control plane's sink for flood alerts (syn_guard.h). */
void warden_syn_notify(struct net *net, const struct warden_syn_lsnap *l);

#endif /* _TCP_WARDEN_SYN_NL_H */
