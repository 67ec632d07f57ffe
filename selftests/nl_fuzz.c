// SPDX-License-Identifier: GPL-2.0
/*
 * nl_fuzz: a bounded fuzzer of the tcp_warden generic netlink family over
 * raw NETLINK_GENERIC sockets. What it knows of the family (commands,
 * attribute sets, types, value checks, nesting) comes from the YNL spec
 * through nl_fuzz_spec.h, which nl_fuzz_gen.py generates at build time.
 *
 *   nl_fuzz [-c COUNT] [-s SEED] [-p SENDERS] [-I ID[,ID...]] [-t SECS] [-V] [-v]
 *
 *	-c COUNT   messages per sender (default 1000)
 *	-s SEED    random seed (default: time); sender i uses SEED + i
 *	-p N       concurrent sender processes (default: one per -I entry)
 *	-I IDS     identity of each sender, cycled: root, nobody (uid/gid
 *		   65534, no groups), nocaps (uid 0 without any capability,
 *		   bounding set emptied), userns (root of a new user and network
 *		   namespace, as unshare -Urn); ID@NETNS first joins
 *		   /run/netns/NETNS
 *	-t SECS    stop sending after SECS; SIGALRM ends a sender stuck 30 s
 *		   past it
 *	-S FILE    stop (and report) as soon as FILE exists
 *	-V         valid requests only, every command in turn (do and dump),
 *		   and keep going while the family comes and goes (module
 *		   load/unload races): it is looked up again whenever it is
 *		   missing, less often the longer it stays missing
 *	-v         describe malformed replies on stderr
 *
 * Message kinds: requests built from the spec, as they are or mutated (bit
 * flips, truncation, wrong nlmsg and attribute lengths, wrong types, wrong
 * and deep nesting, out-of-range values, unknown attribute ids, duplicates,
 * reply-only attributes, reserved header bits, every command id including
 * those past the last), valid dumps, dumps interrupted by closing the
 * socket, bursts (some packed into one datagram), nlctrl policy dumps of
 * the family. Reads never block: the kernel answers a request while it is
 * being sent and produces the next part of a dump while the previous one is
 * read, so "nothing queued" means "no more answers"; a dump that stops
 * producing parts is reported as a stall after 2 s of polling.
 *
 * Each sender prints one line when it is done: its identity and what it
 * saw, "key=value" separated by spaces (see print_result()). Every reply of
 * the family is also checked against the spec (known attribute ids, payload
 * sizes, nesting): bad_replies counts those that do not match. admin_ok
 * counts acknowledged writes (commands the spec marks admin-perm), which
 * an unprivileged sender must never get. lost counts unmutated requests,
 * sent alone, that got no answer at all although none was dropped
 * (ENOBUFS): the kernel owes each of them an ack, an error or a dump.
 * Exit status: 0 when every sender
 * finished, 1 when one failed or was killed, 2 on setup errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <uapi/linux/tcp_warden.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK		11
#endif
#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK	12
#endif

/* What nl_fuzz_spec.h describes. */
enum nlf_type {
	NLF_U8 = 1, NLF_U16, NLF_U32, NLF_U64, NLF_S8, NLF_S16, NLF_S32, NLF_S64,
	NLF_FLAG, NLF_BINARY, NLF_STRING, NLF_NEST, NLF_INDEXED, NLF_PAD,
};

struct nlf_attr {
	const char *name;
	unsigned short id;
	unsigned char type;
	signed char nest;	/* index in nlf_sets, -1 for none */
	unsigned char has_min, has_max;
	long long min;
	unsigned long long max;
	unsigned short exact_len, max_len;
};

struct nlf_set {
	const char *name;
	const struct nlf_attr *attrs;
	unsigned int n, max_id;
};

struct nlf_cmd {
	const char *name;
	unsigned char id;
	signed char set;
	unsigned char admin, has_do, has_dump, event;
	const unsigned short *do_req, *dump_req;
	unsigned int n_do_req, n_dump_req;
};

#include "nl_fuzz_spec.h"

