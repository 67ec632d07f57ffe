// SPDX-License-Identifier: GPL-2.0
/*
 * `wardenctl completion bash`: the bash completion script, written from
 * the command tables the parsers read (cli.h). The build runs it, and
 * `make install` installs what it printed, so completion offers exactly
 * the words wardenctl takes.
 */
#include <stdio.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/util.h"

/* Bash's side: walk the subcommand words, then offer what the node takes. */
static const char script_fn[] =
	"_wardenctl()\n"
	"{\n"
	"\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	"\tlocal path=\"\" leaf i w p v words\n"
	"\tCOMPREPLY=()\n"
	"\tif [[ $prev == -n || $prev == --netns ]]; then\n"
	"\t\tCOMPREPLY=($(compgen -W \"$(ip netns list 2>/dev/null | cut -d' ' -f1)\" -- \"$cur\"))\n"
	"\t\treturn\n"
	"\tfi\n"
	"\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	"\t\tw=${COMP_WORDS[i]}\n"
	"\t\tcase $w in\n"
	"\t\t-j|--json) continue ;;\n"
	"\t\t-n|--netns) ((i++)); continue ;;\n"
	"\t\tesac\n"
	"\t\tp=${path:+$path }$w\n"
	"\t\t[[ -n ${_wardenctl_canon[$p]+x} ]] || break\n"
	"\t\tpath=${_wardenctl_canon[$p]}\n"
	"\tdone\n"
	"\tp=${path:-.}\n"
	"\tleaf=${_wardenctl_dflt[$p]:-$p}\n"
	"\tif [[ $i -lt $COMP_CWORD ]]; then\n"
	"\t\tpath=$leaf\n"
	"\t\tv=${_wardenctl_val[\"$leaf $prev\"]-@none}\n"
	"\t\tcase $v in\n"
	"\t\t@none) ;;\n"
	"\t\t@file) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
	"\t\t*) COMPREPLY=($(compgen -W \"$v\" -- \"$cur\")); return ;;\n"
	"\t\tesac\n"
	"\tfi\n"
	"\twords=\"${_wardenctl_sub[${path:-.}]} ${_wardenctl_kw[$leaf]} ${_wardenctl_pos[$leaf]}\"\n"
	"\tif [[ ${_wardenctl_pos[$leaf]} == @file ]]; then\n"
	"\t\tCOMPREPLY=($(compgen -W \"${_wardenctl_kw[$leaf]}\" -- \"$cur\") $(compgen -f -- \"$cur\"))\n"
	"\t\treturn\n"
	"\tfi\n"
	"\t[[ $cur == -* ]] && words+=\" ${_wardenctl_opt[$leaf]} -j --json -n --netns -h --help\"\n"
	"\tCOMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
	"}\n"
	"complete -F _wardenctl wardenctl\n";

/* Each '|'- or space-separated word of @list, space-separated. */
static void words(const char *list)
{
	const char *p;

	for (p = list; p && *p; p++)
		putchar(*p == '|' ? ' ' : *p);
}

/* A value's completion: its fixed words, files, or nothing (a number). */
static void values(const char *path, const char *spelling, const struct wctl_kw *k)
{
	printf("_wardenctl_val[\"%s %s\"]=\"", path, spelling);
	if (k->flags & WCTL_KW_FILE)
		printf("@file");
	else
		words(k->words);
	printf("\"\n");
}

static void keywords(const char *path, const struct wctl_kw *kws)
{
	const struct wctl_kw *k;
	const char *a;
	char one[64];
	size_t n;

	printf("_wardenctl_kw[\"%s\"]=\"", path);
	for (k = kws; k && k->name; k++)
		printf("%s%s", k == kws ? "" : " ", k->name);
	printf("\"\n_wardenctl_opt[\"%s\"]=\"", path);
	for (k = kws; k && k->name; k++) {
		if (!k->alias)
			continue;
		words(k->alias);
		putchar(' ');
	}
	printf("\"\n");
	for (k = kws; k && k->name; k++) {
		if (!k->arg)
			continue;
		values(path, k->name, k);
		for (a = k->alias; a && *a; a += n + strspn(a + n, " ")) {
			n = strcspn(a, " ");
			snprintf(one, sizeof(one), "%.*s", (int)n, a);
			values(path, one, k);
		}
	}
}

/* The entries of node @n, which @path names, and of its subcommands. */
static void node(const struct wctl_node *n, const char *path)
{
	const struct wctl_node *s;
	char sub[128];

	if (n->dflt && n->implicit)
		printf("_wardenctl_dflt[\"%s\"]=\"%s %s\"\n", path, path, n->dflt);
	if (n->kws)
		keywords(path, n->kws);
	if (n->pos_words) {
		printf("_wardenctl_pos[\"%s\"]=\"", path);
		words(n->pos_words);
		printf("\"\n");
	}
	if (!n->subs)
		return;
	printf("_wardenctl_sub[\"%s\"]=\"", path);
	for (s = n->subs; s->name; s++) {
		printf("%s%s", s == n->subs ? "" : " ", s->name);
		if (s->alias)
			printf(" %s", s->alias);
	}
	printf("\"\n");
	for (s = n->subs; s->name; s++) {
		snprintf(sub, sizeof(sub), "%s %s", path, s->name);
		printf("_wardenctl_canon[\"%s\"]=\"%s\"\n", sub, sub);
		if (s->alias)
			printf("_wardenctl_canon[\"%s %s\"]=\"%s\"\n", path, s->alias, sub);
		node(s, sub);
	}
}

static int cmd_completion(int argc, char **argv)
{
	const struct wctl_cmd *c;
	unsigned int i;

	if (argc != 2 || strcmp(argv[1], "bash"))
		return wctl_usage("completion needs the shell: 'wardenctl completion bash'");
	printf("# bash completion of wardenctl(8), written by 'wardenctl completion bash'\n"
	       "# from the tables its parser reads: do not edit.\n"
	       "declare -gA _wardenctl_sub _wardenctl_canon _wardenctl_dflt _wardenctl_kw \\\n"
	       "\t_wardenctl_opt _wardenctl_val _wardenctl_pos\n"
	       "_wardenctl_sub[.]=\"");
	for (i = 0; (c = wctl_cmd_at(i)); i++)
		printf("%s%s", i ? " " : "", c->node->name);
	/* help takes a command's name */
	printf("\"\n_wardenctl_pos[help]=${_wardenctl_sub[.]}\n");
	for (i = 0; (c = wctl_cmd_at(i)); i++) {
		printf("_wardenctl_canon[\"%s\"]=\"%s\"\n", c->node->name, c->node->name);
		node(c->node, c->node->name);
	}
	fputs(script_fn, stdout);
	return 0;
}

static const struct wctl_node completion_node = {
	.name = "completion", .pos = "bash", .pos_words = "bash",
	.summary = "the bash completion script",
};
WCTL_COMMAND(completion, &completion_node, cmd_completion, "wardenctl(8)");
