// SPDX-License-Identifier: GPL-2.0
/*
 * wardenctl trace states|retrans|resets|handshake|cwnd: load that tool's
 * skeleton (bpf/NAME.bpf.c) with the filters baked into rodata, stream the
 * ring buffer as aligned columns or JSON Lines, and account for every
 * event the kernel could not queue. The steps: parse (parse.c), load,
 * attach, loop, summary.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "lib/cli.h"
#include "lib/json.h"
#include "lib/netns.h"
#include "lib/util.h"
#include "trace/env.h"
#include "trace/events.h"
#include "trace/filters.h"
#include "trace/maps.h"
#include "trace/parse.h"
#include "trace/plot.h"
#include "trace/since.h"
#include "trace/skel.h"

#define POLL_MS		50

/* One run. */
struct trace_ctx {
	struct trace_opts o;
	uint64_t cgroup_id, netns_cookie;
	struct wtr_skel skel;
	struct bpf_link *warden_link;	/* attached by hand: see attach() */
	struct ring_buffer *rb;
	struct wtr_out out;
	uint64_t events;
	struct wtr_plot *plot;
	bool warden_attached;
	bool user_since;	/* time in state and close ports: wtr_since */
	struct wtr_since *since;
};

static volatile sig_atomic_t stop;
/* stdout's buffer while tracing: one write(2) per batch of lines */
static char outbuf[1 << 18];

static void on_signal(int sig)
{
	stop = 1;
}

/* What the filters name must exist before anything is loaded. */
static int resolve_filters(struct trace_ctx *c)
{
	int rc;

	if (c->o.plot) {
		rc = wtr_plot_check(c->o.plot);
		if (rc)
			return rc;
	}
	/*
	 * The netns it runs in (-n NETNS: main entered that one), unless
	 * all-netns: then the output names each namespace.
	 */
	if (!c->o.all_netns) {
		rc = wctl_netns_cookie(&c->netns_cookie);
		if (rc)
			return rc;
	}
	rc = wtr_netns_names(c->o.all_netns, &c->out.names);
	if (rc)
		return rc;
	if (c->o.cgroup)
		return wtr_cgroup_id(c->o.cgroup, &c->cgroup_id);
	return 0;
}

/* ---- load ------------------------------------------------------------------ */

/* The filters go into rodata; only what this run needs is loaded. */
static int open_skel(struct trace_ctx *c, bool fentry)
{
	const struct trace_opts *o = &c->o;
	struct wtr_skel *w = &c->skel;
	struct warden_trace_cfg *cfg;
	struct bpf_program *p;
	bool pid_only;
	uint32_t i;
	int err;

	err = wtr_skel_open(w, o->mode);
	if (err)
		return err;
	cfg = w->cfg;
	cfg->family = o->family;
	cfg->nports = o->nports;
	for (i = 0; i < o->nports; i++) {
		cfg->ports[i].lo = o->ports[i].lo;
		cfg->ports[i].hi = o->ports[i].hi;
	}
	cfg->pid = o->pid;
	cfg->cgroup = c->cgroup_id;
	cfg->netns = c->netns_cookie;
	cfg->cwnd_all = o->all;
	/* big batches, measured 2 points cheaper on churn; POLL_MS bounds delay */
	cfg->wakeup_every = warden_wakeup_every((uint64_t)o->buffer_mb << 20,
						libbpf_num_possible_cpus());
	c->user_since = o->mode == WMODE_STATES && !o->nports;
	cfg->kernel_since = !c->user_since;
	bpf_map__set_max_entries(w->events, o->buffer_mb << 20);

	/* Outside states and handshake the state programs serve --pid alone. */
	pid_only = o->mode != WMODE_STATES && o->mode != WMODE_HANDSHAKE;
	bpf_program__set_autoload(w->on_state, !pid_only || o->pid);
	bpf_program__set_autoload(w->on_state_nested, !pid_only || o->pid);
	p = bpf_object__find_program_by_name(w->obj, "on_reqsk_hash");
	if (p)
		bpf_program__set_autoload(p, fentry &&
					  wtr_kernel_has_func("inet_csk_reqsk_queue_hash_add"));
	/* Present only while tcp_warden.ko is loaded: attached by hand, if at all. */
	p = bpf_object__find_program_by_name(w->obj, "on_warden_ssthresh");
	if (p)
		bpf_program__set_autoattach(p, false);
	return 0;
}

