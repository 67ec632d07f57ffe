/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the `wardenctl trace` tools (states, retrans, resets, handshake and
 * cwnd: one NAME.bpf.c and one skeleton each) share: the settings wardenctl
 * writes before load, the ring buffer and its accounting, the filters, the
 * nested-run accounting and the state program's body. Helpers and maps
 * only: each NAME.bpf.c declares its own programs (SEC). Every tool has
 * the state program: states and handshake for their events, the others
 * for pid, which claims sockets there. Only maps every tool has are
 * defined here (libbpf creates each map an object defines); the agent,
 * which must not carry them, includes trace_common.bpf.h alone.
 */
#ifndef _WARDEN_TRACE_TOOL_BPF_H
#define _WARDEN_TRACE_TOOL_BPF_H

#include "trace_common.bpf.h"

/* Set by wardenctl before load; const volatile keeps it in .rodata. */
const volatile struct warden_trace_cfg cfg;

/* Events that found the ring buffer full: reported, never hidden. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

/* To wardenctl; --buffer sets the size before load. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20);
} events SEC(".maps");

static __always_inline void count_drop(void)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&drops, &zero);

	if (n)
		*n += 1;
}

/* @ts: the caller's clock reading; a pvclock read is not free in a guest. */
static __always_inline struct warden_event *ev_reserve(__u8 type, __u64 ts)
{
	struct warden_event *e;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_drop();
		return NULL;
	}
	__builtin_memset(e, 0, sizeof(*e));
	e->type = type;
	e->ts_ns = ts;
	return e;
}

/* Events submitted per CPU, to pace reader wake-ups. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} submitted SEC(".maps");

static __always_inline void ev_submit(struct warden_event *e)
{
	__u32 zero = 0, *n;
	__u64 flags = 0;

	/*
	 * Wake the reader once per wakeup_every events per CPU, not per event:
	 * it also drains on a short poll timeout. A per-CPU count avoids
	 * reading the reader's position, a cache line it keeps writing.
	 */
	if (cfg.wakeup_every) {
		n = bpf_map_lookup_elem(&submitted, &zero);
		flags = n && ++*n % cfg.wakeup_every == 0 ? BPF_RB_FORCE_WAKEUP :
							    BPF_RB_NO_WAKEUP;
	}
	bpf_ringbuf_submit(e, flags);
}

static __always_inline bool in_range(__u16 lo, __u16 hi, __u16 port)
{
	return port >= lo && port <= hi;
}

static __always_inline bool port_match(const struct warden_tuple *t)
{
	__u16 lo, hi;
	__u32 i;

	if (!cfg.nports)
		return true;
	for (i = 0; i < WARDEN_MAX_PORTS; i++) {
		if (i >= cfg.nports)
			break;
		lo = cfg.ports[i].lo;
		hi = cfg.ports[i].hi;
		if (in_range(lo, hi, t->sport) || in_range(lo, hi, t->dport))
			return true;
	}
	return false;
}

static __always_inline bool ns_match(const struct warden_tuple *t, __u64 netns)
{
	if (cfg.family && t->family != cfg.family)
		return false;
	return !cfg.netns || netns == cfg.netns;
}

/* Filters that depend on the flow alone (cheap ones first). */
static __always_inline bool flow_match(const struct warden_tuple *t, __u64 netns)
{
	return ns_match(t, netns) && port_match(t);
}

/* Sockets --pid has claimed: later events on them pass the filter. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, __u8);
} pid_socks SEC(".maps");

/*
 * --cgroup and --pid for an event no process's own call causes: the socket
 * must be in the cgroup, and claimed by the state program.
 */
static __always_inline bool sock_match(__u64 cgroup, __u64 cookie)
{
	if (cfg.cgroup && cgroup != cfg.cgroup)
		return false;
	return !cfg.pid || bpf_map_lookup_elem(&pid_socks, &cookie);
}

