// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration files (tools/wardenctl/config/): the file parser and its
 * messages naming lines, what a file wants of a namespace (a table made
 * exactly what the file says, settings only where given), the commands
 * that get there from any state (none when there already), and `save`'s
 * lines read back by `apply` into the same state. No kernel needed: the
 * commands are run against a model of the kernel here.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "config/parse.h"
#include "config/state.h"
#include "lib/lines.h"

#define BETA	TCP_WARDEN_A_PARAMS_BETA
#define FLOOR	TCP_WARDEN_A_PARAMS_MIN_SSTHRESH
#define INIT	TCP_WARDEN_A_PARAMS_INITIAL_SSTHRESH
#define MAXCWND	TCP_WARDEN_A_PARAMS_MAX_CWND
#define GROWTH	TCP_WARDEN_A_PARAMS_GROWTH
#define HYST	TCP_WARDEN_A_PARAMS_HYSTART
#define RTO	TCP_WARDEN_A_PARAMS_RTO_BETA

static int parse_text(const char *text, struct cfg_file *f, char *err)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	int rc;

	err[0] = '\0';
	rc = cfg_parse(in, "the test", f, err);
	fclose(in);
	return rc;
}

/* @text is refused with a message containing @want (which names the line). */
static void refused(const char *text, const char *want)
{
	char err[WCTL_ERR_LEN];
	struct cfg_file f;
	int rc = parse_text(text, &f, err);

	if (!ok(rc == -1 && strstr(err, want), "refused: %s", want))
		printf("#   rc %d, message '%s'\n", rc, err);
	cfg_file_free(&f);
}

/* A namespace as a fresh module has it: beta 512, floor 2, reno. */
static void fresh(struct cfg_ns *s, bool global)
{
	memset(s, 0, sizeof(*s));
	s->global = global;
	s->dflt.v[BETA] = 512;
	s->dflt.v[FLOOR] = 2;
	s->dflt.v[GROWTH] = TCP_WARDEN_GROWTH_RENO;
	cfg_params_full(&s->dflt);
	s->syn.mode = SYN_MODE_DEFAULT;
	s->syn.global_mode = TCP_WARDEN_SYN_MODE_ENFORCE;
	s->syn.v[0] = 2000;
	s->syn.v[4] = 20;
}

static void add_pol(struct cfg_ns *s, const char *prefix, uint32_t beta, uint32_t growth)
{
	struct cfg_pol *p;
	const char *why;

	s->pol = realloc(s->pol, (s->npol + 1) * sizeof(*s->pol));
	p = &s->pol[s->npol++];
	memset(p, 0, sizeof(*p));
	wctl_parse_prefix(prefix, &p->key.pfx, &why);
	p->key.have_port = true;
	p->key.ports.hi = 65535;
	p->p = s->dflt;
	p->p.v[BETA] = beta;
	p->p.v[GROWTH] = growth;
	cfg_params_full(&p->p);
	s->cappol = s->npol;
}

static void add_ent(struct cfg_ns *s, bool deny, const char *prefix)
{
	const char *why;

	s->ent = realloc(s->ent, (s->nent + 1) * sizeof(*s->ent));
	memset(&s->ent[s->nent], 0, sizeof(*s->ent));
	s->ent[s->nent].deny = deny;
	wctl_parse_prefix(prefix, &s->ent[s->nent].p, &why);
	s->nent++;
	s->capent = s->nent;
}

static bool key_is(const struct pol_key *a, const struct pol_key *b);

/* A state as the lines save prints, for reports. */
static char *text_of(const struct cfg_ns *s)
{
	struct cfg_cmds cmds = { 0 };
	char *buf = NULL;
	size_t len = 0, i;
	FILE *out = open_memstream(&buf, &len);

	cfg_state_cmds(s, 0, &cmds);
	for (i = 0; i < cmds.n; i++) {
		cfg_print_cmd(out, &cmds.c[i]);
		fputc('\n', out);
	}
	fclose(out);
	cfg_cmds_free(&cmds);
	return buf;
}

