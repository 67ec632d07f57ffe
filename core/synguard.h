/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SYN guard's decisions, free of kernel types so the host can test and
 * time them: what to do with one SYN to a listener, when a listener enters
 * or leaves flood state, and how an ACK verifies its source.
 *
 * A flood to one port reaches every CPU at once, so the per-SYN path
 * shares nothing that it writes: each listener has one area per CPU
 * (counters, its share of the SYN rate, tokens of the aggregate budget
 * taken ahead), written by that CPU only. Shared state is read on every
 * SYN and written rarely: flood transitions, a fold of the per-CPU rates
 * once per rate window (by the first CPU to see the window), a batch of
 * aggregate tokens at a time, and the heavy-hitter list when it changes.
 * Callers run a listener's functions for one CPU with that CPU's index
 * and never two at once for the same index (bottom halves off).
 */
#ifndef _WARDEN_CORE_SYNGUARD_H
#define _WARDEN_CORE_SYNGUARD_H

#include "compat.h"
#include "rate.h"
#include "sketch.h"
#include "srctable.h"
#include "tbucket.h"

enum warden_sg_mode {
	WARDEN_SG_OFF,		/* hooks unregistered */
	WARDEN_SG_MONITOR,	/* count and alert, never drop */
	WARDEN_SG_ENFORCE,	/* drop while a listener is in flood state */
};

/* Why a SYN passed or was dropped: one counter each per listener. */
enum warden_sg_why {
	WARDEN_SG_ALLOWED,	/* source on the allow list */
	WARDEN_SG_CALM,		/* listener not in flood state */
	WARDEN_SG_VERIFIED,	/* source completed a handshake recently */
	WARDEN_SG_CONFORM,	/* unverified, within both buckets */
	WARDEN_SG_DENIED,	/* source on the deny list */
	WARDEN_SG_LIMIT_SRC,	/* its own bucket is empty */
	WARDEN_SG_LIMIT_ALL,	/* the budget for all unverified is spent */
	WARDEN_SG_NWHY
};

/* Reasons from here on are drops (in enforce mode). */
#define WARDEN_SG_FIRST_DROP	WARDEN_SG_DENIED

enum warden_sg_list {
	WARDEN_SG_UNLISTED,
	WARDEN_SG_ON_ALLOW,
	WARDEN_SG_ON_DENY,
};

/* Flood state changes reported to the caller. */
enum warden_sg_event {
	WARDEN_SG_EV_NONE,
	WARDEN_SG_EV_ENTER,
	WARDEN_SG_EV_LEAVE,
};

struct warden_sg_cfg {
	u32 mode;		/* enum warden_sg_mode */
	u32 threshold;		/* enter flood above this many SYN/s; 0: never */
	u32 queue_pct;		/* ... or at this SYN queue fill (%); 0: never */
	u64 quiet_ns;		/* leave after this long below half of both */
	struct warden_tb_cfg src;	/* per unverified source */
	struct warden_tb_cfg all;	/* all unverified sources of a listener */
};

/* One SYN in this many (a power of two) feeds the heavy-hitter sketch. */
#define WARDEN_SG_TOP_SAMPLE		8

/* A queue sample older than this says nothing about the queue now. */
#define WARDEN_SG_QUEUE_FRESH_NS	1000000000ULL

/* Aggregate tokens a CPU takes at once, at most (fewer at low rates). */
#define WARDEN_SG_BATCH_MAX		16

/* One CPU's part of a listener: written by that CPU only. */
struct warden_sg_cpu {
	u32 seq;		/* odd while rate is being written */
	u32 gen;		/* the listener generation these counts are for */
	struct warden_rate rate;	/* this CPU's SYNs */
	u64 syns;
	u64 why[WARDEN_SG_NWHY];
	u64 would_drop;		/* monitor mode: drops not done */
	u32 tokens;		/* aggregate tokens taken ahead ... */
	u32 tokens_win;		/* ... in this rate window (low bits) */
	u32 qlen, qmax;		/* the SYN queue at this CPU's last SYN */
	u64 q_ns;
} __aligned(WARDEN_CACHELINE);

struct warden_sg_listener {
	/* read on every SYN, written when the slot changes hands */
	u32 gen;		/* bumped by warden_sg_listener_reset() */
	u32 flood;		/* 0 or 1, changed by compare-and-swap */
	u32 ncpu;
	u64 salt;		/* mixes the listener into sketch keys */
	struct warden_sg_cpu *cpu;	/* ncpu areas */
	/* written on flood transitions and at most once a rate window */
	u64 fold_win __warden_line;	/* window last judged */
	u64 hot_ns;		/* last time pressure was above the leave marks */
	u64 since_ns;		/* when the current flood started */
	u32 floods;		/* times it entered flood state */
	/* the aggregate bucket: written when a CPU takes a batch */
	u64 all_tat __warden_line;
	/* heavy hitters: read on sampled SYNs, written under top_lock */
	struct warden_lock top_lock __warden_line;
	struct warden_topk top;
};

