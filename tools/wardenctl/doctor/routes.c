// SPDX-License-Identifier: GPL-2.0
/*
 * Routes whose metrics override or bypass a policy, read over rtnetlink
 * (every table, both families): congctl other than warden (its
 * connections never reach a policy), cwnd N lock (a clamp below a
 * policy's max-cwnd), ssthresh N (seeds ssthresh when
 * tcp_no_ssthresh_metrics_save is 0).
 */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "doctor/doctor.h"
#include "lib/util.h"

struct routes {
	struct doc_report *r;
	unsigned int found;
};

/* "10.0.0.0/8 (table main)", as `ip route show table all` would name it. */
static void route_name(const struct rtmsg *rtm, struct nlattr **tb, char *buf, size_t len)
{
	uint32_t table = tb[RTA_TABLE] ? nla_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	char addr[INET6_ADDRSTRLEN] = "", tname[16];

	if (tb[RTA_DST])
		inet_ntop(rtm->rtm_family, nla_data(tb[RTA_DST]), addr, sizeof(addr));
	if (table == RT_TABLE_MAIN)
		snprintf(tname, sizeof(tname), "main");
	else if (table == RT_TABLE_LOCAL)
		snprintf(tname, sizeof(tname), "local");
	else if (table == RT_TABLE_DEFAULT)
		snprintf(tname, sizeof(tname), "default");
	else
		snprintf(tname, sizeof(tname), "%u", table);
	if (!rtm->rtm_dst_len)
		snprintf(buf, len, "%sdefault (table %s)", rtm->rtm_family == AF_INET6 ? "-6 " : "",
			 tname);
	else
		snprintf(buf, len, "%s/%u (table %s)", addr, rtm->rtm_dst_len, tname);
}

static int on_route(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct rtmsg *rtm = nlmsg_data(nlh);
	struct nlattr *tb[RTA_MAX + 1], *mx[RTAX_MAX + 1];
	struct routes *ctx = arg;
	char name[INET6_ADDRSTRLEN + 40], cc[32] = "";
	uint32_t lock = 0;

	if (nlh->nlmsg_type != RTM_NEWROUTE || (rtm->rtm_flags & RTM_F_CLONED) ||
	    nlmsg_parse(nlh, sizeof(*rtm), tb, RTA_MAX, NULL) || !tb[RTA_METRICS] ||
	    nla_parse_nested(mx, RTAX_MAX, tb[RTA_METRICS], NULL))
		return NL_OK;
	route_name(rtm, tb, name, sizeof(name));
	if (mx[RTAX_LOCK])
		lock = nla_get_u32(mx[RTAX_LOCK]);
	if (mx[RTAX_CC_ALGO])
		snprintf(cc, sizeof(cc), "%.*s", nla_len(mx[RTAX_CC_ALGO]),
			 (char *)nla_data(mx[RTAX_CC_ALGO]));
	if (cc[0] && strcmp(cc, "warden")) {
		ctx->found++;
		doc_add(ctx->r, DOC_WARN, "route", "drop congctl from the route (ip route change ...) if warden should apply",
			"route %s sets congctl %s: its connections use %s, not warden, and no policy applies to them",
			name, cc, cc);
	}
	if (mx[RTAX_CWND] && (lock & (1u << RTAX_CWND))) {
		ctx->found++;
		doc_add(ctx->r, DOC_WARN, "route", "drop 'cwnd N lock' from the route, and clamp with a policy's max-cwnd instead",
			"route %s locks cwnd at %u: every connection on it is clamped there, whatever its policy's max-cwnd",
			name, nla_get_u32(mx[RTAX_CWND]));
	}
	if (mx[RTAX_SSTHRESH]) {
		ctx->found++;
		if (ctx->r->metrics_save == 0)
			doc_add(ctx->r, DOC_WARN, "route", "drop ssthresh from the route, or set net.ipv4.tcp_no_ssthresh_metrics_save=1",
				"route %s sets ssthresh %u, and tcp_no_ssthresh_metrics_save is 0: its connections start with it, not their policy's initial-ssthresh",
				name, nla_get_u32(mx[RTAX_SSTHRESH]));
		else
			doc_add(ctx->r, DOC_INFO, "route", NULL,
				"route %s sets ssthresh %u, which connections ignore while net.ipv4.tcp_no_ssthresh_metrics_save is 1",
				name, nla_get_u32(mx[RTAX_SSTHRESH]));
	}
	return NL_OK;
}

void doc_check_routes(struct doc_report *r)
{
	struct rtmsg rtm = { .rtm_family = AF_UNSPEC };
	struct routes ctx = { .r = r };
	struct nl_sock *sk = nl_socket_alloc();
	int err = sk ? nl_connect(sk, NETLINK_ROUTE) : -NLE_NOMEM;

	if (!err)
		err = nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_route, &ctx);
	if (!err)
		err = nl_send_simple(sk, RTM_GETROUTE, NLM_F_DUMP, &rtm, sizeof(rtm));
	if (err >= 0)
		err = nl_recvmsgs_default(sk);
	if (sk)
		nl_socket_free(sk);
	if (err < 0)
		doc_add(r, DOC_WARN, "route", "check 'ip route show table all' for ssthresh, congctl and cwnd lock",
			"cannot read the routes: %s", nl_geterror(err));
	else if (!ctx.found)
		doc_add(r, DOC_OK, "route", NULL,
			"no route sets congctl, a locked cwnd or ssthresh");
}
