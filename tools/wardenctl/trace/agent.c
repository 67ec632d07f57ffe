// SPDX-License-Identifier: GPL-2.0
/*
 * wardenctl agent start|stop|status|dump|run: the persistent socket-state
 * tracker. start loads agent.bpf.c and pins its link, program and map
 * under /sys/fs/bpf/tcp_warden/; the pinned link keeps the program
 * attached after this process exits. stop unpins them all. run is start,
 * then stop at SIGTERM, for a service manager that wants a process.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "lib/cli.h"
#include "lib/json.h"
#include "lib/notify.h"
#include "lib/tcp.h"
#include "lib/util.h"
#include "trace/agent.h"
#include "trace/env.h"
#include "trace/parse.h"
#include "sock_state_map.h"
#include "agent.skel.h"

#define AGENT_PROG_PIN	WARDEN_BPFFS_DIR "/states_prog"
#define AGENT_LINK_PIN	WARDEN_BPFFS_DIR "/states_link"

static const char * const agent_pins[] = {
	AGENT_LINK_PIN, AGENT_PROG_PIN, WARDEN_SOCK_STATES_PIN,
};

static void unpin_all(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(agent_pins) / sizeof(agent_pins[0]); i++)
		unlink(agent_pins[i]);
	rmdir(WARDEN_BPFFS_DIR);	/* only if nobody else pinned there */
}

/*
 * The pinned link's fd when the agent runs; else -ENOENT, or another
 * negative errno when this user cannot tell (the pin directory is 0700).
 */
