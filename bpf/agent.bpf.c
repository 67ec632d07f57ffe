// SPDX-License-Identifier: GPL-2.0
/*
 * The persistent agent: every TCP socket's current state and since when,
 * keyed by socket cookie, pinned for `wardenctl sockets`. Loaded and pinned
 * by `wardenctl agent start`; the pinned link keeps it attached after the
 * CLI exits.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "sock_state_map.h"
#include "trace_common.bpf.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, WARDEN_SOCK_STATES_MAX);
	__type(key, struct warden_sock_key);
	__type(value, struct warden_sock_state);
} sock_states SEC(".maps");

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(agent_state, const struct sock *sk, int oldstate, int newstate)
{
	/* warden_sk_cookie() is the value sock_diag reports as
	 * idiag_cookie (both come from sock_gen_cookie()).
	 */
	struct warden_sock_key k;
	struct warden_sock_state v = {}, *cur;

	if (sk->sk_protocol != IPPROTO_TCP)
		return 0;
	/* The child's next transition, at once, writes its entry. */
	if (warden_child_clone(sk, oldstate, newstate))
		return 0;
	k.cookie = warden_sk_cookie(sk);
	if (newstate == TCP_CLOSE) {
		bpf_map_delete_elem(&sock_states, &k);
		return 0;
	}
	cur = bpf_map_lookup_elem(&sock_states, &k);
	if (cur) {
		/* in place: an LRU update would allocate a new node */
		cur->since_ns = bpf_ktime_get_ns();
		cur->state = newstate;
		return 0;
	}
	v.since_ns = bpf_ktime_get_ns();
	v.state = newstate;
	bpf_map_update_elem(&sock_states, &k, &v, BPF_ANY);
	return 0;
}
