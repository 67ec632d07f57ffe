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
 */
#define pr_fmt(fmt) "tcp_warden: " fmt

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

struct syn_pkt {
	struct warden_addr saddr, daddr;
	__be16 sport, dport;
	int thoff;
	struct tcphdr th;
};

/* The TCP header of an IPv4 packet; false if there is none to look at. */
static bool syn_tcp4(struct sk_buff *skb, struct syn_pkt *p)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct tcphdr *th;

	if (iph->protocol != IPPROTO_TCP || ip_is_fragment(iph))
		return false;
	p->thoff = skb_network_offset(skb) + iph->ihl * 4;
	th = skb_header_pointer(skb, p->thoff, sizeof(p->th), &p->th);
	if (!th)
		return false;
	if (th != &p->th)
		p->th = *th;
	return true;
}

static bool syn_tcp6(struct sk_buff *skb, struct syn_pkt *p)
{
	const struct ipv6hdr *ip6 = ipv6_hdr(skb);
	const struct tcphdr *th;
	u8 nexthdr = ip6->nexthdr;
	__be16 frag_off;
	int off;

	off = ipv6_skip_exthdr(skb, skb_network_offset(skb) + sizeof(*ip6),
			       &nexthdr, &frag_off);
	if (off < 0 || nexthdr != IPPROTO_TCP || (frag_off & htons(~0x7)))
		return false;
	p->thoff = off;
	th = skb_header_pointer(skb, off, sizeof(p->th), &p->th);
	if (!th)
		return false;
	if (th != &p->th)
		p->th = *th;
	return true;
}

static bool syn_tcp(struct sk_buff *skb, u8 pf, struct syn_pkt *p)
{
	return pf == NFPROTO_IPV4 ? syn_tcp4(skb, p) : syn_tcp6(skb, p);
}

/* Addresses and ports, once the flags say the packet matters. */
static void syn_addrs(struct sk_buff *skb, u8 pf, struct syn_pkt *p)
{
	memset(&p->saddr, 0, sizeof(p->saddr));
	memset(&p->daddr, 0, sizeof(p->daddr));
	if (pf == NFPROTO_IPV4) {
		p->saddr.family = 4;
		p->daddr.family = 4;
		memcpy(p->saddr.bytes, &ip_hdr(skb)->saddr, 4);
		memcpy(p->daddr.bytes, &ip_hdr(skb)->daddr, 4);
	} else {
		p->saddr.family = 6;
		p->daddr.family = 6;
		memcpy(p->saddr.bytes, &ipv6_hdr(skb)->saddr, 16);
		memcpy(p->daddr.bytes, &ipv6_hdr(skb)->daddr, 16);
	}
	p->sport = p->th.source;
	p->dport = p->th.dest;
}