struct warden_sg_tables {
	struct warden_st *verified;	/* source prefix -> verified */
	struct warden_st *buckets;	/* source prefix -> token bucket */
	struct warden_st *synacks;	/* 4-tuple -> ISN of our SYN-ACK */
	struct warden_cms *cms;		/* (listener, source) -> SYNs */
	const struct warden_hkey *key;	/* keys warden_src_hash() */
};

struct warden_sg_syn {
	u64 now;
	const struct warden_addr *src;
	u32 qlen, qmax;		/* the listener's SYN queue */
	u8 plen;		/* source prefix that is one source */
	u8 list;		/* enum warden_sg_list */
	u32 cpu;		/* index of the caller's area */
};

struct warden_sg_verdict {
	bool drop;		/* drop it now */
	u8 why;			/* enum warden_sg_why */
	u8 event;		/* enum warden_sg_event */
};

/* A listener's counters summed over its CPUs, for reports. */
struct warden_sg_report {
	u64 rate;		/* SYN/s now (warden_rate_now() summed) */
	u64 syns;
	u64 why[WARDEN_SG_NWHY];
	u64 would_drop;
	u32 qlen, qmax;		/* the freshest queue sample ... */
	u64 q_ns;		/* ... and when it was taken */
	bool flood;
	u32 floods;
	u64 since_ns;
};

/* Check configuration values; returns NULL or what is wrong. */
const char *warden_sg_cfg_check(u32 mode, u32 queue_pct,
				u32 quiet_ms, u32 src_rate, u32 src_burst,
				u32 all_rate, u32 all_burst);

/* Attach @ncpu zeroed per-CPU areas to a zeroed listener. */
void warden_sg_listener_init(struct warden_sg_listener *l,
			     struct warden_sg_cpu *cpu, u32 ncpu);

/*
 * Start counting for a new listener in the slot. Each CPU clears its own
 * area when it next sees the new generation, so nobody writes another
 * CPU's area.
 */
void warden_sg_listener_reset(struct warden_sg_listener *l, u64 now, u64 salt);

/* Decide about one SYN. */
struct warden_sg_verdict warden_sg_syn(const struct warden_sg_cfg *cfg,
				       struct warden_sg_listener *l,
				       const struct warden_sg_tables *t,
				       const struct warden_sg_syn *syn);

/* Re-evaluate flood state without a SYN (periodic tick). */
u8 warden_sg_tick(const struct warden_sg_cfg *cfg,
		  struct warden_sg_listener *l, u64 now);

/* The listener's counters, summed over its CPUs (any context). */
void warden_sg_read(const struct warden_sg_listener *l, u64 now,
		    struct warden_sg_report *r);

/* SYN/s arriving now, all CPUs (detection reads this). */
u64 warden_sg_rate(const struct warden_sg_listener *l, u64 now);

/* Is the source prefix verified? Takes no lock. */
bool warden_sg_is_verified(const struct warden_sg_tables *t, u64 src_hash,
			   u64 now);

/* This host sent a SYN-ACK with sequence number @isn on a 4-tuple. */
void warden_sg_synack(const struct warden_sg_tables *t, u64 tuple_hash,
		      u32 isn, u64 now);

enum warden_sg_ack {
	WARDEN_SG_ACK_UNKNOWN,	/* no SYN-ACK on record for the tuple */
	WARDEN_SG_ACK_VERIFIED,	/* it acknowledged our SYN-ACK */
	WARDEN_SG_ACK_BAD,	/* wrong acknowledgment number */
};

/*
 * An ACK arrived on a 4-tuple: does it acknowledge the SYN-ACK on record?
 * Its source is hashed and verified (warden_sg_verify()) only when it
 * does: most ACKs belong to established connections and need no more.
 */
enum warden_sg_ack warden_sg_ack(const struct warden_sg_tables *t,
				 u64 tuple_hash, u32 ack_seq, u64 now);

/* The source prefix of @src_hash completed a handshake. */
void warden_sg_verify(const struct warden_sg_tables *t, u64 src_hash, u64 now);

/* Halve heavy-hitter counts (periodic: keeps the top list recent). */
void warden_sg_decay_top(struct warden_sg_listener *l);

/* Copy the heavy hitters, largest first; returns how many (process context). */
u32 warden_sg_top(struct warden_sg_listener *l, struct warden_topk_ent *out);

#endif /* _WARDEN_CORE_SYNGUARD_H */