/* Field by field (the text is for the report): save's own printing cannot hide a difference. */
static bool states_eq(const struct cfg_ns *a, const struct cfg_ns *b)
{
	size_t i;

	if (a->global != b->global || !cfg_params_eq(&a->dflt, &b->dflt) || a->npol != b->npol ||
	    a->nent != b->nent || a->syn.mode != b->syn.mode ||
	    (a->global && (a->syn.global_mode != b->syn.global_mode ||
			   memcmp(a->syn.v, b->syn.v, sizeof(a->syn.v)))))
		return false;
	for (i = 0; i < a->npol; i++)
		if (!key_is(&a->pol[i].key, &b->pol[i].key) || !cfg_params_eq(&a->pol[i].p, &b->pol[i].p))
			return false;
	for (i = 0; i < a->nent; i++)
		if (a->ent[i].deny != b->ent[i].deny || a->ent[i].p.family != b->ent[i].p.family ||
		    a->ent[i].p.len != b->ent[i].p.len ||
		    memcmp(a->ent[i].p.addr.bytes, b->ent[i].p.addr.bytes, 16))
			return false;
	return true;
}

static bool same(const struct cfg_ns *a, const struct cfg_ns *b, const char *what)
{
	char *ta = text_of(a), *tb = text_of(b);
	bool eq = states_eq(a, b);

	if (!ok(eq, "%s", what))
		printf("# got:\n%s# want:\n%s", ta, tb);
	free(ta);
	free(tb);
	return eq;
}

/* ---- a model of the kernel: what each command does to a state ---------------- */

static bool key_is(const struct pol_key *a, const struct pol_key *b)
{
	uint32_t alo = a->have_port ? a->ports.lo : 0, ahi = a->have_port ? a->ports.hi : 65535;
	uint32_t blo = b->have_port ? b->ports.lo : 0, bhi = b->have_port ? b->ports.hi : 65535;

	return a->pfx.family == b->pfx.family && a->pfx.len == b->pfx.len &&
	       !memcmp(a->pfx.addr.bytes, b->pfx.addr.bytes, 16) && alo == blo && ahi == bhi;
}

/* 0, or -1 where the kernel would refuse (EEXIST, ENOENT). */
static int kernel_run(struct cfg_ns *s, const struct cfg_cmd *c)
{
	char err[WCTL_ERR_LEN];
	struct pol_params np;
	size_t i, k;

	if (c->kind == CFG_POLICY) {
		for (i = 0; i < s->npol && !key_is(&s->pol[i].key, &c->pol.key); i++)
			;
		switch (c->pol.op) {
		case POL_ADD:
			if (i < s->npol && !c->pol.replace)
				return -1;
			np = s->dflt;
			cfg_params_merge(&np, &c->pol.p, err);
			if (i == s->npol) {
				s->pol = realloc(s->pol, (s->npol + 1) * sizeof(*s->pol));
				memset(&s->pol[s->npol], 0, sizeof(*s->pol));
				s->pol[s->npol].key = c->pol.key;
				s->pol[s->npol].key.have_port = true;
				if (!c->pol.key.have_port)
					s->pol[s->npol].key.ports.hi = 65535;
				s->npol++;
			}
			s->pol[i].p = np;
			return 0;
		case POL_DEL:
			if (i == s->npol)
				return -1;
			memmove(&s->pol[i], &s->pol[i + 1], (s->npol - i - 1) * sizeof(*s->pol));
			s->npol--;
			return 0;
		case POL_FLUSH:
			s->npol = 0;
			return 0;
		default:
			return cfg_params_merge(&s->dflt, &c->pol.p, err);
		}
	}
	if (c->syn.op == SYN_SET) {
		if (c->syn.global)
			s->syn.global_mode = c->syn.mode;
		else if (c->syn.mode >= 0)
			s->syn.mode = c->syn.mode;
		for (k = 0; k < SYN_NSETTINGS; k++)
			if (c->syn.have[k])
				s->syn.v[k] = c->syn.v[k];
		return 0;
	}
	for (i = 0; i < s->nent; i++)
		if (s->ent[i].deny == (c->syn.op == SYN_DENY_ADD || c->syn.op == SYN_DENY_DEL) &&
		    s->ent[i].p.family == c->syn.p.family && s->ent[i].p.len == c->syn.p.len &&
		    !memcmp(s->ent[i].p.addr.bytes, c->syn.p.addr.bytes, 16))
			break;
	if (c->syn.op == SYN_ALLOW_ADD || c->syn.op == SYN_DENY_ADD) {
		if (i < s->nent)
			return -1;
		add_ent(s, c->syn.op == SYN_DENY_ADD, "0.0.0.0/0");
		s->ent[s->nent - 1].p = c->syn.p;
		return 0;
	}
	if (i == s->nent)
		return -1;
	memmove(&s->ent[i], &s->ent[i + 1], (s->nent - i - 1) * sizeof(*s->ent));
	s->nent--;
	return 0;
}