#define MSG_MAX		8192
#define MAX_ATTRS	256
#define MAX_DEPTH	48
#define MAX_PEND	64
#define RECV_SIZE	65536
#define STALL_POLLS	20	/* x 100 ms */
#define MAX_ERRNO	256
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- random numbers: xorshift64*, one stream per sender process ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static uint32_t rn(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

static bool chance(unsigned int pct)
{
	return rn(100) < pct;
}

/* ---- counters of one sender ---- */

static struct {
	unsigned long sent, ok, admin_ok, replies, noreply, dumps_done,
		dumps_interrupted, dump_stalls, bad_replies, enobufs,
		send_errors, stale, events, absent, resolves, truncated, lost;
	unsigned long err[MAX_ERRNO];
} st;

static bool verbose;
static volatile sig_atomic_t stop_now;	/* SIGUSR1: the parent saw -S FILE */
static bool no_net_admin;	/* the sender lacks CAP_NET_ADMIN (in its user ns) */

static void bad_reply(const char *why, int cmd, int attr)
{
	st.bad_replies++;
	if (verbose && st.bad_replies <= 10)
		fprintf(stderr, "nl_fuzz: bad reply (cmd %d, attr %d): %s\n", cmd, attr, why);
}

static void count_err(int e)
{
	st.err[e > 0 && e < MAX_ERRNO ? e : 0]++;
}

/* ---- building messages ---- */

struct msg {
	unsigned char buf[MSG_MAX] __attribute__((aligned(8)));
	size_t len;
	size_t attr_off[MAX_ATTRS];
	unsigned int n_attrs;
};

static struct nlmsghdr *msg_nlh(struct msg *m)
{
	return (struct nlmsghdr *)m->buf;
}

/* Append an attribute; data NULL fills it with random bytes. */
static bool put_raw(struct msg *m, uint16_t type, const void *data, size_t len)
{
	size_t need = NLA_HDRLEN + NLA_ALIGN(len);
	struct nlattr *a = (struct nlattr *)(m->buf + m->len);
	unsigned char *p = (unsigned char *)a + NLA_HDRLEN;
	size_t i;

	if (m->len + need > sizeof(m->buf) || NLA_HDRLEN + len > 0xffff)
		return false;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	a->nla_type = type;
	for (i = 0; i < len; i++)
		p[i] = data ? ((const unsigned char *)data)[i] : (unsigned char)rnd();
	memset(p + len, 0, NLA_ALIGN(len) - len);
	if (m->n_attrs < MAX_ATTRS)
		m->attr_off[m->n_attrs++] = m->len;
	m->len += need;
	return true;
}

static size_t nest_open(struct msg *m, uint16_t type)
{
	size_t off = m->len;

	return put_raw(m, type, NULL, 0) ? off : SIZE_MAX;
}

static void nest_close(struct msg *m, size_t off)
{
	if (off != SIZE_MAX)
		((struct nlattr *)(m->buf + off))->nla_len = (uint16_t)(m->len - off);
}

static int type_width(unsigned char t)
{
	switch (t) {
	case NLF_U8:
	case NLF_S8:
		return 1;
	case NLF_U16:
	case NLF_S16:
		return 2;
	case NLF_U32:
	case NLF_S32:
		return 4;
	case NLF_U64:
	case NLF_S64:
		return 8;
	}
	return 0;
}

static uint64_t width_max(int w)
{
	return w == 8 ? UINT64_MAX : (1ULL << (8 * w)) - 1;
}

static void put_int(struct msg *m, uint16_t type, int w, uint64_t v)
{
	uint8_t v8 = (uint8_t)v;
	uint16_t v16 = (uint16_t)v;
	uint32_t v32 = (uint32_t)v;

	switch (w) {
	case 1:
		put_raw(m, type, &v8, 1);
		break;
	case 2:
		put_raw(m, type, &v16, 2);
		break;
	case 4:
		put_raw(m, type, &v32, 4);
		break;
	default:
		put_raw(m, type, &v, 8);
		break;
	}
}

/* A value the spec allows, biased to the edges of its range. */
static uint64_t valid_int(const struct nlf_attr *a, int w)
{
	uint64_t lo = a->has_min ? (uint64_t)a->min : 0;
	uint64_t hi = a->has_max ? a->max : width_max(w);

	switch (rn(6)) {
	case 0:
		return lo;
	case 1:
		return hi;
	case 2:
		return lo + (hi - lo) / 2;
	case 3:
		return lo + rn(4) > hi ? lo : lo + rn(4);
	}
	return hi - lo == UINT64_MAX ? rnd() : lo + rnd() % (hi - lo + 1);
}

/* A value just outside the range (or the type's extremes when it has none). */
static uint64_t bad_int(const struct nlf_attr *a, int w)
{
	uint64_t top = width_max(w);

	if (a->has_min && a->min > 0 && chance(50))
		return (uint64_t)a->min - 1 - rn((uint32_t)a->min);
	if (a->has_max && a->max < top)
		return a->max + 1 + (chance(50) ? 0 : rnd() % (top - a->max));
	return chance(50) ? top : 0;
}

static void put_binary(struct msg *m, uint16_t type, const struct nlf_attr *a)
{
	unsigned char b[256];
	size_t len = a->exact_len ? a->exact_len :
		     rn((a->max_len ? a->max_len : 32) + 1);
	size_t sig, i;

	if (len > sizeof(b))
		len = sizeof(b);
	/* Addresses look like prefixes: some leading bytes, then zeros. */
	sig = rn((uint32_t)len + 1);
	for (i = 0; i < len; i++)
		b[i] = i < sig ? (unsigned char)rnd() : 0;
	put_raw(m, type, b, len);
}

static void put_string(struct msg *m, uint16_t type, const struct nlf_attr *a)
{
	char s[64];
	size_t len = rn(a->max_len && a->max_len < sizeof(s) ? a->max_len : sizeof(s) - 1);
	size_t i;

	for (i = 0; i < len; i++)
		s[i] = (char)('a' + rn(26));
	s[len] = 0;
	put_raw(m, type, s, len + 1);
}

/* Build-time mutations (one message may get several). */
enum {
	MUT_RANGE	= 1 << 0,	/* out-of-range values */
	MUT_TYPE	= 1 << 1,	/* payload of another type or length */
	MUT_UNKNOWN	= 1 << 2,	/* attribute ids the set does not have */
	MUT_NEST	= 1 << 3,	/* wrong nesting */
	MUT_DEEP	= 1 << 4,	/* nests inside nests */
	MUT_DUP		= 1 << 5,	/* an attribute twice */
	MUT_ALL		= 1 << 6,	/* every attribute of the set, reply-only too */
	MUT_CMD		= 1 << 7,	/* any command id, attributes of any set */
	MUT_HDR		= 1 << 8,	/* nlmsg flags, genl version, reserved */
	MUT_NOFLAG	= 1 << 9,	/* nests without NLA_F_NESTED */
	/* after building */
	MUT_FLIP	= 1 << 10,	/* bit flips (not in nlmsg_len, nlmsg_type) */
	MUT_NLALEN	= 1 << 11,	/* one attribute's length */
	MUT_TRUNC	= 1 << 12,	/* cut short, nlmsg_len follows */
	MUT_OVERLEN	= 1 << 13,	/* nlmsg_len beyond what is sent */
	MUT_SHORTHDR	= 1 << 14,	/* nlmsg_len below the header */
	MUT_KINDS	= 15,
};

struct gen {
	unsigned int mut;
	int depth;
};

static void emit_set(struct msg *m, struct gen *g, const struct nlf_set *set,
		     const unsigned short *ids, unsigned int n);

static const struct nlf_attr *find_attr(const struct nlf_set *set, unsigned int id)
{
	unsigned int i;

	for (i = 0; i < set->n; i++)
		if (set->attrs[i].id == id)
			return &set->attrs[i];
	return NULL;
}

static uint16_t nest_type(const struct gen *g, uint16_t id)
{
	return (g->mut & MUT_NOFLAG) && chance(50) ? id : id | NLA_F_NESTED;
}

static void emit_nest(struct msg *m, struct gen *g, uint16_t id, const struct nlf_set *inner)
{
	size_t off;

	if (g->depth > 8)
		return;
	if ((g->mut & MUT_NEST) && chance(40))
		inner = &nlf_sets[rn(NLF_N_SETS)];
	off = nest_open(m, nest_type(g, id));
	g->depth++;
	emit_set(m, g, inner, NULL, 0);
	g->depth--;
	nest_close(m, off);
}

static void emit_wrong_type(struct msg *m, struct gen *g, const struct nlf_attr *a)
{
	static const unsigned char lens[] = {
		0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 17, 20, 32, 64, 255,
	};
	int w = type_width(a->type);

	switch (rn(4)) {
	case 0:
		put_raw(m, a->id, NULL, lens[rn(sizeof(lens))]);
		break;
	case 1:
		emit_nest(m, g, a->id, &nlf_sets[rn(NLF_N_SETS)]);
		break;
	case 2:	/* the right size with a flag bit it must not have */
		put_raw(m, a->id | (chance(50) ? NLA_F_NESTED : NLA_F_NET_BYTEORDER),
			NULL, w ? (size_t)w : a->exact_len);
		break;
	default:
		if (a->type == NLF_NEST || a->type == NLF_INDEXED || a->type == NLF_FLAG)
			put_int(m, a->id, 4, rnd());
		else
			put_string(m, a->id, a);
		break;
	}
}

static void emit_attr(struct msg *m, struct gen *g, const struct nlf_attr *a)
{
	int w = type_width(a->type);
	size_t off, off2;
	unsigned int i, n;

	if ((g->mut & MUT_TYPE) && chance(30)) {
		emit_wrong_type(m, g, a);
		return;
	}
	if (w) {
		put_int(m, a->id, w, (g->mut & MUT_RANGE) && chance(50) ?
			bad_int(a, w) : valid_int(a, w));
		return;
	}
	switch (a->type) {
	case NLF_FLAG:
	case NLF_PAD:
		put_raw(m, a->id, NULL, 0);
		break;
	case NLF_BINARY:
		put_binary(m, a->id, a);
		break;
	case NLF_STRING:
		put_string(m, a->id, a);
		break;
	case NLF_NEST:
		emit_nest(m, g, a->id, &nlf_sets[a->nest]);
		break;
	case NLF_INDEXED:
		if (g->depth > 8)
			break;
		off = nest_open(m, nest_type(g, a->id));
		n = rn(5);
		g->depth++;
		for (i = 0; i < n; i++) {
			off2 = nest_open(m, nest_type(g, (uint16_t)(i + 1)));
			emit_set(m, g, &nlf_sets[a->nest], NULL, 0);
			nest_close(m, off2);
		}
		g->depth--;
		nest_close(m, off);
		break;
	}
}

/* A chain of 2..MAX_DEPTH nests, innermost a u32. */
static void emit_deep(struct msg *m, const struct nlf_set *set)
{
	size_t offs[MAX_DEPTH];
	uint16_t id = set->n ? set->attrs[rn(set->n)].id : 1;
	unsigned int d = 2 + rn(MAX_DEPTH - 1), i;
	unsigned int k;

	/* Prefer an id that really is a nest here, so the first level parses. */
	for (k = 0; k < set->n; k++)
		if (set->attrs[k].type == NLF_NEST && chance(70))
			id = set->attrs[k].id;
	for (i = 0; i < d; i++)
		offs[i] = nest_open(m, (uint16_t)((chance(80) ? id : 1 + rn(8)) | NLA_F_NESTED));
	put_int(m, 1, 4, rnd());
	while (i--)
		nest_close(m, offs[i]);
}

/*
 * The attributes of one set: the request's list (ids) or, with ids NULL,
 * any of the set's. Each is present with probability 3/5.
 */
static void emit_set(struct msg *m, struct gen *g, const struct nlf_set *set,
		     const unsigned short *ids, unsigned int n)
{
	const struct nlf_attr *a;
	unsigned int i, k, t, order[64];

	if (!ids)
		n = set->n;
	if (n > 64)
		n = 64;
	for (i = 0; i < n; i++)
		order[i] = i;
	if (chance(20)) {
		for (i = n; i > 1; i--) {
			k = rn(i);
			t = order[i - 1];
			order[i - 1] = order[k];
			order[k] = t;
		}
	}
	for (i = 0; i < n; i++) {
		a = ids ? find_attr(set, ids[order[i]]) : &set->attrs[order[i]];
		if (!a || !chance(60))
			continue;
		emit_attr(m, g, a);
		if ((g->mut & MUT_DUP) && chance(30))
			emit_attr(m, g, a);
	}
	if ((g->mut & MUT_UNKNOWN) && chance(70)) {
		for (k = 1 + rn(3); k; k--) {
			uint16_t id;

			switch (rn(4)) {
			case 0:
				id = 0;
				break;
			case 1:
				id = (uint16_t)(set->max_id + 1 + rn(4));
				break;
			case 2:
				id = (uint16_t)rn(NLA_TYPE_MASK + 1);
				break;
			default:
				id = (uint16_t)(rnd() & 0xffff);
				break;
			}
			put_raw(m, id, NULL, rn(4) * 4);
		}
	}
	if ((g->mut & MUT_NEST) && g->depth == 0 && chance(30))
		emit_set(m, g, &nlf_sets[rn(NLF_N_SETS)], NULL, 0);
	if ((g->mut & MUT_DEEP) && g->depth == 0)
		emit_deep(m, set);
}

static const uint16_t hdr_flags[] = {
	NLM_F_REPLACE, NLM_F_EXCL, NLM_F_CREATE, NLM_F_APPEND, NLM_F_ECHO,
	NLM_F_ROOT, NLM_F_MATCH, NLM_F_ATOMIC, NLM_F_MULTI, 0x8000,
};

static void build(struct msg *m, uint16_t fam, const struct nlf_cmd *c, bool dump,
		  unsigned int mut, uint32_t seq)
{
	struct nlmsghdr *nlh = msg_nlh(m);
	struct genlmsghdr *gh = NLMSG_DATA(nlh);
	const struct nlf_set *set = c && c->set >= 0 ? &nlf_sets[c->set] : NULL;
	struct gen g = { .mut = mut };
	unsigned int k;

	memset(m->buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
	m->n_attrs = 0;
	nlh->nlmsg_type = fam;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (dump ? NLM_F_DUMP : 0);
	nlh->nlmsg_seq = seq;
	gh->cmd = c ? c->id : 0;
	gh->version = NLF_FAMILY_VERSION;
	if (mut & MUT_CMD) {
		gh->cmd = (uint8_t)(chance(50) ? rn(NLF_CMD_MAX + 5) : rn(256));
		set = &nlf_sets[rn(NLF_N_SETS)];
	}
	if (mut & MUT_HDR) {
		for (k = 1 + rn(2); k; k--)
			nlh->nlmsg_flags ^= hdr_flags[rn(ARRAY_SIZE(hdr_flags))];
		if (chance(20))
			nlh->nlmsg_flags &= ~NLM_F_ACK;
		if (chance(10))
			nlh->nlmsg_flags &= ~NLM_F_REQUEST;
		if (chance(40))
			gh->version = (uint8_t)rnd();
		if (chance(40))
			gh->reserved = (uint16_t)rnd();
	}
	if (set) {
		if ((mut & (MUT_ALL | MUT_CMD)) || !c)
			emit_set(m, &g, set, NULL, 0);
		else if (dump)
			emit_set(m, &g, set, c->dump_req, c->n_dump_req);
		else
			emit_set(m, &g, set, c->do_req, c->n_do_req);
	}
	nlh->nlmsg_len = (uint32_t)m->len;
}

/* Byte-level mutations; packed says more messages follow in the datagram. */
static void post_mutate(struct msg *m, unsigned int mut, bool packed)
{
	struct nlmsghdr *nlh = msg_nlh(m);
	struct nlattr *a;
	unsigned int k;
	size_t pos;

	if ((mut & MUT_NLALEN) && m->n_attrs) {
		a = (struct nlattr *)(m->buf + m->attr_off[rn(m->n_attrs)]);
		switch (rn(5)) {
		case 0:
			a->nla_len = (uint16_t)rn(NLA_HDRLEN);
			break;
		case 1:
			a->nla_len = (uint16_t)(a->nla_len + 1 + rn(8));
			break;
		case 2:
			a->nla_len = a->nla_len > NLA_HDRLEN ?
				     (uint16_t)(a->nla_len - 1) : 0;
			break;
		case 3:
			a->nla_len = 0xffff;
			break;
		default:
			a->nla_len = (uint16_t)rnd();
			break;
		}
	}
	if ((mut & MUT_FLIP) && m->len > 6) {
		/* nlmsg_len and nlmsg_type stay: the message stays framed and ours */
		for (k = 1 + rn(8); k; k--) {
			pos = 6 + rn((uint32_t)(m->len - 6));
			m->buf[pos] ^= (unsigned char)(1 << rn(8));
		}
	}
	if ((mut & MUT_TRUNC) && m->len > NLMSG_HDRLEN) {
		m->len = NLMSG_HDRLEN + rn((uint32_t)(m->len - NLMSG_HDRLEN));
		nlh->nlmsg_len = (uint32_t)m->len;
	}
	if (packed)
		return;
	/* The kernel drops these without an answer. */
	if (mut & MUT_OVERLEN)
		nlh->nlmsg_len = (uint32_t)(m->len + 1 + rn(256));
	if (mut & MUT_SHORTHDR)
		nlh->nlmsg_len = rn(NLMSG_HDRLEN);
}

static unsigned int pick_mutations(void)
{
	unsigned int mut = 0, k;

	for (k = 1 + rn(3); k; k--)
		mut |= 1u << rn(MUT_KINDS);
	/* the silent drops are dull: keep them rare */
	if ((mut & (MUT_OVERLEN | MUT_SHORTHDR)) && chance(70))
		mut &= ~(MUT_OVERLEN | MUT_SHORTHDR);
	return mut ? mut : MUT_FLIP;
}

/* ---- checking replies against the spec ---- */

static const struct nlf_cmd *find_cmd(int id)
{
	unsigned int i;

	for (i = 0; i < NLF_N_CMDS; i++)
		if (nlf_cmds[i].id == id)
			return &nlf_cmds[i];
	return NULL;
}

static void check_attrs(const struct nlf_set *set, const unsigned char *p, size_t len,
			int cmd, int depth);

/* One attribute of a reply (its payload pl) against its spec entry. */
static void check_one(const struct nlf_attr *sa, const unsigned char *pl, size_t plen,
		      int cmd, int depth)
{
	const struct nlattr *e;
	int w = type_width(sa->type);
	size_t rem, step;

	if (w) {
		if (plen != (size_t)w)
			bad_reply("integer of the wrong size", cmd, sa->id);
		return;
	}
	switch (sa->type) {
	case NLF_FLAG:
		if (plen)
			bad_reply("flag with a payload", cmd, sa->id);
		break;
	case NLF_BINARY:
		if (sa->exact_len && plen != sa->exact_len)
			bad_reply("binary of the wrong length", cmd, sa->id);
		break;
	case NLF_STRING:
		if (!plen || pl[plen - 1])
			bad_reply("string without its NUL", cmd, sa->id);
		break;
	case NLF_NEST:
		if (depth < 8)
			check_attrs(&nlf_sets[sa->nest], pl, plen, cmd, depth + 1);
		break;
	case NLF_INDEXED:
		/* entries of any type, each a nest of the nested set */
		for (rem = plen; depth < 8 && rem >= NLA_HDRLEN; rem -= step, pl += step) {
			e = (const struct nlattr *)pl;
			if (e->nla_len < NLA_HDRLEN || e->nla_len > rem) {
				bad_reply("indexed-array entry length", cmd, sa->id);
				break;
			}
			check_attrs(&nlf_sets[sa->nest], pl + NLA_HDRLEN,
				    e->nla_len - NLA_HDRLEN, cmd, depth + 1);
			step = NLA_ALIGN((size_t)e->nla_len);
			if (step >= rem)
				break;
		}
		break;
	}
}

static void check_attrs(const struct nlf_set *set, const unsigned char *p, size_t len,
			int cmd, int depth)
{
	const struct nlattr *a;
	const struct nlf_attr *sa;
	size_t alen, plen;
	unsigned int id;

	while (len >= NLA_HDRLEN) {
		a = (const struct nlattr *)p;
		alen = a->nla_len;
		if (alen < NLA_HDRLEN || alen > len) {
			bad_reply("attribute length outside its message", cmd, a->nla_type);
			return;
		}
		plen = alen - NLA_HDRLEN;
		id = a->nla_type & NLA_TYPE_MASK;
		sa = find_attr(set, id);
		if (sa)
			check_one(sa, p + NLA_HDRLEN, plen, cmd, depth);
		else
			bad_reply("attribute id not in the spec's set", cmd, (int)id);
		if (NLA_ALIGN(alen) >= len)
			return;
		len -= NLA_ALIGN(alen);
		p += NLA_ALIGN(alen);
	}
	if (len)
		bad_reply("trailing bytes after the last attribute", cmd, -1);
}

static void check_reply(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *gh = NLMSG_DATA(nlh);
	const struct nlf_cmd *c;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		bad_reply("message shorter than the genl header", -1, -1);
		return;
	}
	c = find_cmd(gh->cmd);
	if (!c || c->set < 0) {
		bad_reply("reply of a command the spec does not have", gh->cmd, -1);
		return;
	}
	check_attrs(&nlf_sets[c->set], (const unsigned char *)gh + GENL_HDRLEN,
		    nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, gh->cmd, 0);
}

/* ---- sockets, requests in flight, answers ---- */

struct pend {
	uint32_t seq;
	int cmd;
	uint16_t flags;
	bool dump, admin, ctrl, started, done;
	bool valid;	/* unmutated and sent alone: it must be answered */
};

struct sender {
	int fd;
	uint16_t fam;
	uint32_t grp;	/* syn-alert group id, 0 when unknown */
	uint32_t seq, seq_hi;
	struct pend pend[MAX_PEND];
	unsigned int n_pend;
	unsigned char *rbuf;
	bool valid_only;
};

static int nl_open(bool options)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 5 };
	int one = 1, rcv;

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (!options)
		return fd;
	if (chance(75))
		setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (chance(30))
		setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (chance(30))
		setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof(one));
	if (chance(20)) {
		/* small buffers: bursts overrun them (ENOBUFS), dumps come in pieces */
		rcv = 2048 + (int)rn(30000);
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	}
	return fd;
}

