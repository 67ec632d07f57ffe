// SPDX-License-Identifier: GPL-2.0
/*
 * wardenctl trace: TCP state transitions, retransmits, resets, handshake
 * latency and cwnd samples. One object, one subcommand per load: userspace
 * sets `mode` and the filters in rodata and enables only the programs the
 * mode needs, so the verifier prunes every branch a run cannot take.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#include "trace_common.bpf.h"

char LICENSE[] SEC("license") = "GPL";

/* Set by wardenctl before load; const volatile keeps them in .rodata. */
const volatile __u8 mode;
const volatile __u16 filter_family;
const volatile __u32 filter_nports;
const volatile __u16 filter_ports[WARDEN_MAX_PORTS];
const volatile __u32 filter_pid;
const volatile __u64 filter_cgroup;
const volatile __u64 filter_netns;
const volatile __u8 cwnd_all;		/* every tcp_probe hit, not just changes */
const volatile __u32 wakeup_every;	/* 0: wake the reader on every event */
/*
 * Keep each socket's state entry time and port in the kernel. Only the
 * handshake histograms and the port filter need them at the event; else
 * the reader derives both from the event stream, and the trace saves a
 * storage allocation and an RCU-deferred free per socket.
 */
const volatile __u8 kernel_since;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20);
} events SEC(".maps");

/* Events that found the ring buffer full: reported, never hidden. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

/*
 * When a socket entered its current state, and its local port:
 * the port is released before the ->CLOSE transition is traced.
 */
struct sock_seen {
	__u64 ts;
	__u16 sport;
	__u16 pad[3];
};

/* Socket-local storage: no hashing, freed with the socket, no bound needed. */
struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct sock_seen);
} since SEC(".maps");

/* Sockets --pid has claimed: later events on them pass the filter. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, __u8);
} pid_socks SEC(".maps");

struct flow_key {
	__u64 netns;
	struct warden_tuple t;
};

/* Retransmits per flow (tuple, since SYN-ACK retransmits have no socket). */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct flow_key);
	__type(value, __u32);
} retrans_count SEC(".maps");

/* Request sockets hashed (SYN received) -> when: server handshake start. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct flow_key);
	__type(value, __u64);
} syn_rcvd SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, struct warden_hist_key);
	__type(value, struct warden_hist);
} hists SEC(".maps");

struct cwnd_last {
	__u32 cwnd;
	__u32 ssthresh;
	__u8 ca_state;
	__u8 state;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, struct cwnd_last);
} cwnd_seen SEC(".maps");

/*
 * A reset tracepoint fires just before the tcp_done() it causes, on the
 * same CPU: remember which socket, so the close that follows is not taken
 * for a timewait hand-off.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} reset_note SEC(".maps");

/*
 * Linux 6.1 traces a child's LISTEN -> SYN_RECV while it still carries the
 * listener's port and cookie: hold the event back (per CPU, the child's
 * next transition follows in the same softirq) and report it then, with
 * the child's own identity.
 */
struct clone_note {
	__u64 sk;
	__u64 ts;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct clone_note);
} clone_notes SEC(".maps");

static __always_inline void count_drop(void)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&drops, &zero);

	if (n)
		*n += 1;
}

/* @ts: the caller's clock reading; a pvclock read is not free in a guest. */
static __always_inline struct warden_event *ev_reserve(__u8 type, __u64 ts)
{
	struct warden_event *e;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_drop();
		return NULL;
	}
	__builtin_memset(e, 0, sizeof(*e));
	e->type = type;
	e->ts_ns = ts;
	return e;
}

/* Events submitted per CPU, to pace reader wake-ups. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} submitted SEC(".maps");

static __always_inline void ev_submit(struct warden_event *e)
{
	__u32 zero = 0, *n;
	__u64 flags = 0;

	/*
	 * Wake the reader once per wakeup_every events per CPU, not per event:
	 * it also drains on a short poll timeout. A per-CPU count avoids
	 * reading the reader's position, a cache line it keeps writing.
	 */
	if (wakeup_every) {
		n = bpf_map_lookup_elem(&submitted, &zero);
		flags = n && ++*n % wakeup_every == 0 ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
	}
	bpf_ringbuf_submit(e, flags);
}

