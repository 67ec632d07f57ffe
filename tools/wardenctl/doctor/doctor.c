// SPDX-License-Identifier: GPL-2.0
/*
 * wardenctl doctor: every check runs, each finding is one line (or one
 * JSON object) with what to do, and the exit status says whether the host
 * is fit: 0 without errors, 1 with any.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctor/doctor.h"
#include "lib/json.h"
#include "lib/util.h"
#include "lib/vec.h"

static const char *const level_names[] = {
	[DOC_OK] = "ok", [DOC_INFO] = "info", [DOC_WARN] = "warning", [DOC_ERROR] = "error",
};

void doc_add(struct doc_report *r, enum doc_level level, const char *check, const char *action,
	     const char *fmt, ...)
{
	struct doc_finding *f = WCTL_PUSH(r->f, r->n, r->cap);
	va_list ap;

	if (!f)
		wctl_oom();
	f->level = level;
	f->check = check;
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof(f->message), fmt, ap);
	va_end(ap);
	snprintf(f->action, sizeof(f->action), "%s", action ? action : "");
}

int doc_read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	int rc = -1;

	if (!f)
		return -1;
	if (fgets(buf, (int)len, f)) {
		buf[strcspn(buf, "\n")] = '\0';
		rc = 0;
	}
	fclose(f);
	return rc;
}

static size_t count(const struct doc_report *r, enum doc_level level)
{
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
		n += r->f[i].level == level;
	return n;
}

static void print_json(const struct doc_report *r)
{
	struct wctl_json j;
	size_t i;

	wj_init(&j, stdout);
	wj_obj_open(&j, NULL);
	wj_bool(&j, "fit", !count(r, DOC_ERROR));
	wj_u64(&j, "errors", count(r, DOC_ERROR));
	wj_u64(&j, "warnings", count(r, DOC_WARN));
	wj_arr_open(&j, "findings");
	for (i = 0; i < r->n; i++) {
		wj_obj_open(&j, NULL);
		wj_str(&j, "check", r->f[i].check);
		wj_str(&j, "level", level_names[r->f[i].level]);
		wj_str(&j, "message", r->f[i].message);
		wj_str(&j, "action", r->f[i].action[0] ? r->f[i].action : NULL);
		wj_obj_close(&j);
	}
	wj_arr_close(&j);
	wj_obj_close(&j);
	wj_end(&j);
}

static void print_text(const struct doc_report *r)
{
	size_t i, e = count(r, DOC_ERROR), w = count(r, DOC_WARN);

	for (i = 0; i < r->n; i++)
		printf("%-7s %-12s %s%s%s\n", level_names[r->f[i].level], r->f[i].check,
		       r->f[i].message, r->f[i].action[0] ? "; " : "", r->f[i].action);
	printf("%s: %zu error%s, %zu warning%s\n", e ? "unfit" : "fit", e, e == 1 ? "" : "s", w,
	       w == 1 ? "" : "s");
}

static int cmd_doctor(int argc, char **argv)
{
	struct doc_report r = { .metrics_save = -1 };
	char err[WCTL_ERR_LEN];
	int rc;

	if (doc_parse(argc - 1, argv + 1, err))
		return wctl_usage(err);
	doc_check_module(&r);
	doc_check_host(&r);
	doc_check_routes(&r);
	if (wctl_opts.json)
		print_json(&r);
	else
		print_text(&r);
	rc = count(&r, DOC_ERROR) ? WCTL_EXIT_FAIL : 0;
	free(r.f);
	return rc;
}
WCTL_COMMAND(doctor, &doc_node, cmd_doctor, "wardenctl-doctor(8)");
