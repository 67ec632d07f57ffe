// SPDX-License-Identifier: GPL-2.0
/* Generic netlink plumbing for the tcp_warden family (genl.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/handlers.h>
#include <uapi/linux/tcp_warden.h>

#include "lib/cli.h"
#include "lib/genl.h"
#include "lib/util.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Is tcp_warden.ko installed for kernel @release (modprobe can find it)? */
static bool installed(const char *release)
{
	char path[300], line[1024];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/lib/modules/%s/modules.dep", release);
	f = fopen(path, "re");
	while (f && !found && fgets(line, sizeof(line), f))
		found = strstr(line, "/tcp_warden.ko") != NULL;
	if (f)
		fclose(f);
	return found;
}

/* The family is missing: why, and what to do about it. */
static void not_loaded(void)
{
	struct utsname u;

	uname(&u);
	if (access("/proc/modules", F_OK))
		wctl_err("tcp_warden is not loaded, and this kernel (%s) cannot load modules (no CONFIG_MODULES): boot one that can, or one built with CONFIG_TCP_CONG_WARDEN=y",
			 u.release);
	else if (installed(u.release))
		wctl_err("tcp_warden is not loaded; load it with 'modprobe tcp_warden'");
	else
		wctl_err("tcp_warden is not loaded nor installed for kernel %s; install it ('make install', or the tcpwarden-dkms package), then run 'modprobe tcp_warden'",
			 u.release);
}

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
			not_loaded();
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

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, g->family, 0, flags, cmd,
				 TCP_WARDEN_FAMILY_VERSION))
		wctl_oom();
	return msg;
}

struct req_state {
	const struct wctl_genl_req *req;
	struct nl_msg *sent;
	int done;
	int cb_rc;
	struct wctl_genl_error e;
};

/* The attribute (and, inside it, the nested one) at byte @offs of @sent. */
static bool attr_at(struct nl_msg *sent, uint32_t offs, int *outer, int *inner)
{
	struct nlmsghdr *nlh = nlmsg_hdr(sent);
	struct nlattr *a, *b;
	int rem, rem2;

	*inner = 0;
	nlmsg_for_each_attr(a, nlh, GENL_HDRLEN, rem) {
		uint32_t ao = (uint32_t)((char *)a - (char *)nlh);

		if (offs == ao) {
			*outer = nla_type(a);
			return true;
		}
		if (offs > ao && offs < ao + nla_len(a) + NLA_HDRLEN) {
			*outer = nla_type(a);
			nla_for_each_nested(b, a, rem2) {
				if ((char *)b - (char *)nlh == (long)offs)
					*inner = nla_type(b);
			}
			return true;
		}
	}
	return false;
}

/* The user's name of attribute @type (in top-level @nest, 0: top level). */
static const struct wctl_genl_attr_name *attr_name(const struct wctl_genl_req *req, int nest,
						   int type)
{
	const struct wctl_genl_attr_name *n = req->names;

	for (; n && n->name; n++)
		if (n->nest == nest && n->type == type)
			return n;
	return NULL;
}

static const struct wctl_genl_attr_name *bad_attr(const struct wctl_genl_error *e,
						  const struct wctl_genl_req *req,
						  struct nl_msg *sent)
{
	int outer, inner;

	if (!e->ext_offs || !sent || !attr_at(sent, e->ext_offs, &outer, &inner))
		return NULL;
	return inner ? attr_name(req, outer, inner) : attr_name(req, 0, outer);
}

/* What the kernel said was missing: "parameters", or "attribute 7". */
static void missing_name(const struct wctl_genl_error *e, const struct wctl_genl_req *req,
			 struct nl_msg *sent, char *buf, size_t len)
{
	const struct wctl_genl_attr_name *n;
	int nest = 0, inner;

	if (e->miss_nest && sent)
		attr_at(sent, e->miss_nest, &nest, &inner);
	n = attr_name(req, nest, (int)e->miss_type);
	if (n)
		snprintf(buf, len, "%s", n->name);
	else
		snprintf(buf, len, "attribute %u", e->miss_type);
}

void wctl_genl_describe(const struct wctl_genl_error *e, const struct wctl_genl_req *req,
			struct nl_msg *sent, char *buf, size_t len)
{
	const struct wctl_genl_attr_name *n = bad_attr(e, req, sent);
	const char *why = e->ext_msg[0] ? e->ext_msg : strerror(-e->err);
	char miss[64];

	if (-e->err == EPERM) {
		snprintf(buf, len, "cannot %s: permission denied; run as root (CAP_NET_ADMIN in the netns's user namespace)",
			 req->what);
		return;
	}
	if (e->have_miss) {
		missing_name(e, req, sent, miss, sizeof(miss));
		snprintf(buf, len, "cannot %s: %s: the request lacks %s; update wardenctl and tcp_warden.ko together",
			 req->what, why, miss);
		return;
	}
	if (n)
		snprintf(buf, len, "cannot %s: %s: %s%s%s", req->what, n->name, why,
			 n->hint ? "; " : "", n->hint ? n->hint : "");
	else
		snprintf(buf, len, "cannot %s: %s", req->what, why);
}

void wctl_genl_parse_error(const struct nlmsghdr *nlh, struct wctl_genl_error *e)
{
	const struct nlmsgerr *err = nlmsg_data(nlh);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = { NULL };
	size_t off = sizeof(*err);

	memset(e, 0, sizeof(*e));
	e->err = err->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	/* Without NLM_F_CAPPED the request is echoed in full before the TLVs. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - NLMSG_HDRLEN;
	if (NLMSG_HDRLEN + off >= nlh->nlmsg_len)
		return;
	nla_parse(tb, NLMSGERR_ATTR_MAX,
		  (struct nlattr *)((char *)err + NLMSG_ALIGN(off)),
		  nlh->nlmsg_len - NLMSG_HDRLEN - NLMSG_ALIGN(off), NULL);
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(e->ext_msg, sizeof(e->ext_msg), "%s",
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
	if (tb[NLMSGERR_ATTR_OFFS])
		e->ext_offs = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	if (tb[NLMSGERR_ATTR_MISS_TYPE]) {
		e->miss_type = nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
		e->have_miss = true;
	}
	if (tb[NLMSGERR_ATTR_MISS_NEST])
		e->miss_nest = nla_get_u32(tb[NLMSGERR_ATTR_MISS_NEST]);
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct req_state *st = arg;

	wctl_genl_parse_error((struct nlmsghdr *)((char *)e - NLMSG_HDRLEN), &st->e);
	st->done = 1;
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
	char buf[512];

	wctl_genl_describe(&st->e, st->req, st->sent, buf, sizeof(buf));
	if (st->req->msg)
		snprintf(st->req->msg, st->req->msglen, "%s", buf);
	else
		wctl_err("%s", buf);
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
	if (st.e.err) {
		report(&st);
		rc = (st.e.err == -EINVAL || st.e.err == -ERANGE) ? WCTL_EXIT_USAGE : WCTL_EXIT_FAIL;
	} else if (st.cb_rc) {
		rc = st.cb_rc;
	}
out:
	if (errp)
		*errp = -st.e.err;
	nl_cb_put(cb);
	nlmsg_free(msg);
	return rc;
}
