// SPDX-License-Identifier: GPL-2.0
/*
 * A namespace's configuration from the kernel (read.h), through the
 * requests `policy` and `syn` send: what `save` prints, and what `apply`
 * takes as its snapshot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/read.h"
#include "lib/util.h"
#include "lib/vec.h"
#include "policy/ops.h"
#include "syn/lists.h"
#include "syn/status.h"

static int add_entry(const struct syn_entry *e, void *arg)
{
	struct cfg_ns *ns = arg;
	struct cfg_ent *x = WCTL_PUSH(ns->ent, ns->nent, ns->capent);

	if (!x)
		wctl_oom();
	memset(x, 0, sizeof(*x));
	x->deny = e->deny;
	x->p = e->p;
	return 0;
}

static void read_syn(const struct syn_conf *c, struct cfg_ns *ns)
{
	size_t k;

	ns->syn.mode = c->dflt ? SYN_MODE_DEFAULT : c->mode;
	ns->syn.global_mode = c->global_mode;
	for (k = 0; k < SYN_NSETTINGS; k++)
		ns->syn.v[k] = (uint32_t)c->set[k];
}

int cfg_read(struct wctl_genl *g, bool global, struct cfg_ns *ns)
{
	struct pol_rows rs = { 0 };
	struct syn_conf conf;
	size_t i;
	int rc;

	memset(ns, 0, sizeof(*ns));
	ns->global = global;
	rc = pol_default_get(g, &rs);
	if (!rc && rs.n) {
		pol_row_params(&rs.r[0], &ns->dflt);
		cfg_params_full(&ns->dflt);
	}
	pol_rows_free(&rs);
	if (!rc)
		rc = pol_get(g, NULL, &rs);
	for (i = 0; !rc && i < rs.n; i++) {
		struct cfg_pol *p = WCTL_PUSH(ns->pol, ns->npol, ns->cappol);

		if (!p)
			wctl_oom();
		memset(p, 0, sizeof(*p));
		p->key = rs.r[i].key;
		pol_row_params(&rs.r[i], &p->p);
		cfg_params_full(&p->p);
	}
	pol_rows_free(&rs);
	if (!rc)
		rc = syn_conf_get(g, &conf);
	if (!rc)
		read_syn(&conf, ns);
	if (!rc)
		rc = syn_list_dump(g, add_entry, ns);
	if (rc)
		cfg_ns_free(ns);
	return rc;
}

/* A module parameter's number, or @dflt when it cannot be read. */
static uint32_t param(const char *name, uint32_t dflt)
{
	char path[128];
	unsigned int v;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/tcp_warden/parameters/%s", name);
	f = fopen(path, "re");
	if (!f)
		return dflt;
	if (fscanf(f, "%u", &v) != 1)
		v = dflt;
	fclose(f);
	return v;
}

bool cfg_pristine(const struct cfg_ns *ns)
{
	/* the default policy of a new namespace (kmod/policy.c) */
	struct pol_params p = { 0 };

	p.v[TCP_WARDEN_A_PARAMS_BETA] = param("beta", 512);
	p.v[TCP_WARDEN_A_PARAMS_MIN_SSTHRESH] = param("min_ssthresh", 2);
	p.v[TCP_WARDEN_A_PARAMS_GROWTH] = TCP_WARDEN_GROWTH_RENO;
	cfg_params_full(&p);
	return !ns->npol && !ns->nent && ns->syn.mode == SYN_MODE_DEFAULT &&
	       cfg_params_eq(&p, &ns->dflt);
}
