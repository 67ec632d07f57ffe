// SPDX-License-Identifier: GPL-2.0
/*
 * `wardenctl trace cwnd --plot FILE`: cwnd and ssthresh against time per
 * flow, with the congestion events marked, drawn by gnuplot (SVG or PNG).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/cli.h"
#include "lib/util.h"
#include "lib/vec.h"
#include "trace/env.h"
#include "trace/plot.h"

#define PLOT_MAX_FLOWS		8
#define PLOT_MAX_SAMPLES	(4 << 20)
#define INFINITE_SSTHRESH	0x7fffffff

struct plot_sample {
	uint64_t ts_ns;
	uint32_t cwnd;
	uint32_t ssthresh;
	uint8_t flow;
	uint8_t type;
	uint8_t ca_state;
	uint8_t reason;
};

struct plot_flow {
	struct warden_tuple t;
	uint64_t netns;
	uint8_t last_ca;
};

struct wtr_plot {
	const char *file;
	struct plot_sample *s;
	size_t n, cap;
	struct plot_flow flows[PLOT_MAX_FLOWS];
	unsigned int nflows;
	uint64_t dropped_flows;	/* samples of flows beyond PLOT_MAX_FLOWS */
	bool truncated;
};

int wtr_plot_check(const char *file)
{
	const char *slash = strrchr(file, '/');
	char dir[4096];

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == file ? 1 : (int)(slash - file), file);
	if (access(dir, W_OK | X_OK) == 0)
		return 0;
	if (errno == ENOENT || errno == ENOTDIR) {
		wctl_err("plot '%s': directory %s does not exist; give a path in an existing directory",
			 file, dir);
		return WCTL_EXIT_USAGE;
	}
	wctl_err("plot '%s': cannot write in %s: %s", file, dir, strerror(errno));
	return WCTL_EXIT_FAIL;
}

struct wtr_plot *wtr_plot_new(const char *file)
{
	struct wtr_plot *p = calloc(1, sizeof(*p));

	if (!p) {
		wctl_err("out of memory");
		return NULL;
	}
	p->file = file;
	return p;
}

static int flow_index(struct wtr_plot *p, const struct warden_event *e)
{
	unsigned int i;

	for (i = 0; i < p->nflows; i++)
		if (p->flows[i].netns == e->netns &&
		    !memcmp(&p->flows[i].t, &e->t, sizeof(e->t)))
			return i;
	if (p->nflows == PLOT_MAX_FLOWS)
		return -1;
	p->flows[i].t = e->t;
	p->flows[i].netns = e->netns;
	return p->nflows++;
}

void wtr_plot_add(struct wtr_plot *p, const struct warden_event *e)
{
	struct plot_sample *s;
	int f;

	if (e->type != WEV_CWND && e->type != WEV_WARDEN)
		return;
	f = flow_index(p, e);
	if (f < 0) {
		p->dropped_flows++;
		return;
	}
	s = p->n < PLOT_MAX_SAMPLES ? WCTL_PUSH(p->s, p->n, p->cap) : NULL;
	if (!s) {
		p->truncated = true;
		return;
	}
	s->ts_ns = e->ts_ns;
	s->cwnd = e->cwnd;
	s->ssthresh = e->ssthresh;
	s->flow = f;
	s->type = e->type;
	s->ca_state = e->ca_state;
	s->reason = e->reason;
}

/* Congestion events: entering Recovery (loss), Loss (RTO) or CWR (ECN). */
enum { MARK_LOSS, MARK_RTO, MARK_ECN, MARK_WLOSS, MARK_WRTO, MARK_WECN, MARK_WHYSTART,
	MARK_N };

static const char * const mark_title[MARK_N] = {
	"fast retransmit (Recovery)", "RTO (Loss)", "CWR (ECN or local drop)",
	"warden policy: loss", "warden policy: RTO", "warden policy: ECN",
	"warden: HyStart left slow start",
};

static const char * const mark_style[MARK_N] = {
	"pt 7 ps 0.8 lc rgb '#d62728'", "pt 9 ps 1.2 lc rgb '#000000'",
	"pt 5 ps 0.8 lc rgb '#9467bd'", "pt 6 ps 1.6 lc rgb '#d62728'",
	"pt 8 ps 1.8 lc rgb '#000000'", "pt 4 ps 1.6 lc rgb '#9467bd'",
	"pt 12 ps 1.8 lc rgb '#2ca02c'",
};

static int mark_of(struct wtr_plot *p, const struct plot_sample *s)
{
	struct plot_flow *f = &p->flows[s->flow];
	int m = -1;

	if (s->type == WEV_WARDEN)
		return s->reason <= 3 ? MARK_WLOSS + s->reason : -1;
	if (s->ca_state != f->last_ca) {
		if (s->ca_state == 3)
			m = MARK_LOSS;
		else if (s->ca_state == 4)
			m = MARK_RTO;
		else if (s->ca_state == 2)
			m = MARK_ECN;
	}
	f->last_ca = s->ca_state;
	return m;
}

