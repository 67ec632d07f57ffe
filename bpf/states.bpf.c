// SPDX-License-Identifier: GPL-2.0
/*
 * wardenctl trace states: every TCP state transition, with the time spent
 * in the old state and, when the owner caused it, pid and comm. The reset
 * tracepoints only note their socket: its close that follows is an abort,
 * not a hand-off to a timewait socket.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "trace_tool.bpf.h"

char LICENSE[] SEC("license") = "GPL";

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(on_state, const struct sock *sk, int oldstate, int newstate)
{
	state_run(sk, oldstate, newstate);
	return 0;
}

/* The transitions that interrupt on_state's run on a CPU (trace_tool.bpf.h). */
SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(on_state_nested, const struct sock *sk, int oldstate, int newstate)
{
	state_run_nested(sk, oldstate, newstate);
	return 0;
}

static __always_inline void note_reset(const struct sock *sk)
{
	__u32 zero = 0;
	__u64 *note = bpf_map_lookup_elem(&reset_note, &zero);

	if (note)
		*note = (__u64)sk;
}

SEC("tp_btf/tcp_send_reset")
int BPF_PROG(on_send_reset, const struct sock *sk)
{
	note_reset(sk);
	return 0;
}

SEC("tp_btf/tcp_receive_reset")
int BPF_PROG(on_receive_reset, const struct sock *sk)
{
	note_reset(sk);
	return 0;
}