/* Run @cmds on @s; how many the model kernel refused. */
static int kernel_apply(struct cfg_ns *s, const struct cfg_cmds *cmds)
{
	size_t i;
	int refused = 0;

	for (i = 0; i < cmds->n; i++)
		refused += kernel_run(s, &cmds->c[i]) != 0;
	return refused;
}

/* ---- the cases ------------------------------------------------------------- */

static void parsing(void)
{
	char err[WCTL_ERR_LEN];
	struct cfg_file f;

	ok(!parse_text("# a comment\n\npolicy add 10.0.0.0/8 port 443 beta 0.7 min-ssthresh 4 growth cubic\n"
		       "policy default set beta 0.6\n"
		       "syn set mode enforce threshold 2000 src-rate 10 src-burst 20\n"
		       "  syn allow add 192.0.2.0/24\n"
		       "netns blue\n"
		       "policy add 10.1.0.0/16 beta 0.8\n"
		       "-n red syn set mode monitor\n"
		       "syn deny add 198.51.100.0/24 -n red\n"
		       "netns\n"
		       "policy flush\n", &f, err) &&
	   f.cmds.n == 8 && f.nnames == 3,
	   "a file with comments, a netns section, -n lines and a bare netns parses: %s", err);
	ok(f.cmds.c[0].line == 3 && f.cmds.c[0].ns == 0 && f.cmds.c[0].kind == CFG_POLICY &&
	   f.cmds.c[0].pol.op == POL_ADD && f.cmds.c[0].pol.p.v[BETA] == 717,
	   "a line keeps its number, its namespace and the command's own parse");
	ok(f.cmds.c[4].ns == 1 && !strcmp(f.names[1].name, "blue") && f.names[1].line == 7 &&
	   f.cmds.c[5].ns == 2 && !strcmp(f.names[2].name, "red") && f.names[2].line == 9,
	   "'netns blue' starts a section; '-n red' is that line's namespace");
	ok(f.cmds.c[6].ns == 2 && f.cmds.c[7].ns == 0 && f.names[0].line == 3,
	   "-n may stand anywhere in the line; a bare 'netns' goes back");
	ok(f.cmds.c[3].kind == CFG_SYN && f.cmds.c[3].syn.op == SYN_ALLOW_ADD &&
	   !f.cmds.c[3].syn.text, "list lines keep the prefix, not the line's words");
	cfg_file_free(&f);

	ok(!parse_text("# nothing\n\n", &f, err) && !f.cmds.n && !f.names[0].line,
	   "a file of comments names no namespace");
	cfg_file_free(&f);
	ok(!parse_text("netns blue\n", &f, err) && !f.cmds.n && f.names[1].line == 1,
	   "an empty section names its namespace");
	cfg_file_free(&f);

	refused("policy add 10.0.0.0/8\npolicy add 10.1.0.0/16 beta 7\n", "line 2: invalid beta '7'");
	refused("\n\npolicy default beta 0.6\n", "line 3: unknown 'policy default' subcommand 'beta'");
	refused("policy list\n", "line 1: 'policy list' sets nothing");
	refused("policy\n", "line 1: 'policy' sets nothing");
	refused("syn status\n", "line 1: 'syn status' sets nothing");
	refused("syn top 443\n", "line 1: 'syn top' sets nothing");
	refused("policy batch\n", "line 1: 'policy batch' does not belong in a file");
	refused("wardenctl policy add 10.0.0.0/8\n", "line 1: a line is a command without the word 'wardenctl'");
	refused("polcy add 10.0.0.0/8\n", "line 1: unknown command 'polcy'");
	refused("policy add 10.0.0.0/8 -j\n", "line 1: -j means nothing in a file");
	refused("#\n-n blue\n", "line 2: -n blue needs a command after it");
	refused("-n blue netns red\n", "line 1: a 'netns' line takes no -n");
	refused("netns blue red\n", "line 1: 'netns' takes one network namespace name");
	refused("netns -n\n", "line 1: invalid network namespace name '-n'");
	refused("-n a policy flush -n b\n", "line 1: two network namespaces given");
	refused("syn set\n", "line 1: 'syn set' needs something to set");
	refused("syn allow add 10.0.0.1/8\n", "line 1: invalid prefix");
}