static __always_inline bool port_match(const struct warden_tuple *t)
{
	__u32 i;

	if (!filter_nports)
		return true;
	for (i = 0; i < WARDEN_MAX_PORTS; i++) {
		if (i >= filter_nports)
			break;
		if (filter_ports[i] == t->sport || filter_ports[i] == t->dport)
			return true;
	}
	return false;
}

static __always_inline bool ns_match(const struct warden_tuple *t, __u64 netns)
{
	if (filter_family && t->family != filter_family)
		return false;
	return !filter_netns || netns == filter_netns;
}

/* Filters that depend on the flow alone (cheap ones first). */
static __always_inline bool flow_match(const struct warden_tuple *t, __u64 netns)
{
	return ns_match(t, netns) && port_match(t);
}

/*
 * pid/comm mean something only when the socket's owner caused the event:
 * the owner holds the socket lock (sk_lock.owned) while in a syscall, and
 * softirq processing never changes state under an owned lock. Without the
 * check, loopback softirq work would be charged to whichever task ran it.
 */
static __always_inline bool owner_context(const struct sock *sk)
{
	return sk->sk_lock.owned != 0;
}

static __always_inline bool pid_match(__u64 cookie, bool owned)
{
	__u8 one = 1;

	if (!filter_pid)
		return true;
	if (owned && (bpf_get_current_pid_tgid() >> 32) == filter_pid) {
		bpf_map_update_elem(&pid_socks, &cookie, &one, BPF_ANY);
		return true;
	}
	return !!bpf_map_lookup_elem(&pid_socks, &cookie);
}

/*
 * Two loads through the task's BTF pointer, measured about 80 ns per event
 * cheaper than bpf_get_current_comm()'s call and bounded string copy. comm
 * is always NUL-terminated within its 16 bytes; a racing rename can tear
 * it, as it can the helper's copy.
 */
static __always_inline void fill_owner(struct warden_event *e, bool owned)
{
	struct task_struct *task;
	__u64 *comm = (__u64 *)e->comm;

	if (!owned)
		return;
	task = bpf_get_current_task_btf();
	e->flags |= WEV_F_PID;
	e->pid = task->tgid;
	comm[0] = *(__u64 *)&task->comm[0];
	comm[1] = *(__u64 *)&task->comm[8];
}

static __always_inline __u32 log2_slot(__u64 v)
{
	__u32 r = 0;

	/* unrolled: v < 2^32 usec is enough for any handshake */
#pragma unroll
	for (int i = 16; i > 0; i >>= 1) {
		if (v >= (1ULL << i)) {
			v >>= i;
			r += i;
		}
	}
	return r < WARDEN_HIST_SLOTS ? r : WARDEN_HIST_SLOTS - 1;
}

static __always_inline void hist_add(__u16 port, bool server, __u64 delta_ns)
{
	struct warden_hist_key k = { .port = port, .server = server };
	static const struct warden_hist zero;
	struct warden_hist *h;
	__u32 slot = log2_slot(delta_ns / 1000);

	h = bpf_map_lookup_elem(&hists, &k);
	if (!h) {
		bpf_map_update_elem(&hists, &k, &zero, BPF_NOEXIST);
		h = bpf_map_lookup_elem(&hists, &k);
		if (!h)
			return;
	}
	__sync_fetch_and_add(&h->slots[slot & (WARDEN_HIST_SLOTS - 1)], 1);
	__sync_fetch_and_add(&h->count, 1);
	__sync_fetch_and_add(&h->sum_ns, delta_ns);
}

