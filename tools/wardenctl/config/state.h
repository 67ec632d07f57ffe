/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configuration of tcp_warden as wardenctl's own commands: one
 * namespace's state (read from the kernel, or wanted by a file), a
 * configuration file as the commands it holds, and the commands that turn
 * one state into another. `save` prints a state as commands; `apply`
 * parses a file into commands (parse.c), evaluates them into the state
 * they want (eval.c) and sends the commands that get there. Nothing here
 * talks to the kernel but read.c.
 */
#ifndef _WARDENCTL_CONFIG_STATE_H
#define _WARDENCTL_CONFIG_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "policy/parse.h"
#include "syn/parse.h"

/* A policy: its key (have_port always set) and every parameter. */
struct cfg_pol {
	struct pol_key key;
	struct pol_params p;	/* full: see cfg_params_full() */
	unsigned long line;	/* of the file; 0 when read from the kernel */
};

/* An entry of the allow or deny list. */
struct cfg_ent {
	bool deny;
	struct wctl_prefix p;
	unsigned long line;
};

/* The guard's settings: the namespace's mode and the global ones. */
struct cfg_syn {
	int mode;		/* TCP_WARDEN_SYN_MODE_* or SYN_MODE_DEFAULT */
	int global_mode;	/* TCP_WARDEN_SYN_MODE_* */
	uint32_t v[SYN_NSETTINGS];
	unsigned long mode_line, global_mode_line, line[SYN_NSETTINGS];
};

/* One namespace's configuration. */
struct cfg_ns {
	bool global;		/* the initial namespace: its syn settings are set here */
	struct pol_params dflt;	/* full */
	unsigned long dflt_line[TCP_WARDEN_A_PARAMS_MAX + 1];
	struct cfg_pol *pol;
	size_t npol, cappol;
	struct cfg_ent *ent;
	size_t nent, capent;
	struct cfg_syn syn;
};

void cfg_ns_free(struct cfg_ns *ns);
/* A deep copy of @src into @dst (which holds nothing). */
void cfg_ns_copy(struct cfg_ns *dst, const struct cfg_ns *src);
/* Mark every parameter of @p given, but hystart for a reno policy. */
void cfg_params_full(struct pol_params *p);
/*
 * The kernel's merge of @given over @base (kmod/policy.c): a reno policy
 * keeps no HyStart choice, so its hystart is 1, as it is for a cubic one
 * that later takes it over. 0, or -1 with the reason in @err
 * (WCTL_ERR_LEN) for what the kernel would refuse in the result.
 */
int cfg_params_merge(struct pol_params *base, const struct pol_params *given, char *err);
/* Do two full parameter sets mean the same policy? */
bool cfg_params_eq(const struct pol_params *a, const struct pol_params *b);

/* A command: a line of a file, or a step from one state to another. */
enum cfg_kind { CFG_POLICY = 1, CFG_SYN };

struct cfg_cmd {
	unsigned long line;	/* of the file (0: none) */
	size_t ns;		/* which namespace: an index the user of the list defines */
	enum cfg_kind kind;
	struct pol_cmd pol;	/* CFG_POLICY: add (maybe replace), del, flush, default set */
	struct syn_cmd syn;	/* CFG_SYN: set, allow|deny add|del (text unused) */
};

struct cfg_cmds {
	struct cfg_cmd *c;
	size_t n, cap;
};

/* A new command at the end of @l, zeroed (syn mode -1), of @kind. */
struct cfg_cmd *cfg_cmds_push(struct cfg_cmds *l, enum cfg_kind kind, size_t ns,
			      unsigned long line);
void cfg_cmds_free(struct cfg_cmds *l);

/* ---- a file (parse.c) ---------------------------------------------------- */

/* A namespace a file names: NULL is the one apply runs in. */
struct cfg_name {
	char *name;
	unsigned long line;	/* the first line that named it; 0: none did */
};

struct cfg_file {
	struct cfg_cmds cmds;	/* ns: an index of names[] */
	struct cfg_name *names;	/* [0] is the namespace apply runs in */
	size_t nnames, capnames;
	size_t cur;		/* parsing: the section's namespace */
};

/*
 * Parse every line of @in (lib/lines.h: limits, blank lines, comments):
 * "netns [NAME]" starts a section, any other line is a `policy` or `syn`
 * command that sets state, parsed by the command's own parser, with an
 * optional -n NAME for that line. 0, or -1 with "line N: why" in @err
 * (WCTL_ERR_LEN). @what names @in for a read error.
 */
int cfg_parse(FILE *in, const char *what, struct cfg_file *f, char *err);
void cfg_file_free(struct cfg_file *f);

/* ---- what a file wants, and how to get there (eval.c) ------------------ */

/*
 * The state the lines of @f want for namespace @ns, when @slot maps
 * each of @f's names to a namespace: the lines run in order over @cur
 * with its policy table and lists emptied; what the lines do not set
 * keeps @cur's value. 0, or -1 with "line N: why" in @err, for a global
 * setting of the guard where @cur is not the initial namespace.
 */
int cfg_eval(const struct cfg_file *f, const size_t *slot, size_t ns, const struct cfg_ns *cur,
	     struct cfg_ns *want, char *err);

/*
 * Append to @out the commands (with @ns) that turn @cur into @want,
 * fewest first: nothing when they are the same. Each carries the line
 * that wanted it, or @line for a deletion.
 */
void cfg_plan(const struct cfg_ns *cur, const struct cfg_ns *want, size_t ns,
	      unsigned long line, struct cfg_cmds *out);

/* ---- as text (print.c) --------------------------------------------------- */

/*
 * The commands that set @s from any state: the guard's global settings
 * (if @s->global), the namespace's mode, the default policy, the
 * policies (only the parameters that differ from the default), the lists.
 */
void cfg_state_cmds(const struct cfg_ns *s, size_t ns, struct cfg_cmds *out);
/* One command as a line of a file, without the namespace, no newline. */
void cfg_print_cmd(FILE *out, const struct cfg_cmd *c);

#endif /* _WARDENCTL_CONFIG_STATE_H */
