/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parameters of one ssthresh policy, as the module copies them into a
 * socket and as the host tests and simulator use them.
 */
#ifndef _WARDEN_CORE_POLICY_H
#define _WARDEN_CORE_POLICY_H

#include "compat.h"
#include "window.h"

enum warden_growth {
	WARDEN_GROWTH_RENO,
	WARDEN_GROWTH_CUBIC,
};

struct warden_params {
	u32 initial_ssthresh;	/* segments, 0 = infinite */
	u32 max_cwnd;		/* segments, 0 = no clamp */
	u16 beta;		/* 1/1024 */
	u16 rto_beta;		/* 1/1024, 0 = beta */
	u16 min_ssthresh;	/* segments: ssthresh never goes below */
	u8 growth;		/* enum warden_growth */
	u8 hystart;		/* cubic: leave slow start by HyStart (1) */
};

static inline u32 warden_params_rto_beta(const struct warden_params *p)
{
	return p->rto_beta ? p->rto_beta : p->beta;
}

#endif /* _WARDEN_CORE_POLICY_H */
