// SPDX-License-Identifier: GPL-2.0
/*
 * The SYN guard's netfilter hooks, in every network namespace whose mode
 * is not off:
 *   PRE_ROUTING   SYNs (decide) and ACKs (verify the source),
 *   POST_ROUTING  locally generated SYN-ACKs (remember the ISN we sent; at
 *                 the last priority the tuple is the one on the wire, as
 *                 the ACK will show it in PRE_ROUTING).
 * The hooks run before conntrack, so they protect hosts without conntrack
 * too. The decisions themselves are in core/synguard.c.
 *
 * Fragments: with conntrack (or anything else that enables defragmentation
 * in the namespace) a datagram is whole before it reaches us. Without it,
 * the first fragment carries the TCP header and is judged like a whole
 * segment; the stack refuses to reassemble overlapping fragments, so later
 * ones cannot change the flags the first one showed. What could hide the
 * header is dropped: a first fragment too short to hold it and an IPv4
 * fragment at offset 8 (RFC 1858; as xt_tcpudp does).
 */
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/tcp.h>
#include <net/addrconf.h>
#include <net/inet_connection_sock.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/route.h>

#include "syn_state.h"

/* What a packet is to the guard. */
enum syn_kind {
	SYN_PKT_OTHER,		/* no TCP header to judge: not ours */
	SYN_PKT_TCP,		/* a segment, or the first fragment of one */
	SYN_PKT_HIDDEN,		/* a fragment that could hide a TCP header */
};

struct syn_pkt {
	struct warden_addr saddr, daddr;
	__be16 sport, dport;
	int thoff;
	bool frag;		/* the first fragment of a datagram */
	struct tcphdr th;
};

static enum syn_kind syn_tcp_at(struct sk_buff *skb, struct syn_pkt *p, int off,
				bool frag)
{
	const struct tcphdr *th;

	p->thoff = off;
	p->frag = frag;
	th = skb_header_pointer(skb, off, sizeof(p->th), &p->th);
	if (!th)	/* the stack drops a short whole segment itself */
		return frag ? SYN_PKT_HIDDEN : SYN_PKT_OTHER;
	if (th != &p->th)
		p->th = *th;
	return SYN_PKT_TCP;
}

static enum syn_kind syn_tcp4(struct sk_buff *skb, struct syn_pkt *p)
{
	const struct iphdr *iph = ip_hdr(skb);
	bool frag = ip_is_fragment(iph);

	if (iph->protocol != IPPROTO_TCP)
		return SYN_PKT_OTHER;
	if (frag && (ntohs(iph->frag_off) & IP_OFFSET)) {
		/* 8 bytes in, a fragment would overwrite the TCP flags. */
		if ((ntohs(iph->frag_off) & IP_OFFSET) == 1)
			return SYN_PKT_HIDDEN;
		return SYN_PKT_OTHER;
	}
	return syn_tcp_at(skb, p, skb_network_offset(skb) + iph->ihl * 4, frag);
}

/*
 * Extension headers before the fragment header travel in every fragment
 * and the stack parses (and drops, when cut short) them per fragment; what
 * follows it is reassembled first, so a first fragment must show it whole.
 */
static enum syn_kind syn_tcp6(struct sk_buff *skb, struct syn_pkt *p)
{
	int off = skb_network_offset(skb) + sizeof(struct ipv6hdr);
	u8 nexthdr = ipv6_hdr(skb)->nexthdr;
	bool frag = false;