static int nl_send(int fd, const void *buf, size_t len)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	if (sendto(fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		st.send_errors++;
		count_err(errno);
		return -1;
	}
	return 0;
}

#define NLA_PAYLOAD(a)	((char *)(a) + NLA_HDRLEN)
/* Each well-formed attribute a in the len bytes at p; rem counts down. */
#define nla_for_each(a, p, len, rem)						\
	for (a = (struct nlattr *)(p), rem = (int)(len);			\
	     rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= rem;	\
	     rem -= NLA_ALIGN(a->nla_len),					\
	     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))

/* Look the family up (and its syn-alert group): 0, or -errno. */
static int resolve(uint16_t *fam, uint32_t *grp)
{
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr gh;
		unsigned char attrs[64];
	} req;
	unsigned char *buf = malloc(RECV_SIZE);
	struct nlmsghdr *nlh;
	struct nlattr *a, *g, *ga;
	struct pollfd pfd;
	int fd, err = -EIO, rem, rem2, rem3;
	ssize_t n;

	st.resolves++;
	if (!buf)
		return -ENOMEM;
	fd = nl_open(false);
	if (fd < 0) {
		free(buf);
		return -errno;
	}
	memset(&req, 0, sizeof(req));
	req.nlh.nlmsg_type = GENL_ID_CTRL;
	req.nlh.nlmsg_flags = NLM_F_REQUEST;
	req.nlh.nlmsg_seq = 1;
	req.gh.cmd = CTRL_CMD_GETFAMILY;
	req.gh.version = 2;
	a = (struct nlattr *)req.attrs;
	a->nla_type = CTRL_ATTR_FAMILY_NAME;
	a->nla_len = (uint16_t)(NLA_HDRLEN + sizeof(NLF_FAMILY_NAME));
	memcpy((char *)a + NLA_HDRLEN, NLF_FAMILY_NAME, sizeof(NLF_FAMILY_NAME));
	req.nlh.nlmsg_len = (uint32_t)(NLMSG_HDRLEN + GENL_HDRLEN + NLA_ALIGN(a->nla_len));
	if (nl_send(fd, &req, req.nlh.nlmsg_len))
		goto out;
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	if (poll(&pfd, 1, 2000) <= 0) {
		err = -ETIMEDOUT;
		goto out;
	}
	n = recv(fd, buf, RECV_SIZE, MSG_DONTWAIT);
	if (n < 0) {
		err = -errno;
		goto out;
	}
	for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, (size_t)n); nlh = NLMSG_NEXT(nlh, n)) {
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			err = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
			goto out;
		}
		if (nlh->nlmsg_type != GENL_ID_CTRL)
			continue;
		*grp = 0;
		nla_for_each(a, (char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
			     nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, rem) {
			if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID) {
				memcpy(fam, NLA_PAYLOAD(a), 2);
				err = 0;
			}
			if ((a->nla_type & NLA_TYPE_MASK) != CTRL_ATTR_MCAST_GROUPS)
				continue;
			/* nest of groups, each a nest of name and id */
			nla_for_each(g, NLA_PAYLOAD(a), a->nla_len - NLA_HDRLEN, rem2) {
				uint32_t id = 0;
				bool ours = false;

				nla_for_each(ga, NLA_PAYLOAD(g), g->nla_len - NLA_HDRLEN, rem3) {
					if (ga->nla_type == CTRL_ATTR_MCAST_GRP_ID)
						memcpy(&id, NLA_PAYLOAD(ga), 4);
					if (ga->nla_type == CTRL_ATTR_MCAST_GRP_NAME &&
					    !strcmp(NLA_PAYLOAD(ga), TCP_WARDEN_MCGRP_SYN_ALERT))
						ours = true;
				}
				if (ours)
					*grp = id;
			}
		}
		goto out;
	}