static __always_inline void handshake(const struct sock *sk, struct warden_tuple *t,
				      __u64 netns, __u64 cookie, int oldstate,
				      __u64 *entered, __u64 now)
{
	struct warden_event *e;
	struct flow_key fk = {};
	bool server = oldstate == TCP_SYN_RECV;
	__u64 *syn, delta;

	if (server) {
		/* The child socket is born at the final ACK; the request
		 * sock recorded when the SYN arrived.
		 */
		fk.netns = netns;
		fk.t = *t;
		syn = bpf_map_lookup_elem(&syn_rcvd, &fk);
		if (syn) {
			delta = now - *syn;
			bpf_map_delete_elem(&syn_rcvd, &fk);
		} else {
			/* No fentry here (or syncookies): the child's only RTT
			 * sample so far is SYN-ACK -> ACK, the same interval.
			 */
			struct tcp_sock *tp = bpf_skc_to_tcp_sock((void *)sk);
			__u32 srtt = tp ? tp->srtt_us >> 3 : 0;

			if (srtt)
				delta = (__u64)srtt * 1000;
			else if (entered)
				delta = now - *entered;	/* Fast Open */
			else
				return;
		}
	} else {
		if (!entered)
			return;
		delta = now - *entered;
	}
	hist_add(server ? t->sport : t->dport, server, delta);

	e = ev_reserve(WEV_HANDSHAKE, now);
	if (!e)
		return;
	e->cookie = cookie;
	e->netns = netns;
	e->cgroup = warden_sk_cgroup(sk);
	e->t = *t;
	e->delta_ns = delta;
	e->flags = WEV_F_DELTA | (server ? WEV_F_SERVER : 0);
	e->state = TCP_ESTABLISHED;
	e->oldstate = oldstate;
	ev_submit(e);
}

/*
 * tcp_time_wait() moves a flow into a timewait minisocket, which the state
 * tracepoint never reports, and then closes the full socket: the edge seen
 * is FIN_WAIT2 (or CLOSING) -> CLOSE. Only tcp_time_wait() closes from
 * those states without a reset first (the keepalive-timer and abort paths
 * send one), so the hand-off is recognised without a kprobe or fentry,
 * neither of which every kernel allows. A FIN from the peer (SOCK_DONE)
 * means the minisocket is in TIME_WAIT; without it, an orphan waits for
 * that FIN in FIN_WAIT2.
 */
static __always_inline void timewait_handoff(const struct sock *sk, int oldstate,
					     bool reset, struct warden_event *e)
{
	unsigned long flags;

	if (reset || (oldstate != TCP_FIN_WAIT2 && oldstate != TCP_CLOSING))
		return;
	flags = sk->__sk_common.skc_flags;
	e->flags |= WEV_F_TW;
	e->substate = flags & (1UL << bpf_core_enum_value(enum sock_flags, SOCK_DONE)) ?
		      TCP_TIME_WAIT : TCP_FIN_WAIT2;
}

