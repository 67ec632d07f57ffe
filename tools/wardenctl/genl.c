// SPDX-License-Identifier: GPL-2.0
/* Generic netlink plumbing for the tcp_warden family (see genl.h). */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/handlers.h>
#include <uapi/linux/tcp_warden.h>

#include "genl.h"
#include "wardenctl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

int wctl_genl_open(struct wctl_genl *g)
{
	int one = 1, err;

	g->sk = nl_socket_alloc();
	if (!g->sk) {
		wctl_err("out of memory");
		return WCTL_EXIT_FAIL;
	}
	err = genl_connect(g->sk);
	if (err) {
		wctl_err("cannot open a generic netlink socket: %s", nl_geterror(err));
		goto fail;
	}
	/* Ask for extack messages and a capped echo of our request. */
	setsockopt(nl_socket_get_fd(g->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(g->sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	g->family = genl_ctrl_resolve(g->sk, TCP_WARDEN_FAMILY_NAME);
	if (g->family < 0) {
		if (g->family == -NLE_OBJ_NOTFOUND)
			wctl_err("tcp_warden is not loaded; load tcp_warden.ko first (insmod tcp_warden.ko)");
		else
			wctl_err("cannot resolve the tcp_warden netlink family: %s",
				 nl_geterror(g->family));
		goto fail;
	}
	return 0;
fail:
	nl_socket_free(g->sk);
	g->sk = NULL;
	return WCTL_EXIT_FAIL;
}

void wctl_genl_close(struct wctl_genl *g)
{
	if (g->sk)
		nl_socket_free(g->sk);
	g->sk = NULL;
}

struct nl_msg *wctl_genl_msg(struct wctl_genl *g, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg) {
		wctl_err("out of memory");
		exit(WCTL_EXIT_FAIL);
	}
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, g->family, 0, flags, cmd,
			 TCP_WARDEN_FAMILY_VERSION)) {
		wctl_err("out of memory");
		exit(WCTL_EXIT_FAIL);
	}
	return msg;
}

struct req_state {
	const struct wctl_genl_req *req;
	struct nl_msg *sent;
	int done;
	int err;		/* negative errno from the kernel */
	int cb_rc;
	char ext_msg[256];
	uint32_t ext_offs;	/* 0: no offset reported */
	uint32_t miss_type;
	int have_miss;
};

/* The name of the attribute at byte @offs of the request we sent. */
static const char *attr_at(struct req_state *st, uint32_t offs, const char **hint)
{
	const struct wctl_genl_attr_name *n = st->req->names;
	struct nlmsghdr *nlh = nlmsg_hdr(st->sent);
	struct nlattr *a, *b;
	int rem, rem2, outer = -1, inner = 0;

	if (!n)
		return NULL;
	nlmsg_for_each_attr(a, nlh, GENL_HDRLEN, rem) {
		uint32_t ao = (uint32_t)((char *)a - (char *)nlh);

		if (offs == ao) {
			outer = nla_type(a);
			break;
		}
		if (offs > ao && offs < ao + nla_len(a) + NLA_HDRLEN) {
			outer = nla_type(a);
			nla_for_each_nested(b, a, rem2) {
				if ((char *)b - (char *)nlh == (long)offs)
					inner = nla_type(b);
			}
			break;
		}
	}
	if (outer < 0)
		return NULL;
	for (; n->name; n++) {
		if ((inner && n->nest == outer && n->type == inner) ||
		    (!inner && !n->nest && n->type == outer)) {
			*hint = n->hint;
			return n->name;
		}
	}
	return NULL;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct req_state *st = arg;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = { NULL };
	size_t off = sizeof(*e);

	st->err = e->error;
	st->done = 1;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	/* Without NLM_F_CAPPED the request is echoed in full before the TLVs. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (NLMSG_HDRLEN + off >= nlh->nlmsg_len)
		return NL_STOP;
	nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)e + NLMSG_ALIGN(off)),
		  nlh->nlmsg_len - NLMSG_HDRLEN - NLMSG_ALIGN(off), NULL);
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(st->ext_msg, sizeof(st->ext_msg), "%s",
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
	if (tb[NLMSGERR_ATTR_OFFS])
		st->ext_offs = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	if (tb[NLMSGERR_ATTR_MISS_TYPE]) {
		st->miss_type = nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
		st->have_miss = 1;
	}
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;

	st->done = 1;
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;
	struct nlattr *tb[256];
	int maxattr = st->req->maxattr;

	if (!st->req->cb || st->cb_rc)
		return NL_OK;
	if (maxattr > 255)
		maxattr = 255;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, maxattr, NULL) < 0)
		return NL_OK;
	st->cb_rc = st->req->cb(tb, st->req->arg);
	return NL_OK;
}

static void report(struct req_state *st)
{
	const char *what = st->req->what, *name = NULL, *hint = NULL;
	int e = -st->err;

	if (e == EPERM) {
		wctl_err("cannot %s: permission denied; run as root (CAP_NET_ADMIN in the netns's user namespace)",
			 what);
		return;
	}
	if (st->ext_offs)
		name = attr_at(st, st->ext_offs, &hint);
	if (st->ext_msg[0] && name)
		wctl_err("cannot %s: %s: %s%s%s", what, name, st->ext_msg,
			 hint ? "; " : "", hint ? hint : "");
	else if (st->ext_msg[0])
		wctl_err("cannot %s: %s", what, st->ext_msg);
	else if (name)
		wctl_err("cannot %s: %s: %s%s%s", what, name, strerror(e),
			 hint ? "; " : "", hint ? hint : "");
	else
		wctl_err("cannot %s: %s", what, strerror(e));
}

int wctl_genl_request(struct wctl_genl *g, struct nl_msg *msg,
		      const struct wctl_genl_req *req, int *errp)
{
	struct req_state st = { .req = req, .sent = msg };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int rc = 0, err;

	if (!cb) {
		wctl_err("out of memory");
		nlmsg_free(msg);
		return WCTL_EXIT_FAIL;
	}
	nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &st);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &st);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_ack, &st);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &st);

	err = nl_send_auto(g->sk, msg);
	if (err < 0) {
		wctl_err("cannot %s: sending the request failed: %s", req->what, nl_geterror(err));
		rc = WCTL_EXIT_FAIL;
		goto out;
	}
	while (!st.done) {
		err = nl_recvmsgs(g->sk, cb);
		if (err < 0 && !st.done) {
			wctl_err("cannot %s: %s", req->what, nl_geterror(err));
			rc = WCTL_EXIT_FAIL;
			goto out;
		}
	}
	if (st.err) {
		report(&st);
		rc = (st.err == -EINVAL || st.err == -ERANGE) ? WCTL_EXIT_USAGE : WCTL_EXIT_FAIL;
	} else if (st.cb_rc) {
		rc = st.cb_rc;
	}
out:
	if (errp)
		*errp = -st.err;
	nl_cb_put(cb);
	nlmsg_free(msg);
	return rc;
}