out:
	close(fd);
	free(buf);
	return err;
}

static struct pend *find_pend(struct sender *s, uint32_t seq)
{
	unsigned int i;

	for (i = 0; i < s->n_pend; i++)
		if (s->pend[i].seq == seq)
			return &s->pend[i];
	return NULL;
}

/*
 * Answers are matched to requests by sequence number, so a bit flip must
 * not make two requests in flight share one: a flipped number is replaced
 * by one from a range the counter never reaches. Call before sending.
 */
static void unique_seq(struct sender *s, struct msg *m)
{
	struct nlmsghdr *nlh = msg_nlh(m);

	if (m->len < 12 || nlh->nlmsg_seq == s->seq)
		return;
	nlh->nlmsg_seq = 0x80000000u | ++s->seq_hi;
}

/* Record what was sent, from the bytes as they went out. */
static void track(struct sender *s, const struct msg *m, bool ctrl)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)m->buf;
	const struct genlmsghdr *gh = NLMSG_DATA(nlh);
	const struct nlf_cmd *c = NULL;
	struct pend *p;

	if (s->n_pend >= MAX_PEND)
		return;
	p = &s->pend[s->n_pend++];
	memset(p, 0, sizeof(*p));
	p->seq = nlh->nlmsg_seq;
	p->ctrl = ctrl;
	p->flags = nlh->nlmsg_flags;
	p->dump = (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	p->cmd = m->len >= NLMSG_HDRLEN + GENL_HDRLEN ? gh->cmd : -1;
	if (!ctrl && m->len >= NLMSG_HDRLEN + GENL_HDRLEN &&
	    nlh->nlmsg_flags & NLM_F_REQUEST)
		c = find_cmd(gh->cmd);
	p->admin = c && c->admin;
}

