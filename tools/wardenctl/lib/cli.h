/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command line shared by every wardenctl command (cli.c): the command
 * registry, each command's grammar as tables (subcommands and their
 * keywords, iproute2-style), the one keyword reader, and the global
 * options -j/--json and -n/--netns, which are accepted before the command
 * and anywhere among its arguments. Help (help.c) and shell completion
 * (complete.c) are derived from the same tables, so they cannot drift
 * from what the parsers take.
 */
#ifndef _WARDENCTL_CLI_H
#define _WARDENCTL_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/util.h"

/* Room for a usage error's one line. */
#define WCTL_ERR_LEN	320

/*
 * A keyword: "port 443", "replace". Its other spellings (@alias) are the
 * getopt options and words released man pages promised ("--port -p",
 * "floor"); messages and output use @name.
 */
struct wctl_kw {
	const char *name;
	const char *alias;	/* space-separated, or NULL */
	int id;			/* the command's own number for it */
	const char *arg;	/* its value in usage ("PORT[-LAST]"); NULL: none */
	const char *words;	/* the values, '|'-separated, when they are a fixed set */
	unsigned int flags;	/* WCTL_KW_* */
};
#define WCTL_KW_REPEAT	0x1	/* may be given more than once */
#define WCTL_KW_FILE	0x2	/* the value is a file name (completion) */

/*
 * A node of a command's grammar: the command itself or a subcommand, with
 * its positional words, keywords and subcommands. Arrays end with an
 * entry whose name is NULL.
 */
struct wctl_node {
	const char *name;
	const char *alias;	/* another spelling ("ls"), or NULL */
	int id;			/* the command's own number for it */
	const char *pos;	/* positional words in usage ("PREFIX"), or NULL */
	const char *pos_words;	/* their fixed values, '|'-separated, for completion;
				 * "@file": a file name */
	const struct wctl_kw *kws;
	const struct wctl_node *subs;
	const char *dflt;	/* subcommand when none is given, or NULL */
	bool implicit;		/* a word that is no subcommand goes to dflt */
	const char *summary;	/* one line for `wardenctl help` */
};

struct wctl_cmd {
	const struct wctl_node *node;
	int (*run)(int argc, char **argv);	/* argv[0] is the command name */
	const char *page;			/* its man page */
};

/*
 * Each command registers itself from its own file, so adding one never
 * touches the dispatcher: WCTL_COMMAND(sockets, &sk_node, cmd_sockets, PAGE).
 */
#define WCTL_COMMAND(_name, _node, _run, _page)					\
	static const struct wctl_cmd wctl_cmd_##_name				\
	__attribute__((used, section("wctl_cmds"), aligned(sizeof(void *)))) = { \
		.node = _node, .run = _run, .page = _page,			\
	}

/* Every registered command, in link order; NULL after the last. */
const struct wctl_cmd *wctl_cmd_at(unsigned int i);
const struct wctl_cmd *wctl_cmd_find(const char *name);

struct wctl_opts {
	const char *netns;	/* -n NAME: entered before run() */
	bool json;		/* -j / --json, wherever it was given */
};
extern struct wctl_opts wctl_opts;

/*
 * Take the global options out of argv[@from..]: -j, --json, -n NETNS,
 * -nNETNS, --netns NETNS, --netns=NETNS. Returns the new argc, or -1 with
 * the reason in @err (no value, an empty or second netns); the other
 * arguments keep their order.
 */
int wctl_take_globals(int argc, char **argv, int from, char *err);

/* printf into @err (WCTL_ERR_LEN); returns -1, the parsers' error. */
int wctl_perr(char *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Is @word @name or one of the space-separated @alias? */
bool wctl_word_is(const char *word, const char *name, const char *alias);

#define WCTL_PATH_LEN	64

/*
 * Walk @argv from the subcommand words of @n down: the deepest node named,
 * with *@used the words that named it. No word where a subcommand is
 * needed gives the default one, and so does any word for an implicit
 * default. @path (WCTL_PATH_LEN) names @n ("syn") and gets the nodes
 * walked appended ("syn allow add"). NULL with the reason in @err for an
 * unknown or missing subcommand.
 */
const struct wctl_node *wctl_walk(const struct wctl_node *n, int argc, char **argv, int *used,
				  char *path, char *err);

/* Reading a node's keywords. */
struct wctl_args {
	int argc, i;		/* argv[i]: the next word */
	char **argv;
	const struct wctl_node *node;
	const struct wctl_kw *kws;
	uint64_t seen;		/* keywords given, by index */
	char what[WCTL_PATH_LEN];	/* "policy add", for messages */
	char *err;
};

/* The words after the subcommand words that named @n, @what ("policy add"). */
void wctl_args_init(struct wctl_args *a, int argc, char **argv, const struct wctl_node *n,
		    const char *what, char *err);
/*
 * Every parser's start: walk @argv (what follows the command @cmd) to its
 * subcommand, and set @a up for the words after it. The node, or NULL
 * with the reason in @err.
 */
const struct wctl_node *wctl_args_start(struct wctl_args *a, const struct wctl_node *cmd,
					int argc, char **argv, char *err);
/*
 * Read every word left: each keyword goes to @fn with its value; a word
 * that is no keyword is refused (wctl_args_unknown()). 0, or -1 with the
 * reason in err (@fn's, or the reader's).
 */
int wctl_args_each(struct wctl_args *a,
		   int (*fn)(const struct wctl_args *a, const struct wctl_kw *kw, const char *val,
			     void *arg), void *arg);
/*
 * The next word: 1 with *@kw set and its value (or NULL) in *@val; 1 with
 * *@kw NULL for a word that is no keyword, in *@val, for the caller to
 * take or refuse (wctl_args_unknown()); 0 at the end; -1 with the reason
 * in err (a value missing or not wanted, a keyword given twice).
 * "--alias=value" is one word.
 */
int wctl_args_next(struct wctl_args *a, const struct wctl_kw **kw, const char **val);
/* The word @word is not understood here: the one message for it, -1. */
int wctl_args_unknown(const struct wctl_args *a, const char *word);
/* Has the keyword with @id been given? */
bool wctl_args_seen(const struct wctl_args *a, int id);
/*
 * A number in [@lo, @hi] for keyword @kw: 0, or -1 with
 * "invalid NAME 'VAL'; give LO..HI UNIT" in err.
 */
int wctl_args_u32(const struct wctl_args *a, const struct wctl_kw *kw, const char *val,
		  uint32_t lo, uint32_t hi, const char *unit, uint32_t *out);
/* A port or range for @kw: 0, or -1 with the reason in err. */
int wctl_args_ports(const struct wctl_args *a, const struct wctl_kw *kw, const char *val,
		    struct wctl_ports *p);

/*
 * Help (help.c). @argv[0] is a command's name: does the rest ask for its
 * usage (-h or --help anywhere, or "help" after its subcommand words)?
 */
bool wctl_help_wanted(int argc, char **argv);
/* The usage of what @argv's subcommand words name, on stdout; returns 0. */
int wctl_help_show(int argc, char **argv);

#endif /* _WARDENCTL_CLI_H */