	while (nexthdr != NEXTHDR_TCP) {
		struct ipv6_opt_hdr _hdr;
		const struct ipv6_opt_hdr *hp;
		struct frag_hdr _fh;
		const struct frag_hdr *fh;

		if (!ipv6_ext_hdr(nexthdr) || nexthdr == NEXTHDR_NONE)
			return SYN_PKT_OTHER;
		if (nexthdr == NEXTHDR_FRAGMENT) {
			fh = skb_header_pointer(skb, off, sizeof(_fh), &_fh);
			if (!fh)
				return SYN_PKT_OTHER;
			/* A later fragment: the first one showed the header. */
			if (fh->frag_off & htons(IP6_OFFSET))
				return SYN_PKT_OTHER;
			frag |= !!(fh->frag_off & htons(IP6_MF));
			nexthdr = fh->nexthdr;
			off += sizeof(*fh);
			continue;
		}
		hp = skb_header_pointer(skb, off, sizeof(_hdr), &_hdr);
		if (!hp)
			return frag ? SYN_PKT_HIDDEN : SYN_PKT_OTHER;
		off += nexthdr == NEXTHDR_AUTH ? ipv6_authlen(hp) : ipv6_optlen(hp);
		nexthdr = hp->nexthdr;
	}
	return syn_tcp_at(skb, p, off, frag);
}

static enum syn_kind syn_tcp(struct sk_buff *skb, u8 pf, struct syn_pkt *p)
{
	return pf == NFPROTO_IPV4 ? syn_tcp4(skb, p) : syn_tcp6(skb, p);
}

/* Addresses and ports, once the flags say the packet matters. */
static void syn_addrs(struct sk_buff *skb, u8 pf, struct syn_pkt *p)
{
	memset(&p->saddr, 0, sizeof(p->saddr));
	memset(&p->daddr, 0, sizeof(p->daddr));
	if (pf == NFPROTO_IPV4) {
		p->saddr.family = WARDEN_PF_INET;
		p->daddr.family = WARDEN_PF_INET;
		memcpy(p->saddr.bytes, &ip_hdr(skb)->saddr, 4);
		memcpy(p->daddr.bytes, &ip_hdr(skb)->daddr, 4);
	} else {
		p->saddr.family = WARDEN_PF_INET6;
		p->daddr.family = WARDEN_PF_INET6;
		memcpy(p->saddr.bytes, &ipv6_hdr(skb)->saddr, 16);
		memcpy(p->daddr.bytes, &ipv6_hdr(skb)->daddr, 16);
	}
	p->sport = p->th.source;
	p->dport = p->th.dest;
}

/* Is the packet for this host? (Hidden fragments of others pass through.) */
static bool syn_for_us(struct net *net, struct sk_buff *skb, u8 pf)
{
	if (pf == NFPROTO_IPV4)
		return inet_addr_type(net, ip_hdr(skb)->daddr) == RTN_LOCAL;
#if IS_ENABLED(CONFIG_IPV6)
	return ipv6_chk_addr(net, &ipv6_hdr(skb)->daddr, NULL, 0);
#else
	return false;
#endif
}

static struct sock *syn_listener_sock(struct net *net, struct sk_buff *skb,
				      const struct syn_pkt *p)
{
	int dif = skb->dev ? skb->dev->ifindex : 0;
	struct sock *sk;
	__be32 s4, d4;

	/* No skb: reuseport groups pick by hash, not by a BPF program. */
	if (p->saddr.family == WARDEN_PF_INET) {
		memcpy(&s4, p->saddr.bytes, 4);
		memcpy(&d4, p->daddr.bytes, 4);
		sk = warden_lookup_listener4(net, s4, p->sport, d4,
					     ntohs(p->dport), dif);
		/* A wildcard listener on a router also matches forwarded SYNs. */
		if (sk && !sk->sk_rcv_saddr && IPV4_DEVCONF_ALL(net, FORWARDING) &&
		    inet_addr_type(net, d4) != RTN_LOCAL)
			return NULL;
		return sk;
	}
#if IS_ENABLED(CONFIG_IPV6)
	sk = warden_lookup_listener6(net,
				     (const struct in6_addr *)p->saddr.bytes,
				     p->sport,
				     (const struct in6_addr *)p->daddr.bytes,
				     ntohs(p->dport), dif);
	if (sk && ipv6_addr_any(&sk->sk_v6_rcv_saddr) &&
	    READ_ONCE(net->ipv6.devconf_all->forwarding) &&
	    !ipv6_chk_addr(net, (const struct in6_addr *)p->daddr.bytes, NULL, 0))
		return NULL;
	return sk;
#else
	return NULL;
#endif
}

