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

struct dump_ctx {
	int (*fn)(const struct syn_entry *e, void *arg);
	void *arg;
};

static int on_entry(struct nlattr **tb, void *arg)
{
	struct nlattr *a4 = tb[TCP_WARDEN_A_SYN_LIST_ADDR4], *a6 = tb[TCP_WARDEN_A_SYN_LIST_ADDR6];
	struct dump_ctx *d = arg;
	struct syn_entry e;

	memset(&e, 0, sizeof(e));
	e.deny = syn_u8(tb, TCP_WARDEN_A_SYN_LIST_LIST) == TCP_WARDEN_SYN_LIST_DENY;
	e.p.len = syn_u8(tb, TCP_WARDEN_A_SYN_LIST_PREFIXLEN);
	if (a4 && nla_len(a4) == 4) {
		e.p.family = AF_INET;
		memcpy(e.p.addr.bytes, nla_data(a4), 4);
	} else if (a6 && nla_len(a6) == 16) {
		e.p.family = AF_INET6;
		memcpy(e.p.addr.bytes, nla_data(a6), 16);
	}
	syn_addr_read(a4, a6, &e.a);
	return d->fn(&e, d->arg);
}

int syn_list_dump(struct wctl_genl *g, int (*fn)(const struct syn_entry *e, void *arg),
		  void *arg)
{
	struct dump_ctx d = { .fn = fn, .arg = arg };

	return wctl_genl_request(g, wctl_genl_msg(g, TCP_WARDEN_CMD_SYN_LIST_GET, NLM_F_DUMP),
				 &(struct wctl_genl_req){
		.what = "read the allow and deny lists", .maxattr = TCP_WARDEN_A_SYN_LIST_MAX,
		.cb = on_entry, .arg = &d,
	}, NULL);
}

static int show_entry(const struct syn_entry *e, void *arg)
{
	const char *which = e->deny ? "deny" : "allow";
	char prefix[WCTL_PREFIX_LEN];
	struct wctl_json *j = arg;

	snprintf(prefix, sizeof(prefix), "%s/%u", e->a.text, e->p.len);
	if (!wctl_opts.json) {
		printf("%s %s\n", which, prefix);
		return 0;
	}
	wj_obj_open(j, NULL);
	wj_str(j, "list", which);
	wj_str(j, "prefix", prefix);
	syn_addr_json(j, &e->a);
	wj_u64(j, "prefixlen", e->p.len);
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
	rc = syn_list_dump(g, show_entry, &j);
	if (wctl_opts.json && !rc) {
		wj_arr_close(&j);
		wj_end(&j);
	}
	return rc;
}

int syn_list_change(struct wctl_genl *g, bool deny, bool add, const struct wctl_prefix *p,
		    char *msg)
{
	struct nl_msg *nl;
	char what[96], text[WCTL_PREFIX_LEN];

	nl = wctl_genl_msg(g, add ? TCP_WARDEN_CMD_SYN_LIST_ADD : TCP_WARDEN_CMD_SYN_LIST_DEL, 0);
	nla_put_u8(nl, TCP_WARDEN_A_SYN_LIST_LIST,
		   deny ? TCP_WARDEN_SYN_LIST_DENY : TCP_WARDEN_SYN_LIST_ALLOW);
	if (p->family == AF_INET)
		nla_put(nl, TCP_WARDEN_A_SYN_LIST_ADDR4, 4, p->addr.bytes);
	else
		nla_put(nl, TCP_WARDEN_A_SYN_LIST_ADDR6, 16, p->addr.bytes);
	nla_put_u8(nl, TCP_WARDEN_A_SYN_LIST_PREFIXLEN, p->len);
	snprintf(what, sizeof(what), "%s %s %s the %s list", add ? "add" : "delete",
		 wctl_prefix_str(p, text, sizeof(text)), add ? "to" : "from", deny ? "deny" : "allow");
	return wctl_genl_request(g, nl, &(struct wctl_genl_req){
		.what = what, .names = list_names, .msg = msg, .msglen = msg ? WCTL_MSG_LEN : 0,
	}, NULL);
}

int syn_list(struct wctl_genl *g, const struct syn_cmd *c)
{
	if (c->op == SYN_LIST)
		return show(g);
	return syn_list_change(g, c->op == SYN_DENY_ADD || c->op == SYN_DENY_DEL,
			       c->op == SYN_ALLOW_ADD || c->op == SYN_DENY_ADD, &c->p, NULL);
}
