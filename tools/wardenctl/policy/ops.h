/* SPDX-License-Identifier: GPL-2.0 */
/* The policy requests of the tcp_warden family (ops.c). */
#ifndef _WARDENCTL_POLICY_OPS_H
#define _WARDENCTL_POLICY_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "lib/genl.h"
#include "policy/parse.h"

/* Room for a rejection's message (@msg below). */
#define POL_MSG_LEN	WCTL_MSG_LEN

/* One policy (or the default) as read back from the kernel. */
struct pol_row {
	uint32_t id;
	bool is_default;
	struct pol_key key;	/* port range always set */
	uint32_t p[TCP_WARDEN_A_PARAMS_MAX + 1];
	uint64_t st[TCP_WARDEN_A_STATS_MAX + 1];
};

struct pol_rows {
	struct pol_row *r;
	size_t n, cap;
};

/*
 * Each returns 0 or an exit code. A rejection is printed, or, when @msg is
 * not NULL, written there (POL_MSG_LEN) for the caller to report.
 */
int pol_add(struct wctl_genl *g, const struct pol_key *k, const struct pol_params *p,
	    bool replace, char *msg);
int pol_del(struct wctl_genl *g, const struct pol_key *k, char *msg);
int pol_flush(struct wctl_genl *g, char *msg);
int pol_default_set(struct wctl_genl *g, const struct pol_params *p, char *msg);

/* The change @c stands for (add or replace, del, flush, default set). */
int pol_change(struct wctl_genl *g, const struct pol_cmd *c, char *msg);

/* Append every policy, or those of exactly @filter's prefix (and port). */
int pol_get(struct wctl_genl *g, const struct pol_key *filter, struct pol_rows *rs);
/* Append the default policy (is_default set). */
int pol_default_get(struct wctl_genl *g, struct pol_rows *rs);
void pol_rows_free(struct pol_rows *rs);

/* Every parameter of @r, as given ones. */
void pol_row_params(const struct pol_row *r, struct pol_params *p);
/* Same prefix and port range? */
bool pol_key_eq(const struct pol_key *a, const struct pol_key *b);

#endif /* _WARDENCTL_POLICY_OPS_H */