static int running_link(struct bpf_link_info *info)
{
	uint32_t len = sizeof(*info);
	int fd = bpf_obj_get(AGENT_LINK_PIN), err;

	if (fd < 0)
		return -errno;
	memset(info, 0, sizeof(*info));
	if (bpf_obj_get_info_by_fd(fd, info, &len)) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

int agent_running(void)
{
	struct bpf_link_info li;
	int fd = running_link(&li);

	if (fd < 0)
		return fd == -ENOENT ? 0 : fd;
	close(fd);
	return 1;
}

/* A pin could not be read for @err (not ENOENT): one line, exit code. */
static int cannot_tell(int err)
{
	if (err == -EACCES || err == -EPERM)
		wctl_err("cannot read the agent's pins in %s: permission denied; run as root",
			 WARDEN_BPFFS_DIR);
	else
		wctl_err("cannot read the agent's pins in %s: %s", WARDEN_BPFFS_DIR, strerror(-err));
	return WCTL_EXIT_FAIL;
}

static int agent_start(void)
{
	struct bpf_link_info li;
	struct agent_bpf *skel;
	int fd, err;

	if (!wtr_have_btf())
		return WCTL_EXIT_FAIL;
	fd = running_link(&li);
	if (fd >= 0) {
		close(fd);
		printf("agent already running (link %u)\n", li.id);
		return 0;
	}
	if (fd != -ENOENT)
		return cannot_tell(fd);
	if (wtr_ensure_bpffs())
		return WCTL_EXIT_FAIL;
	/* Leftovers of an agent that died half-way describe nothing now. */
	unpin_all();
	if (mkdir(WARDEN_BPFFS_DIR, 0700) && errno != EEXIST) {
		wctl_err("cannot create %s: %s", WARDEN_BPFFS_DIR, strerror(errno));
		return WCTL_EXIT_FAIL;
	}
	wtr_libbpf_quiet();
	skel = agent_bpf__open_and_load();
	if (!skel)
		return wtr_bpf_error("cannot load the agent", errno);
	err = agent_bpf__attach(skel);
	if (err) {
		agent_bpf__destroy(skel);
		return wtr_bpf_error("cannot attach the agent to sock/inet_sock_set_state", err);
	}
	err = bpf_map__pin(skel->maps.sock_states, WARDEN_SOCK_STATES_PIN);
	if (!err)
		err = bpf_program__pin(skel->progs.agent_state, AGENT_PROG_PIN);
	if (!err)
		err = bpf_link__pin(skel->links.agent_state, AGENT_LINK_PIN);
	if (err) {
		unpin_all();
		agent_bpf__destroy(skel);
		wctl_err("cannot pin the agent under %s: %s", WARDEN_BPFFS_DIR, strerror(-err));
		return WCTL_EXIT_FAIL;
	}
	fd = running_link(&li);
	printf("agent started (link %u); socket states pinned at %s\n",
	       fd >= 0 ? li.id : 0, WARDEN_SOCK_STATES_PIN);
	if (fd >= 0)
		close(fd);
	/* The pins hold the kernel objects: this process may go. */
	agent_bpf__destroy(skel);
	return 0;
}

static int agent_stop(void)
{
	struct bpf_link_info li;
	int fd = running_link(&li);

	if (fd < 0 && fd != -ENOENT)
		return cannot_tell(fd);
	if (fd < 0 && access(WARDEN_SOCK_STATES_PIN, F_OK)) {
		printf("agent not running\n");
		return 0;
	}
	if (fd >= 0)
		close(fd);
	unpin_all();
	if (access(AGENT_LINK_PIN, F_OK) == 0) {
		wctl_err("cannot remove %s: %s (run as root)", AGENT_LINK_PIN, strerror(errno));
		return WCTL_EXIT_FAIL;
	}
	printf("agent stopped\n");
	return 0;
}

/* How often `agent run` checks that its pins are still there. */
#define RUN_CHECK_S	10

/*
 * In the foreground until SIGTERM or SIGINT: ready (sd_notify) once the
 * pins are in place; unpinned at the end. Pins left by an agent that was
 * killed are taken over, so a restart after a crash just goes on.
 */
static int agent_run(void)
{
	struct timespec every = { .tv_sec = RUN_CHECK_S };
	sigset_t stop;
	int rc, sig = -1;

	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	/* a stop that comes while starting waits until the pins are there */
	sigprocmask(SIG_BLOCK, &stop, NULL);
	rc = agent_start();
	if (rc)
		return rc;
	fflush(stdout);
	if (wctl_notify("READY=1\nSTATUS=tracking socket states"))
		wctl_err("cannot tell systemd the agent is ready ($NOTIFY_SOCKET): %s",
			 strerror(errno));
	while (sig < 0) {
		sig = sigtimedwait(&stop, NULL, &every);
		if (sig < 0 && agent_running() == 0) {
			wctl_err("the agent's pins in %s are gone ('agent stop' from elsewhere?): exiting",
				 WARDEN_BPFFS_DIR);
			return WCTL_EXIT_FAIL;
		}
	}
	wctl_notify("STOPPING=1");
	return agent_stop();
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* Walk the pinned map; count per state, or print entries when @dump. */
static int walk_map(int fd, uint64_t per_state[WCTL_TCP_NSTATES], uint64_t *total, bool dump,
		    struct wctl_json *j)
{
	struct warden_sock_key key, next, *prev = NULL;
	struct warden_sock_state v;
	uint64_t now = mono_ns();

	*total = 0;
	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &v))
			continue;	/* deleted meanwhile */
		(*total)++;
		per_state[v.state < WCTL_TCP_NSTATES ? v.state : 0]++;
		if (!dump)
			continue;
		if (j) {
			wj_obj_open(j, NULL);
			wj_u64(j, "cookie", key.cookie);
			wj_str(j, "state", wctl_tcp_word(v.state));
			wj_u64(j, "since-ns", v.since_ns);
			wj_u64(j, "age-ms", now > v.since_ns ? (now - v.since_ns) / 1000000 : 0);
			wj_obj_close(j);
			wj_end(j);
		} else {
			printf("%-20llu %-12s %14.3f\n", (unsigned long long)key.cookie,
			       wctl_tcp_word(v.state),
			       now > v.since_ns ? (now - v.since_ns) / 1e9 : 0.0);
		}
	}
	return 0;
}

/* What `agent status` found: the pinned objects and the states counted. */
struct agent_info {
	struct bpf_link_info li;
	struct bpf_map_info mi;
	struct bpf_prog_info pi;
	uint64_t per_state[WCTL_TCP_NSTATES], total;
};

