// SPDX-License-Identifier: GPL-2.0
/*
 * wardenctl trace states|retrans|resets|handshake|cwnd: load the matching
 * programs of trace.bpf.c with the filters baked into rodata, stream the
 * ring buffer as aligned columns or JSON Lines, and account for every
 * event the kernel could not queue.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/vfs.h>
#include <netinet/tcp.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "wardenctl.h"
#include "trace.h"
#include "trace.skel.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

#define CGROUP2_MAGIC	0x63677270
#define POLL_MS		50

struct trace_ctx {
	enum warden_trace_mode mode;
	const char *mode_name;
	bool json;
	int family;
	uint32_t count;		/* stop after this many events (0: never) */
	uint32_t duration;	/* seconds (0: until interrupted) */
	uint64_t events;
	int addr_width;
	struct wctl_json j;
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

static const char *ev_type_name(unsigned int type)
{
	switch (type) {
	case WEV_STATE:		return "state";
	case WEV_RETRANS:	return "retransmit";
	case WEV_SYNACK_RETRANS: return "synack_retransmit";
	case WEV_RESET_TX:	return "reset_sent";
	case WEV_RESET_RX:	return "reset_received";
	case WEV_HANDSHAKE:	return "handshake";
	case WEV_CWND:		return "cwnd";
	case WEV_WARDEN:	return "warden_ssthresh";
	}
	return "unknown";
}

/*
 * The classic causes of a reset, told apart by direction, the socket's
 * state and the segment that drew it.
 */
static const char *reset_cause(const struct warden_event *e)
{
	if (e->type == WEV_RESET_RX) {
		switch (e->state) {
		case TCP_SYN_SENT:
			return "refused: closed port";
		case TCP_ESTABLISHED:
			return "peer reset: peer lost state or aborted";
		default:
			return "peer reset while closing";
		}
	}
	if (e->flags & WEV_F_NOSK)
		return e->flags & WEV_F_SYN ? "closed port: no listener"
					    : "no socket: half-open peer";
	if (e->flags & WEV_F_ACTIVE)
		return "local abort: close with unread data or SO_LINGER 0";
	switch (e->state) {
	case TCP_LISTEN:
		return "no connection: half-open peer";
	case TCP_FIN_WAIT1:
	case TCP_FIN_WAIT2:
	case TCP_TIME_WAIT:
	case TCP_CLOSING:
	case TCP_LAST_ACK:
	case TCP_CLOSE:
		return "data on a closed socket";
	default:
		return "bad segment";
	}
}

static const char *reason_name(unsigned int r)
{
	static const char * const names[] = { "loss", "rto", "ecn" };

	return r < 3 ? names[r] : "unknown";
}

static void json_tuple(struct wctl_json *j, const struct warden_event *e)
{
	char a[INET6_ADDRSTRLEN];

	wj_str(j, "family", e->t.family == AF_INET6 ? "inet6" : "inet");
	wj_str(j, "saddr", wtr_addr(&e->t, true, a, sizeof(a)));
	wj_u64(j, "sport", e->t.sport);
	wj_str(j, "daddr", wtr_addr(&e->t, false, a, sizeof(a)));
	wj_u64(j, "dport", e->t.dport);
}

