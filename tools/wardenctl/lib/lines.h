/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Files of command lines (lines.c): `policy batch` and `apply` read them
 * the same way, one command per line split into words, with the same
 * limits and the same messages naming the line.
 */
#ifndef _WARDENCTL_LINES_H
#define _WARDENCTL_LINES_H

#include <stdio.h>

/* Lines are at most this long (the newline not counted) ... */
#define WCTL_LINE_MAX	4095
/* ... and hold at most this many words. */
#define WCTL_WORDS_MAX	63

/*
 * One line's words; 0, or -1 with the reason in @msg (WCTL_ERR_LEN),
 * which the reader prefixes with "line N: ".
 */
typedef int (*wctl_line_fn)(int argc, char **argv, unsigned long lineno, void *arg, char *msg);

/*
 * Call @fn for each line of @in that holds words: blank lines and lines
 * whose first word starts with '#' are skipped. Stops at the first error:
 * -1 with "line N: why" in @err (WCTL_ERR_LEN); @what names the input in
 * a read error ("the batch from standard input").
 */
int wctl_lines_read(FILE *in, const char *what, wctl_line_fn fn, void *arg, char *err);

#endif /* _WARDENCTL_LINES_H */