/*
 * pid/comm mean something only when the socket's owner caused the event:
 * the owner holds the socket lock (sk_lock.owned) while in a syscall, and
 * softirq processing never changes state under an owned lock. Without the
 * check, loopback softirq work would be charged to whichever task ran it.
 */
static __always_inline bool owner_context(const struct sock *sk)
{
	return sk->sk_lock.owned != 0;
}

/* --pid: the process's own events claim their socket for later ones. */
static __always_inline bool pid_match(__u64 cookie, bool owned)
{
	__u8 one = 1;

	if (!cfg.pid)
		return true;
	if (owned && (bpf_get_current_pid_tgid() >> 32) == cfg.pid) {
		bpf_map_update_elem(&pid_socks, &cookie, &one, BPF_ANY);
		return true;
	}
	return !!bpf_map_lookup_elem(&pid_socks, &cookie);
}

/*
 * Two loads through the task's BTF pointer, measured about 80 ns per event
 * cheaper than bpf_get_current_comm()'s call and bounded string copy. comm
 * is always NUL-terminated within its 16 bytes; a racing rename can tear
 * it, as it can the helper's copy.
 */
static __always_inline void fill_owner(struct warden_event *e, bool owned)
{
	struct task_struct *task;
	__u64 *comm = (__u64 *)e->comm;

	if (!owned)
		return;
	task = bpf_get_current_task_btf();
	e->flags |= WEV_F_PID;
	e->pid = task->tgid;
	comm[0] = *(__u64 *)&task->comm[0];
	comm[1] = *(__u64 *)&task->comm[8];
}

/*
 * The kernel skips a program that a tracepoint hits while the same program
 * is already running on that CPU: an interrupt (softirq on its way out)
 * in the middle of it, typically while a socket's backlog is processed
 * with bottom halves enabled. The state and probe programs each have a
 * second copy on the same tracepoint (NAME_nested, declared and so attached
 * after NAME: it runs after NAME for every event) that acts only when NAME
 * did not: while NAME's body runs (nest_enter()/nest_leave()), and in the
 * few instructions before and after it, which the kernel counts as NAME
 * running too. NAME leaves the event's identity in done[] as it finishes;
 * the copy finding another one there traces the event itself. The copy
 * counts what it recovers; wardenctl reports the kernel's count of skipped
 * runs minus that. Nested handling shares the per-CPU notes with the run
 * it interrupted: at worst it takes the reset or clone note that run left,
 * an edge no counter could report either.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct warden_nesting);
} nesting SEC(".maps");

static __always_inline struct warden_nesting *nesting_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&nesting, &zero);
}

/* Program @prog starts running on this CPU; NULL: do nothing. */
static __always_inline struct warden_nesting *nest_enter(enum warden_nested_prog prog)
{
	struct warden_nesting *n = nesting_get();

	if (n)
		n->running[prog] = 1;
	return n;
}

/*
 * @prog finished the event @id stands for: the socket of a transition (it
 * makes one at a time), the skb of a tcp_probe sample.
 */
static __always_inline void nest_leave(struct warden_nesting *n, enum warden_nested_prog prog,
				       const void *id)
{
	n->done[prog] = (unsigned long)id;
	n->running[prog] = 0;
}

/* In @prog's copy, for event @id: did the kernel skip @prog for it? */
static __always_inline bool nest_copy(enum warden_nested_prog prog, const void *id)
{
	struct warden_nesting *n = nesting_get();

	if (!n)
		return false;
	if (!n->running[prog] && n->done[prog] == (unsigned long)id) {
		n->done[prog] = 0;
		return false;
	}
	n->recovered++;
	return true;
}

/*
 * When a socket entered its current state, and its local port:
 * the port is released before the ->CLOSE transition is traced.
 */
struct sock_seen {
	__u64 ts;
	__u16 sport;
	__u16 pad[3];
};