static void print_json(struct trace_ctx *c, const struct warden_event *e)
{
	struct wctl_json *j = &c->j;

	wj_obj_open(j, NULL);
	wj_str(j, "type", ev_type_name(e->type));
	wj_u64(j, "time_us", (uint64_t)(wtr_realtime(e->ts_ns) * 1e6));
	wj_u64(j, "ts_ns", e->ts_ns);
	if (e->cookie)
		wj_u64(j, "cookie", e->cookie);
	else
		wj_null(j, "cookie");
	wj_u64(j, "netns", e->netns);
	wj_u64(j, "cgroup", e->cgroup);
	json_tuple(j, e);
	switch (e->type) {
	case WEV_STATE:
		wj_str(j, "oldstate", wtr_state_name(e->oldstate));
		wj_str(j, "newstate", wtr_state_name(e->state));
		if (e->flags & WEV_F_DELTA)
			wj_u64(j, "in_old_ns", e->delta_ns);
		else
			wj_null(j, "in_old_ns");
		if (e->flags & WEV_F_TW)
			wj_str(j, "timewait", wtr_state_name(e->substate));
		break;
	case WEV_RETRANS:
	case WEV_SYNACK_RETRANS:
		wj_str(j, "state", wtr_state_name(e->state));
		wj_u64(j, "count", e->count);
		break;
	case WEV_RESET_TX:
	case WEV_RESET_RX:
		if (e->flags & WEV_F_NOSK)
			wj_null(j, "state");
		else
			wj_str(j, "state", wtr_state_name(e->state));
		wj_bool(j, "syn", e->flags & WEV_F_SYN);
		wj_bool(j, "active", e->flags & WEV_F_ACTIVE);
		wj_str(j, "cause", reset_cause(e));
		break;
	case WEV_HANDSHAKE:
		wj_str(j, "side", e->flags & WEV_F_SERVER ? "server" : "client");
		wj_u64(j, "latency_ns", e->delta_ns);
		break;
	case WEV_CWND:
	case WEV_WARDEN:
		wj_str(j, "state", wtr_state_name(e->state));
		wj_str(j, "ca_state", wtr_ca_state_name(e->ca_state));
		wj_u64(j, "cwnd", e->cwnd);
		wj_u64(j, "ssthresh", e->ssthresh);
		wj_u64(j, "srtt_us", e->srtt_us);
		if (e->type == WEV_WARDEN) {
			wj_u64(j, "policy_id", e->policy_id);
			wj_str(j, "reason", reason_name(e->reason));
		}
		break;
	}
	if (e->flags & WEV_F_PID) {
		wj_u64(j, "pid", e->pid);
		wj_str(j, "comm", e->comm);
	} else {
		wj_null(j, "pid");
		wj_null(j, "comm");
	}
	wj_obj_close(j);
	wj_end(j);
}

static void line_time(struct wtr_line *l, const struct warden_event *e)
{
	static time_t last = -1;
	static char hms[16];
	static size_t hms_len;
	uint64_t ns = wtr_realtime_ns(e->ts_ns);
	time_t sec = ns / 1000000000;
	char n[WCTL_NUM_LEN];
	const char *us;
	struct tm tm;

	/* events arrive in bursts: format the second once */
	if (sec != last) {
		localtime_r(&sec, &tm);
		hms_len = strftime(hms, sizeof(hms), "%H:%M:%S.", &tm);
		last = sec;
	}
	wl_put(l, hms, hms_len);
	/* microseconds, zero-padded to six digits: 1000000 + us, less the 1 */
	us = wctl_fixed(ns % 1000000000 / 1000 + 1000000, 0, n + sizeof(n)) + 1;
	wl_put(l, us, 6);
	wl_put(l, " ", 1);
}

static void print_header(struct trace_ctx *c)
{
	int w = c->addr_width;

	if (c->json)
		return;
	printf("%-15s ", "TIME");
	switch (c->mode) {
	case WMODE_STATES:
		printf("%-7s %-15s %-*s %-*s %-11s    %-11s %10s %s\n", "PID", "COMM",
		       w, "LOCAL", w, "REMOTE", "OLDSTATE", "NEWSTATE", "MS", "NOTE");
		break;
	case WMODE_RETRANS:
		printf("%-17s %-*s %-*s %-12s %6s\n", "EVENT", w, "LOCAL", w, "REMOTE",
		       "STATE", "COUNT");
		break;
	case WMODE_RESETS:
		printf("%-4s %-*s %-*s %-12s %s\n", "DIR", w, "LOCAL", w, "REMOTE", "STATE",
		       "CAUSE");
		break;
	case WMODE_HANDSHAKE:
		printf("%-6s %-*s %-*s %12s\n", "SIDE", w, "LOCAL", w, "REMOTE", "LATENCY_US");
		break;
	case WMODE_CWND:
		printf("%-*s %-*s %-11s %-8s %8s %10s %9s %s\n", w, "LOCAL", w, "REMOTE",
		       "STATE", "CA", "CWND", "SSTHRESH", "SRTT_US", "NOTE");
		break;
	}
	fflush(stdout);
}