static void limits(void)
{
	char line[WCTL_LINE_MAX + 64];
	size_t n;

	n = (size_t)snprintf(line, sizeof(line), "policy flush");
	memset(line + n, ' ', WCTL_LINE_MAX + 1 - n);
	line[WCTL_LINE_MAX + 1] = '\n';
	line[WCTL_LINE_MAX + 2] = '\0';
	refused(line, "line 1: longer than 4095 bytes");
	refused("policy flush\npolicy add 10.0.0.0/8 a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a\n",
		"line 2: more than 63 words");
}

/* What the file wants: tables exactly as it says, settings where it says. */
static void evaluating(void)
{
	static const char file[] =
		"policy add 10.2.0.0/16 beta 0.7\n"		/* 1 */
		"policy default set min-ssthresh 8\n"		/* 2 */
		"policy add 10.3.0.0/16\n"			/* 3 */
		"policy add 10.2.0.0/16 growth cubic\n"		/* 4: replaces line 1 */
		"policy add 10.4.0.0/16 beta 0.9\n"		/* 5 */
		"policy del 10.4.0.0/16\n"			/* 6 */
		"policy del 10.9.0.0/16\n"			/* 7: never there */
		"syn allow add 192.0.2.0/24\n"			/* 8 */
		"syn allow add 192.0.2.0/24\n"			/* 9: again */
		"syn set mode monitor src-rate 5\n"		/* 10 */
		"netns blue\n"
		"policy add 10.5.0.0/16\n";
	char err[WCTL_ERR_LEN];
	struct cfg_ns cur, want;
	struct cfg_file f;
	size_t slot[2] = { 0, 1 };

	fresh(&cur, true);
	add_pol(&cur, "10.1.0.0/16", 600, TCP_WARDEN_GROWTH_RENO);
	add_ent(&cur, true, "203.0.113.0/24");
	parse_text(file, &f, err);
	ok(!cfg_eval(&f, slot, 0, &cur, &want, err), "the file evaluates: %s", err);
	ok(want.npol == 2 && want.pol[0].key.pfx.addr.bytes[1] == 3 &&
	   want.pol[1].key.pfx.addr.bytes[1] == 2 && want.pol[0].line == 3 && want.pol[1].line == 4,
	   "the table is the file's: 10.1/16 (not in it) goes, a deleted one too, in the order of the last add");
	ok(want.pol[1].p.v[BETA] == 512 && want.pol[1].p.v[GROWTH] == TCP_WARDEN_GROWTH_CUBIC &&
	   want.pol[1].p.v[HYST] == 1 && want.pol[1].p.v[FLOOR] == 8,
	   "a second add replaces the first: what it does not give comes from the default then");
	ok(want.pol[0].p.v[FLOOR] == 8 && want.dflt.v[FLOOR] == 8 && want.dflt.v[BETA] == 512 &&
	   want.dflt_line[FLOOR] == 2, "the default as the file sets it, from the one in force");
	ok(want.nent == 1 && !want.ent[0].deny && want.ent[0].line == 9,
	   "the lists are the file's: the old deny entry goes, an entry given twice is one");
	ok(want.syn.mode == TCP_WARDEN_SYN_MODE_MONITOR && want.syn.v[3] == 5 &&
	   want.syn.v[0] == 2000 && want.syn.global_mode == TCP_WARDEN_SYN_MODE_ENFORCE &&
	   want.syn.line[3] == 10, "settings not in the file keep their value");
	cfg_ns_free(&want);
	ok(!cfg_eval(&f, slot, 1, &cur, &want, err) && want.npol == 1 && want.nent == 0,
	   "the other namespace gets only its section");
	cfg_ns_free(&want);
	slot[1] = 0;
	ok(!cfg_eval(&f, slot, 0, &cur, &want, err) && want.npol == 3,
	   "two names for one namespace: their lines make one table");
	cfg_ns_free(&want);
	cfg_file_free(&f);

	parse_text("policy flush\nnetns blue\nsyn set threshold 100\n", &f, err);
	slot[1] = 1;
	cfg_ns_free(&cur);
	fresh(&cur, false);
	ok(cfg_eval(&f, slot, 1, &cur, &want, err) == -1 &&
	   strstr(err, "line 3: thresholds, budgets and the global mode") != NULL,
	   "global settings outside the initial namespace: refused, naming the line: %s", err);
	cfg_file_free(&f);

	parse_text("policy add 10.0.0.0/8 hystart off\n", &f, err);
	ok(cfg_eval(&f, slot, 0, &cur, &want, err) == -1 && strstr(err, "line 1: hystart applies") != NULL,
	   "hystart over a reno default is refused as the kernel would: %s", err);
	cfg_file_free(&f);

	parse_text("policy default set max-cwnd 10\npolicy add 10.0.0.0/8 min-ssthresh 16\n", &f, err);
	ok(cfg_eval(&f, slot, 0, &cur, &want, err) == -1 && strstr(err, "line 2: max-cwnd 10 is below") != NULL,
	   "a floor above the default's clamp is refused as the kernel would: %s", err);
	cfg_file_free(&f);
	cfg_ns_free(&cur);
}