static void admin_acked(const struct pend *p, const char *how)
{
	st.admin_ok++;
	if (verbose && no_net_admin && st.admin_ok <= 10)
		fprintf(stderr, "nl_fuzz: write acknowledged (%s): cmd %d flags 0x%x seq %u\n",
			how, p->cmd, p->flags, p->seq);
}

static bool family_gone;

/* One answer of the kernel. */
static void handle(struct sender *s, const struct nlmsghdr *nlh)
{
	struct pend *p;
	int err;

	if (nlh->nlmsg_seq == 0 && nlh->nlmsg_pid == 0 && nlh->nlmsg_type == s->fam) {
		st.events++;	/* syn-alert notification */
		check_reply(nlh);
		return;
	}
	p = find_pend(s, nlh->nlmsg_seq);
	if (!p) {
		st.stale++;
		return;
	}
	if (nlh->nlmsg_type != NLMSG_ERROR && nlh->nlmsg_type != NLMSG_DONE)
		p->started = true;
	switch (nlh->nlmsg_type) {
	case NLMSG_ERROR:
		if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct nlmsgerr))) {
			bad_reply("short error message", -1, -1);
			break;
		}
		err = -((const struct nlmsgerr *)NLMSG_DATA(nlh))->error;
		if (!err) {
			st.ok++;
			if (p->admin)
				admin_acked(p, "ack");
		} else {
			count_err(err);
			if (err == ENOENT && !p->ctrl)
				family_gone = true;
		}
		p->done = true;
		break;
	case NLMSG_DONE:
		if (p->dump && !p->done)
			st.dumps_done++;
		if (p->admin)
			admin_acked(p, "dump done");
		if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
			err = -*(const int *)NLMSG_DATA(nlh);
			if (err > 0)
				count_err(err);
		}
		p->done = true;
		break;
	case NLMSG_NOOP:
	case NLMSG_OVERRUN:
		break;
	default:
		st.replies++;
		if (p->ctrl) {
			if (nlh->nlmsg_type != GENL_ID_CTRL)
				bad_reply("nlctrl dump answered by another family", -1, -1);
		} else if (nlh->nlmsg_type != s->fam) {
			bad_reply("answer of another family", -1, nlh->nlmsg_type);
		} else {
			check_reply(nlh);
		}
		break;
	}
}

