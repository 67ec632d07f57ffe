// SPDX-License-Identifier: GPL-2.0
/*
 * The tracing selftest's witness: counts, for one netns, the TCP state
 * transitions and retransmits that the kernel hands to tp_btf programs,
 * with none of wardenctl's logic. When wardenctl and the scripted sequence
 * disagree, it tells the two cases apart: the kernel ran no program for an
 * event (the witness misses it too), or wardenctl lost it (only it does).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "trace_witness.h"

char LICENSE[] SEC("license") = "GPL";

const volatile __u32 netns_ino;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, struct witness_key);
	__type(value, __u64);
} seen SEC(".maps");

static __always_inline void count(const struct sock *sk, __u8 kind, __u8 a, __u8 b)
{
	struct witness_key k = { .kind = kind, .a = a, .b = b };
	__u64 one = 1, *n;

	if (sk->__sk_common.skc_net.net->ns.inum != netns_ino)
		return;
	n = bpf_map_lookup_elem(&seen, &k);
	/* another CPU may insert the key first: then add to its entry */
	if (!n && !bpf_map_update_elem(&seen, &k, &one, BPF_NOEXIST))
		return;
	n = n ?: bpf_map_lookup_elem(&seen, &k);
	if (n)
		__sync_fetch_and_add(n, 1);
}

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(witness_state, const struct sock *sk, int oldstate, int newstate)
{
	if (sk->sk_protocol == IPPROTO_TCP)
		count(sk, WITNESS_STATE, oldstate, newstate);
	return 0;
}

SEC("tp_btf/tcp_retransmit_skb")
int BPF_PROG(witness_retransmit, const struct sock *sk)
{
	count(sk, WITNESS_RETRANSMIT, sk->__sk_common.skc_state, 0);
	return 0;
}