/*
 * Socket-local storage: no hashing, freed with the socket, no bound needed.
 * Used only with cfg.kernel_since: the handshake histograms and the port
 * filter need the time or port at the event; else the reader derives both
 * from the event stream, and the trace saves a storage allocation and an
 * RCU-deferred free per socket.
 */
struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct sock_seen);
} since SEC(".maps");

/*
 * A reset tracepoint fires just before the tcp_done() it causes, on the
 * same CPU: the states tool remembers which socket, so the close that
 * follows is not taken for a timewait hand-off. Nothing writes it in the
 * other tools.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} reset_note SEC(".maps");

/*
 * A child's LISTEN -> SYN_RECV as 6.1 traces it (warden_child_clone()) is
 * held back here, per CPU, and reported with the child's next transition,
 * under the child's own identity.
 */
struct clone_note {
	__u64 sk;
	__u64 ts;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct clone_note);
} clone_notes SEC(".maps");

/*
 * tcp_time_wait() moves a flow into a timewait minisocket, which the state
 * tracepoint never reports, and then closes the full socket: the edge seen
 * is FIN_WAIT2 (or CLOSING) -> CLOSE. Only tcp_time_wait() closes from
 * those states without a reset first (the keepalive-timer and abort paths
 * send one), so the hand-off is recognised without a kprobe or fentry,
 * neither of which every kernel allows. A FIN from the peer (SOCK_DONE)
 * means the minisocket is in TIME_WAIT; without it, an orphan waits for
 * that FIN in FIN_WAIT2.
 */
static __always_inline void timewait_handoff(const struct sock *sk, int oldstate,
					     bool reset, struct warden_event *e)
{
	unsigned long flags;

	if (reset || (oldstate != TCP_FIN_WAIT2 && oldstate != TCP_CLOSING))
		return;
	flags = sk->__sk_common.skc_flags;
	e->flags |= WEV_F_TW;
	e->substate = flags & (1UL << bpf_core_enum_value(enum sock_flags, SOCK_DONE)) ?
		      TCP_TIME_WAIT : TCP_FIN_WAIT2;
}

/* One transition that passed the filters, as state_begin() found it. */
struct transition {
	struct warden_tuple t;
	struct sock_seen *seen;	/* its storage, with cfg.kernel_since */
	__u64 *entered;		/* when it entered oldstate, if known */
	__u64 netns, cookie;
	__u64 cgroup;		/* read for --cgroup only, else 0 */
	__u64 clone_ts;		/* its held LISTEN -> SYN_RECV, if any */
	__u64 now;
	bool owned;		/* caused by the owner (owner_context()) */
	bool reset;		/* a reset was just traced on it */
};

/*
 * The state program's first part: the transition's socket, its filters
 * and its held edge. False: nothing more to do for this transition.
 */
static __always_inline bool state_begin(struct transition *s, const struct sock *sk,
					int oldstate, int newstate)
{
	struct clone_note *note;
	__u64 *rnote;
	__u32 zero = 0;

	if (sk->sk_protocol != IPPROTO_TCP)
		return false;
	/* A reset's note is for the very next transition on this CPU. */
	rnote = bpf_map_lookup_elem(&reset_note, &zero);
	if (rnote) {
		s->reset = *rnote == (__u64)sk;
		*rnote = 0;
	}
	warden_read_tuple(&s->t, &sk->__sk_common);
	s->netns = warden_netns_cookie(&sk->__sk_common);
	if (!ns_match(&s->t, s->netns))
		return false;
	note = bpf_map_lookup_elem(&clone_notes, &zero);
	if (!note)
		return false;
	if (warden_child_clone(sk, oldstate, newstate)) {
		note->sk = (__u64)sk;
		note->ts = bpf_ktime_get_ns();
		return false;
	}
	if (note->sk == (__u64)sk) {
		s->clone_ts = note->ts;
		note->sk = 0;
	}
	s->cookie = warden_sk_cookie(sk);
	s->seen = cfg.kernel_since ? bpf_sk_storage_get(&since, (void *)sk, NULL, 0) : NULL;
	if (s->seen) {
		s->entered = &s->seen->ts;
		if (!s->t.sport)
			s->t.sport = s->seen->sport;
	} else if (s->clone_ts) {
		s->entered = &s->clone_ts;
	}
	if (!port_match(&s->t))
		return false;
	if (cfg.cgroup) {
		s->cgroup = warden_sk_cgroup(sk);
		if (s->cgroup != cfg.cgroup)
			return false;
	}
	s->owned = owner_context(sk);
	if (!pid_match(s->cookie, s->owned))
		return false;
	s->now = bpf_ktime_get_ns();
	return true;
}

