// SPDX-License-Identifier: GPL-2.0
/* `syn top`: the heaviest SYN sources per listener (syn-top). */
#include <stdio.h>
#include <netlink/genl/genl.h>
#include <uapi/linux/tcp_warden.h>

#include "lib/cli.h"
#include "lib/json.h"
#include "lib/util.h"
#include "syn/common.h"
#include "syn/top.h"

struct top_state {
	struct wctl_json j;
};

static void one_source(struct top_state *t, struct nlattr *a)
{
	struct nlattr *src[TCP_WARDEN_A_SYN_SRC_MAX + 1];
	struct syn_addr addr;
	uint32_t count;

	if (nla_parse_nested(src, TCP_WARDEN_A_SYN_SRC_MAX, a, NULL))
		return;
	syn_addr_read(src[TCP_WARDEN_A_SYN_SRC_ADDR4], src[TCP_WARDEN_A_SYN_SRC_ADDR6], &addr);
	count = syn_u32(src, TCP_WARDEN_A_SYN_SRC_COUNT);
	if (!wctl_opts.json) {
		printf("  %-40s %10u\n", addr.text, count);
		return;
	}
	wj_obj_open(&t->j, NULL);
	syn_addr_json(&t->j, &addr);
	wj_u64(&t->j, "count", count);
	wj_obj_close(&t->j);
}

static int on_top(struct nlattr **tb, void *arg)
{
	struct top_state *t = arg;
	int port = tb[TCP_WARDEN_A_SYN_TOP_PORT] ? nla_get_u16(tb[TCP_WARDEN_A_SYN_TOP_PORT]) : 0;
	char name[INET6_ADDRSTRLEN + 10];
	struct syn_addr addr;
	struct nlattr *a;
	int rem;

	syn_addr_read(tb[TCP_WARDEN_A_SYN_TOP_ADDR4], tb[TCP_WARDEN_A_SYN_TOP_ADDR6], &addr);
	syn_endpoint(&addr, port, name, sizeof(name));
	if (wctl_opts.json) {
		wj_obj_open(&t->j, NULL);
		wj_str(&t->j, "listener", name);
		syn_addr_json(&t->j, &addr);
		wj_u64(&t->j, "port", port);
		wj_arr_open(&t->j, "sources");
	} else {
		printf("%s\n", name);
	}
	if (tb[TCP_WARDEN_A_SYN_TOP_SOURCES])
		nla_for_each_nested(a, tb[TCP_WARDEN_A_SYN_TOP_SOURCES], rem)
			one_source(t, a);
	if (wctl_opts.json) {
		wj_arr_close(&t->j);
		wj_obj_close(&t->j);
	}
	return 0;
}

int syn_top(struct wctl_genl *g, uint16_t port)
{
	struct nl_msg *msg = wctl_genl_msg(g, TCP_WARDEN_CMD_SYN_TOP, NLM_F_DUMP);
	struct top_state t;
	int rc;

	if (port)
		nla_put_u16(msg, TCP_WARDEN_A_SYN_TOP_PORT, port);
	wj_init(&t.j, stdout);
	if (wctl_opts.json)
		wj_arr_open(&t.j, NULL);
	rc = wctl_genl_request(g, msg, &(struct wctl_genl_req){
		.what = "read heavy hitters", .maxattr = TCP_WARDEN_A_SYN_TOP_MAX,
		.cb = on_top, .arg = &t,
	}, NULL);
	if (wctl_opts.json && !rc) {
		wj_arr_close(&t.j);
		wj_end(&t.j);
	}
	return rc;
}