/*
 * Read until nothing is queued. With a dump started and not finished,
 * poll for its next part, up to STALL_POLLS times.
 */
static void drain(struct sender *s)
{
	struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
	struct pend *p;
	unsigned long enobufs = st.enobufs;
	struct nlmsghdr *nlh;
	unsigned int i, idle = 0;
	bool waiting;
	ssize_t n;

	for (;;) {
		n = recv(s->fd, s->rbuf, RECV_SIZE, MSG_DONTWAIT | MSG_TRUNC);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				st.enobufs++;
				continue;
			}
			if (errno != EAGAIN) {
				count_err(errno);
				break;
			}
			waiting = false;
			for (i = 0; i < s->n_pend; i++)
				if (s->pend[i].dump && s->pend[i].started && !s->pend[i].done)
					waiting = true;
			if (!waiting)
				break;
			if (++idle > STALL_POLLS) {
				st.dump_stalls++;
				break;
			}
			poll(&pfd, 1, 100);
			continue;
		}
		idle = 0;
		if (n > RECV_SIZE) {
			st.truncated++;
			n = RECV_SIZE;
		}
		for (nlh = (struct nlmsghdr *)s->rbuf; NLMSG_OK(nlh, (size_t)n);
		     nlh = NLMSG_NEXT(nlh, n))
			handle(s, nlh);
	}
	for (i = 0; i < s->n_pend; i++) {
		p = &s->pend[i];
		if (p->done || p->started)
			continue;
		st.noreply++;
		/*
		 * The kernel answers a request before sendmsg() returns, and
		 * says ENOBUFS when it had to drop an answer: a request that
		 * may not be ignored got none.
		 */
		if (p->valid && st.enobufs == enobufs) {
			st.lost++;
			if (verbose && st.lost <= 10)
				fprintf(stderr, "nl_fuzz: no answer to a valid request: cmd %d flags 0x%x seq %u\n",
					p->cmd, p->flags, p->seq);
		}
	}
	s->n_pend = 0;
}

static void reopen(struct sender *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = nl_open(!s->valid_only || chance(50));
	if (s->fd < 0) {
		perror("nl_fuzz: socket");
		exit(2);
	}
	/* Some sockets listen to the family's notifications too. */
	if (s->grp && chance(40))
		setsockopt(s->fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &s->grp, sizeof(s->grp));
}

static const struct nlf_cmd *any_cmd(void)
{
	return &nlf_cmds[rn(NLF_N_CMDS)];
}

static const struct nlf_cmd *dump_cmd(void)
{
	const struct nlf_cmd *c;
	unsigned int tries;

	for (tries = 0; tries < 64; tries++) {
		c = any_cmd();
		if (c->has_dump)
			return c;
	}
	return NULL;
}

static void send_one(struct sender *s, struct msg *m, const struct nlf_cmd *c, bool dump,
		     unsigned int mut)
{
	build(m, s->fam, c, dump, mut, ++s->seq);
	post_mutate(m, mut, false);
	unique_seq(s, m);
	if (nl_send(s->fd, m->buf, m->len))
		return;
	st.sent++;
	track(s, m, false);
	/* unmutated (valid, or an unknown command id): an answer is due */
	if (!mut && s->n_pend)
		s->pend[s->n_pend - 1].valid = true;
	drain(s);
}

/* A dump on its own socket, closed after at most one read. */
static void interrupted_dump(struct sender *s, struct msg *m)
{
	const struct nlf_cmd *c = dump_cmd();
	struct nlmsghdr *nlh;
	bool done = false;
	int fd;
	ssize_t n;

	if (!c)
		return;
	fd = nl_open(true);
	if (fd < 0)
		return;
	build(m, s->fam, c, true, 0, ++s->seq);
	if (!nl_send(fd, m->buf, m->len)) {
		st.sent++;
		if (chance(60)) {
			n = recv(fd, s->rbuf, RECV_SIZE, MSG_DONTWAIT);
			if (n > RECV_SIZE)
				n = RECV_SIZE;
			for (nlh = (struct nlmsghdr *)s->rbuf; n > 0 && NLMSG_OK(nlh, (size_t)n);
			     nlh = NLMSG_NEXT(nlh, n))
				if (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR)
					done = true;
		}
		if (done)
			st.dumps_done++;
		else
			st.dumps_interrupted++;
	}
	close(fd);
}

