/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The warden_ssthresh tracepoint as its readers see it: the module defines
 * it (kmod/trace.h), the BPF programs attach to it raw (bpf/cwnd.bpf.c)
 * and wardenctl names its reasons. This is the one place of its reason
 * codes and of the order and types of its arguments: a raw tracepoint
 * program gets the arguments by position, so both sides take them from
 * here. Macros only: the kernel, BPF and user space include it alike.
 */
#ifndef _WARDEN_TRACEPOINT_H
#define _WARDEN_TRACEPOINT_H

/* Why ssthresh went down (the reason argument). */
#define WARDEN_REASON_LOSS	0	/* fast retransmit / recovery */
#define WARDEN_REASON_RTO	1	/* retransmission timeout */
#define WARDEN_REASON_ECN	2	/* ECN echo: congestion window reduced */
#define WARDEN_REASON_HYSTART	3	/* slow start left early: ssthresh = cwnd */

/* { code, name } of every reason: the tracepoint prints these names. */
#define WARDEN_REASON_SYMBOLS							\
	{ WARDEN_REASON_LOSS, "loss" },						\
	{ WARDEN_REASON_RTO, "rto" },						\
	{ WARDEN_REASON_ECN, "ecn" },						\
	{ WARDEN_REASON_HYSTART, "hystart" }

/*
 * The arguments, in order, with the caller's spelling of the types: the
 * kernel's (const struct sock *, u32, u8) or BPF's (..., __u32, __u8).
 * cwnd is the window before the decrease (for hystart, where slow start
 * ended); policy_id is the policy the connection follows (0: the
 * default).
 */
#define WARDEN_SSTHRESH_PROTO(sock_t, u32_t, u8_t)				\
	sock_t sk, u32_t policy_id, u32_t cwnd, u32_t ssthresh, u8_t reason
#define WARDEN_SSTHRESH_ARGS	sk, policy_id, cwnd, ssthresh, reason

#endif /* _WARDEN_TRACEPOINT_H */
