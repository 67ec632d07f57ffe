// SPDX-License-Identifier: GPL-2.0
/* The allow and deny lists (lists.h). */
#include <stdio.h>
#include <string.h>
#include <netlink/genl/genl.h>
#include <uapi/linux/tcp_warden.h>

#include "lib/cli.h"
#include "lib/json.h"
#include "syn/common.h"
#include "syn/lists.h"

static const struct wctl_genl_attr_name list_names[] = {
	{ 0, TCP_WARDEN_A_SYN_LIST_ADDR4, "prefix", NULL },
	{ 0, TCP_WARDEN_A_SYN_LIST_ADDR6, "prefix", NULL },
	{ 0, TCP_WARDEN_A_SYN_LIST_PREFIXLEN, "prefix length", NULL },
	{ 0, TCP_WARDEN_A_SYN_LIST_LIST, "list", NULL },
	{ 0, 0, NULL, NULL },
};

static int on_entry(struct nlattr **tb, void *arg)
{
	struct wctl_json *j = arg;
	const char *which = syn_u8(tb, TCP_WARDEN_A_SYN_LIST_LIST) == TCP_WARDEN_SYN_LIST_DENY ?
			    "deny" : "allow";
	unsigned int len = syn_u8(tb, TCP_WARDEN_A_SYN_LIST_PREFIXLEN);
	char prefix[WCTL_PREFIX_LEN];
	struct syn_addr a;

	syn_addr_read(tb[TCP_WARDEN_A_SYN_LIST_ADDR4], tb[TCP_WARDEN_A_SYN_LIST_ADDR6], &a);
	snprintf(prefix, sizeof(prefix), "%s/%u", a.text, len);
	if (!wctl_opts.json) {
		printf("%s %s\n", which, prefix);
		return 0;
	}
	wj_obj_open(j, NULL);
	wj_str(j, "list", which);
	wj_str(j, "prefix", prefix);
	syn_addr_json(j, &a);
	wj_u64(j, "prefixlen", len);
	wj_obj_close(j);
	return 0;
}

static int show(struct wctl_genl *g)
{
	struct wctl_json j;
	int rc;

	wj_init(&j, stdout);
	if (wctl_opts.json)
		wj_arr_open(&j, NULL);
	rc = wctl_genl_request(g, wctl_genl_msg(g, TCP_WARDEN_CMD_SYN_LIST_GET, NLM_F_DUMP),
			       &(struct wctl_genl_req){
		.what = "read the allow and deny lists", .maxattr = TCP_WARDEN_A_SYN_LIST_MAX,
		.cb = on_entry, .arg = &j,
	}, NULL);
	if (wctl_opts.json && !rc) {
		wj_arr_close(&j);
		wj_end(&j);
	}
	return rc;
}

int syn_list(struct wctl_genl *g, const struct syn_cmd *c)
{
	bool add = c->op == SYN_ALLOW_ADD || c->op == SYN_DENY_ADD;
	bool deny = c->op == SYN_DENY_ADD || c->op == SYN_DENY_DEL;
	struct nl_msg *msg;
	char what[96];

	if (c->op == SYN_LIST)
		return show(g);
	msg = wctl_genl_msg(g, add ? TCP_WARDEN_CMD_SYN_LIST_ADD : TCP_WARDEN_CMD_SYN_LIST_DEL, 0);
	nla_put_u8(msg, TCP_WARDEN_A_SYN_LIST_LIST,
		   deny ? TCP_WARDEN_SYN_LIST_DENY : TCP_WARDEN_SYN_LIST_ALLOW);
	if (c->p.family == AF_INET)
		nla_put(msg, TCP_WARDEN_A_SYN_LIST_ADDR4, 4, c->p.addr.bytes);
	else
		nla_put(msg, TCP_WARDEN_A_SYN_LIST_ADDR6, 16, c->p.addr.bytes);
	nla_put_u8(msg, TCP_WARDEN_A_SYN_LIST_PREFIXLEN, c->p.len);
	snprintf(what, sizeof(what), "%s %s %s the %s list", add ? "add" : "delete",
		 c->text, add ? "to" : "from", deny ? "deny" : "allow");
	return wctl_genl_request(g, msg, &(struct wctl_genl_req){
		.what = what, .names = list_names,
	}, NULL);
}
