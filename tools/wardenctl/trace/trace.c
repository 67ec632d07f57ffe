// SPDX-License-Identifier: GPL-2.0
/*
 * wardenctl trace states|retrans|resets|handshake|cwnd: load that tool's
 * skeleton (bpf/NAME.bpf.c) with the filters baked into rodata, stream the
 * ring buffer as aligned columns or JSON Lines, and account for every
 * event the kernel could not queue. The steps: parse, load, attach, loop,
 * summary.
 */
#include <errno.h>
#include <getopt.h>
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
#include "lib/util.h"
#include "trace/env.h"
#include "trace/events.h"
#include "trace/filters.h"
#include "trace/maps.h"
#include "trace/plot.h"
#include "trace/since.h"
#include "trace/skel.h"

#define POLL_MS		50

static const char trace_usage[] =
	"trace states|retrans|resets|handshake|cwnd [-4|-6] [--port N]... [--pid PID]\n"
	"        [--cgroup PATH] [-n|--netns NAME] [--json] [--duration S] [--count N]\n"
	"        [--buffer MB] [cwnd: --plot FILE.svg|.png] [cwnd: --all]";

/* The command line. */
struct trace_opts {
	enum warden_trace_mode mode;
	const char *mode_name;
	int family;
	uint16_t ports[WARDEN_MAX_PORTS];
	uint32_t nports, pid, buffer_mb;
	uint32_t count;		/* stop after this many events (0: never) */
	uint32_t duration;	/* seconds (0: until interrupted) */
	const char *cgroup, *plot;
	bool all;
};

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

/* ---- parse ---------------------------------------------------------------- */

static const struct {
	const char *name;
	enum warden_trace_mode mode;
} modes[] = {
	{ "states", WMODE_STATES },
	{ "retrans", WMODE_RETRANS },
	{ "resets", WMODE_RESETS },
	{ "handshake", WMODE_HANDSHAKE },
	{ "cwnd", WMODE_CWND },
};

static void parse_mode(int argc, char **argv, struct trace_opts *o)
{
	unsigned int i;

	if (argc < 2)
		wctl_usage_err("trace needs a program: states, retrans, resets, handshake or cwnd");
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcmp(argv[1], modes[i].name))
			o->mode = modes[i].mode, o->mode_name = modes[i].name;
	if (o->mode)
		return;
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		printf("Usage: wardenctl %s\nSee wardenctl-trace(8).\n", trace_usage);
		exit(0);
	}
	wctl_usage_err("unknown trace program '%s': use states, retrans, resets, handshake or cwnd",
		       argv[1]);
}

/* One option of getopt_long() with its argument. */
static void parse_opt(int opt, struct trace_opts *o)
{
	uint32_t v;

	switch (opt) {
	case '4':
	case '6':
		o->family = opt == '4' ? AF_INET : AF_INET6;
		break;
	case 'p':
		if (o->nports == WARDEN_MAX_PORTS)
			wctl_usage_err("at most %d --port filters", WARDEN_MAX_PORTS);
		if (wctl_parse_u32(optarg, 1, 65535, &v))
			wctl_usage_err("--port '%s': give a port number 1..65535", optarg);
		o->ports[o->nports++] = v;
		break;
	case 'P':
		if (wctl_parse_u32(optarg, 1, INT32_MAX, &o->pid))
			wctl_usage_err("--pid '%s': give a process id", optarg);
		break;
	case 'c':
		o->cgroup = optarg;
		break;
	case 'd':
		if (wctl_parse_u32(optarg, 1, 86400 * 365, &o->duration))
			wctl_usage_err("--duration '%s': give whole seconds >= 1", optarg);
		break;
	case 'C':
		if (wctl_parse_u32(optarg, 1, UINT32_MAX, &o->count))
			wctl_usage_err("--count '%s': give a number of events >= 1", optarg);
		break;
	case 'o':
		o->plot = optarg;
		break;
	case 'a':
		o->all = true;
		break;
	case 'b':
		if (wctl_parse_u32(optarg, 1, 1024, &o->buffer_mb) ||
		    (o->buffer_mb & (o->buffer_mb - 1)))
			wctl_usage_err("--buffer '%s': give a power of two in MiB, 1..1024", optarg);
		break;
	}
}

/* -n/--netns and -j/--json are global options (lib/cli.c). */
static void parse(int argc, char **argv, struct trace_opts *o)
{
	static const struct option longopts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "pid", required_argument, NULL, 'P' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ "duration", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'C' },
		{ "plot", required_argument, NULL, 'o' },
		{ "all", no_argument, NULL, 'a' },
		{ "buffer", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	char cmd[32];
	int opt;

	memset(o, 0, sizeof(*o));
	o->buffer_mb = 8;
	parse_mode(argc, argv, o);
	snprintf(cmd, sizeof(cmd), "trace %s", o->mode_name);
	argc--;
	argv++;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":46p:h", longopts, NULL)) != -1) {
		if (opt == '?' || opt == ':')
			wctl_getopt_fail(opt, argv, cmd, "wardenctl-trace(8)");
		if (opt == 'h') {
			printf("Usage: wardenctl %s\nSee wardenctl-trace(8).\n", trace_usage);
			exit(0);
		}
		parse_opt(opt, o);
	}
	if (optind < argc)
		wctl_usage_err("unexpected argument '%s'; see wardenctl-trace(8)", argv[optind]);
	if (o->plot && o->mode != WMODE_CWND)
		wctl_usage_err("--plot works with 'trace cwnd' only");
	if (o->all && o->mode != WMODE_CWND)
		wctl_usage_err("--all works with 'trace cwnd' only");
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
	/* -n NETNS: main entered it; trace only that namespace. */
	if (wctl_opts.netns) {
		rc = wtr_netns_cookie(&c->netns_cookie);
		if (rc)
			return rc;
	}
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
	for (i = 0; i < o->nports; i++)
		cfg->ports[i] = o->ports[i];
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
			wj_bool(j, "warden_tracepoint", c->warden_attached);
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
	bpf_link__destroy(c->warden_link);
	wtr_skel_destroy(&c->skel);
}

static int cmd_trace(int argc, char **argv)
{
	struct trace_ctx c = { 0 };
	int rc;

	parse(argc, argv, &c.o);
	wtr_out_init(&c.out, c.o.mode, wctl_opts.json, c.o.family);
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
WCTL_COMMAND(trace, cmd_trace, trace_usage);
