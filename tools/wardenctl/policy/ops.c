// SPDX-License-Identifier: GPL-2.0
/* The policy requests of the tcp_warden family (ops.h). */
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/genl.h>

#include "lib/cli.h"
#include "lib/util.h"
#include "lib/vec.h"
#include "policy/names.h"
#include "policy/ops.h"

static void put_params(struct nl_msg *msg, int type, const struct pol_params *p)
{
	struct nlattr *nest = nla_nest_start(msg, type);
	int a;

	for (a = 1; a <= TCP_WARDEN_A_PARAMS_MAX; a++) {
		if (!p->have[a])
			continue;
		if (a == TCP_WARDEN_A_PARAMS_GROWTH || a == TCP_WARDEN_A_PARAMS_HYSTART)
			nla_put_u8(msg, a, (uint8_t)p->v[a]);
		else
			nla_put_u32(msg, a, p->v[a]);
	}
	nla_nest_end(msg, nest);
}

static void put_key(struct nl_msg *msg, const struct pol_key *k)
{
	if (k->pfx.family == AF_INET)
		nla_put(msg, TCP_WARDEN_A_POLICY_DST4, 4, k->pfx.addr.bytes);
	else
		nla_put(msg, TCP_WARDEN_A_POLICY_DST6, 16, k->pfx.addr.bytes);
	nla_put_u8(msg, TCP_WARDEN_A_POLICY_PREFIXLEN, k->pfx.len);
	if (k->have_port) {
		nla_put_u16(msg, TCP_WARDEN_A_POLICY_PORT_MIN, (uint16_t)k->ports.lo);
		nla_put_u16(msg, TCP_WARDEN_A_POLICY_PORT_MAX, (uint16_t)k->ports.hi);
	}
}

/* A change request: no reply but the ACK. */
static int change(struct wctl_genl *g, struct nl_msg *msg, const char *what,
		  const struct wctl_genl_attr_name *names, char *errmsg)
{
	return wctl_genl_request(g, msg, &(struct wctl_genl_req){
		.what = what, .names = names, .msg = errmsg, .msglen = errmsg ? POL_MSG_LEN : 0,
	}, NULL);
}

int pol_add(struct wctl_genl *g, const struct pol_key *k, const struct pol_params *p,
	    bool replace, char *errmsg)
{
	struct nl_msg *msg = wctl_genl_msg(g, TCP_WARDEN_CMD_POLICY_ADD,
					   replace ? NLM_F_REPLACE : 0);

	put_key(msg, k);
	put_params(msg, TCP_WARDEN_A_POLICY_PARAMS, p);
	return change(g, msg, replace ? "replace policy" : "add policy", pol_policy_names, errmsg);
}

int pol_del(struct wctl_genl *g, const struct pol_key *k, char *errmsg)
{
	struct nl_msg *msg = wctl_genl_msg(g, TCP_WARDEN_CMD_POLICY_DEL, 0);

	put_key(msg, k);
	return change(g, msg, "delete policy", pol_policy_names, errmsg);
}

int pol_flush(struct wctl_genl *g, char *errmsg)
{
	return change(g, wctl_genl_msg(g, TCP_WARDEN_CMD_POLICY_FLUSH, 0), "flush policies",
		      NULL, errmsg);
}

int pol_default_set(struct wctl_genl *g, const struct pol_params *p, char *errmsg)
{
	struct nl_msg *msg = wctl_genl_msg(g, TCP_WARDEN_CMD_DEFAULT_SET, 0);

	put_params(msg, TCP_WARDEN_A_DEFAULT_PARAMS, p);
	return change(g, msg, "set the default policy", pol_default_names, errmsg);
}

int pol_change(struct wctl_genl *g, const struct pol_cmd *c, char *errmsg)
{
	switch (c->op) {
	case POL_ADD:
		return pol_add(g, &c->key, &c->p, c->replace, errmsg);
	case POL_DEL:
		return pol_del(g, &c->key, errmsg);
	case POL_FLUSH:
		return pol_flush(g, errmsg);
	default:
		return pol_default_set(g, &c->p, errmsg);
	}
}

static void parse_nested(struct nlattr *nest, int max, uint32_t *p, uint64_t *st)
{
	struct nlattr *a;
	int rem;

	if (!nest)
		return;
	nla_for_each_nested(a, nest, rem) {
		int t = nla_type(a);

		if (t < 1 || t > max)
			continue;
		if (st && nla_len(a) == 8)
			st[t] = nla_get_u64(a);
		else if (p && nla_len(a) == 4)
			p[t] = nla_get_u32(a);
		else if (p && nla_len(a) >= 1)
			p[t] = nla_get_u8(a);
	}
}

static struct pol_row *rows_add(struct pol_rows *rs)
{
	struct pol_row *r = WCTL_PUSH(rs->r, rs->n, rs->cap);

	if (!r)
		wctl_oom();
	memset(r, 0, sizeof(*r));
	return r;
}