static void print_text(struct trace_ctx *c, const struct warden_event *e)
{
	struct wtr_line l;
	int w = c->addr_width;

	wl_init(&l);
	line_time(&l, e);
	switch (e->type) {
	case WEV_STATE:
		if (e->flags & WEV_F_PID) {
			wl_owner(&l, e->pid, e->comm);
		} else {
			wl_leftn(&l, "-", 1, 7);
			wl_put(&l, " ", 1);
			wl_leftn(&l, "-", 1, 15);
		}
		wl_put(&l, " ", 1);
		wl_flow(&l, &e->t, w);
		wl_state(&l, e->oldstate, 11);
		wl_put(&l, " -> ", 4);
		wl_state(&l, e->state, 11);
		wl_put(&l, " ", 1);
		/* milliseconds with three decimals, rounded */
		if (e->flags & WEV_F_DELTA)
			wl_fixed(&l, (e->delta_ns + 500) / 1000, 3, 10, false);
		else
			wl_rightn(&l, "-", 1, 10);
		if (e->flags & WEV_F_TW) {
			wl_str(&l, " timewait:");
			wl_state(&l, e->substate, 0);
		}
		break;
	case WEV_RETRANS:
	case WEV_SYNACK_RETRANS:
		wl_left(&l, ev_type_name(e->type), 17);
		wl_str(&l, " ");
		wl_flow(&l, &e->t, w);
		wl_state(&l, e->state, 12);
		wl_str(&l, " ");
		wl_u64(&l, e->count, 6);
		break;
	case WEV_RESET_TX:
	case WEV_RESET_RX:
		wl_left(&l, e->type == WEV_RESET_TX ? "TX" : "RX", 4);
		wl_str(&l, " ");
		wl_flow(&l, &e->t, w);
		if (e->flags & WEV_F_NOSK)
			wl_leftn(&l, "-", 1, 12);
		else
			wl_state(&l, e->state, 12);
		wl_str(&l, " ");
		wl_str(&l, reset_cause(e));
		break;
	case WEV_HANDSHAKE:
		wl_left(&l, e->flags & WEV_F_SERVER ? "server" : "client", 6);
		wl_str(&l, " ");
		wl_flow(&l, &e->t, w);
		/* microseconds with one decimal, rounded */
		wl_fixed(&l, (e->delta_ns + 50) / 100, 1, 12, false);
		break;
	case WEV_CWND:
	case WEV_WARDEN:
		wl_flow(&l, &e->t, w);
		wl_state(&l, e->state, 11);
		wl_str(&l, " ");
		wl_left(&l, wtr_ca_state_name(e->ca_state), 8);
		wl_str(&l, " ");
		wl_u64(&l, e->cwnd, 8);
		wl_str(&l, " ");
		wl_u64(&l, e->ssthresh, 10);
		wl_str(&l, " ");
		wl_u64(&l, e->srtt_us, 9);
		wl_str(&l, " ");
		if (e->type == WEV_WARDEN) {
			wl_str(&l, "warden policy=");
			wl_u64(&l, e->policy_id, 0);
			wl_str(&l, " reason=");
			wl_str(&l, reason_name(e->reason));
		}
		break;
	}
	wl_str(&l, "\n");
	fwrite_unlocked(l.buf, 1, l.n, stdout);	/* one thread */
}

static int on_event(void *ctx, void *data, size_t len)
{
	struct trace_ctx *c = ctx;
	const struct warden_event *e = data;
	struct warden_event copy;

	if (len < sizeof(*e))
		return 0;
	if (c->count && c->events >= c->count)
		return 1;	/* stop consuming: enough */
	c->events++;
	if (c->since && e->type == WEV_STATE) {
		copy = *e;
		wtr_since_apply(c->since, &copy);
		e = &copy;
	}
	if (c->plot)
		wtr_plot_add(c->plot, e);
	if (c->plot && !c->json)
		return 0;	/* a plot run prints only the summary */
	if (c->json)
		print_json(c, e);
	else
		print_text(c, e);
	return 0;
}

/* The sum over CPUs of the u64 at @off in entry 0's @size-byte values. */
static uint64_t sum_percpu(int fd, size_t size, size_t off)
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t v, sum = 0;
	uint32_t key = 0;
	char *vals;
	int i;

	size = (size + 7) & ~(size_t)7;	/* the kernel's per-CPU stride */
	if (ncpu <= 0)
		return 0;
	vals = calloc(ncpu, size);
	if (!vals)
		return 0;
	if (!bpf_map_lookup_elem(fd, &key, vals))
		for (i = 0; i < ncpu; i++) {
			memcpy(&v, vals + i * size + off, sizeof(v));
			sum += v;
		}
	free(vals);
	return sum;
}

