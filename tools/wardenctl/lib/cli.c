// SPDX-License-Identifier: GPL-2.0
/*
 * The grammar every command shares (cli.h): global options like
 * iproute2's, subcommands found in tables, and keywords read one at a
 * time, so that every command takes its words, and refuses them, the
 * same way.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/util.h"

struct wctl_opts wctl_opts;

extern const struct wctl_cmd __start_wctl_cmds[];
extern const struct wctl_cmd __stop_wctl_cmds[];

const struct wctl_cmd *wctl_cmd_at(unsigned int i)
{
	return __start_wctl_cmds + i < __stop_wctl_cmds ? __start_wctl_cmds + i : NULL;
}

const struct wctl_cmd *wctl_cmd_find(const char *name)
{
	const struct wctl_cmd *c;
	unsigned int i;

	for (i = 0; (c = wctl_cmd_at(i)); i++)
		if (wctl_word_is(name, c->node->name, c->node->alias))
			return c;
	return NULL;
}

int wctl_perr(char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, WCTL_ERR_LEN, fmt, ap);
	va_end(ap);
	return -1;
}

bool wctl_word_is(const char *word, const char *name, const char *alias)
{
	size_t n = strlen(word);
	const char *a;

	if (name && !strcmp(word, name))
		return true;
	for (a = alias; a && *a; a += strspn(a, " ")) {
		size_t len = strcspn(a, " ");

		if (len == n && !strncmp(a, word, n))
			return true;
		a += len;
	}
	return false;
}

/* ---- global options -------------------------------------------------------- */

static int set_netns(const char *opt, const char *name, char *err)
{
	if (!*name)
		return wctl_perr(err, "%s needs a network namespace name or path; see 'ip netns list'",
				 opt);
	if (wctl_opts.netns && strcmp(wctl_opts.netns, name))
		return wctl_perr(err, "two network namespaces given ('%s' and '%s'); give one",
				 wctl_opts.netns, name);
	wctl_opts.netns = name;
	return 0;
}

/* How many arguments argv[i] takes as a global option: 0 none, -1 an error. */
static int take_one(int argc, char **argv, int i, char *err)
{
	const char *a = argv[i];

	if (!strcmp(a, "-j") || !strcmp(a, "--json")) {
		wctl_opts.json = true;
		return 1;
	}
	if (!strcmp(a, "-n") || !strcmp(a, "--netns")) {
		if (i + 1 >= argc)
			return wctl_perr(err, "%s needs a network namespace name or path; see 'ip netns list'",
					 a);
		return set_netns(a, argv[i + 1], err) ? -1 : 2;
	}
	if (!strncmp(a, "--netns=", 8))
		return set_netns("--netns", a + 8, err) ? -1 : 1;
	if (!strncmp(a, "-n", 2) && a[2])
		return set_netns("-n", a + 2, err) ? -1 : 1;
	return 0;
}

int wctl_take_globals(int argc, char **argv, int from, char *err)
{
	int i = from, n = from, used;

	while (i < argc) {
		used = take_one(argc, argv, i, err);
		if (used < 0)
			return -1;
		if (used) {
			i += used;
			continue;
		}
		argv[n++] = argv[i++];
	}
	argv[n] = NULL;
	return n;
}

/* ---- subcommands ------------------------------------------------------------ */

static const struct wctl_node *find_sub(const struct wctl_node *n, const char *word)
{
	const struct wctl_node *s;

	for (s = n->subs; s && s->name; s++)
		if (wctl_word_is(word, s->name, s->alias))
			return s;
	return NULL;
}

/* "add, del or list": the subcommands of @n, for messages. */
static void sub_names(const struct wctl_node *n, char *buf, size_t len)
{
	const struct wctl_node *s;
	size_t off = 0;

	buf[0] = '\0';
	for (s = n->subs; s && s->name && off < len; s++)
		off += snprintf(buf + off, len - off, "%s%s", s == n->subs ? "" :
				s[1].name ? ", " : " or ", s->name);
}

const struct wctl_node *wctl_walk(const struct wctl_node *n, int argc, char **argv, int *used,
				  char *path, char *err)
{
	const struct wctl_node *s;
	char names[160];
	size_t len;

	*used = 0;
	while (n->subs) {
		s = *used < argc ? find_sub(n, argv[*used]) : NULL;
		if (s) {
			(*used)++;
		} else if (n->dflt && (*used == argc || n->implicit)) {
			s = find_sub(n, n->dflt);
		} else {
			sub_names(n, names, sizeof(names));
			if (*used == argc)
				wctl_perr(err, "'%s' needs a subcommand: %s; see 'wardenctl help %s'",
					  path, names, path);
			else
				wctl_perr(err, "unknown '%s' subcommand '%s'; give %s", path,
					  argv[*used], names);
			return NULL;
		}
		len = strlen(path);
		snprintf(path + len, WCTL_PATH_LEN - len, " %s", s->name);
		n = s;
	}
	return n;
}

