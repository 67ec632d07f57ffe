// SPDX-License-Identifier: GPL-2.0
/*
 * The transport floor for bench/trace_overhead.sh: one ring buffer record
 * per TCP state transition, the same size and wake-up pacing as
 * `wardenctl trace states`, with a timestamp and nothing else. What this
 * costs, no state tracer that sends every transition through a BPF ring
 * buffer can avoid; the bench reports wardenctl's cost next to it.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_endian.h>

#include "trace_common.bpf.h"

char LICENSE[] SEC("license") = "GPL";

const volatile __u32 wakeup_every = 1;	/* set by trace_floor.c */

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);		/* 0: submitted, 1: dropped */
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(floor_state, const struct sock *sk, int oldstate, int newstate)
{
	struct warden_event *e;
	__u32 key = 0;
	__u64 *n;

	if (sk->sk_protocol != IPPROTO_TCP)
		return 0;
	n = bpf_map_lookup_elem(&counts, &key);
	if (!n)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		key = 1;
		n = bpf_map_lookup_elem(&counts, &key);
		if (n)
			*n += 1;
		return 0;
	}
	__builtin_memset(e, 0, sizeof(*e));
	e->ts_ns = bpf_ktime_get_ns();
	e->type = WEV_STATE;
	e->oldstate = oldstate;
	e->state = newstate;
	bpf_ringbuf_submit(e, ++*n % wakeup_every ? BPF_RB_NO_WAKEUP : BPF_RB_FORCE_WAKEUP);
	return 0;
}