static void print_hists(struct trace_ctx *c, int fd)
{
	struct warden_hist_key key, next, *prev = NULL;
	struct warden_hist h;
	int i, last;

	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &h))
			continue;
		for (last = WARDEN_HIST_SLOTS - 1; last > 0 && !h.slots[last]; last--)
			;
		if (c->json) {
			wj_obj_open(&c->j, NULL);
			wj_str(&c->j, "type", "histogram");
			wj_str(&c->j, "side", key.server ? "server" : "client");
			wj_u64(&c->j, "port", key.port);
			wj_u64(&c->j, "count", h.count);
			wj_u64(&c->j, "sum_ns", h.sum_ns);
			wj_arr_open(&c->j, "buckets");
			for (i = 0; i <= last; i++) {
				wj_obj_open(&c->j, NULL);
				wj_u64(&c->j, "lo_us", i ? 1ULL << i : 0);
				wj_u64(&c->j, "hi_us", (2ULL << i) - 1);
				wj_u64(&c->j, "count", h.slots[i]);
				wj_obj_close(&c->j);
			}
			wj_arr_close(&c->j);
			wj_obj_close(&c->j);
			wj_end(&c->j);
			continue;
		}
		uint64_t max = 0;

		for (i = 0; i <= last; i++)
			if (h.slots[i] > max)
				max = h.slots[i];
		printf("\n%s port %u: %llu handshakes, avg %.1f us\n",
		       key.server ? "server" : "client", key.port, (unsigned long long)h.count,
		       h.count ? h.sum_ns / 1e3 / h.count : 0);
		printf("%21s : %-8s %s\n", "usecs", "count", "distribution");
		for (i = 0; i <= last; i++) {
			int bar = max ? (int)(h.slots[i] * 40 / max) : 0;

			printf("%10llu -> %-8llu : %-8llu |%-40.*s|\n",
			       i ? 1ULL << i : 0ULL, (2ULL << i) - 1,
			       (unsigned long long)h.slots[i], bar,
			       "****************************************");
		}
	}
}

/*
 * Runs the kernel skipped because the program was already running on that
 * CPU (a tracepoint hit from an interrupt), less those the programs'
 * nested-run copies traced instead: events never seen, so reported. A skip
 * of a copy itself is not counted: its program ran for that event.
 */
static uint64_t prog_misses(struct trace_bpf *skel)
{
	struct bpf_program *p;
	uint64_t n = 0, recovered;

	bpf_object__for_each_program(p, skel->obj) {
		struct bpf_prog_info info = {};
		uint32_t len = sizeof(info);
		int fd = bpf_program__fd(p);

		if (p == skel->progs.on_state_nested || p == skel->progs.on_probe_nested)
			continue;
		if (fd >= 0 && !bpf_obj_get_info_by_fd(fd, &info, &len))
			n += info.recursion_misses;
	}
	recovered = sum_percpu(bpf_map__fd(skel->maps.nesting), sizeof(struct warden_nesting),
			       offsetof(struct warden_nesting, recovered));
	return n > recovered ? n - recovered : 0;
}

struct flow_key_u {
	uint64_t netns;
	struct warden_tuple t;
};

static void print_retrans_flows(struct trace_ctx *c, int fd)
{
	struct flow_key_u key, next, *prev = NULL;
	char l[INET6_ADDRSTRLEN + 10], r[INET6_ADDRSTRLEN + 10];
	uint32_t n;
	bool first = true;

	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &n))
			continue;
		if (c->json) {
			struct warden_event e = { .t = key.t, .netns = key.netns };

			wj_obj_open(&c->j, NULL);
			wj_str(&c->j, "type", "flow");
			wj_u64(&c->j, "netns", key.netns);
			json_tuple(&c->j, &e);
			wj_u64(&c->j, "retransmits", n);
			wj_obj_close(&c->j);
			wj_end(&c->j);
			continue;
		}
		if (first) {
			printf("\n%-*s %-*s %11s\n", c->addr_width, "LOCAL", c->addr_width,
			       "REMOTE", "RETRANSMITS");
			first = false;
		}
		printf("%-*s %-*s %11u\n", c->addr_width, wtr_endpoint(&key.t, true, l, sizeof(l)),
		       c->addr_width, wtr_endpoint(&key.t, false, r, sizeof(r)), n);
	}
}

