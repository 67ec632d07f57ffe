/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wardenctl doctor: checks of the host, each a finding with a level and
 * what to do (doctor.c gathers and prints them). An error makes the host
 * unfit (exit 1): the module is missing or would be refused. A warning is
 * a part that will not work as configured; info is a fact worth knowing.
 */
#ifndef _WARDENCTL_DOCTOR_H
#define _WARDENCTL_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/cli.h"

enum doc_level { DOC_OK, DOC_INFO, DOC_WARN, DOC_ERROR };

struct doc_finding {
	enum doc_level level;
	const char *check;	/* its JSON name: "module", "route", ... */
	char message[400];
	char action[400];	/* what to do; "" when nothing */
};

struct doc_report {
	struct doc_finding *f;
	size_t n, cap;
	/* facts later checks use */
	bool module_loaded;	/* loaded, or built in */
	int metrics_save;	/* tcp_no_ssthresh_metrics_save, -1: unknown */
};

/* A finding; @action (printf-free) may be NULL. */
void doc_add(struct doc_report *r, enum doc_level level, const char *check, const char *action,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The first line of file @path into @buf (newline removed): 0, or -1. */
int doc_read_line(const char *path, char *buf, size_t len);

/* The checks, in the order they are printed. */
void doc_check_module(struct doc_report *r);	/* module.c: loaded, file, signature */
void doc_check_host(struct doc_report *r);	/* host.c: BTF, sysctls, conntrack, fs, agent */
void doc_check_routes(struct doc_report *r);	/* routes.c: route metrics */

/* The grammar of `doctor` (parse.c): no arguments. */
extern const struct wctl_node doc_node;
int doc_parse(int argc, char **argv, char *err);

#endif /* _WARDENCTL_DOCTOR_H */
