/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by trace_witness.bpf.c and its loader, trace_witness.c. */
#ifndef _TRACE_WITNESS_H
#define _TRACE_WITNESS_H

enum witness_kind {
	WITNESS_STATE,		/* a: old state, b: new state */
	WITNESS_RETRANSMIT,	/* a: the socket's state */
};

struct witness_key {
	__u8 kind;
	__u8 a;
	__u8 b;
	__u8 pad;
};

#endif /* _TRACE_WITNESS_H */