static size_t count_op(const struct cfg_cmds *c, enum cfg_kind kind, int op, bool replace)
{
	size_t i, n = 0;

	for (i = 0; i < c->n; i++)
		n += c->c[i].kind == kind &&
		     (kind == CFG_POLICY ? (int)c->c[i].pol.op == op && c->c[i].pol.replace == replace :
		      (int)c->c[i].syn.op == op);
	return n;
}

/* The commands from one state to another: only what differs, all of it. */
static void planning(void)
{
	static const char file[] =
		"netns\n"
		"policy add 10.1.0.0/16 beta 0.7\n"		/* changes */
		"policy add 10.2.0.0/16\n"			/* as it is */
		"policy add 10.3.0.0/16 port 80-90 growth cubic hystart off\n"	/* new */
		"syn allow add 192.0.2.0/24\n"
		"syn set global mode monitor threshold 3000\n";
	struct cfg_ns cur, want, sim, back;
	struct cfg_cmds cmds = { 0 }, again = { 0 };
	char err[WCTL_ERR_LEN];
	struct cfg_file f;
	size_t slot[1] = { 0 }, i;

	fresh(&cur, true);
	add_pol(&cur, "10.1.0.0/16", 600, TCP_WARDEN_GROWTH_RENO);
	add_pol(&cur, "10.2.0.0/16", 512, TCP_WARDEN_GROWTH_RENO);
	add_pol(&cur, "10.9.0.0/16", 512, TCP_WARDEN_GROWTH_RENO);
	add_ent(&cur, false, "192.0.2.0/24");
	add_ent(&cur, true, "203.0.113.0/24");
	parse_text(file, &f, err);
	cfg_eval(&f, slot, 0, &cur, &want, err);

	cfg_plan(&cur, &cur, 0, 1, &cmds);
	ok(cmds.n == 0, "a state planned against itself needs nothing");
	cfg_plan(&cur, &want, 0, 1, &cmds);
	ok(count_op(&cmds, CFG_POLICY, POL_ADD, false) == 1 &&
	   count_op(&cmds, CFG_POLICY, POL_ADD, true) == 1 &&
	   count_op(&cmds, CFG_POLICY, POL_DEL, false) == 1 &&
	   count_op(&cmds, CFG_SYN, SYN_DENY_DEL, 0) == 1 && count_op(&cmds, CFG_SYN, SYN_SET, 0) == 1 &&
	   cmds.n == 5, "one add, one replace, one delete, one list deletion, one syn set (%zu in all)",
	   cmds.n);
	for (i = 0; i < cmds.n && !(cmds.c[i].kind == CFG_POLICY && cmds.c[i].pol.op == POL_DEL); i++)
		ok(cmds.c[i].line != 1, "a change carries the line that wanted it: %lu", cmds.c[i].line);
	for (; i < cmds.n; i++)
		if (cmds.c[i].kind == CFG_POLICY && cmds.c[i].pol.op == POL_DEL)
			ok(cmds.c[i].line == 1, "a deletion carries the namespace's line");
	ok(cmds.c[0].kind == CFG_POLICY && cmds.c[0].pol.op == POL_ADD && cmds.c[0].line == 2 &&
	   cmds.c[1].line == 4, "adds come before deletions, in the file's order");

	cfg_ns_copy(&sim, &cur);
	ok(!kernel_apply(&sim, &cmds), "the model kernel takes every command");
	same(&sim, &want, "after them the state is the wanted one");
	cfg_plan(&sim, &want, 0, 1, &again);
	ok(again.n == 0, "applying the same file again changes nothing (%zu commands)", again.n);

	/* the undo: the snapshot wanted again, from where the changes left it */
	cfg_cmds_free(&again);
	cfg_plan(&sim, &cur, 0, 0, &again);
	cfg_ns_copy(&back, &sim);
	ok(!kernel_apply(&back, &again), "restoring the snapshot is commands the kernel takes");
	same(&back, &cur, "and gives the snapshot back");
	cfg_ns_free(&back);
	cfg_ns_free(&sim);
	cfg_cmds_free(&again);
	cfg_cmds_free(&cmds);
	cfg_ns_free(&want);
	cfg_ns_free(&cur);
	cfg_file_free(&f);
}