static __always_inline void state_event(const struct sock *sk, int oldstate, int newstate)
{
	struct warden_tuple t = {};
	struct warden_event *e;
	struct sock_seen *seen, cur = {};
	struct clone_note *note;
	__u64 netns, cookie, now, *entered = NULL, cgroup = 0, clone_ts = 0, *rnote;
	__u32 zero = 0;
	bool owned, reset = false;

	if (sk->sk_protocol != IPPROTO_TCP)
		return;
	/* A reset's note is for the very next transition on this CPU. */
	rnote = bpf_map_lookup_elem(&reset_note, &zero);
	if (rnote) {
		reset = *rnote == (__u64)sk;
		*rnote = 0;
	}
	warden_read_tuple(&t, &sk->__sk_common);
	netns = warden_netns_cookie(&sk->__sk_common);
	if (!ns_match(&t, netns))
		return;
	note = bpf_map_lookup_elem(&clone_notes, &zero);
	if (!note)
		return;
	if (oldstate == TCP_LISTEN && newstate == TCP_SYN_RECV && !t.dport) {
		note->sk = (__u64)sk;
		note->ts = bpf_ktime_get_ns();
		return;
	}
	if (note->sk == (__u64)sk) {
		clone_ts = note->ts;
		note->sk = 0;
	}
	cookie = warden_sk_cookie(sk);
	seen = kernel_since ? bpf_sk_storage_get(&since, (void *)sk, NULL, 0) : NULL;
	if (seen) {
		entered = &seen->ts;
		if (!t.sport)
			t.sport = seen->sport;
	} else if (clone_ts) {
		entered = &clone_ts;
	}
	if (!port_match(&t))
		return;
	if (filter_cgroup) {
		cgroup = warden_sk_cgroup(sk);
		if (cgroup != filter_cgroup)
			return;
	}
	owned = owner_context(sk);
	if (!pid_match(cookie, owned))
		return;

	now = bpf_ktime_get_ns();

	if (mode == WMODE_HANDSHAKE) {
		if (newstate == TCP_ESTABLISHED &&
		    (oldstate == TCP_SYN_SENT || oldstate == TCP_SYN_RECV))
			handshake(sk, &t, netns, cookie, oldstate, entered, now);
	} else {
		if (clone_ts) {
			e = ev_reserve(WEV_STATE, clone_ts);
			if (e) {
				e->cookie = cookie;
				e->netns = netns;
				e->cgroup = cgroup ?: warden_sk_cgroup(sk);
				e->t = t;
				e->oldstate = TCP_LISTEN;
				e->state = TCP_SYN_RECV;
				ev_submit(e);
			}
		}
		e = ev_reserve(WEV_STATE, now);
		if (e) {
			e->cookie = cookie;
			e->netns = netns;
			e->cgroup = cgroup ?: warden_sk_cgroup(sk);
			e->t = t;
			e->oldstate = oldstate;
			e->state = newstate;
			if (entered) {
				e->delta_ns = now - *entered;
				e->flags |= WEV_F_DELTA;
			}
			fill_owner(e, owned);
			if (newstate == TCP_CLOSE)
				timewait_handoff(sk, oldstate, reset, e);
			ev_submit(e);
		}
	}

	if (newstate == TCP_CLOSE) {
		if (seen)	/* a closed socket may connect() again */
			bpf_sk_storage_delete(&since, (void *)sk);
		if (filter_pid)
			bpf_map_delete_elem(&pid_socks, &cookie);
	} else if (seen) {
		/* in place: an LRU update would allocate a new node */
		seen->ts = now;
		if (t.sport)
			seen->sport = t.sport;
	} else if (kernel_since) {
		cur.ts = now;
		cur.sport = t.sport;
		bpf_sk_storage_get(&since, (void *)sk, &cur, BPF_SK_STORAGE_GET_F_CREATE);
	}
}

