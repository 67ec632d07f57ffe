// SPDX-License-Identifier: GPL-2.0
/*
 * A BTF-typed program on tcp_warden's own tracepoint. The kernel resolves
 * tp_btf/warden_ssthresh in the module's BTF, so this loads only when
 * tcp_warden.ko carries BTF that the running kernel accepted.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

__u64 hits;
__u32 first_cwnd;
__u32 first_ssthresh;

/* The first decrease is the one the test provokes; later ones vary. */
SEC("tp_btf/warden_ssthresh")
int BPF_PROG(on_ssthresh, const struct sock *sk, __u32 policy_id, __u32 cwnd,
	     __u32 ssthresh, __u8 reason)
{
	if (__sync_fetch_and_add(&hits, 1) == 0) {
		first_cwnd = cwnd;
		first_ssthresh = ssthresh;
	}
	return 0;
}