static int load(struct trace_ctx *c)
{
	struct bpf_program *fentry;
	unsigned int i;
	int err = 0;

	if (!wtr_have_btf())
		return WCTL_EXIT_FAIL;
	wtr_libbpf_quiet();
	/* fentry is not allowed everywhere: retry without it. */
	for (i = 0; i < 2; i++) {
		err = open_skel(c, i == 0);
		if (err)
			return wtr_bpf_error("cannot open the tracing programs", err);
		err = wtr_skel_load(&c->skel);
		fentry = bpf_object__find_program_by_name(c->skel.obj, "on_reqsk_hash");
		if (!err || !fentry || !bpf_program__autoload(fentry))
			break;
		wtr_skel_destroy(&c->skel);
	}
	if (err)
		return wtr_bpf_error("cannot load the tracing programs", err);
	return 0;
}

/* ---- attach ---------------------------------------------------------------- */

static int attach(struct trace_ctx *c)
{
	struct bpf_program *p;
	const char *failed;
	char what[96];
	int err;

	err = wtr_skel_attach(&c->skel, &failed);
	if (err) {
		snprintf(what, sizeof(what), "cannot attach %s", failed);
		return wtr_bpf_error(what, err);
	}
	if (c->o.mode != WMODE_CWND)
		return 0;
	/* The module's tracepoint: its absence is no error, only a note. */
	p = bpf_object__find_program_by_name(c->skel.obj, "on_warden_ssthresh");
	c->warden_link = p ? bpf_program__attach(p) : NULL;
	c->warden_attached = c->warden_link;
	if (!c->out.json)
		fprintf(stderr, "wardenctl: %s\n", c->warden_attached ?
			"tcp_warden:warden_ssthresh attached" :
			"tcp_warden:warden_ssthresh not present (module not loaded): tracing cwnd only");
	return 0;
}

/* ---- loop ------------------------------------------------------------------ */

static int on_event(void *ctx, void *data, size_t len)
{
	struct trace_ctx *c = ctx;
	const struct warden_event *e = data;
	struct warden_event copy;

	if (len < sizeof(*e))
		return 0;
	if (c->o.count && c->events >= c->o.count)
		return 1;	/* stop consuming: enough */
	c->events++;
	if (c->since && e->type == WEV_STATE) {
		copy = *e;
		wtr_since_apply(c->since, &copy);
		e = &copy;
	}
	if (c->plot)
		wtr_plot_add(c->plot, e);
	if (c->plot && !c->out.json)
		return 0;	/* a plot run prints only the summary */
	wtr_out_event(&c->out, e);
	return 0;
}

/* The plot, the socket table and the ring buffer the loop feeds. */
static int prepare_loop(struct trace_ctx *c)
{
	if (c->o.plot) {
		c->plot = wtr_plot_new(c->o.plot);
		if (!c->plot)
			return WCTL_EXIT_FAIL;
	}
	if (c->user_since) {
		c->since = wtr_since_new();
		if (!c->since) {
			wctl_err("out of memory");
			return WCTL_EXIT_FAIL;
		}
	}
	c->rb = ring_buffer__new(bpf_map__fd(c->skel.events), on_event, c, NULL);
	if (!c->rb)
		return wtr_bpf_error("cannot set up the ring buffer", errno);
	return 0;
}

/* Tell scripts the probes are live before they start traffic. */
static void tell_ready(void)
{
	const char *s = getenv("WARDENCTL_READY_FD");
	int fd = s ? atoi(s) : -1;

	if (fd > 2 && write(fd, "ready\n", 6) == 6)
		close(fd);
}

static bool done(struct trace_ctx *c, const struct timespec *start)
{
	struct timespec now;

	if (c->o.count && c->events >= c->o.count)
		return true;
	if (!c->o.duration)
		return false;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec - start->tv_sec + (now.tv_nsec - start->tv_nsec) / 1e9 >= c->o.duration;
}

