// SPDX-License-Identifier: GPL-2.0
/*
 * The grammar every wardenctl command shares (tools/wardenctl/lib/cli.c):
 * subcommands found in tables, keywords and their aliases read one at a
 * time, and the one message for each mistake.
 */
#include <string.h>

#include "tap.h"
#include "lib/cli.h"

enum { K_PORT = 1, K_FLAG, K_MANY };

static const struct wctl_kw kws[] = {
	{ "port", "--port -p", K_PORT, "PORT", NULL, 0 },
	{ "flag", "--flag", K_FLAG, NULL, NULL, 0 },
	{ "many", NULL, K_MANY, "N", NULL, WCTL_KW_REPEAT },
	{ NULL },
};

static const struct wctl_node leaf_subs[] = {
	{ .name = "show", .id = 10 },
	{ .name = "set", .id = 11, .kws = kws },
	{ NULL },
};

static const struct wctl_node subs[] = {
	{ .name = "list", .alias = "ls", .id = 1, .kws = kws },
	{ .name = "add", .id = 2, .pos = "THING", .kws = kws },
	{ .name = "deep", .subs = leaf_subs, .dflt = "show" },
	{ NULL },
};

static const struct wctl_node top = { .name = "demo", .subs = subs, .dflt = "list" };
static const struct wctl_node implicit = {
	.name = "demo", .subs = subs, .dflt = "list", .implicit = true,
};

/* The id of the node @line names under @n, or the error's text in @err. */
static int walk(const struct wctl_node *n, const char *line, char *err, int *used)
{
	const struct wctl_node *got;
	char *argv[16], path[WCTL_PATH_LEN] = "demo";
	int argc = tap_words(line, argv, 15);

	err[0] = '\0';
	got = wctl_walk(n, argc, argv, used, path, err);
	return got ? got->id : -1;
}

/* The path wctl_walk() gives for @line. */
static const char *path_of(const struct wctl_node *n, const char *line)
{
	static char path[WCTL_PATH_LEN];
	char *argv[16], err[WCTL_ERR_LEN];
	int argc = tap_words(line, argv, 15), used;

	snprintf(path, sizeof(path), "demo");
	if (!wctl_walk(n, argc, argv, &used, path, err))
		snprintf(path, sizeof(path), "error");
	return path;
}

static void check_walk(void)
{
	char err[WCTL_ERR_LEN];
	int used;

	ok(walk(&top, "", err, &used) == 1 && used == 0, "no word: the default subcommand");
	ok(walk(&top, "ls", err, &used) == 1 && used == 1, "an alias names its subcommand");
	ok(walk(&top, "deep", err, &used) == 10 && used == 1, "a nested default");
	ok(walk(&top, "deep set port 1", err, &used) == 11 && used == 2, "nested subcommands");
	ok(walk(&top, "ls", err, &used) == 1 && !strcmp(path_of(&top, "ls"), "demo list") &&
	   !strcmp(path_of(&implicit, "port 1"), "demo list") &&
	   !strcmp(path_of(&top, "deep"), "demo deep show"),
	   "the path names the nodes walked, defaults and aliases by their names");
	ok(walk(&top, "port 1", err, &used) == -1 &&
	   strstr(err, "unknown 'demo' subcommand 'port'; give list, add or deep"),
	   "a keyword where a subcommand belongs, without an implicit default");
	ok(walk(&implicit, "port 1", err, &used) == 1 && used == 0,
	   "with an implicit default, words go to it");
	ok(walk(&top, "deep frob", err, &used) == -1 &&
	   strstr(err, "unknown 'demo deep' subcommand 'frob'; give show or set"),
	   "the path in the message");
}

/* Read all of @line's keywords: the last return, and what was read. */
static int args(const char *line, char *got, char *err)
{
	const struct wctl_kw *kw;
	struct wctl_args a;
	const char *val;
	char *argv[16];
	int argc = tap_words(line, argv, 15), rc;

	wctl_args_init(&a, argc, argv, &subs[1], "demo add", err);
	got[0] = '\0';
	while ((rc = wctl_args_next(&a, &kw, &val)) > 0)
		sprintf(got + strlen(got), "%s=%s ", kw ? kw->name : "?", val ? val : "");
	return rc;
}

static void check_args(void)
{
	char err[WCTL_ERR_LEN], got[256];

	ok(args("port 1 flag many 4 many 5 thing", got, err) == 0 &&
	   !strcmp(got, "port=1 flag= many=4 many=5 ?=thing "),
	   "keywords, a repeatable one, and a positional word");
	ok(args("--port=2 --flag", got, err) == 0 && !strcmp(got, "port=2 flag= "),
	   "--alias=value and a flag's alias");
	ok(args("-p 3", got, err) == 0 && !strcmp(got, "port=3 "), "a short alias");
	ok(args("port 1 -p 2", got, err) == -1 && strstr(err, "'port' given twice; give it once"),
	   "twice, named by the keyword whatever the spelling");
	ok(args("--port", got, err) == -1 &&
	   strstr(err, "'--port' needs a value (PORT); see 'wardenctl help demo add'"),
	   "a missing value, named as typed");
	ok(args("--flag=1", got, err) == -1 && strstr(err, "'flag' takes no value"),
	   "a flag with a value");
}

int main(void)
{
	check_walk();
	check_args();
	return tap_done();
}