/* The key of a policy message; false when it has no destination. */
static bool read_key(struct nlattr **tb, struct pol_key *k)
{
	struct nlattr *d4 = tb[TCP_WARDEN_A_POLICY_DST4], *d6 = tb[TCP_WARDEN_A_POLICY_DST6];

	memset(k, 0, sizeof(*k));
	if (d4 && nla_len(d4) == 4) {
		k->pfx.family = AF_INET;
		memcpy(k->pfx.addr.bytes, nla_data(d4), 4);
	} else if (d6 && nla_len(d6) == 16) {
		k->pfx.family = AF_INET6;
		memcpy(k->pfx.addr.bytes, nla_data(d6), 16);
	} else {
		return false;
	}
	if (tb[TCP_WARDEN_A_POLICY_PREFIXLEN])
		k->pfx.len = nla_get_u8(tb[TCP_WARDEN_A_POLICY_PREFIXLEN]);
	k->have_port = true;
	k->ports.hi = 65535;
	if (tb[TCP_WARDEN_A_POLICY_PORT_MIN])
		k->ports.lo = nla_get_u16(tb[TCP_WARDEN_A_POLICY_PORT_MIN]);
	if (tb[TCP_WARDEN_A_POLICY_PORT_MAX])
		k->ports.hi = nla_get_u16(tb[TCP_WARDEN_A_POLICY_PORT_MAX]);
	return true;
}

struct get_ctx {
	struct pol_rows *rs;
	const struct pol_key *filter;
};

static int on_policy(struct nlattr **tb, void *arg)
{
	struct get_ctx *c = arg;
	const struct wctl_prefix *f = c->filter ? &c->filter->pfx : NULL;
	struct pol_key k;
	struct pol_row *r;

	if (!read_key(tb, &k))
		return 0;
	if (f && (f->family != k.pfx.family || f->len != k.pfx.len ||
		  memcmp(f->addr.bytes, k.pfx.addr.bytes, 16)))
		return 0;
	r = rows_add(c->rs);
	r->key = k;
	if (tb[TCP_WARDEN_A_POLICY_ID])
		r->id = nla_get_u32(tb[TCP_WARDEN_A_POLICY_ID]);
	parse_nested(tb[TCP_WARDEN_A_POLICY_PARAMS], TCP_WARDEN_A_PARAMS_MAX, r->p, NULL);
	parse_nested(tb[TCP_WARDEN_A_POLICY_STATS], TCP_WARDEN_A_STATS_MAX, NULL, r->st);
	return 0;
}

int pol_get(struct wctl_genl *g, const struct pol_key *filter, struct pol_rows *rs)
{
	struct get_ctx c = { .rs = rs, .filter = filter };
	struct nl_msg *msg;

	if (filter && filter->have_port) {
		msg = wctl_genl_msg(g, TCP_WARDEN_CMD_POLICY_GET, 0);
		put_key(msg, filter);
	} else {
		msg = wctl_genl_msg(g, TCP_WARDEN_CMD_POLICY_GET, NLM_F_DUMP);
	}
	return wctl_genl_request(g, msg, &(struct wctl_genl_req){
		.what = filter ? "show policy" : "list policies", .names = pol_policy_names,
		.maxattr = TCP_WARDEN_A_POLICY_MAX, .cb = on_policy, .arg = &c,
	}, NULL);
}

static int on_default(struct nlattr **tb, void *arg)
{
	struct pol_row *r = rows_add(arg);

	r->is_default = true;
	parse_nested(tb[TCP_WARDEN_A_DEFAULT_PARAMS], TCP_WARDEN_A_PARAMS_MAX, r->p, NULL);
	parse_nested(tb[TCP_WARDEN_A_DEFAULT_STATS], TCP_WARDEN_A_STATS_MAX, NULL, r->st);
	return 0;
}

int pol_default_get(struct wctl_genl *g, struct pol_rows *rs)
{
	return wctl_genl_request(g, wctl_genl_msg(g, TCP_WARDEN_CMD_DEFAULT_GET, 0),
				 &(struct wctl_genl_req){
		.what = "get the default policy", .names = pol_default_names,
		.maxattr = TCP_WARDEN_A_DEFAULT_MAX, .cb = on_default, .arg = rs,
	}, NULL);
}

void pol_rows_free(struct pol_rows *rs)
{
	free(rs->r);
	memset(rs, 0, sizeof(*rs));
}

void pol_row_params(const struct pol_row *r, struct pol_params *p)
{
	int a;

	for (a = 1; a <= TCP_WARDEN_A_PARAMS_MAX; a++) {
		p->v[a] = r->p[a];
		p->have[a] = true;
	}
	/* The kernel refuses hystart for reno (and shows none for it). */
	if (r->p[TCP_WARDEN_A_PARAMS_GROWTH] != TCP_WARDEN_GROWTH_CUBIC)
		p->have[TCP_WARDEN_A_PARAMS_HYSTART] = false;
}

bool pol_key_eq(const struct pol_key *a, const struct pol_key *b)
{
	uint32_t alo = a->have_port ? a->ports.lo : 0, ahi = a->have_port ? a->ports.hi : 65535;
	uint32_t blo = b->have_port ? b->ports.lo : 0, bhi = b->have_port ? b->ports.hi : 65535;

	return a->pfx.family == b->pfx.family && a->pfx.len == b->pfx.len &&
	       !memcmp(a->pfx.addr.bytes, b->pfx.addr.bytes, 16) && alo == blo && ahi == bhi;
}