static int netns_cookie_of(const char *name, uint64_t *cookie)
{
	socklen_t len = sizeof(*cookie);
	int self, rc, fd;

	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0) {
		wctl_err("cannot open /proc/self/ns/net: %s", strerror(errno));
		return WCTL_EXIT_FAIL;
	}
	if (name) {
		rc = wctl_netns_enter(name);
		if (rc) {
			close(self);
			return rc;
		}
	}
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, cookie, &len)) {
		wctl_err("cannot read the netns cookie (SO_NETNS_COOKIE needs Linux 5.14+): %s",
			 strerror(errno));
		rc = WCTL_EXIT_FAIL;
	}
	if (fd >= 0)
		close(fd);
	if (name && setns(self, CLONE_NEWNET)) {
		wctl_err("cannot return to the original netns: %s", strerror(errno));
		rc = WCTL_EXIT_FAIL;
	}
	close(self);
	return rc;
}

/* Where cgroup v2 is mounted (/sys/fs/cgroup, or .../unified on hybrid). */
static const char *cgroup2_root(char *buf, size_t len)
{
	char dev[256], dir[4096], type[64];
	FILE *f = fopen("/proc/self/mounts", "r");
	const char *root = "/sys/fs/cgroup";

	if (!f)
		return root;
	while (fscanf(f, "%255s %4095s %63s %*[^\n]", dev, dir, type) == 3) {
		if (!strcmp(type, "cgroup2")) {
			snprintf(buf, len, "%s", dir);
			root = buf;
			break;
		}
	}
	fclose(f);
	return root;
}

static int cgroup_id_of(const char *path, uint64_t *id)
{
	struct {
		struct file_handle fh;
		uint64_t id;
	} h = { .fh.handle_bytes = sizeof(uint64_t) };
	char full[8192], root[4096];
	struct statfs st;
	int mount_id;

	if (path[0] == '/' && access(path, F_OK) == 0)
		snprintf(full, sizeof(full), "%s", path);
	else
		snprintf(full, sizeof(full), "%s/%s", cgroup2_root(root, sizeof(root)),
			 path + (path[0] == '/'));
	if (statfs(full, &st) || (unsigned long)st.f_type != CGROUP2_MAGIC ||
	    name_to_handle_at(AT_FDCWD, full, &h.fh, &mount_id, 0)) {
		wctl_err("'%s' is not a cgroup v2 directory: give e.g. /sys/fs/cgroup/system.slice/foo.service or a path relative to the cgroup2 mount",
			 path);
		return WCTL_EXIT_USAGE;
	}
	*id = h.id;
	return 0;
}

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

static void enable(struct bpf_program *p, bool on)
{
	bpf_program__set_autoload(p, on);
}

static int attach(struct bpf_program *p, struct bpf_link **link, const char *what)
{
	if (!bpf_program__autoload(p))
		return 0;
	*link = bpf_program__attach(p);
	if (!*link)
		return wtr_bpf_error(what, errno);
	return 0;
}