/*
 * The kernel skips a program that a tracepoint hits while the same program
 * is already running on that CPU: an interrupt (softirq on its way out)
 * in the middle of it, typically while a socket's backlog is processed
 * with bottom halves enabled. Each program below has a second copy on the
 * same tracepoint that acts only then, so the nested event is still
 * traced. The copy counts what it recovers; wardenctl reports the kernel's
 * count of skipped runs minus that. Nested handling shares the per-CPU
 * notes with the run it interrupted: at worst it takes the reset or clone
 * note that run left, an edge no counter could report either.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct warden_nesting);
} nesting SEC(".maps");

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(on_state, const struct sock *sk, int oldstate, int newstate)
{
	__u32 zero = 0;
	struct warden_nesting *n = bpf_map_lookup_elem(&nesting, &zero);

	if (!n)
		return 0;
	n->in_state = 1;
	state_event(sk, oldstate, newstate);
	n->in_state = 0;
	return 0;
}

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(on_state_nested, const struct sock *sk, int oldstate, int newstate)
{
	__u32 zero = 0;
	struct warden_nesting *n = bpf_map_lookup_elem(&nesting, &zero);

	if (!n || !n->in_state)
		return 0;
	n->recovered++;
	state_event(sk, oldstate, newstate);
	return 0;
}

SEC("fentry/inet_csk_reqsk_queue_hash_add")
int BPF_PROG(on_reqsk_hash, struct sock *sk, struct request_sock *req)
{
	struct flow_key fk = {};
	__u64 now = bpf_ktime_get_ns();

	warden_read_tuple(&fk.t, &req->__req_common);
	fk.netns = warden_netns_cookie(&req->__req_common);
	if (!flow_match(&fk.t, fk.netns))
		return 0;
	bpf_map_update_elem(&syn_rcvd, &fk, &now, BPF_ANY);
	return 0;
}

static __always_inline void retrans(const struct sock_common *c, __u8 type, __u8 state,
				    __u64 cookie, __u64 cgroup)
{
	struct flow_key fk = {};
	struct warden_event *e;
	__u32 one = 1, *n, count = 1;

	warden_read_tuple(&fk.t, c);
	fk.netns = warden_netns_cookie(c);
	if (!flow_match(&fk.t, fk.netns))
		return;
	if (filter_cgroup && cgroup != filter_cgroup)
		return;
	if (filter_pid && !bpf_map_lookup_elem(&pid_socks, &cookie))
		return;

	n = bpf_map_lookup_elem(&retrans_count, &fk);
	if (n)
		count = __sync_fetch_and_add(n, 1) + 1;
	else
		bpf_map_update_elem(&retrans_count, &fk, &one, BPF_NOEXIST);

	e = ev_reserve(type, bpf_ktime_get_ns());
	if (!e)
		return;
	e->cookie = cookie;
	e->netns = fk.netns;
	e->cgroup = cgroup;
	e->t = fk.t;
	e->state = state;
	e->count = count;
	ev_submit(e);
}

SEC("tp_btf/tcp_retransmit_skb")
int BPF_PROG(on_retransmit, const struct sock *sk, const struct sk_buff *skb)
{
	retrans(&sk->__sk_common, WEV_RETRANS, sk->__sk_common.skc_state,
		warden_sk_cookie(sk), warden_sk_cgroup(sk));
	return 0;
}

SEC("tp_btf/tcp_retransmit_synack")
int BPF_PROG(on_retransmit_synack, const struct sock *sk, const struct request_sock *req)
{
	/* The listener's cookie: --pid claims listeners too. */
	retrans(&req->__req_common, WEV_SYNACK_RETRANS, TCP_SYN_RECV,
		warden_sk_cookie(sk), warden_sk_cgroup(sk));
	return 0;
}

/* The tuple of a reset sent with no socket: the reply to the segment. */
static __always_inline int skb_tuple(const struct sk_buff *skb, struct warden_tuple *t,
				     __u8 *tcpflags)
{
	unsigned char *head = skb->head;
	__u16 nh = skb->network_header;
	__u16 th = skb->transport_header;
	struct tcphdr tcp;
	__u8 ver;

	if (bpf_probe_read_kernel(&ver, 1, head + nh))
		return -1;
	if ((ver >> 4) == 4) {
		struct iphdr ip;

		if (bpf_probe_read_kernel(&ip, sizeof(ip), head + nh))
			return -1;
		t->family = AF_INET;
		__builtin_memcpy(t->saddr, &ip.daddr, 4);
		__builtin_memcpy(t->daddr, &ip.saddr, 4);
	} else if ((ver >> 4) == 6) {
		struct ipv6hdr ip6;

		if (bpf_probe_read_kernel(&ip6, sizeof(ip6), head + nh))
			return -1;
		t->family = AF_INET6;
		__builtin_memcpy(t->saddr, &ip6.daddr, 16);
		__builtin_memcpy(t->daddr, &ip6.saddr, 16);
	} else {
		return -1;
	}
	if (bpf_probe_read_kernel(&tcp, sizeof(tcp), head + th))
		return -1;
	t->sport = bpf_ntohs(tcp.dest);
	t->dport = bpf_ntohs(tcp.source);
	*tcpflags = tcp.syn;
	return 0;
}