static struct sock *syn_listener_sock(struct net *net, struct sk_buff *skb,
				      const struct syn_pkt *p)
{
	int dif = skb->dev ? skb->dev->ifindex : 0;
	struct sock *sk;
	__be32 s4, d4;

	/* No skb: reuseport groups pick by hash, not by a BPF program. */
	if (p->saddr.family == 4) {
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
	if (family == 4)
		memcpy(a->bytes, &sk->sk_rcv_saddr, 4);
#if IS_ENABLED(CONFIG_IPV6)
	else
		memcpy(a->bytes, &sk->sk_v6_rcv_saddr, 16);
#endif
}

static unsigned int syn_on_syn(struct net *net, struct sk_buff *skb,
			       const struct syn_pkt *p,
			       const struct syn_conf *c, unsigned int mode)
{
	struct warden_sg_cfg cfg = c->sg;
	struct warden_sg_verdict v;
	struct warden_sg_syn s;
	struct syn_listener *l;
	struct warden_addr la;
	struct syn_lset *set;
	struct sock *sk;
	u64 now = ktime_get_ns(), rate = 0;

	sk = syn_listener_sock(net, skb, p);
	if (!sk)
		return NF_ACCEPT;
	syn_listener_addr(sk, p->saddr.family, &la);

	s.now = now;
	s.ns = warden_net_cookie(net);
	s.src = &p->saddr;
	s.plen = p->saddr.family == 4 ? c->v4_plen : c->v6_plen;
	s.qlen = inet_csk_reqsk_queue_len(sk);
	s.qmax = READ_ONCE(sk->sk_max_ack_backlog);
	s.list = syn_list_lookup(net, &p->saddr);
	cfg.mode = mode;

	set = &syn_lsets[syn_listener_hash(warden_net_cookie(net), &la, sk->sk_num) &
			 syn_lset_mask];
	spin_lock(&set->lock);
	l = syn_listener_get(set, net, warden_net_cookie(net), &la, sk->sk_num, now);
	l->last = jiffies;
	v = warden_sg_syn(&cfg, &l->sg, &syn_tables, &s);
	if (v.event != WARDEN_SG_EV_NONE) {
		rate = warden_rate_now(&l->sg.rate, now);
		syn_alert(net, l, v.event, rate);
	}
	spin_unlock(&set->lock);

	if (!v.drop)
		return NF_ACCEPT;
	atomic_long_inc(&syn_net(net)->dropped);
	return NF_DROP;
}

static void syn_on_ack(struct net *net, const struct syn_pkt *p,
		       const struct syn_conf *c)
{
	u64 now = ktime_get_ns(), th, sh;
	struct syn_net *sn;

	th = warden_tuple_hash(&syn_hkey, warden_net_cookie(net), &p->saddr,
			       ntohs(p->sport), &p->daddr, ntohs(p->dport));
	switch (warden_sg_ack(&syn_tables, th, ntohl(p->th.ack_seq), now)) {
	case WARDEN_SG_ACK_VERIFIED:
		sh = warden_src_hash(&syn_hkey, warden_net_cookie(net), &p->saddr,
				     p->saddr.family == 4 ? c->v4_plen : c->v6_plen);
		warden_sg_verify(&syn_tables, sh, now);
		sn = syn_net(net);
		atomic_long_inc(&sn->acks_verified);
		break;
	case WARDEN_SG_ACK_BAD:
		sn = syn_net(net);
		atomic_long_inc(&sn->acks_bad);
		break;
	default:
		break;
	}
}

static unsigned int syn_in(void *priv, struct sk_buff *skb,
			   const struct nf_hook_state *state)
{
	struct net *net = state->net;
	const struct syn_conf *c;
	unsigned int mode, verdict = NF_ACCEPT;
	struct syn_pkt p;
	bool ok, syn;

	if (skb->pkt_type != PACKET_HOST)
		return NF_ACCEPT;
	ok = syn_tcp(skb, state->pf, &p);
	if (!ok || p.th.rst)
		return NF_ACCEPT;
	syn = p.th.syn && !p.th.ack;
	/*
	 * Besides SYNs only the pure ACK that completes a handshake matters,
	 * and only while a SYN-ACK of ours can be answered: the data and ACKs
	 * of established connections leave here.
	 */
	if (!syn && (!p.th.ack || p.th.syn ||
		     skb->len != p.thoff + p.th.doff * 4 ||
		     !time_before(jiffies, READ_ONCE(syn_net(net)->synack_until))))
		return NF_ACCEPT;
	syn_addrs(skb, state->pf, &p);

	/* Hooks run under rcu_read_lock(). */
	c = rcu_dereference(syn_conf);
	mode = syn_effective_mode(syn_net(net), c);
	if (mode == WARDEN_SG_OFF)
		return NF_ACCEPT;
	if (syn)
		verdict = syn_on_syn(net, skb, &p, c, mode);
	else
		syn_on_ack(net, &p, c);
	return verdict;
}

static unsigned int syn_out(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	struct net *net = state->net;
	unsigned long until;
	struct syn_net *sn;
	struct syn_pkt p;
	u64 th;
	bool ok;

	/* Forwarded packets keep the index of the device they came in on. */
	if (skb->skb_iif)
		return NF_ACCEPT;
	ok = syn_tcp(skb, state->pf, &p);
	if (!ok || !p.th.syn || !p.th.ack || p.th.rst)
		return NF_ACCEPT;
	syn_addrs(skb, state->pf, &p);
	/* Key it the way the client's ACK will arrive: remote first. */
	th = warden_tuple_hash(&syn_hkey, warden_net_cookie(net), &p.daddr,
			       ntohs(p.dport), &p.saddr, ntohs(p.sport));
	warden_sg_synack(&syn_tables, th, ntohl(p.th.seq), ktime_get_ns());
	sn = syn_net(net);
	atomic_long_inc(&sn->synacks);
	/* ACKs are looked up while a SYN-ACK of ours can be answered. */
	until = jiffies + SYN_SYNACK_TTL * HZ;
	if (READ_ONCE(sn->synack_until) != until)
		WRITE_ONCE(sn->synack_until, until);
	return NF_ACCEPT;
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

int syn_apply(struct net *net)
{
	struct syn_net *sn = syn_net(net);
	const struct syn_conf *c;
	bool want;
	int err;

	lockdep_assert_held(&syn_cfg_mutex);
	c = rcu_dereference_protected(syn_conf, lockdep_is_held(&syn_cfg_mutex));
	want = syn_effective_mode(sn, c) != WARDEN_SG_OFF;
	if (want == sn->hooked)
		return 0;
	if (want) {
		err = nf_register_net_hooks(net, syn_hook_ops, ARRAY_SIZE(syn_hook_ops));
		if (err) {
			pr_warn("SYN guard: cannot register hooks in netns %llu: %d\n",
				warden_net_cookie(net), err);
			return err;
		}
	} else {
		nf_unregister_net_hooks(net, syn_hook_ops, ARRAY_SIZE(syn_hook_ops));
	}
	sn->hooked = want;
	return 0;
}

/* Namespace exit: its hooks go whatever its mode. */
void syn_unhook(struct net *net)
{
	struct syn_net *sn = syn_net(net);

	lockdep_assert_held(&syn_cfg_mutex);
	if (sn->hooked)
		nf_unregister_net_hooks(net, syn_hook_ops, ARRAY_SIZE(syn_hook_ops));
	sn->hooked = false;
}