static void status_json(const struct agent_info *a)
{
	const struct bpf_link_info li = a->li;
	const struct bpf_map_info mi = a->mi;
	const struct bpf_prog_info pi = a->pi;
	const uint64_t *per_state = a->per_state, total = a->total;
	struct wctl_json j;
	int i;

	wj_init(&j, stdout);
	wj_obj_open(&j, NULL);
	wj_bool(&j, "running", true);
	wj_str(&j, "pin-dir", WARDEN_BPFFS_DIR);
	wj_u64(&j, "link-id", li.id);
	wj_u64(&j, "prog-id", li.prog_id);
	wj_str(&j, "prog-name", pi.name);
	wj_u64(&j, "map-id", mi.id);
	wj_u64(&j, "entries", total);
	wj_u64(&j, "max-entries", mi.max_entries);
	wj_u64(&j, "missed", pi.recursion_misses);
	wj_obj_open(&j, "states");
	for (i = 1; i < WCTL_TCP_NSTATES; i++)
		if (per_state[i])
			wj_u64(&j, wctl_tcp_word(i), per_state[i]);
	wj_obj_close(&j);
	wj_obj_close(&j);
	wj_end(&j);
}

static void status_text(const struct agent_info *a)
{
	const struct bpf_link_info li = a->li;
	const struct bpf_map_info mi = a->mi;
	const struct bpf_prog_info pi = a->pi;
	const uint64_t *per_state = a->per_state, total = a->total;
	int i;

	printf("agent running: link %u, program %u (%s), map %u\n", li.id, li.prog_id,
	       pi.name, mi.id);
	printf("pinned at %s\n", WARDEN_BPFFS_DIR);
	printf("sockets tracked: %llu of %u (LRU)\n", (unsigned long long)total,
	       mi.max_entries);
	/* a skipped transition leaves that socket's state and age stale */
	printf("transitions missed: %llu%s\n", (unsigned long long)pi.recursion_misses,
	       pi.recursion_misses ?
	       " (kernel skipped nested runs; those sockets' ages may be off)" : "");
	for (i = 1; i < WCTL_TCP_NSTATES; i++)
		if (per_state[i])
			printf("  %-12s %llu\n", wctl_tcp_word(i),
			       (unsigned long long)per_state[i]);
}

/* The agent is not running: say so (and, for JSON, print it too). */
static int not_running(bool json, bool dump)
{
	struct wctl_json j;

	if (json && !dump) {
		wj_init(&j, stdout);
		wj_obj_open(&j, NULL);
		wj_bool(&j, "running", false);
		wj_obj_close(&j);
		wj_end(&j);
	}
	wctl_err("agent not running; start it with 'wardenctl agent start'");
	return WCTL_EXIT_FAIL;
}

static int agent_status(bool json, bool dump)
{
	struct agent_info a = { 0 };
	struct wctl_json j;
	uint32_t len;
	int lfd, mfd, pfd;

	lfd = running_link(&a.li);
	if (lfd < 0 && lfd != -ENOENT)
		return cannot_tell(lfd);
	mfd = bpf_obj_get(WARDEN_SOCK_STATES_PIN);
	if (lfd < 0 || mfd < 0) {
		if (lfd >= 0)
			close(lfd);
		if (mfd >= 0)
			close(mfd);
		return not_running(json, dump);
	}
	len = sizeof(a.mi);
	bpf_obj_get_info_by_fd(mfd, &a.mi, &len);
	pfd = bpf_prog_get_fd_by_id(a.li.prog_id);
	len = sizeof(a.pi);
	if (pfd >= 0) {
		bpf_obj_get_info_by_fd(pfd, &a.pi, &len);
		close(pfd);
	}
	if (dump) {
		wj_init(&j, stdout);
		if (!json)
			printf("%-20s %-12s %14s\n", "COOKIE", "STATE", "AGE_S");
		walk_map(mfd, a.per_state, &a.total, true, json ? &j : NULL);
	} else {
		walk_map(mfd, a.per_state, &a.total, false, NULL);
		if (json)
			status_json(&a);
		else
			status_text(&a);
	}
	close(lfd);
	close(mfd);
	return 0;
}

static int cmd_agent(int argc, char **argv)
{
	char err[WCTL_ERR_LEN];
	enum agent_op op;

	if (agent_parse(argc - 1, argv + 1, &op, err))
		return wctl_usage(err);
	switch (op) {
	case AGENT_START:
		return agent_start();
	case AGENT_STOP:
		return agent_stop();
	case AGENT_STATUS:
		return agent_status(wctl_opts.json, false);
	case AGENT_RUN:
		return agent_run();
	default:
		return agent_status(wctl_opts.json, true);
	}
}
WCTL_COMMAND(agent, &agent_node, cmd_agent, "wardenctl-agent(8)");
