// SPDX-License-Identifier: GPL-2.0
/*
 * wardenctl trace handshake: SYN_SENT -> ESTABLISHED (client side) and
 * SYN_RECV -> ESTABLISHED (server side) as events, and a log2 histogram of
 * their latency per (side, port) for the summary at exit. The server side
 * is timed from the SYN where fentry is allowed (on_reqsk_hash), else from
 * the child's first RTT sample.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "trace_tool.bpf.h"

char LICENSE[] SEC("license") = "GPL";

/* Request sockets hashed (SYN received) -> when: server handshake start. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct warden_flow_key);
	__type(value, __u64);
} syn_rcvd SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, struct warden_hist_key);
	__type(value, struct warden_hist);
} hists SEC(".maps");

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

/* How long the handshake that just completed took; false if unknown. */
static __always_inline bool handshake_time(const struct sock *sk, const struct transition *s,
					   bool server, __u64 *delta)
{
	struct warden_flow_key fk = {};
	__u64 *syn;

	if (!server) {
		if (!s->entered)
			return false;
		*delta = s->now - *s->entered;
		return true;
	}
	/* The child socket is born at the final ACK; the request sock
	 * recorded when the SYN arrived.
	 */
	fk.netns = s->netns;
	fk.t = s->t;
	syn = bpf_map_lookup_elem(&syn_rcvd, &fk);
	if (syn) {
		*delta = s->now - *syn;
		bpf_map_delete_elem(&syn_rcvd, &fk);
	} else {
		/* No fentry here (or syncookies): the child's only RTT
		 * sample so far is SYN-ACK -> ACK, the same interval.
		 */
		struct tcp_sock *tp = bpf_skc_to_tcp_sock((void *)sk);
		__u32 srtt = tp ? tp->srtt_us >> 3 : 0;

		if (srtt)
			*delta = (__u64)srtt * 1000;
		else if (s->entered)
			*delta = s->now - *s->entered;	/* Fast Open */
		else
			return false;
	}
	return true;
}

static __always_inline void handshake_event(const struct sock *sk, int oldstate, int newstate)
{
	struct transition s = {};
	struct warden_event *e;
	bool server = oldstate == TCP_SYN_RECV;
	__u64 delta;

	if (!state_begin(&s, sk, oldstate, newstate))
		return;
	if (newstate == TCP_ESTABLISHED && (server || oldstate == TCP_SYN_SENT) &&
	    handshake_time(sk, &s, server, &delta)) {
		hist_add(server ? s.t.sport : s.t.dport, server, delta);
		e = ev_reserve(WEV_HANDSHAKE, s.now);
		if (e) {
			e->cookie = s.cookie;
			e->netns = s.netns;
			e->cgroup = warden_sk_cgroup(sk);
			e->t = s.t;
			e->delta_ns = delta;
			e->flags = WEV_F_DELTA | (server ? WEV_F_SERVER : 0);
			e->state = TCP_ESTABLISHED;
			e->oldstate = oldstate;
			ev_submit(e);
		}
	}
	state_end(&s, sk, newstate);
}

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(on_state, const struct sock *sk, int oldstate, int newstate)
{
	struct warden_nesting *n = nest_enter(WARDEN_NEST_STATE);

	if (n) {
		handshake_event(sk, oldstate, newstate);
		nest_leave(n, WARDEN_NEST_STATE, sk);
	}
	return 0;
}

/* The transitions that interrupt on_state's run on a CPU (trace_tool.bpf.h). */
SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(on_state_nested, const struct sock *sk, int oldstate, int newstate)
{
	if (nest_copy(WARDEN_NEST_STATE, sk))
		handshake_event(sk, oldstate, newstate);
	return 0;
}

/* Loaded only where the kernel allows fentry: wardenctl retries without. */
SEC("fentry/inet_csk_reqsk_queue_hash_add")
int BPF_PROG(on_reqsk_hash, struct sock *sk, struct request_sock *req)
{
	struct warden_flow_key fk = {};
	__u64 now = bpf_ktime_get_ns();

	warden_read_tuple(&fk.t, &req->__req_common);
	fk.netns = warden_netns_cookie(&req->__req_common);
	if (!flow_match(&fk.t, fk.netns))
		return 0;
	bpf_map_update_elem(&syn_rcvd, &fk, &now, BPF_ANY);
	return 0;
}