/* nlctrl's dump of the family's attribute policies (all, or one command's). */
static void ctrl_policy_dump(struct sender *s, struct msg *m)
{
	struct nlmsghdr *nlh = msg_nlh(m);
	struct genlmsghdr *gh = NLMSG_DATA(nlh);
	uint32_t op;

	memset(m->buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
	m->n_attrs = 0;
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP;
	nlh->nlmsg_seq = ++s->seq;
	gh->cmd = CTRL_CMD_GETPOLICY;
	gh->version = 2;
	put_raw(m, CTRL_ATTR_FAMILY_ID, &s->fam, 2);
	if (chance(50)) {
		op = rn(NLF_CMD_MAX + 3);
		put_raw(m, CTRL_ATTR_OP, &op, 4);
	}
	nlh->nlmsg_len = (uint32_t)m->len;
	if (nl_send(s->fd, m->buf, m->len))
		return;
	st.sent++;
	track(s, m, true);
	drain(s);
}

/* Several messages before reading; some packed into one datagram. */
static unsigned long burst(struct sender *s, struct msg *m, unsigned long left)
{
	static unsigned char pack[MSG_MAX * 2] __attribute__((aligned(8)));
	unsigned int n = 4 + rn(21), i, mut;
	bool packed = chance(30);
	size_t used = 0;
	const struct nlf_cmd *c;
	bool dump;

	if (n > left)
		n = (unsigned int)left;
	for (i = 0; i < n; i++) {
		c = any_cmd();
		dump = c->has_dump && (!c->has_do || chance(50));
		mut = chance(40) ? 0 : pick_mutations();
		build(m, s->fam, c, dump, mut, ++s->seq);
		post_mutate(m, mut, packed);
		unique_seq(s, m);
		if (packed) {
			if (used + NLMSG_ALIGN(m->len) > sizeof(pack)) {
				nl_send(s->fd, pack, used);
				used = 0;
			}
			memcpy(pack + used, m->buf, m->len);
			memset(pack + used + m->len, 0, NLMSG_ALIGN(m->len) - m->len);
			used += NLMSG_ALIGN(m->len);
			st.sent++;
			track(s, m, false);
		} else if (!nl_send(s->fd, m->buf, m->len)) {
			st.sent++;
			track(s, m, false);
		}
	}
	if (packed && used)
		nl_send(s->fd, pack, used);
	drain(s);
	return n;
}

/* -V: every command in turn, do then dump, with valid requests only. */
static void valid_step(struct sender *s, struct msg *m, unsigned long i)
{
	static unsigned int backoff_ms = 10;
	const struct nlf_cmd *c = &nlf_cmds[0];
	unsigned int k;

	if (family_gone || !s->fam) {
		family_gone = false;
		if (resolve(&s->fam, &s->grp)) {
			/*
			 * The attempt counts against -c: the loop stays bounded.
			 * Each lookup of a missing family makes the kernel run
			 * modprobe for it, so back off while it stays missing.
			 */
			s->fam = 0;
			st.absent++;
			usleep(backoff_ms * 1000);
			if (backoff_ms < 640)
				backoff_ms *= 2;
			return;
		}
		backoff_ms = 10;
		reopen(s);
	}
	if (chance(8)) {
		interrupted_dump(s, m);
		return;
	}
	for (k = 0; k < NLF_N_CMDS; k++) {
		c = &nlf_cmds[(i + k) % NLF_N_CMDS];
		if (c->has_do || c->has_dump)
			break;
	}
	send_one(s, m, c, c->has_dump && (!c->has_do || (i / NLF_N_CMDS) % 2), 0);
}

static void fuzz_step(struct sender *s, struct msg *m, unsigned long *i, unsigned long count)
{
	const struct nlf_cmd *c = any_cmd();
	unsigned int r = rn(100);

	if (r >= 36 && r < 38) {
		reopen(s);
		return;		/* not a message */
	}
	if (r < 12) {
		send_one(s, m, c, c->has_dump && !c->has_do, 0);
	} else if (r < 22) {
		c = dump_cmd();
		send_one(s, m, c, true, 0);
	} else if (r < 25) {
		send_one(s, m, c, true, chance(50) ? pick_mutations() : 0);
	} else if (r < 30) {
		interrupted_dump(s, m);
	} else if (r < 34) {
		*i += burst(s, m, count - *i) - 1;
	} else if (r < 36) {
		ctrl_policy_dump(s, m);
	} else {
		send_one(s, m, c, c->has_dump && chance(30), pick_mutations());
	}
	(*i)++;
}

/* ---- identities ---- */

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

static int drop_all_caps(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];
	int last = 40, cap;
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "r");

	if (f) {
		if (fscanf(f, "%d", &last) != 1)
			last = 40;
		fclose(f);
	}
	for (cap = 0; cap <= last; cap++)
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) && errno != EINVAL)
			return -1;
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	memset(d, 0, sizeof(d));
	return (int)syscall(SYS_capset, &h, d);
}

static int become(const char *spec, char *id, size_t idlen)
{
	char name[128];
	const char *at = strchr(spec, '@');
	int fd;

	snprintf(id, idlen, "%s", spec);
	if (at) {
		snprintf(name, sizeof(name), "/run/netns/%s", at + 1);
		fd = open(name, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || setns(fd, CLONE_NEWNET)) {
			fprintf(stderr, "nl_fuzz: joining %s: %s\n", name, strerror(errno));
			return -1;
		}
		close(fd);
	}
	if (!strncmp(spec, "root", 4) && (!spec[4] || spec[4] == '@'))
		return 0;
	if (!strncmp(spec, "nobody", 6) && (!spec[6] || spec[6] == '@')) {
		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534)) {
			perror("nl_fuzz: becoming nobody");
			return -1;
		}
		return 0;
	}
	if (!strncmp(spec, "nocaps", 6) && (!spec[6] || spec[6] == '@')) {
		if (drop_all_caps()) {
			perror("nl_fuzz: dropping capabilities");
			return -1;
		}
		return 0;
	}
	if (!strncmp(spec, "userns", 6) && (!spec[6] || spec[6] == '@')) {
		if (unshare(CLONE_NEWUSER | CLONE_NEWNET) ||
		    write_file("/proc/self/setgroups", "deny") ||
		    write_file("/proc/self/uid_map", "0 0 1") ||
		    write_file("/proc/self/gid_map", "0 0 1")) {
			perror("nl_fuzz: new user and network namespace");
			return -1;
		}
		return 0;
	}
	fprintf(stderr, "nl_fuzz: unknown identity '%s' (root, nobody, nocaps, userns[@NETNS])\n",
		spec);
	return -1;
}

/* What the kernel now says this process is. */
static void describe(char *buf, size_t len)
{
	char line[256], capeff[32] = "?";
	struct stat sb;
	FILE *f = fopen("/proc/self/status", "r");

	if (f) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "CapEff: %31s", capeff) == 1)
				break;
		fclose(f);
	}
	no_net_admin = !(strtoull(capeff, NULL, 16) & (1ULL << CAP_NET_ADMIN));
	if (stat("/proc/self/ns/net", &sb))
		sb.st_ino = 0;
	snprintf(buf, len, "uid=%u capeff=%s netns=%lu", (unsigned int)geteuid(), capeff,
		 (unsigned long)sb.st_ino);
}