static __always_inline void reset(const struct sock *sk, const struct sk_buff *skb, __u8 type)
{
	struct warden_tuple t = {};
	struct warden_event *e;
	__u64 netns = 0, cookie = 0, cgroup = 0;
	__u8 flags = 0, syn = 0, state = 0;

	if (mode == WMODE_STATES) {
		__u32 zero = 0;
		__u64 *note = bpf_map_lookup_elem(&reset_note, &zero);

		if (note)
			*note = (__u64)sk;
		return;
	}
	if (sk) {
		/* 6.9+ also fires for timewait and request socks: only their
		 * sock_common is there to read.
		 */
		state = sk->__sk_common.skc_state;
		warden_read_tuple(&t, &sk->__sk_common);
		netns = warden_netns_cookie(&sk->__sk_common);
		if (state != TCP_TIME_WAIT && state != TCP_NEW_SYN_RECV) {
			cookie = warden_sk_cookie(sk);
			cgroup = warden_sk_cgroup(sk);
			if (!t.sport) {
				/* closed: the port is released, inet_sport stays */
				struct tcp_sock *tp = bpf_skc_to_tcp_sock((void *)sk);

				if (tp)
					t.sport = bpf_ntohs(tp->inet_conn.icsk_inet.inet_sport);
			}
		}
	}
	if (skb) {
		struct warden_tuple st = {};

		if (skb_tuple(skb, &st, &syn) == 0) {
			if (syn)
				flags |= WEV_F_SYN;
			if (!sk)
				t = st;
		}
	} else if (type == WEV_RESET_TX) {
		flags |= WEV_F_ACTIVE;
	}
	if (!sk) {
		if (!t.family)
			return;
		flags |= WEV_F_NOSK;
		/* The netns is the receiving device's; no socket has a
		 * cgroup or an owner, so those filters exclude the event.
		 */
		netns = skb->dev->nd_net.net->net_cookie;
		if (filter_cgroup || filter_pid)
			return;
	}
	if (!flow_match(&t, netns))
		return;
	if (filter_cgroup && cgroup != filter_cgroup)
		return;
	if (filter_pid && !bpf_map_lookup_elem(&pid_socks, &cookie))
		return;

	e = ev_reserve(type, bpf_ktime_get_ns());
	if (!e)
		return;
	e->cookie = cookie;
	e->netns = netns;
	e->cgroup = cgroup;
	e->t = t;
	e->state = state;
	e->flags = flags;
	ev_submit(e);
}

SEC("tp_btf/tcp_send_reset")
int BPF_PROG(on_send_reset, const struct sock *sk, const struct sk_buff *skb)
{
	reset(sk, skb, WEV_RESET_TX);
	return 0;
}

SEC("tp_btf/tcp_receive_reset")
int BPF_PROG(on_receive_reset, struct sock *sk)
{
	reset(sk, NULL, WEV_RESET_RX);
	return 0;
}

struct cwnd_sample {
	struct warden_tuple t;
	__u64 cookie;
	__u64 netns;
	__u64 cgroup;
	__u32 cwnd;
	__u32 ssthresh;
	__u32 srtt_us;
	__u32 policy_id;
	__u8 state;
	__u8 ca_state;
	__u8 reason;
	__u8 owned;
};

static __always_inline void cwnd_event(struct cwnd_sample *c, __u8 type)
{
	struct warden_event *e;

	if (!flow_match(&c->t, c->netns))
		return;
	if (filter_cgroup && c->cgroup != filter_cgroup)
		return;
	if (filter_pid && !pid_match(c->cookie, c->owned))
		return;

	e = ev_reserve(type, bpf_ktime_get_ns());
	if (!e)
		return;
	e->cookie = c->cookie;
	e->netns = c->netns;
	e->cgroup = c->cgroup;
	e->t = c->t;
	e->state = c->state;
	e->cwnd = c->cwnd;
	e->ssthresh = c->ssthresh;
	e->srtt_us = c->srtt_us;
	e->ca_state = c->ca_state;
	e->policy_id = c->policy_id;
	e->reason = c->reason;
	ev_submit(e);
}

