// SPDX-License-Identifier: GPL-2.0
/*
 * Usage text, printed from the same tables the parsers read (cli.h): what
 * `wardenctl help CMD [SUB]`, `CMD [SUB] help` and -h/--help anywhere
 * after the command show cannot differ from what the command takes.
 */
#include <stdio.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/util.h"

#define WIDTH	79

/* Words of a synopsis, wrapped under its first word's end. */
struct line {
	char buf[1024];
	size_t len, col, indent;
};

static void put_word(struct line *l, const char *w)
{
	size_t n = strlen(w);

	if (l->col + 1 + n > WIDTH && l->col > l->indent) {
		l->len += snprintf(l->buf + l->len, sizeof(l->buf) - l->len, "\n%*s", (int)l->indent,
				   "");
		l->col = l->indent;
	} else {
		l->len += snprintf(l->buf + l->len, sizeof(l->buf) - l->len, " ");
		l->col++;
	}
	l->len += snprintf(l->buf + l->len, sizeof(l->buf) - l->len, "%s", w);
	l->col += n;
	if (l->len >= sizeof(l->buf))
		l->len = sizeof(l->buf) - 1;
}

static void kw_words(struct line *l, const struct wctl_kw *k)
{
	char w[160];

	snprintf(w, sizeof(w), "[%s%s%s]%s", k->name, k->arg ? " " : "", k->arg ? k->arg : "",
		 k->flags & WCTL_KW_REPEAT ? "..." : "");
	put_word(l, w);
}

/* "  aliases: --port -p (port), floor (min-ssthresh)" for @kws. */
static void aliases(const struct wctl_kw *kws)
{
	const struct wctl_kw *k, *last = NULL;
	struct line l = { .indent = 6 };
	char w[160];

	for (k = kws; k && k->name; k++)
		if (k->alias)
			last = k;
	if (!last)
		return;
	l.len = l.col = snprintf(l.buf, sizeof(l.buf), "  aliases:");
	for (k = kws; k <= last; k++) {
		if (!k->alias)
			continue;
		snprintf(w, sizeof(w), "%s (%s)%s", k->alias, k->name, k == last ? "" : ",");
		put_word(&l, w);
	}
	printf("%s\n", l.buf);
}

struct walk {
	bool first;
	const struct wctl_kw *shown;	/* the last keyword table whose aliases were listed */
};

/* One synopsis per leaf under @n, which @path names; @dflt: @n is a default. */
static void synopsis(struct walk *w, const struct wctl_node *n, const char *path)
{
	const struct wctl_node *s;
	const struct wctl_kw *k;
	struct line l = { 0 };
	char sub[128];

	if (n->subs) {
		for (s = n->subs; s->name; s++) {
			snprintf(sub, sizeof(sub), "%s %s%s%s%s%s", path,
				 n->dflt && !strcmp(n->dflt, s->name) ? "[" : "", s->name,
				 s->alias ? "|" : "", s->alias ? s->alias : "",
				 n->dflt && !strcmp(n->dflt, s->name) ? "]" : "");
			synopsis(w, s, sub);
		}
		return;
	}
	l.len = snprintf(l.buf, sizeof(l.buf), "%s wardenctl %s", w->first ? "Usage:" : "      ",
			 path);
	l.col = l.len;
	l.indent = strlen("Usage: wardenctl ") + 4;
	if (n->pos)
		put_word(&l, n->pos);
	for (k = n->kws; k && k->name; k++)
		kw_words(&l, k);
	printf("%s\n", l.buf);
	w->first = false;
	if (n->kws && n->kws != w->shown) {
		aliases(n->kws);
		w->shown = n->kws;
	}
}

static void usage_of(const struct wctl_cmd *c, const struct wctl_node *n, const char *path)
{
	struct walk w = { .first = true };

	synopsis(&w, n, path);
	printf("See %s.\n", c->page);
}

/* The leading words of @argv that name subcommands of @n: the node reached. */
static const struct wctl_node *named(const struct wctl_node *n, int argc, char **argv,
				     char *path, size_t len, int *used)
{
	const struct wctl_node *s;

	for (*used = 0; *used < argc && n->subs; (*used)++) {
		for (s = n->subs; s->name; s++)
			if (wctl_word_is(argv[*used], s->name, s->alias))
				break;
		if (!s->name)
			break;
		snprintf(path + strlen(path), len - strlen(path), " %s", s->name);
		n = s;
	}
	return n;
}

/* The commands with subcommands first (@with), then help and completion. */
static void list_cmds(bool with)
{
	const struct wctl_cmd *c;
	const struct wctl_node *s;
	unsigned int i;

	for (i = 0; (c = wctl_cmd_at(i)); i++) {
		if (!c->node->subs == with)
			continue;
		printf("  %-10s %s\n", c->node->name, c->node->summary);
		if (!with)
			continue;
		printf("  %-10s", "");
		for (s = c->node->subs; s->name; s++)
			printf("%c%s", s == c->node->subs ? ' ' : '|', s->name);
		printf("\n");
	}
}

static void usage_all(void)
{
	printf("Usage: wardenctl [-n NETNS] [-j|--json] COMMAND [ARGS]\n"
	       "  (-n and -j may also follow the command)\n"
	       "Commands:\n");
	list_cmds(true);
	list_cmds(false);
	printf("'wardenctl help COMMAND [SUBCOMMAND]' shows its usage; see wardenctl(8).\n");
}

bool wctl_help_wanted(int argc, char **argv)
{
	const struct wctl_cmd *c = wctl_cmd_find(argv[0]);
	char path[128] = "";
	int i, used;

	if (!c)
		return false;
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	named(c->node, argc - 1, argv + 1, path, sizeof(path), &used);
	return used + 1 < argc && !strcmp(argv[used + 1], "help");
}

int wctl_help_show(int argc, char **argv)
{
	const struct wctl_cmd *c = wctl_cmd_find(argv[0]);
	const struct wctl_node *n;
	char path[128];
	int used;

	snprintf(path, sizeof(path), "%s", c->node->name);
	n = named(c->node, argc - 1, argv + 1, path, sizeof(path), &used);
	usage_of(c, n, path);
	return 0;
}

static int cmd_help(int argc, char **argv)
{
	const struct wctl_cmd *c;
	const struct wctl_node *n;
	char path[128], err[WCTL_ERR_LEN];
	int used;

	if (argc < 2) {
		usage_all();
		return 0;
	}
	c = wctl_cmd_find(argv[1]);
	if (!c) {
		wctl_perr(err, "no command '%s'; 'wardenctl help' lists them", argv[1]);
		return wctl_usage(err);
	}
	snprintf(path, sizeof(path), "%s", c->node->name);
	n = named(c->node, argc - 2, argv + 2, path, sizeof(path), &used);
	if (used + 2 < argc) {
		wctl_perr(err, "no subcommand '%s' of '%s'; see 'wardenctl help %s'", argv[used + 2],
			  path, path);
		return wctl_usage(err);
	}
	usage_of(c, n, path);
	return 0;
}

static const struct wctl_node help_node = {
	.name = "help", .pos = "[COMMAND [SUBCOMMAND...]]",
	.summary = "the usage of a command",
};
WCTL_COMMAND(help, &help_node, cmd_help, "wardenctl(8)");