static void print_result(int idx, const char *id, const char *who, const char *end)
{
	char out[4096];
	size_t n;
	int e;
	bool first = true;

	n = (size_t)snprintf(out, sizeof(out),
		"sender=%d id=%s %s sent=%lu ok=%lu admin_ok=%lu replies=%lu noreply=%lu dumps_done=%lu dumps_interrupted=%lu dump_stalls=%lu bad_replies=%lu enobufs=%lu send_errors=%lu stale=%lu events=%lu absent=%lu resolves=%lu truncated=%lu lost=%lu end=%s errors=",
		idx, id, who, st.sent, st.ok, st.admin_ok, st.replies, st.noreply,
		st.dumps_done, st.dumps_interrupted, st.dump_stalls, st.bad_replies,
		st.enobufs, st.send_errors, st.stale, st.events, st.absent, st.resolves,
		st.truncated, st.lost, end);
	for (e = 0; e < MAX_ERRNO && n < sizeof(out) - 64; e++) {
		const char *name;

		if (!st.err[e])
			continue;
		name = e ? strerrorname_np(e) : NULL;
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s:%lu", first ? "" : ",",
				      name ? name : "other", st.err[e]);
		first = false;
	}
	n += (size_t)snprintf(out + n, sizeof(out) - n, "%s\n", first ? "none" : "");
	if (write(STDOUT_FILENO, out, n) != (ssize_t)n)
		exit(1);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void on_stop(int sig)
{
	stop_now = 1;
}

static int run_sender(int idx, const char *spec, unsigned long count, uint64_t seed,
		      unsigned int secs, bool valid_only)
{
	static struct msg m;
	struct sender s = { .fd = -1, .valid_only = valid_only };
	char id[128], who[256];
	uint64_t deadline = secs ? now_ms() + (uint64_t)secs * 1000 : 0;
	const char *end = "count";
	unsigned long i = 0;
	unsigned int k;
	int err;

	rng_state = seed * 0x9e3779b97f4a7c15ULL + (uint64_t)idx + 1;
	sigaction(SIGUSR1, &(struct sigaction){ .sa_handler = on_stop }, NULL);
	if (become(spec, id, sizeof(id)))
		return 2;
	describe(who, sizeof(who));
	if (secs)
		alarm(secs + 30);	/* a sender stuck in the kernel still ends */
	s.rbuf = malloc(RECV_SIZE);
	if (!s.rbuf)
		return 2;
	err = resolve(&s.fam, &s.grp);
	if (err && !valid_only) {
		fprintf(stderr, "nl_fuzz: family %s: %s; load tcp_warden.ko first\n",
			NLF_FAMILY_NAME, strerror(-err));
		return 2;
	}
	if (err)
		s.fam = 0;
	else
		reopen(&s);

	if (!valid_only) {
		/* every command id up to past the last, as do and as dump */
		for (k = 0; k <= NLF_CMD_MAX + 8 && i < count; k++, i++) {
			struct nlf_cmd c = { .id = (unsigned char)(k / 2), .set = -1 };
			const struct nlf_cmd *known = find_cmd(k / 2);

			send_one(&s, &m, known ? known : &c, k % 2, 0);
		}
	}
	while (i < count) {
		if (deadline && now_ms() > deadline) {
			end = "deadline";
			break;
		}
		if (stop_now) {
			end = "stopped";
			break;
		}
		if (valid_only)
			valid_step(&s, &m, i++);
		else
			fuzz_step(&s, &m, &i, count);
	}
	print_result(idx, id, who, end);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: nl_fuzz [-c COUNT] [-s SEED] [-p SENDERS] [-I ID[,ID...]]\n"
			"               [-t SECS] [-S FILE] [-V] [-v]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long count = 1000;
	uint64_t seed = (uint64_t)time(NULL);
	unsigned int secs = 0;
	int senders = 0, opt, i, failed = 0, status, n_ids = 0;
	char *ids[64], *ids_arg = NULL, *tok, *save, *stop_file = NULL;
	bool signalled = false;
	int left;
	bool valid_only = false;
	pid_t pid, pids[256];

	while ((opt = getopt(argc, argv, "c:s:p:I:t:S:Vv")) != -1) {
		switch (opt) {
		case 'c':
			count = strtoul(optarg, NULL, 0);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'p':
			senders = atoi(optarg);
			break;
		case 'I':
			ids_arg = optarg;
			break;
		case 't':
			secs = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'S':
			stop_file = optarg;
			break;
		case 'V':
			valid_only = true;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	for (tok = ids_arg ? strtok_r(ids_arg, ",", &save) : NULL; tok && n_ids < 64;
	     tok = strtok_r(NULL, ",", &save))
		ids[n_ids++] = tok;
	if (!n_ids)
		ids[n_ids++] = "root";
	if (senders <= 0)
		senders = n_ids;
	if (senders > 256)
		usage();
	printf("nl_fuzz seed=%llu count=%lu senders=%d mode=%s\n", (unsigned long long)seed,
	       count, senders, valid_only ? "valid" : "fuzz");
	fflush(stdout);

	for (i = 0; i < senders; i++) {
		pid = fork();
		if (pid < 0) {
			perror("nl_fuzz: fork");
			return 2;
		}
		if (!pid)
			_exit(run_sender(i, ids[i % n_ids], count, seed, secs, valid_only));
		pids[i] = pid;
	}
	/* Senders may have become someone who cannot see -S FILE: look for them. */
	for (left = senders; left > 0;) {
		pid = waitpid(-1, &status, stop_file ? WNOHANG : 0);
		if (pid < 0)
			break;
		if (!pid) {
			if (!signalled && !access(stop_file, F_OK)) {
				for (i = 0; i < senders; i++)
					if (pids[i])
						kill(pids[i], SIGUSR1);
				signalled = true;
			}
			usleep(100000);
			continue;
		}
		for (i = 0; i < senders && pids[i] != pid; i++)
			;
		if (i == senders)
			continue;
		pids[i] = 0;
		left--;
		if (WIFEXITED(status) && !WEXITSTATUS(status))
			continue;
		failed++;
		if (WIFSIGNALED(status))
			printf("sender=%d killed by signal %d\n", i, WTERMSIG(status));
		else
			printf("sender=%d exit status %d\n", i, WEXITSTATUS(status));
	}
	failed += left;
	printf("nl_fuzz done senders=%d failed=%d\n", senders, failed);
	return failed ? 1 : 0;
}