static __always_inline void probe_event(struct sock *sk)
{
	struct tcp_sock *tp = bpf_skc_to_tcp_sock(sk);
	struct cwnd_last cur = {}, *last;
	struct cwnd_sample c = {};
	__u64 cookie;

	if (!tp)
		return;
	cookie = warden_sk_cookie(sk);
	cur.cwnd = tp->snd_cwnd;
	cur.ssthresh = tp->snd_ssthresh;
	cur.ca_state = BPF_CORE_READ_BITFIELD(&tp->inet_conn, icsk_ca_state);
	cur.state = sk->__sk_common.skc_state;

	/* Every ACK fires tcp_probe: send only what changed. */
	if (!cwnd_all) {
		last = bpf_map_lookup_elem(&cwnd_seen, &cookie);
		if (last) {
			if (last->cwnd == cur.cwnd && last->ssthresh == cur.ssthresh &&
			    last->ca_state == cur.ca_state && last->state == cur.state)
				return;
			*last = cur;
		} else {
			bpf_map_update_elem(&cwnd_seen, &cookie, &cur, BPF_ANY);
		}
	}
	warden_read_tuple(&c.t, &sk->__sk_common);
	c.cookie = cookie;
	c.netns = warden_netns_cookie(&sk->__sk_common);
	c.cgroup = warden_sk_cgroup(sk);
	c.cwnd = cur.cwnd;
	c.ssthresh = cur.ssthresh;
	c.srtt_us = tp->srtt_us >> 3;
	c.state = cur.state;
	c.ca_state = cur.ca_state;
	c.owned = owner_context(sk);
	cwnd_event(&c, WEV_CWND);
}

SEC("tp_btf/tcp_probe")
int BPF_PROG(on_probe, struct sock *sk, const struct sk_buff *skb)
{
	__u32 zero = 0;
	struct warden_nesting *n = bpf_map_lookup_elem(&nesting, &zero);

	if (!n)
		return 0;
	n->in_probe = 1;
	probe_event(sk);
	n->in_probe = 0;
	return 0;
}

SEC("tp_btf/tcp_probe")
int BPF_PROG(on_probe_nested, struct sock *sk, const struct sk_buff *skb)
{
	__u32 zero = 0;
	struct warden_nesting *n = bpf_map_lookup_elem(&nesting, &zero);

	if (!n || !n->in_probe)
		return 0;
	n->recovered++;
	probe_event(sk);
	return 0;
}

/*
 * tcp_warden:warden_ssthresh, a module tracepoint: attached by name only
 * when the module is loaded. Raw arguments are untyped, so the socket is
 * read with probe reads (its sock_common into a stack copy), and its
 * cookie is the one the other programs generated (0 if none asked).
 */
SEC("raw_tp/warden_ssthresh")
int BPF_PROG(on_warden_ssthresh, const struct sock *sk, __u32 policy_id, __u32 cwnd,
	     __u32 ssthresh, __u8 reason)
{
	struct inet_connection_sock *icsk = (struct inet_connection_sock *)sk;
	struct sock_common copy;
	struct cwnd_sample c = {};

	if (bpf_core_read(&copy, sizeof(copy), &sk->__sk_common))
		return 0;
	warden_read_tuple(&c.t, &copy);
	c.cookie = BPF_CORE_READ(sk, __sk_common.skc_cookie.counter);
	c.netns = BPF_CORE_READ(sk, __sk_common.skc_net.net, net_cookie);
	c.cgroup = BPF_CORE_READ(sk, sk_cgrp_data.cgroup, kn, id);
	c.cwnd = cwnd;
	c.ssthresh = ssthresh;
	c.srtt_us = BPF_CORE_READ((struct tcp_sock *)sk, srtt_us) >> 3;
	c.state = copy.skc_state;
	c.ca_state = BPF_CORE_READ_BITFIELD_PROBED(icsk, icsk_ca_state);
	c.policy_id = policy_id;
	c.reason = reason;
	c.owned = BPF_CORE_READ(sk, sk_lock.owned) != 0;
	cwnd_event(&c, WEV_WARDEN);
	return 0;
}