/* save's lines, applied on a fresh module, give the state back. */
static void round_trip(void)
{
	struct cfg_ns s, blue, init_fresh, blue_fresh, got;
	struct cfg_cmds cmds = { 0 };
	char *text = NULL, err[WCTL_ERR_LEN];
	size_t len = 0, slot[2] = { 0, 1 }, i;
	struct cfg_file f;
	FILE *out;

	fresh(&s, true);
	s.dflt.v[BETA] = 700;
	s.dflt.v[GROWTH] = TCP_WARDEN_GROWTH_CUBIC;
	s.dflt.v[HYST] = 0;
	s.dflt.v[MAXCWND] = 500;
	s.dflt.v[RTO] = 333;
	cfg_params_full(&s.dflt);
	add_pol(&s, "10.0.0.0/8", 717, TCP_WARDEN_GROWTH_CUBIC);
	s.pol[0].key.ports.lo = 443;
	s.pol[0].key.ports.hi = 443;
	s.pol[0].p.v[FLOOR] = 4;
	s.pol[0].p.v[HYST] = 1;
	add_pol(&s, "2001:db8::/32", 999, TCP_WARDEN_GROWTH_RENO);
	s.pol[1].p.v[INIT] = 100;
	s.pol[1].p.v[MAXCWND] = 0;
	s.pol[1].p.v[RTO] = 0;
	cfg_params_full(&s.pol[1].p);
	add_pol(&s, "192.0.2.0/24", 256, TCP_WARDEN_GROWTH_CUBIC);
	s.pol[2].key.ports.lo = 1000;
	s.pol[2].key.ports.hi = 2000;
	add_ent(&s, false, "192.0.2.0/24");
	add_ent(&s, true, "2001:db8:1::/48");
	s.syn.mode = TCP_WARDEN_SYN_MODE_OFF;
	s.syn.global_mode = TCP_WARDEN_SYN_MODE_MONITOR;
	for (i = 0; i < SYN_NSETTINGS; i++)
		s.syn.v[i] = syn_settings[i].lo + 7;
	fresh(&blue, false);
	add_pol(&blue, "10.1.0.0/16", 820, TCP_WARDEN_GROWTH_RENO);
	blue.syn.mode = TCP_WARDEN_SYN_MODE_ENFORCE;

	out = open_memstream(&text, &len);
	cfg_state_cmds(&s, 0, &cmds);
	for (i = 0; i < cmds.n; i++) {
		cfg_print_cmd(out, &cmds.c[i]);
		fputc('\n', out);
	}
	cfg_cmds_free(&cmds);
	fprintf(out, "\nnetns blue\n");
	cfg_state_cmds(&blue, 1, &cmds);
	for (i = 0; i < cmds.n; i++) {
		cfg_print_cmd(out, &cmds.c[i]);
		fputc('\n', out);
	}
	cfg_cmds_free(&cmds);
	fclose(out);
	ok(strstr(text, "policy add 10.0.0.0/8 port 443 beta 0.7 min-ssthresh 4 hystart on\n") &&
	   strstr(text, "policy default set beta 0.684 min-ssthresh 2 initial-ssthresh inf max-cwnd 500 growth cubic hystart off rto-beta 0.325\n") &&
	   strstr(text, "rto-beta beta") && strstr(text, "port 1000-2000 beta 0.25") &&
	   strstr(text, "syn set global mode monitor threshold 7") && strstr(text, "syn set mode off\n") &&
	   strstr(text, "syn deny add 2001:db8:1::/48\n"),
	   "save writes what people write: fractions, inf, none, port ranges, only what differs from the default");
	if (!ok(!parse_text(text, &f, err), "apply parses what save wrote: %s", err))
		printf("%s", text);
	fresh(&init_fresh, true);
	fresh(&blue_fresh, false);
	ok(!cfg_eval(&f, slot, 0, &init_fresh, &got, err), "and evaluates it over a fresh module");
	same(&got, &s, "the initial namespace comes back");
	cfg_ns_free(&got);
	ok(!cfg_eval(&f, slot, 1, &blue_fresh, &got, err), "so does netns blue");
	same(&got, &blue, "netns blue comes back");
	cfg_ns_free(&got);
	cfg_file_free(&f);
	free(text);
	cfg_ns_free(&s);
	cfg_ns_free(&blue);
}