static struct trace_bpf *open_skel(struct trace_ctx *c, bool fentry, const uint16_t *ports,
				   uint32_t nports, uint32_t pid, uint64_t cgroup_id,
				   uint64_t netns_cookie, bool all, uint32_t buffer_mb)
{
	struct trace_bpf *skel = trace_bpf__open();
	enum warden_trace_mode m = c->mode;
	uint32_t i;

	if (!skel)
		return NULL;
	skel->rodata->mode = m;
	skel->rodata->filter_family = c->family;
	skel->rodata->filter_nports = nports;
	for (i = 0; i < nports; i++)
		skel->rodata->filter_ports[i] = ports[i];
	skel->rodata->filter_pid = pid;
	skel->rodata->filter_cgroup = cgroup_id;
	skel->rodata->filter_netns = netns_cookie;
	skel->rodata->cwnd_all = all;
	/* big batches, measured 2 points cheaper on churn; POLL_MS bounds delay */
	skel->rodata->wakeup_every = warden_wakeup_every((uint64_t)buffer_mb << 20,
							 libbpf_num_possible_cpus());
	c->user_since = m == WMODE_STATES && !nports;
	skel->rodata->kernel_since = !c->user_since;
	bpf_map__set_max_entries(skel->maps.events, buffer_mb << 20);

	/*
	 * Only what this mode needs. --pid claims sockets in on_state; the
	 * reset programs also tell timewait hand-offs from aborts for states.
	 */
	enable(skel->progs.on_state, m == WMODE_STATES || m == WMODE_HANDSHAKE || pid);
	enable(skel->progs.on_state_nested, m == WMODE_STATES || m == WMODE_HANDSHAKE || pid);
	enable(skel->progs.on_reqsk_hash, fentry && m == WMODE_HANDSHAKE &&
	       wtr_kernel_has_func("inet_csk_reqsk_queue_hash_add"));
	enable(skel->progs.on_retransmit, m == WMODE_RETRANS);
	enable(skel->progs.on_retransmit_synack, m == WMODE_RETRANS);
	enable(skel->progs.on_send_reset, m == WMODE_RESETS || m == WMODE_STATES);
	enable(skel->progs.on_receive_reset, m == WMODE_RESETS || m == WMODE_STATES);
	enable(skel->progs.on_probe, m == WMODE_CWND);
	enable(skel->progs.on_probe_nested, m == WMODE_CWND);
	enable(skel->progs.on_warden_ssthresh, m == WMODE_CWND);
	return skel;
}