/* ---- keywords --------------------------------------------------------------- */

void wctl_args_init(struct wctl_args *a, int argc, char **argv, const struct wctl_node *n,
		    const char *what, char *err)
{
	memset(a, 0, sizeof(*a));
	a->argc = argc;
	a->argv = argv;
	a->node = n;
	a->kws = n->kws;
	snprintf(a->what, sizeof(a->what), "%s", what);
	a->err = err;
}

const struct wctl_node *wctl_args_start(struct wctl_args *a, const struct wctl_node *cmd,
					int argc, char **argv, char *err)
{
	char path[WCTL_PATH_LEN];
	const struct wctl_node *n;
	int used;

	snprintf(path, sizeof(path), "%s", cmd->name);
	n = wctl_walk(cmd, argc, argv, &used, path, err);
	if (n)
		wctl_args_init(a, argc - used, argv + used, n, path, err);
	return n;
}

int wctl_args_each(struct wctl_args *a,
		   int (*fn)(const struct wctl_args *a, const struct wctl_kw *kw, const char *val,
			     void *arg), void *arg)
{
	const struct wctl_kw *kw;
	const char *val;
	int rc;

	while ((rc = wctl_args_next(a, &kw, &val)) > 0) {
		if (!kw || !fn)
			return wctl_args_unknown(a, val);
		if (fn(a, kw, val, arg))
			return -1;
	}
	return rc;
}

/* The keyword @word spells ("--port=80": up to the '='), or NULL. */
static const struct wctl_kw *find_kw(const struct wctl_kw *kws, const char *word,
				     const char **inline_val)
{
	const char *eq = !strncmp(word, "--", 2) ? strchr(word, '=') : NULL;
	char opt[64];

	*inline_val = NULL;
	if (eq) {
		if ((size_t)(eq - word) >= sizeof(opt))
			return NULL;
		memcpy(opt, word, eq - word);
		opt[eq - word] = '\0';
		word = opt;
	}
	for (; kws && kws->name; kws++) {
		if (wctl_word_is(word, kws->name, kws->alias)) {
			*inline_val = eq ? eq + 1 : NULL;
			return kws;
		}
	}
	return NULL;
}

int wctl_args_next(struct wctl_args *a, const struct wctl_kw **kw, const char **val)
{
	const char *word, *inl;
	const struct wctl_kw *k;
	uint64_t bit;

	if (a->i >= a->argc)
		return 0;
	word = a->argv[a->i++];
	k = find_kw(a->kws, word, &inl);
	*kw = k;
	*val = word;
	if (!k)
		return 1;
	bit = 1ull << (k - a->kws);
	if ((a->seen & bit) && !(k->flags & WCTL_KW_REPEAT))
		return wctl_perr(a->err, "'%s' given twice; give it once", k->name);
	a->seen |= bit;
	if (!k->arg) {
		if (inl)
			return wctl_perr(a->err, "'%s' takes no value; see 'wardenctl help %s'",
					 k->name, a->what);
		*val = NULL;
		return 1;
	}
	if (inl) {
		*val = inl;
		return 1;
	}
	if (a->i >= a->argc)
		return wctl_perr(a->err, "'%s' needs a value (%s); see 'wardenctl help %s'", word,
				 k->arg, a->what);
	*val = a->argv[a->i++];
	return 1;
}

int wctl_args_unknown(const struct wctl_args *a, const char *word)
{
	if (!a->node->kws && !a->node->pos)
		return wctl_perr(a->err, "'%s' takes no arguments, not '%s'; see 'wardenctl help %s'",
				 a->what, word, a->what);
	return wctl_perr(a->err, "unknown option '%s' for '%s'; see 'wardenctl help %s'", word,
			 a->what, a->what);
}

bool wctl_args_seen(const struct wctl_args *a, int id)
{
	const struct wctl_kw *k;

	for (k = a->kws; k && k->name; k++)
		if (k->id == id)
			return a->seen & (1ull << (k - a->kws));
	return false;
}

int wctl_args_u32(const struct wctl_args *a, const struct wctl_kw *kw, const char *val,
		  uint32_t lo, uint32_t hi, const char *unit, uint32_t *out)
{
	if (!wctl_parse_u32(val, lo, hi, out))
		return 0;
	return wctl_perr(a->err, "invalid %s '%s'; give %u..%u%s%s", kw->name, val, lo, hi,
			 unit ? " " : "", unit ? unit : "");
}

int wctl_args_ports(const struct wctl_args *a, const struct wctl_kw *kw, const char *val,
		    struct wctl_ports *p)
{
	const char *why;

	if (!wctl_parse_ports(val, p, &why))
		return 0;
	return wctl_perr(a->err, "invalid %s '%s'; %s", kw->name, val, why);
}