static void command_lines(void)
{
	char err[WCTL_ERR_LEN], *argv[8];
	struct cfg_apply_opts o;
	int argc;

	argc = tap_words("/etc/tcpwarden/tcpwarden.conf check", argv, 7);
	ok(!cfg_apply_parse(argc, argv, &o, err) && o.check &&
	   !strcmp(o.file, "/etc/tcpwarden/tcpwarden.conf"), "apply FILE check");
	argc = tap_words("-", argv, 7);
	ok(!cfg_apply_parse(argc, argv, &o, err) && !o.check && !strcmp(o.file, "-"),
	   "apply - reads standard input");
	tap_refused(cfg_apply_parse(0, argv, &o, err), err, "apply", "'apply' needs a FILE");
	argc = tap_words("a b", argv, 7);
	tap_refused(cfg_apply_parse(argc, argv, &o, err), err, "apply a b", "unknown option 'b'");
	argc = tap_words("a check check", argv, 7);
	tap_refused(cfg_apply_parse(argc, argv, &o, err), err, "apply a check check", "'check' given twice");
	ok(!cfg_save_parse(0, argv, err), "save takes no words");
	argc = tap_words("all", argv, 7);
	tap_refused(cfg_save_parse(argc, argv, err), err, "save all", "'save' takes no arguments");
}

int main(void)
{
	parsing();
	limits();
	evaluating();
	planning();
	round_trip();
	command_lines();
	return tap_done();
}