/* The state program's last part: what the socket's next event needs. */
static __always_inline void state_end(const struct transition *s, const struct sock *sk,
				      int newstate)
{
	struct sock_seen cur = {};

	if (newstate == TCP_CLOSE) {
		if (s->seen)	/* a closed socket may connect() again */
			bpf_sk_storage_delete(&since, (void *)sk);
		if (cfg.pid)
			bpf_map_delete_elem(&pid_socks, &s->cookie);
	} else if (s->seen) {
		/* in place: an LRU update would allocate a new node */
		s->seen->ts = s->now;
		if (s->t.sport)
			s->seen->sport = s->t.sport;
	} else if (cfg.kernel_since) {
		cur.ts = s->now;
		cur.sport = s->t.sport;
		bpf_sk_storage_get(&since, (void *)sk, &cur, BPF_SK_STORAGE_GET_F_CREATE);
	}
}

static __always_inline struct warden_event *state_record(const struct transition *s,
							 __u64 ts, __u64 cgroup,
							 int oldstate, int newstate)
{
	struct warden_event *e = ev_reserve(WEV_STATE, ts);

	if (!e)
		return NULL;
	e->cookie = s->cookie;
	e->netns = s->netns;
	e->cgroup = cgroup;
	e->t = s->t;
	e->oldstate = oldstate;
	e->state = newstate;
	return e;
}

/* The transition as an event: every state program's body but handshake's. */
static __always_inline void state_event(const struct sock *sk, int oldstate, int newstate)
{
	struct transition s = {};
	struct warden_event *e;
	__u64 cgroup;

	if (!state_begin(&s, sk, oldstate, newstate))
		return;
	cgroup = s.cgroup ?: warden_sk_cgroup(sk);
	if (s.clone_ts) {
		e = state_record(&s, s.clone_ts, cgroup, TCP_LISTEN, TCP_SYN_RECV);
		if (e)
			ev_submit(e);
	}
	e = state_record(&s, s.now, cgroup, oldstate, newstate);
	if (e) {
		if (s.entered) {
			e->delta_ns = s.now - *s.entered;
			e->flags |= WEV_F_DELTA;
		}
		fill_owner(e, s.owned);
		if (newstate == TCP_CLOSE)
			timewait_handoff(sk, oldstate, s.reset, e);
		ev_submit(e);
	}
	state_end(&s, sk, newstate);
}

/* The state program of a tool whose body is state_event() (on_state). */
static __always_inline void state_run(const struct sock *sk, int oldstate, int newstate)
{
	struct warden_nesting *n = nest_enter(WARDEN_NEST_STATE);

	if (!n)
		return;
	state_event(sk, oldstate, newstate);
	nest_leave(n, WARDEN_NEST_STATE, sk);
}

/* Its copy (on_state_nested): the transitions the kernel skips for it. */
static __always_inline void state_run_nested(const struct sock *sk, int oldstate, int newstate)
{
	if (nest_copy(WARDEN_NEST_STATE, sk))
		state_event(sk, oldstate, newstate);
}

#endif /* _WARDEN_TRACE_TOOL_BPF_H */
