// SPDX-License-Identifier: GPL-2.0
/* States and command lists of the configuration (state.h). */
#include <stdlib.h>
#include <string.h>

#include "config/state.h"
#include "lib/cli.h"
#include "lib/vec.h"

void cfg_ns_free(struct cfg_ns *ns)
{
	free(ns->pol);
	free(ns->ent);
	memset(ns, 0, sizeof(*ns));
}

static void *dup_array(const void *src, size_t n, size_t size)
{
	void *p;

	if (!n)
		return NULL;
	p = malloc(n * size);
	if (!p)
		wctl_oom();
	memcpy(p, src, n * size);
	return p;
}

void cfg_ns_copy(struct cfg_ns *dst, const struct cfg_ns *src)
{
	*dst = *src;
	dst->pol = dup_array(src->pol, src->npol, sizeof(*src->pol));
	dst->cappol = src->npol;
	dst->ent = dup_array(src->ent, src->nent, sizeof(*src->ent));
	dst->capent = src->nent;
}

void cfg_params_full(struct pol_params *p)
{
	int a;

	for (a = 1; a <= TCP_WARDEN_A_PARAMS_MAX; a++)
		p->have[a] = true;
	/* what the kernel keeps for reno, which it neither takes nor shows */
	if (p->v[TCP_WARDEN_A_PARAMS_GROWTH] != TCP_WARDEN_GROWTH_CUBIC) {
		p->have[TCP_WARDEN_A_PARAMS_HYSTART] = false;
		p->v[TCP_WARDEN_A_PARAMS_HYSTART] = 1;
	}
}

int cfg_params_merge(struct pol_params *base, const struct pol_params *given, char *err)
{
	int a;

	for (a = 1; a <= TCP_WARDEN_A_PARAMS_MAX; a++)
		if (given->have[a])
			base->v[a] = given->v[a];
	cfg_params_full(base);
	/* as the kernel checks: what the merge gives, not just what was given */
	if (given->have[TCP_WARDEN_A_PARAMS_HYSTART] && !base->have[TCP_WARDEN_A_PARAMS_HYSTART])
		return wctl_perr(err, "hystart applies to growth cubic only, and the default policy is reno here; add growth cubic");
	return pol_params_check(base, err);
}

bool cfg_params_eq(const struct pol_params *a, const struct pol_params *b)
{
	return !memcmp(a->v, b->v, sizeof(a->v));
}

struct cfg_cmd *cfg_cmds_push(struct cfg_cmds *l, enum cfg_kind kind, size_t ns,
			      unsigned long line)
{
	struct cfg_cmd *c = WCTL_PUSH(l->c, l->n, l->cap);

	if (!c)
		wctl_oom();
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->ns = ns;
	c->line = line;
	c->syn.mode = -1;
	return c;
}

void cfg_cmds_free(struct cfg_cmds *l)
{
	free(l->c);
	memset(l, 0, sizeof(*l));
}