static void write_script(struct wtr_plot *p, FILE *g, bool png)
{
	uint64_t t0 = p->s[0].ts_ns;
	bool have_mark[MARK_N] = {};
	char l[INET6_ADDRSTRLEN + 10], r[INET6_ADDRSTRLEN + 10];
	unsigned int f;
	size_t i;
	int m;

	fprintf(g, "set terminal %s size 1200,700 %s font 'sans,11'\n",
		png ? "pngcairo" : "svg", png ? "" : "dynamic background rgb 'white'");
	fprintf(g, "set output '%s'\n", p->file);
	fprintf(g, "set title 'cwnd and ssthresh per flow (wardenctl trace cwnd)'\n"
		   "set xlabel 'time (s)'\nset ylabel 'segments'\n"
		   "set key outside right top box\nset grid\nset yrange [0:*]\n");

	/* One data block per flow: time cwnd ssthresh (NaN: infinite). */
	for (f = 0; f < p->nflows; f++) {
		fprintf(g, "$flow%u << EOD\n", f);
		for (i = 0; i < p->n; i++) {
			const struct plot_sample *s = &p->s[i];

			if (s->flow != f || s->type != WEV_CWND)
				continue;
			fprintf(g, "%.6f %u ", (s->ts_ns - t0) / 1e9, s->cwnd);
			if (s->ssthresh >= INFINITE_SSTHRESH)
				fputs("NaN\n", g);
			else
				fprintf(g, "%u\n", s->ssthresh);
		}
		fputs("EOD\n", g);
	}
	for (m = 0; m < MARK_N; m++) {
		fprintf(g, "$mark%d << EOD\n", m);
		for (f = 0; f < p->nflows; f++)
			p->flows[f].last_ca = 0;
		for (i = 0; i < p->n; i++) {
			if (mark_of(p, &p->s[i]) != m)
				continue;
			have_mark[m] = true;
			fprintf(g, "%.6f %u\n", (p->s[i].ts_ns - t0) / 1e9, p->s[i].cwnd);
		}
		fputs("EOD\n", g);
	}

	fputs("plot ", g);
	for (f = 0; f < p->nflows; f++) {
		const struct warden_tuple *t = &p->flows[f].t;

		fprintf(g, "%s$flow%u using 1:2 with steps lw 2 lc %u title 'cwnd %s > %s', "
			   "$flow%u using 1:3 with steps dt 2 lw 1.5 lc %u title 'ssthresh'",
			f ? ", " : "", f, f + 1, wtr_endpoint(t, true, l, sizeof(l)),
			wtr_endpoint(t, false, r, sizeof(r)), f, f + 1);
	}
	for (m = 0; m < MARK_N; m++)
		if (have_mark[m])
			fprintf(g, ", $mark%d using 1:2 with points %s title '%s'", m,
				mark_style[m], mark_title[m]);
	fputc('\n', g);
}

int wtr_plot_finish(struct wtr_plot *p)
{
	const char *ext = strrchr(p->file, '.');
	bool png = ext && !strcmp(ext, ".png");
	struct stat st;
	FILE *g;
	int rc = 0, status;

	if (!p->n) {
		wctl_err("no cwnd samples for the chosen flows: nothing to plot (is traffic flowing? check the filters)");
		rc = WCTL_EXIT_FAIL;
		goto out;
	}
	if (p->truncated)
		wctl_err("plot limited to the first %zu samples", p->n);
	if (p->dropped_flows)
		wctl_err("plot shows the first %d flows only: narrow the filters (port) to choose",
			 PLOT_MAX_FLOWS);
	g = popen("gnuplot", "w");
	if (!g) {
		wctl_err("cannot run gnuplot (%s): install gnuplot-nox", strerror(errno));
		rc = WCTL_EXIT_FAIL;
		goto out;
	}
	write_script(p, g, png);
	status = pclose(g);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		wctl_err("gnuplot failed to draw %s%s", p->file,
			 WIFEXITED(status) && WEXITSTATUS(status) == 127 ?
			 ": gnuplot not installed (install gnuplot-nox)" : "");
		rc = WCTL_EXIT_FAIL;
	} else if (stat(p->file, &st) || !st.st_size) {
		wctl_err("gnuplot wrote no %s", p->file);
		rc = WCTL_EXIT_FAIL;
	} else {
		fprintf(stderr, "wardenctl: plotted %zu samples of %u flow(s) to %s\n",
			p->n, p->nflows, p->file);
	}
out:
	free(p->s);
	free(p);
	return rc;
}
