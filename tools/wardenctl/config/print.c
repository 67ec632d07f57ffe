// SPDX-License-Identifier: GPL-2.0
/*
 * A state as commands, and commands as the lines of a file (state.h):
 * every value is written in a word its parser takes back unchanged.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config/state.h"
#include "policy/names.h"

/* ---- a state as commands -------------------------------------------------- */

void cfg_state_cmds(const struct cfg_ns *s, size_t ns, struct cfg_cmds *out)
{
	struct cfg_cmd *c;
	size_t i, k;
	int a;

	if (s->global) {
		c = cfg_cmds_push(out, CFG_SYN, ns, 0);
		c->syn.op = SYN_SET;
		c->syn.global = true;
		c->syn.mode = s->syn.global_mode;
		for (k = 0; k < SYN_NSETTINGS; k++) {
			c->syn.have[k] = true;
			c->syn.v[k] = s->syn.v[k];
		}
	}
	c = cfg_cmds_push(out, CFG_SYN, ns, 0);
	c->syn.op = SYN_SET;
	c->syn.mode = s->syn.mode;
	c = cfg_cmds_push(out, CFG_POLICY, ns, 0);
	c->pol.op = POL_DEFAULT_SET;
	c->pol.p = s->dflt;
	for (i = 0; i < s->npol; i++) {
		const struct cfg_pol *p = &s->pol[i];

		c = cfg_cmds_push(out, CFG_POLICY, ns, 0);
		c->pol.op = POL_ADD;
		c->pol.key = p->key;
		/* what is not written comes from the default, written above */
		for (a = 1; a <= TCP_WARDEN_A_PARAMS_MAX; a++) {
			c->pol.p.v[a] = p->p.v[a];
			c->pol.p.have[a] = p->p.have[a] && p->p.v[a] != s->dflt.v[a];
		}
	}
	for (i = 0; i < s->nent; i++) {
		c = cfg_cmds_push(out, CFG_SYN, ns, 0);
		c->syn.op = s->ent[i].deny ? SYN_DENY_ADD : SYN_ALLOW_ADD;
		c->syn.p = s->ent[i].p;
	}
}

/* ---- commands as lines ------------------------------------------------------ */

/* A beta as the fraction people write (0.7) when it reads back the same. */
static void put_beta(FILE *out, uint32_t v)
{
	char buf[16];
	size_t n;

	snprintf(buf, sizeof(buf), "%.3f", (double)v / TCP_WARDEN_BETA_SCALE);
	n = strlen(buf);
	while (n > 2 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (lround(strtod(buf, NULL) * TCP_WARDEN_BETA_SCALE) == (long)v)
		fprintf(out, " %s", buf);
	else
		fprintf(out, " %u", v);
}

static void put_params(FILE *out, const struct pol_params *p)
{
	const struct wctl_kw *k;
	uint32_t v;

	for (k = pol_param_kws; k->name; k++) {
		if (!p->have[k->id])
			continue;
		v = p->v[k->id];
		fprintf(out, " %s", k->name);
		switch (k->id) {
		case TCP_WARDEN_A_PARAMS_BETA:
			put_beta(out, v);
			break;
		case TCP_WARDEN_A_PARAMS_RTO_BETA:
			if (v)
				put_beta(out, v);
			else
				fprintf(out, " beta");
			break;
		case TCP_WARDEN_A_PARAMS_INITIAL_SSTHRESH:
		case TCP_WARDEN_A_PARAMS_MAX_CWND:
			if (v)
				fprintf(out, " %u", v);
			else
				fprintf(out, k->id == TCP_WARDEN_A_PARAMS_MAX_CWND ? " none" : " inf");
			break;
		case TCP_WARDEN_A_PARAMS_GROWTH:
			fprintf(out, " %s", pol_growth_name(v) ? pol_growth_name(v) : "?");
			break;
		case TCP_WARDEN_A_PARAMS_HYSTART:
			fprintf(out, " %s", v ? "on" : "off");
			break;
		default:
			fprintf(out, " %u", v);
		}
	}
}

static void put_key(FILE *out, const struct pol_key *k)
{
	char buf[WCTL_PREFIX_LEN];

	fprintf(out, " %s", wctl_prefix_str(&k->pfx, buf, sizeof(buf)));
	if (!k->have_port || (k->ports.lo == 0 && k->ports.hi == 65535))
		return;
	if (k->ports.lo == k->ports.hi)
		fprintf(out, " port %u", k->ports.lo);
	else
		fprintf(out, " port %u-%u", k->ports.lo, k->ports.hi);
}

static void print_policy(FILE *out, const struct pol_cmd *p)
{
	switch (p->op) {
	case POL_ADD:
		fprintf(out, "policy %s", p->replace ? "replace" : "add");
		put_key(out, &p->key);
		put_params(out, &p->p);
		break;
	case POL_DEL:
		fprintf(out, "policy del");
		put_key(out, &p->key);
		break;
	case POL_FLUSH:
		fprintf(out, "policy flush");
		break;
	default:
		fprintf(out, "policy default set");
		put_params(out, &p->p);
	}
}

static void print_syn(FILE *out, const struct syn_cmd *s)
{
	char buf[WCTL_PREFIX_LEN];
	size_t k;

	if (s->op != SYN_SET) {
		fprintf(out, "syn %s %s %s",
			s->op == SYN_DENY_ADD || s->op == SYN_DENY_DEL ? "deny" : "allow",
			s->op == SYN_ALLOW_ADD || s->op == SYN_DENY_ADD ? "add" : "del",
			wctl_prefix_str(&s->p, buf, sizeof(buf)));
		return;
	}
	fprintf(out, "syn set");
	if (s->global)
		fprintf(out, " global");
	if (s->mode == SYN_MODE_DEFAULT)
		fprintf(out, " mode default");
	else if (s->mode >= 0)
		fprintf(out, " mode %s", syn_mode_name(s->mode));
	for (k = 0; k < SYN_NSETTINGS; k++)
		if (s->have[k])
			fprintf(out, " %s %u", syn_settings[k].name, s->v[k]);
}

void cfg_print_cmd(FILE *out, const struct cfg_cmd *c)
{
	if (c->kind == CFG_POLICY)
		print_policy(out, &c->pol);
	else
		print_syn(out, &c->syn);
}
