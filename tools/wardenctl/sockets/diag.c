// SPDX-License-Identifier: GPL-2.0
/*
 * sock_diag dumps for `wardenctl sockets`: inet_diag_req_v2 over libnl-3
 * core, states filtered through idiag_states and addresses/ports through
 * INET_DIAG_REQ_BYTECODE, so the kernel only sends the rows we print.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>

#include "lib/cli.h"
#include "sockets/diag.h"

#define BIT(s)		(1u << (s))
#define SYN_RECV_BITS	(BIT(WCTL_TCP_SYN_RECV) | BIT(WCTL_TCP_NEW_SYN_RECV))

/* ss's state groups, so muscle memory works. */
static const struct {
	const char *name;
	uint32_t mask;
} state_groups[] = {
	{ "all", SK_ALL_STATES },
	{ "connected", SK_ALL_STATES & ~(BIT(WCTL_TCP_LISTEN) | BIT(WCTL_TCP_CLOSE)) },
	{ "synchronized", SK_ALL_STATES & ~(BIT(WCTL_TCP_LISTEN) | BIT(WCTL_TCP_CLOSE) |
					    BIT(WCTL_TCP_SYN_SENT)) },
	{ "bucket", SYN_RECV_BITS | BIT(WCTL_TCP_TIME_WAIT) },
	{ "big", SK_ALL_STATES & ~(SYN_RECV_BITS | BIT(WCTL_TCP_TIME_WAIT)) },
	{ "estab", BIT(WCTL_TCP_ESTABLISHED) },
	{ "listening", BIT(WCTL_TCP_LISTEN) },
	{ "close", BIT(WCTL_TCP_CLOSE) },
};

/* Compare ignoring case and treating '_' as '-': TIME_WAIT == time-wait. */
static bool name_eq(const char *s, size_t n, const char *name)
{
	size_t i;

	if (strlen(name) != n)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i] == '_' ? '-' : s[i];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != name[i])
			return false;
	}
	return true;
}

int sk_parse_states(const char *s, uint32_t *mask, const char **bad, size_t *badlen)
{
	uint32_t m = 0;

	while (*s) {
		size_t n = strcspn(s, ",");
		bool found = false;
		unsigned int i;

		if (!n) {	/* "a,,b" or a trailing comma */
			s++;
			continue;
		}

		for (i = 1; i < SK_NSTATES && !found; i++) {
			if (name_eq(s, n, wctl_tcp_word(i))) {
				m |= i == WCTL_TCP_SYN_RECV || i == WCTL_TCP_NEW_SYN_RECV ?
				     SYN_RECV_BITS : BIT(i);
				found = true;
			}
		}
		for (i = 0; i < sizeof(state_groups) / sizeof(state_groups[0]) && !found; i++) {
			if (name_eq(s, n, state_groups[i].name)) {
				m |= state_groups[i].mask;
				found = true;
			}
		}
		if (!found) {
			*bad = s;
			*badlen = n;
			return -1;
		}
		s += n;
		if (*s == ',')
			s++;
	}
	if (!m) {
		*bad = "";
		*badlen = 0;
		return -1;
	}
	*mask = m;
	return 0;
}

/*
 * Bytecode: a chain of conditions that must all hold. Each op jumps to the
 * next op when true ("yes" = its own length) and past the end when false
 * ("no" = distance to the end + 4), which the kernel reads as "reject";
 * running off the end exactly means "accept".
 */
struct bc {
	unsigned char buf[256];
	int len;
	int starts[8];
	int nops;
};

static void *bc_op(struct bc *bc, unsigned char code, int arglen)
{
	struct inet_diag_bc_op *op = (void *)(bc->buf + bc->len);
	int len = (int)sizeof(*op) + arglen;

	op->code = code;
	op->yes = (unsigned char)len;
	bc->starts[bc->nops++] = bc->len;
	bc->len += len;
	return op + 1;
}