/* The address a listener is bound to, in the packet's family. */
static void syn_listener_addr(const struct sock *sk, u8 family,
			      struct warden_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->family = family;
	if (family == WARDEN_PF_INET)
		memcpy(a->bytes, &sk->sk_rcv_saddr, 4);
#if IS_ENABLED(CONFIG_IPV6)
	else
		memcpy(a->bytes, &sk->sk_v6_rcv_saddr, 16);
#endif
}

static unsigned int syn_on_syn(struct net *net, struct syn_net *sn,
			       struct syn_tables *t, struct sk_buff *skb,
			       const struct syn_pkt *p,
			       const struct syn_conf *c, unsigned int mode)
{
	struct warden_sg_cfg cfg = c->sg;
	struct warden_sg_verdict v;
	struct warden_sg_syn s;
	struct syn_listener *l;
	struct warden_addr la;
	struct sock *sk;
	u64 now = ktime_get_ns();

	sk = syn_listener_sock(net, skb, p);
	if (!sk)
		return NF_ACCEPT;
	syn_listener_addr(sk, p->saddr.family, &la);
	l = syn_listener_slot(t, &la, sk->sk_num, now);

	s.now = now;
	s.src = &p->saddr;
	s.plen = p->saddr.family == WARDEN_PF_INET ? c->v4_plen : c->v6_plen;
	s.qlen = inet_csk_reqsk_queue_len(sk);
	s.qmax = READ_ONCE(sk->sk_max_ack_backlog);
	s.list = syn_list_lookup(net, &p->saddr);
	s.cpu = smp_processor_id();
	cfg.mode = mode;

	v = warden_sg_syn(&cfg, &l->sg, &t->sg, &s);
	if (v.event != WARDEN_SG_EV_NONE)
		syn_alert(net, l, v.event, now);
	if (!v.drop)
		return NF_ACCEPT;
	this_cpu_inc(sn->cnt->dropped);
	return NF_DROP;
}

static void syn_on_ack(struct syn_net *sn, struct syn_tables *t,
		       const struct syn_pkt *p, const struct syn_conf *c)
{
	u64 now = ktime_get_ns(), th, sh;

	th = warden_tuple_hash(&t->key, &p->saddr, ntohs(p->sport), &p->daddr,
			       ntohs(p->dport));
	switch (warden_sg_ack(&t->sg, th, ntohl(p->th.ack_seq), now)) {
	case WARDEN_SG_ACK_VERIFIED:
		sh = warden_src_hash(&t->key, &p->saddr,
				     p->saddr.family == WARDEN_PF_INET ? c->v4_plen : c->v6_plen);
		warden_sg_verify(&t->sg, sh, now);
		this_cpu_inc(sn->cnt->acks_verified);
		break;
	case WARDEN_SG_ACK_BAD:
		this_cpu_inc(sn->cnt->acks_bad);
		break;
	default:
		break;
	}
}

/* Bottom halves off, under RCU (the hooks' own read side). */
static unsigned int syn_in_bh(struct sk_buff *skb, const struct nf_hook_state *state)
{
	struct net *net = state->net;
	struct syn_net *sn = syn_net(net);
	const struct syn_conf *c;
	struct syn_tables *t;
	enum syn_kind kind;
	unsigned int mode;
	struct syn_pkt p;
	bool syn;

	kind = syn_tcp(skb, state->pf, &p);
	if (kind == SYN_PKT_OTHER || (kind == SYN_PKT_TCP && p.th.rst))
		return NF_ACCEPT;
	syn = kind == SYN_PKT_TCP && p.th.syn && !p.th.ack;
	/*
	 * Besides SYNs only the pure ACK that completes a handshake matters,
	 * and only while a SYN-ACK of ours can be answered: the data and ACKs
	 * of established connections leave here. A fragment verifies nothing.
	 */
	if (kind == SYN_PKT_TCP && !syn &&
	    (p.frag || !p.th.ack || p.th.syn ||
	     skb->len != p.thoff + p.th.doff * 4 ||
	     !time_before(jiffies, READ_ONCE(sn->synack_until))))
		return NF_ACCEPT;

	c = rcu_dereference(syn_conf);
	t = rcu_dereference(sn->tab);
	mode = syn_effective_mode(sn, c);
	if (mode == WARDEN_SG_OFF || !t)
		return NF_ACCEPT;
	if (kind == SYN_PKT_HIDDEN) {
		if (!syn_for_us(net, skb, state->pf))
			return NF_ACCEPT;
		this_cpu_inc(sn->cnt->frags_bad);
		return mode == WARDEN_SG_ENFORCE ? NF_DROP : NF_ACCEPT;
	}
	syn_addrs(skb, state->pf, &p);
	if (syn)
		return syn_on_syn(net, sn, t, skb, &p, c, mode);
	syn_on_ack(sn, t, &p, c);
	return NF_ACCEPT;
}