static int cmd_trace(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "port", required_argument, NULL, 'p' },
		{ "pid", required_argument, NULL, 'P' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ "netns", required_argument, NULL, 'N' },
		{ "duration", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'C' },
		{ "plot", required_argument, NULL, 'o' },
		{ "all", no_argument, NULL, 'a' },
		{ "buffer", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct trace_ctx c = { .json = wctl_opts.json, .addr_width = 27 };
	struct bpf_link *links[9] = {};
	uint16_t ports[WARDEN_MAX_PORTS];
	uint32_t nports = 0, pid = 0, v, buffer_mb = 8;
	const char *cgroup = NULL, *netns = NULL, *plot = NULL;
	uint64_t cgroup_id = 0, netns_cookie = 0, lost = 0, missed = 0;
	struct ring_buffer *rb = NULL;
	struct trace_bpf *skel = NULL;
	struct timespec start, now;
	bool all = false;
	unsigned int i;
	int opt, err, rc = 0;

	if (argc < 2)
		wctl_usage_err("trace needs a program: states, retrans, resets, handshake or cwnd");
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcmp(argv[1], modes[i].name))
			c.mode = modes[i].mode, c.mode_name = modes[i].name;
	if (!c.mode) {
		if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
			puts("Usage: wardenctl trace states|retrans|resets|handshake|cwnd [-4|-6] [--port N]...\n"
			     "       [--pid PID] [--cgroup PATH] [--netns NAME] [--json] [--duration S]\n"
			     "       [--count N] [--buffer MB] [cwnd: --plot FILE.svg|.png] [--all]\n"
			     "See wardenctl-trace(8).");
			return 0;
		}
		wctl_usage_err("unknown trace program '%s': use states, retrans, resets, handshake or cwnd",
			       argv[1]);
	}
	argc--;
	argv++;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "46jp:h", longopts, NULL)) != -1) {
		switch (opt) {
		case '4':
			c.family = AF_INET;
			break;
		case '6':
			c.family = AF_INET6;
			break;
		case 'j':
			c.json = true;
			break;
		case 'p':
			if (nports == WARDEN_MAX_PORTS)
				wctl_usage_err("at most %d --port filters", WARDEN_MAX_PORTS);
			if (wctl_parse_u32(optarg, 1, 65535, &v))
				wctl_usage_err("--port '%s': give a port number 1..65535", optarg);
			ports[nports++] = v;
			break;
		case 'P':
			if (wctl_parse_u32(optarg, 1, INT32_MAX, &pid))
				wctl_usage_err("--pid '%s': give a process id", optarg);
			break;
		case 'c':
			cgroup = optarg;
			break;
		case 'N':
			netns = optarg;
			break;
		case 'd':
			if (wctl_parse_u32(optarg, 1, 86400 * 365, &c.duration))
				wctl_usage_err("--duration '%s': give whole seconds >= 1", optarg);
			break;
		case 'C':
			if (wctl_parse_u32(optarg, 1, UINT32_MAX, &c.count))
				wctl_usage_err("--count '%s': give a number of events >= 1", optarg);
			break;
		case 'o':
			plot = optarg;
			break;
		case 'a':
			all = true;
			break;
		case 'b':
			if (wctl_parse_u32(optarg, 1, 1024, &buffer_mb) ||
			    (buffer_mb & (buffer_mb - 1)))
				wctl_usage_err("--buffer '%s': give a power of two in MiB, 1..1024",
					       optarg);
			break;
		case 'h':
			puts("See wardenctl-trace(8).");
			return 0;
		default:
			wctl_usage_err("bad option for 'trace %s'; see wardenctl-trace(8)",
				       c.mode_name);
		}
	}
	if (optind < argc)
		wctl_usage_err("unexpected argument '%s'", argv[optind]);
	if (plot && c.mode != WMODE_CWND)
		wctl_usage_err("--plot works with 'trace cwnd' only");
	if (plot) {
		const char *ext = strrchr(plot, '.');

		if (!ext || (strcmp(ext, ".svg") && strcmp(ext, ".png")))
			wctl_usage_err("--plot '%s': the file name must end in .svg or .png", plot);
	}
	if (all && c.mode != WMODE_CWND)
		wctl_usage_err("--all works with 'trace cwnd' only");
	if (c.family == AF_INET)
		c.addr_width = 21;
	else if (c.family == AF_INET6)
		c.addr_width = 47;

	/* -n NETNS before the command means the same as --netns. */
	if (netns || wctl_opts.netns) {
		rc = netns_cookie_of(netns, &netns_cookie);
		if (rc)
			return rc;
	}
	if (cgroup) {
		rc = cgroup_id_of(cgroup, &cgroup_id);
		if (rc)
			return rc;
	}
	if (!wtr_have_btf())
		return WCTL_EXIT_FAIL;
	wtr_libbpf_quiet();

	/* fentry is not allowed everywhere: retry without it. */
	for (i = 0; i < 2; i++) {
		skel = open_skel(&c, i == 0, ports, nports, pid, cgroup_id, netns_cookie,
				 all, buffer_mb);
		if (!skel)
			return wtr_bpf_error("cannot open the tracing programs", errno);
		err = trace_bpf__load(skel);
		if (!err || !bpf_program__autoload(skel->progs.on_reqsk_hash))
			break;
		trace_bpf__destroy(skel);
	}
	if (err) {
		rc = wtr_bpf_error("cannot load the tracing programs", err);
		goto out;
	}
	if ((rc = attach(skel->progs.on_reqsk_hash, &links[0], "fentry/inet_csk_reqsk_queue_hash_add")) ||
	    (rc = attach(skel->progs.on_state, &links[1], "tracepoint sock/inet_sock_set_state")) ||
	    (rc = attach(skel->progs.on_retransmit, &links[2], "tracepoint tcp/tcp_retransmit_skb")) ||
	    (rc = attach(skel->progs.on_retransmit_synack, &links[3], "tracepoint tcp/tcp_retransmit_synack")) ||
	    (rc = attach(skel->progs.on_send_reset, &links[4], "tracepoint tcp/tcp_send_reset")) ||
	    (rc = attach(skel->progs.on_receive_reset, &links[5], "tracepoint tcp/tcp_receive_reset")) ||
	    (rc = attach(skel->progs.on_probe, &links[6], "tracepoint tcp/tcp_probe")) ||
	    (rc = attach(skel->progs.on_state_nested, &links[7],
			 "tracepoint sock/inet_sock_set_state")) ||
	    (rc = attach(skel->progs.on_probe_nested, &links[8], "tracepoint tcp/tcp_probe")))
		goto out;
	if (c.mode == WMODE_CWND) {
		/* Present only while tcp_warden.ko is loaded. */
		skel->links.on_warden_ssthresh = bpf_program__attach(skel->progs.on_warden_ssthresh);
		c.warden_attached = skel->links.on_warden_ssthresh != NULL;
		if (!c.json)
			fprintf(stderr, "wardenctl: %s\n", c.warden_attached ?
				"tcp_warden:warden_ssthresh attached" :
				"tcp_warden:warden_ssthresh not present (module not loaded): tracing cwnd only");
	}

	if (plot) {
		c.plot = wtr_plot_new(plot);
		if (!c.plot) {
			rc = WCTL_EXIT_FAIL;
			goto out;
		}
	}
	if (c.user_since) {
		c.since = wtr_since_new();
		if (!c.since) {
			wctl_err("out of memory");
			rc = WCTL_EXIT_FAIL;
			goto out;
		}
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_event, &c, NULL);
	if (!rb) {
		rc = wtr_bpf_error("cannot set up the ring buffer", errno);
		goto out;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, on_signal);
	/*
	 * The loop flushes after each batch: no write(2) per 4 KiB in between.
	 * glibc ignores the size unless it is given the buffer.
	 */
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	wj_init(&c.j, stdout);
	print_header(&c);
	/* Tell scripts the probes are live before they start traffic. */
	if (getenv("WARDENCTL_READY_FD")) {
		int fd = atoi(getenv("WARDENCTL_READY_FD"));

		if (fd > 2 && write(fd, "ready\n", 6) == 6)
			close(fd);
	}

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!stop) {
		/* Producers wake us only for a full batch: consume anyway. */
		err = ring_buffer__poll(rb, POLL_MS);
		if (err >= 0 && (!c.count || c.events < c.count))
			err = ring_buffer__consume(rb);
		if (err < 0 && err != -EINTR) {
			rc = wtr_bpf_error("reading the ring buffer failed", err);
			break;
		}
		if (c.count && c.events >= c.count)
			break;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (c.duration && now.tv_sec - start.tv_sec +
		    (now.tv_nsec - start.tv_nsec) / 1e9 >= c.duration)
			break;
		/* Lines reach a pipe within one poll period, in whole batches. */
		fflush(stdout);
	}
	/* Whatever is queued was traced within the run: drain it. */
	if (!c.count || c.events < c.count)
		ring_buffer__consume(rb);

	if (c.mode == WMODE_HANDSHAKE)
		print_hists(&c, bpf_map__fd(skel->maps.hists));
	if (c.mode == WMODE_RETRANS)
		print_retrans_flows(&c, bpf_map__fd(skel->maps.retrans_count));
	if (c.plot) {
		int prc = wtr_plot_finish(c.plot);

		c.plot = NULL;
		if (prc && !rc)
			rc = prc;
	}
	lost = sum_percpu(bpf_map__fd(skel->maps.drops), sizeof(uint64_t), 0);
	missed = prog_misses(skel);
	if (c.json) {
		wj_obj_open(&c.j, NULL);
		wj_str(&c.j, "type", "summary");
		wj_str(&c.j, "program", c.mode_name);
		wj_u64(&c.j, "events", c.events);
		wj_u64(&c.j, "lost", lost);
		wj_u64(&c.j, "missed", missed);
		if (c.mode == WMODE_CWND)
			wj_bool(&c.j, "warden_tracepoint", c.warden_attached);
		wj_obj_close(&c.j);
		wj_end(&c.j);
	} else {
		fflush(stdout);
		fprintf(stderr, "%" PRIu64 " events, %" PRIu64 " lost%s, %" PRIu64 " missed%s\n",
			c.events, lost,
			lost ? " (ring buffer full: raise --buffer or narrow the filters)" : "",
			missed, missed ? " (kernel skipped nested runs of a program)" : "");
	}
	fflush(stdout);
out:
	ring_buffer__free(rb);
	wtr_since_free(c.since);
	for (i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		bpf_link__destroy(links[i]);
	trace_bpf__destroy(skel);
	return rc;
}
WCTL_COMMAND(trace, cmd_trace,
	     "trace states|retrans|resets|handshake|cwnd [-4|-6] [--port N] [--pid PID] [--cgroup PATH]\n"
	     "        [--netns NAME] [--json] [--duration S] [--count N] [--plot FILE.svg|.png]");