static void bc_port(struct bc *bc, unsigned char code, uint16_t port)
{
	struct inet_diag_bc_op *arg = bc_op(bc, code, sizeof(*arg));

	/* The port travels in the "no" field of a follow-on op. */
	memset(arg, 0, sizeof(*arg));
	arg->no = port;
}

static void bc_ports(struct bc *bc, bool src, const struct wctl_ports *p)
{
	if (p->lo == p->hi) {
		bc_port(bc, src ? INET_DIAG_BC_S_EQ : INET_DIAG_BC_D_EQ, p->lo);
		return;
	}
	if (p->lo > 0)
		bc_port(bc, src ? INET_DIAG_BC_S_GE : INET_DIAG_BC_D_GE, p->lo);
	if (p->hi < 65535)
		bc_port(bc, src ? INET_DIAG_BC_S_LE : INET_DIAG_BC_D_LE, p->hi);
}

static void bc_host(struct bc *bc, bool src, const struct wctl_prefix *p)
{
	int alen = p->family == AF_INET ? 4 : 16;
	struct inet_diag_hostcond *hc;

	hc = bc_op(bc, src ? INET_DIAG_BC_S_COND : INET_DIAG_BC_D_COND,
		   (int)sizeof(*hc) + alen);
	hc->family = (uint8_t)p->family;
	hc->prefix_len = p->len;
	hc->port = -1;
	memcpy(hc->addr, p->addr.bytes, alen);
}

static void bc_build(struct bc *bc, const struct sk_filter *f)
{
	int i;

	memset(bc, 0, sizeof(*bc));
	if (f->src_set)
		bc_host(bc, true, &f->src);
	if (f->dst_set)
		bc_host(bc, false, &f->dst);
	if (f->sport_set)
		bc_ports(bc, true, &f->sport);
	if (f->dport_set)
		bc_ports(bc, false, &f->dport);
	for (i = 0; i < bc->nops; i++) {
		struct inet_diag_bc_op *op = (void *)(bc->buf + bc->starts[i]);

		op->no = (unsigned short)(bc->len - bc->starts[i] + 4);
	}
}

struct dump_ctx {
	const struct sk_filter *f;
	sk_row_fn fn;
	void *arg;
	int stop;		/* the callback's non-zero return */
	struct sk_row row;
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct dump_ctx *ctx = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	const struct inet_diag_msg *m = nlmsg_data(nlh);
	struct sk_row *r = &ctx->row;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    nlmsg_datalen(nlh) < (int)sizeof(*m))
		return NL_SKIP;

	r->family = m->idiag_family;
	r->state = m->idiag_state;
	r->timer = m->idiag_timer;
	r->retrans = m->idiag_retrans;
	r->sport = ntohs(m->id.idiag_sport);
	r->dport = ntohs(m->id.idiag_dport);
	memcpy(r->src, m->id.idiag_src, 16);
	memcpy(r->dst, m->id.idiag_dst, 16);
	r->expires_ms = m->idiag_expires;
	r->rqueue = m->idiag_rqueue;
	r->wqueue = m->idiag_wqueue;
	r->uid = m->idiag_uid;
	r->inode = m->idiag_inode;
	r->cookie = (uint64_t)m->id.idiag_cookie[1] << 32 | m->id.idiag_cookie[0];
	r->has_info = false;
	r->cong[0] = '\0';

	if (ctx->f->info) {
		struct nlattr *tb[INET_DIAG_MAX + 1];

		if (nlmsg_parse(nlh, sizeof(*m), tb, INET_DIAG_MAX, NULL) == 0) {
			if (tb[INET_DIAG_INFO]) {
				size_t n = nla_len(tb[INET_DIAG_INFO]);

				/* Older kernels send less, newer ones more. */
				if (n > sizeof(r->info))
					n = sizeof(r->info);
				memset(&r->info, 0, sizeof(r->info));
				memcpy(&r->info, nla_data(tb[INET_DIAG_INFO]), n);
				r->has_info = true;
			}
			if (tb[INET_DIAG_CONG])
				nla_strlcpy(r->cong, tb[INET_DIAG_CONG], sizeof(r->cong));
		}
	}

	ctx->stop = ctx->fn(r, ctx->arg);
	return ctx->stop ? NL_STOP : NL_OK;
}

