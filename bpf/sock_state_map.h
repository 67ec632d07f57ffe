/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The map the tracing agent pins at /sys/fs/bpf/tcp_warden/sock_states and
 * `wardenctl sockets` reads to show how long a socket has been in its state.
 * Shared by the BPF program and the CLI: change both together.
 */
#ifndef _WARDEN_SOCK_STATE_MAP_H
#define _WARDEN_SOCK_STATE_MAP_H

#define WARDEN_BPFFS_DIR	"/sys/fs/bpf/tcp_warden"
#define WARDEN_SOCK_STATES_PIN	WARDEN_BPFFS_DIR "/sock_states"
#define WARDEN_SOCK_STATES_MAX	65536	/* entries; oldest-unused evicted (LRU) */

/* Key: the socket cookie, as sock_diag reports it in idiag_cookie. */
struct warden_sock_key {
	__u64 cookie;
};

struct warden_sock_state {
	__u64 since_ns;	/* bpf_ktime_get_ns() (CLOCK_MONOTONIC) at entry */
	__u32 state;	/* TCP_* state number */
	__u32 pad;
};

#endif /* _WARDEN_SOCK_STATE_MAP_H */