static int loop(struct trace_ctx *c)
{
	struct timespec start;
	int err, rc = 0;

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, on_signal);
	/*
	 * The loop flushes after each batch: no write(2) per 4 KiB in between.
	 * glibc ignores the size unless it is given the buffer.
	 */
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	/* a plot run prints only the summary, and that on stderr */
	if (!c->plot)
		wtr_out_header(&c->out);
	tell_ready();
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!stop) {
		/* Producers wake us only for a full batch: consume anyway. */
		err = ring_buffer__poll(c->rb, POLL_MS);
		if (err >= 0 && (!c->o.count || c->events < c->o.count))
			err = ring_buffer__consume(c->rb);
		if (err < 0 && err != -EINTR) {
			rc = wtr_bpf_error("reading the ring buffer failed", err);
			break;
		}
		if (done(c, &start))
			break;
		/* Lines reach a pipe within one poll period, in whole batches. */
		fflush(stdout);
	}
	/* Whatever is queued was traced within the run: drain it. */
	if (!c->o.count || c->events < c->o.count)
		ring_buffer__consume(c->rb);
	return rc;
}

/* ---- summary --------------------------------------------------------------- */

static int map_fd(const struct bpf_object *obj, const char *name)
{
	return bpf_map__fd(bpf_object__find_map_by_name(obj, name));
}

static int summary(struct trace_ctx *c, int rc)
{
	struct wctl_json *j = &c->out.j;
	struct bpf_object *obj = c->skel.obj;
	uint64_t lost, missed;
	int prc;

	/* the tools' own summary maps */
	if (c->o.mode == WMODE_HANDSHAKE)
		wtr_print_hists(&c->out, map_fd(obj, "hists"));
	if (c->o.mode == WMODE_RETRANS)
		wtr_print_retrans_flows(&c->out, map_fd(obj, "retrans_count"));
	if (c->plot) {
		prc = wtr_plot_finish(c->plot);
		c->plot = NULL;
		if (prc && !rc)
			rc = prc;
	}
	lost = wtr_sum_percpu(bpf_map__fd(c->skel.drops), sizeof(uint64_t), 0);
	missed = wtr_prog_misses(obj, bpf_map__fd(c->skel.nesting));
	if (c->out.json) {
		wj_obj_open(j, NULL);
		wj_str(j, "type", "summary");
		wj_str(j, "program", c->o.mode_name);
		wj_u64(j, "events", c->events);
		wj_u64(j, "lost", lost);
		wj_u64(j, "missed", missed);
		if (c->o.mode == WMODE_CWND)
			wj_bool(j, "warden-tracepoint", c->warden_attached);
		wj_obj_close(j);
		wj_end(j);
	} else {
		fflush(stdout);
		fprintf(stderr, "%" PRIu64 " events, %" PRIu64 " lost%s, %" PRIu64 " missed%s\n",
			c->events, lost,
			lost ? " (ring buffer full: raise --buffer or narrow the filters)" : "",
			missed, missed ? " (kernel skipped nested runs of a program)" : "");
	}
	fflush(stdout);
	return rc;
}

static void cleanup(struct trace_ctx *c)
{
	ring_buffer__free(c->rb);
	wtr_since_free(c->since);
	wtr_netns_names_free(&c->out.names);
	bpf_link__destroy(c->warden_link);
	wtr_skel_destroy(&c->skel);
}

static int cmd_trace(int argc, char **argv)
{
	char err[WCTL_ERR_LEN];
	struct trace_ctx c = { 0 };
	int rc;

	if (wtr_parse(argc - 1, argv + 1, &c.o, err))
		return wctl_usage(err);
	wtr_out_init(&c.out, c.o.mode, wctl_opts.json, c.o.family, c.o.all_netns);
	rc = resolve_filters(&c);
	if (!rc)
		rc = load(&c);
	if (!rc)
		rc = attach(&c);
	if (!rc)
		rc = prepare_loop(&c);
	if (!rc)
		rc = summary(&c, loop(&c));
	cleanup(&c);
	return rc;
}
WCTL_COMMAND(trace, &trace_node, cmd_trace, "wardenctl-trace(8)");