/*
 * Hooks run in softirq, and in process context too: after an NFQUEUE
 * verdict, and for SYN-ACKs sent when a socket's backlog is processed
 * (simultaneous open, connect to self). Bottom halves go off here so that
 * the guard's locks and per-CPU areas are never taken by a softirq that
 * interrupted their holder on the same CPU.
 */
static unsigned int syn_in(void *priv, struct sk_buff *skb,
			   const struct nf_hook_state *state)
{
	unsigned int verdict;

	if (skb->pkt_type != PACKET_HOST)
		return NF_ACCEPT;
	local_bh_disable();
	verdict = syn_in_bh(skb, state);
	local_bh_enable();
	return verdict;
}

static unsigned int syn_out_bh(struct sk_buff *skb, const struct nf_hook_state *state)
{
	struct syn_net *sn = syn_net(state->net);
	struct syn_tables *t;
	unsigned long until;
	struct syn_pkt p;
	u64 th;

	if (syn_tcp(skb, state->pf, &p) != SYN_PKT_TCP ||
	    !p.th.syn || !p.th.ack || p.th.rst)
		return NF_ACCEPT;
	t = rcu_dereference(sn->tab);
	if (!t)
		return NF_ACCEPT;
	syn_addrs(skb, state->pf, &p);
	/* Key it the way the client's ACK will arrive: remote first. */
	th = warden_tuple_hash(&t->key, &p.daddr, ntohs(p.dport), &p.saddr,
			       ntohs(p.sport));
	warden_sg_synack(&t->sg, th, ntohl(p.th.seq), ktime_get_ns());
	this_cpu_inc(sn->cnt->synacks);
	/* ACKs are looked up while a SYN-ACK of ours can be answered. */
	until = jiffies + SYN_SYNACK_TTL * HZ;
	if (READ_ONCE(sn->synack_until) != until)
		WRITE_ONCE(sn->synack_until, until);
	return NF_ACCEPT;
}

static unsigned int syn_out(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	unsigned int verdict;

	/* Forwarded packets keep the index of the device they came in on. */
	if (skb->skb_iif)
		return NF_ACCEPT;
	local_bh_disable();
	verdict = syn_out_bh(skb, state);
	local_bh_enable();
	return verdict;
}

static const struct nf_hook_ops syn_hook_ops[] = {
	{
		.hook = syn_in,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP_PRI_CONNTRACK_DEFRAG + 1,
	},
	{
		.hook = syn_out,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = NF_IP_PRI_LAST,
	},
#if IS_ENABLED(CONFIG_IPV6)
	{
		.hook = syn_in,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP6_PRI_CONNTRACK_DEFRAG + 1,
	},
	{
		.hook = syn_out,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = NF_IP6_PRI_LAST,
	},
#endif
};

int syn_hooks_register(struct net *net)
{
	lockdep_assert_held(&syn_cfg_mutex);
	return nf_register_net_hooks(net, syn_hook_ops, ARRAY_SIZE(syn_hook_ops));
}

/* Returns once no CPU runs a hook of @net's any more. */
void syn_hooks_unregister(struct net *net)
{
	lockdep_assert_held(&syn_cfg_mutex);
	nf_unregister_net_hooks(net, syn_hook_ops, ARRAY_SIZE(syn_hook_ops));
}
