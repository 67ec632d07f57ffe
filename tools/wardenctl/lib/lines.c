// SPDX-License-Identifier: GPL-2.0
/* Files of command lines (lines.h). */
#include <stdlib.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/lines.h"

/* Split @s into at most WCTL_WORDS_MAX words; -1 when there are more. */
static int split_words(char *s, char **words)
{
	char *save, *w;
	int n = 0;

	for (w = strtok_r(s, " \t\r\n", &save); w; w = strtok_r(NULL, " \t\r\n", &save)) {
		if (n == WCTL_WORDS_MAX)
			return -1;
		words[n++] = w;
	}
	return n;
}

static int one_line(char *line, unsigned long lineno, wctl_line_fn fn, void *arg, char *err)
{
	char *words[WCTL_WORDS_MAX + 1], msg[WCTL_ERR_LEN];
	int n = split_words(line, words);

	if (n < 0)
		return wctl_perr(err, "line %lu: more than %d words; give one command per line",
				 lineno, WCTL_WORDS_MAX);
	if (!n || words[0][0] == '#')
		return 0;
	words[n] = NULL;
	if (fn(n, words, lineno, arg, msg))
		return wctl_perr(err, "line %lu: %s", lineno, msg);
	return 0;
}

int wctl_lines_read(FILE *in, const char *what, wctl_line_fn fn, void *arg, char *err)
{
	unsigned long lineno = 0;
	char *line = NULL;
	size_t size = 0;
	ssize_t len;
	int rc = 0;

	while (!rc && (len = getline(&line, &size, in)) >= 0) {
		lineno++;
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len > WCTL_LINE_MAX)
			rc = wctl_perr(err, "line %lu: longer than %d bytes; give one command per line",
				       lineno, WCTL_LINE_MAX);
		else if (strlen(line) != (size_t)len)
			rc = wctl_perr(err, "line %lu: contains a NUL byte", lineno);
		else
			rc = one_line(line, lineno, fn, arg, err);
	}
	free(line);
	if (!rc && ferror(in))
		rc = wctl_perr(err, "cannot read %s", what);
	return rc;
}
