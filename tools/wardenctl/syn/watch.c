// SPDX-License-Identifier: GPL-2.0
/* `syn watch` (watch.h). */
#include <stdio.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <uapi/linux/tcp_warden.h>

#include "lib/cli.h"
#include "lib/json.h"
#include "lib/util.h"
#include "syn/common.h"
#include "syn/watch.h"

static int on_alert(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[TCP_WARDEN_A_SYN_L_MAX + 1];
	struct genlmsghdr *gh = genlmsg_hdr(nlmsg_hdr(msg));
	const char *event;
	struct syn_listener l;
	struct wctl_json j;

	if (gh->cmd != TCP_WARDEN_CMD_SYN_ALERT ||
	    genlmsg_parse(nlmsg_hdr(msg), 0, tb, TCP_WARDEN_A_SYN_L_MAX, NULL))
		return NL_OK;
	syn_listener_read(tb, &l);
	event = l.flood ? "flood-start" : "flood-end";
	if (wctl_opts.json) {
		wj_init(&j, stdout);
		wj_obj_open(&j, NULL);
		wj_str(&j, "event", event);
		syn_listener_json(&j, &l);
		wj_obj_close(&j);
		wj_end(&j);
	} else {
		printf("%s %s rate %llu SYN/s queue %u/%u dropped %llu\n", l.name, event,
		       (unsigned long long)l.rate, l.qlen, l.qmax,
		       (unsigned long long)syn_listener_dropped(&l));
	}
	fflush(stdout);
	return NL_OK;
}

int syn_watch(struct wctl_genl *g)
{
	int grp = genl_ctrl_resolve_grp(g->sk, TCP_WARDEN_FAMILY_NAME, TCP_WARDEN_MCGRP_SYN_ALERT);
	int err;

	if (grp < 0) {
		wctl_err("cannot find the syn-alert group: %s; is tcp_warden.ko current?",
			 nl_geterror(grp));
		return WCTL_EXIT_FAIL;
	}
	err = nl_socket_add_membership(g->sk, grp);
	if (err) {
		wctl_err("cannot join the syn-alert group: %s", nl_geterror(err));
		return WCTL_EXIT_FAIL;
	}
	nl_socket_disable_seq_check(g->sk);
	nl_socket_modify_cb(g->sk, NL_CB_VALID, NL_CB_CUSTOM, on_alert, NULL);
	if (!wctl_opts.json) {
		printf("watching SYN flood alerts (Ctrl-C to stop)\n");
		fflush(stdout);
	}
	for (;;) {
		err = nl_recvmsgs_default(g->sk);
		if (err < 0 && err != -NLE_INTR && err != -NLE_AGAIN) {
			wctl_err("receiving alerts failed: %s", nl_geterror(err));
			return WCTL_EXIT_FAIL;
		}
	}
}