static int dump_family(struct nl_sock *sk, int family, const struct bc *bc,
		       struct dump_ctx *ctx)
{
	struct inet_diag_req_v2 req = {
		.sdiag_family = (uint8_t)family,
		.sdiag_protocol = IPPROTO_TCP,
		.idiag_states = ctx->f->states,
	};
	struct nl_msg *msg;
	int err;

	if (ctx->f->info)
		req.idiag_ext = 1u << (INET_DIAG_INFO - 1) | 1u << (INET_DIAG_CONG - 1);

	msg = nlmsg_alloc_simple(SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP);
	if (!msg) {
		wctl_err("out of memory building the sock_diag request");
		return WCTL_EXIT_FAIL;
	}
	err = nlmsg_append(msg, &req, sizeof(req), NLMSG_ALIGNTO);
	if (!err && bc->len)
		err = nla_put(msg, INET_DIAG_REQ_BYTECODE, bc->len, bc->buf);
	if (!err)
		err = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	if (err < 0) {
		wctl_err("cannot send the sock_diag request: %s", nl_geterror(err));
		return WCTL_EXIT_FAIL;
	}

	err = nl_recvmsgs_default(sk);
	if (ctx->stop)
		return 0;
	if (err < 0) {
		/* The kernel refuses IPv6 dumps when IPv6 is disabled. */
		if (family == AF_INET6 && (err == -NLE_NOADDR || err == -NLE_OPNOTSUPP ||
					   err == -NLE_OBJ_NOTFOUND) && !ctx->f->family)
			return 0;
		wctl_err("sock_diag dump failed: %s%s", nl_geterror(err),
			 err == -NLE_OBJ_NOTFOUND ? " (is the tcp_diag module available?)" : "");
		return WCTL_EXIT_FAIL;
	}
	return 0;
}

int sk_dump(const struct sk_filter *f, sk_row_fn fn, void *arg)
{
	struct dump_ctx ctx = { .f = f, .fn = fn, .arg = arg };
	struct nl_sock *sk;
	struct bc bc;
	int err, rc = 0;
	bool v4, v6;

	bc_build(&bc, f);
	/* An IPv6 prefix cannot match an IPv4 socket; the reverse can (mapped). */
	v4 = f->family != AF_INET6 &&
	     !(f->src_set && f->src.family == AF_INET6) &&
	     !(f->dst_set && f->dst.family == AF_INET6);
	v6 = f->family != AF_INET;

	sk = nl_socket_alloc();
	if (!sk) {
		wctl_err("out of memory allocating a netlink socket");
		return WCTL_EXIT_FAIL;
	}
	nl_socket_disable_auto_ack(sk);
	/* One recvmsg() per kernel skb (at most 32 KiB), no MSG_PEEK round trip. */
	nl_socket_disable_msg_peek(sk);
	nl_socket_set_msg_buf_size(sk, 64 * 1024);
	err = nl_connect(sk, NETLINK_SOCK_DIAG);
	if (err < 0) {
		wctl_err("cannot open a NETLINK_SOCK_DIAG socket: %s", nl_geterror(err));
		nl_socket_free(sk);
		return WCTL_EXIT_FAIL;
	}
	err = nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &ctx);
	if (err < 0) {
		wctl_err("cannot set the netlink callback: %s", nl_geterror(err));
		nl_socket_free(sk);
		return WCTL_EXIT_FAIL;
	}

	if (v4)
		rc = dump_family(sk, AF_INET, &bc, &ctx);
	if (!rc && v6 && !ctx.stop)
		rc = dump_family(sk, AF_INET6, &bc, &ctx);
	nl_socket_free(sk);
	if (!rc && ctx.stop > 0)
		rc = ctx.stop;
	return rc;
}
