// SPDX-License-Identifier: GPL-2.0
#include "synguard.h"
#include "uapi/linux/tcp_warden.h"

const char *warden_sg_cfg_check(u32 mode, u32 queue_pct,
				u32 quiet_ms, u32 src_rate, u32 src_burst,
				u32 all_rate, u32 all_burst)
{
	if (mode > WARDEN_SG_ENFORCE)
		return "mode must be off, monitor or enforce";
	if (queue_pct > 100)
		return "queue threshold is a percentage (0..100)";
	if (quiet_ms > TCP_WARDEN_SYN_QUIET_MS_MAX)
		return "quiet period must be at most "
		       WARDEN_XSTR(TCP_WARDEN_SYN_QUIET_MS_MAX) " ms";
	if (src_rate > WARDEN_TB_RATE_MAX || all_rate > WARDEN_TB_RATE_MAX)
		return "rate must be at most " WARDEN_XSTR(TCP_WARDEN_SYN_RATE_MAX) " per second";
	if (!src_burst || !all_burst || src_burst > WARDEN_TB_BURST_MAX ||
	    all_burst > WARDEN_TB_BURST_MAX)
		return "burst must be 1.." WARDEN_XSTR(TCP_WARDEN_SYN_BURST_MAX);
	return NULL;
}

void warden_sg_listener_init(struct warden_sg_listener *l, u64 now, u64 salt)
{
	memset(l, 0, sizeof(*l));
	warden_rate_init(&l->rate, now);
	l->all_tat = warden_tb_full(now);
	l->salt = salt;
}

/* Pressure as a multiple of the thresholds, scaled by @num / @den. */
static bool sg_over(const struct warden_sg_cfg *cfg,
		    const struct warden_sg_listener *l, u64 now,
		    u32 num, u32 den)
{
	u64 rate = warden_rate_get(&l->rate, now);

	if (cfg->syn_rate && rate * den > (u64)cfg->syn_rate * num)
		return true;
	if (cfg->queue_pct && l->qmax && now - l->q_ns < WARDEN_SG_QUEUE_FRESH_NS &&
	    (u64)l->qlen * 100 * den >= (u64)l->qmax * cfg->queue_pct * num)
		return true;
	return false;
}

/* Enter above the thresholds, leave after quiet_ns below half of them. */
static u8 sg_update(const struct warden_sg_cfg *cfg,
		    struct warden_sg_listener *l, u64 now)
{
	if (!l->flood) {
		if (!sg_over(cfg, l, now, 1, 1))
			return WARDEN_SG_EV_NONE;
		l->flood = true;
		l->floods++;
		l->since_ns = now;
		l->hot_ns = now;
		return WARDEN_SG_EV_ENTER;
	}
	if (sg_over(cfg, l, now, 1, 2)) {
		l->hot_ns = now;
		return WARDEN_SG_EV_NONE;
	}
	if (now - l->hot_ns < cfg->quiet_ns)
		return WARDEN_SG_EV_NONE;
	l->flood = false;
	return WARDEN_SG_EV_LEAVE;
}

u8 warden_sg_tick(const struct warden_sg_cfg *cfg,
		  struct warden_sg_listener *l, u64 now)
{
	return sg_update(cfg, l, now);
}

bool warden_sg_is_verified(const struct warden_sg_tables *t, u64 src_hash,
			   u64 now)
{
	struct warden_st_stripe *s = warden_st_lock(t->verified, src_hash);
	bool hit = warden_st_find(t->verified, src_hash, now);

	warden_st_unlock(s);
	return hit;
}

/*
 * A SYN needs a token from its source's bucket and from the aggregate. The
 * aggregate is checked first: in a random-source flood it is what runs
 * out, and dropping there skips the per-source table (a cache miss).
 */
static u8 sg_limit(const struct warden_sg_cfg *cfg,
		   struct warden_sg_listener *l, const struct warden_sg_tables *t,
		   const struct warden_sg_syn *syn, u64 src_hash)
{
	struct warden_st *b = t->buckets;
	struct warden_st_stripe *s;
	struct warden_st_ent *e;
	bool created, conform;

	if (!warden_tb_conforms(l->all_tat, syn->now, &cfg->all))
		return WARDEN_SG_LIMIT_ALL;

	s = warden_st_lock(b, src_hash);
	e = warden_st_get(b, src_hash, syn->now, &created);
	if (created)
		e->val = warden_tb_full(syn->now);
	conform = warden_tb_take(&e->val, syn->now, &cfg->src);
	/* The stamp orders eviction: recently active sources stay. */
	e->stamp = syn->now;
	warden_st_unlock(s);
	if (!conform)
		return WARDEN_SG_LIMIT_SRC;
	warden_tb_take(&l->all_tat, syn->now, &cfg->all);
	return WARDEN_SG_CONFORM;
}

/* A splitmix64 finaliser: spreads (listener, source) over the sketch. */
static inline u64 sg_mix(u64 x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

struct warden_sg_verdict warden_sg_syn(const struct warden_sg_cfg *cfg,
				       struct warden_sg_listener *l,
				       const struct warden_sg_tables *t,
				       const struct warden_sg_syn *syn)
{
	struct warden_sg_verdict v = { .drop = false };
	bool sample, judge;
	u64 sh = 0, th;
	u32 est;

	l->syns++;
	warden_rate_add(&l->rate, syn->now, 1);
	l->qlen = syn->qlen;
	l->qmax = syn->qmax;
	l->q_ns = syn->now;
	v.event = sg_update(cfg, l, syn->now);

	/*
	 * Heavy hitters from a sample of the SYNs, each counting for the
	 * sample rate: a random-source flood would otherwise cost a sketch
	 * cache miss per SYN for sources too small to ever be listed. The
	 * keyed mix makes the sampled SYNs unpredictable to a sender.
	 */
	sample = t->cms && !(sg_mix(l->syns ^ l->salt) & (WARDEN_SG_TOP_SAMPLE - 1));
	judge = syn->list == WARDEN_SG_UNLISTED && l->flood;
	/* Hash the source only when it is needed: calm SYNs mostly skip it. */
	if (sample || judge)
		sh = warden_src_hash(t->key, syn->ns, syn->src, syn->plen);
	if (sample) {
		th = sg_mix(sh ^ l->salt);
		est = warden_cms_add(t->cms, th, WARDEN_SG_TOP_SAMPLE);
		warden_topk_offer(&l->top, th, syn->src, est);
	}

	if (syn->list == WARDEN_SG_ON_ALLOW)
		v.why = WARDEN_SG_ALLOWED;
	else if (syn->list == WARDEN_SG_ON_DENY)
		v.why = WARDEN_SG_DENIED;
	else if (!judge)
		v.why = WARDEN_SG_CALM;
	else if (warden_sg_is_verified(t, sh, syn->now))
		v.why = WARDEN_SG_VERIFIED;
	else
		v.why = sg_limit(cfg, l, t, syn, sh);

	l->why[v.why]++;
	if (v.why >= WARDEN_SG_FIRST_DROP) {
		if (cfg->mode == WARDEN_SG_ENFORCE)
			v.drop = true;
		else
			l->would_drop++;
	}
	return v;
}

void warden_sg_synack(const struct warden_sg_tables *t, u64 tuple_hash,
		      u32 isn, u64 now)
{
	struct warden_st_stripe *s = warden_st_lock(t->synacks, tuple_hash);
	struct warden_st_ent *e;
	bool created;

	e = warden_st_get(t->synacks, tuple_hash, now, &created);
	/* A retransmitted SYN-ACK keeps its ISN; refresh its age. */
	e->val = isn;
	e->stamp = now;
	warden_st_unlock(s);
}

enum warden_sg_ack warden_sg_ack(const struct warden_sg_tables *t,
				 u64 tuple_hash, u32 ack_seq, u64 now)
{
	struct warden_st_stripe *s = warden_st_lock(t->synacks, tuple_hash);
	struct warden_st_ent *e;
	bool good;

	e = warden_st_find(t->synacks, tuple_hash, now);
	if (!e) {
		warden_st_unlock(s);
		return WARDEN_SG_ACK_UNKNOWN;
	}
	good = ack_seq == (u32)(e->val + 1);
	if (good)
		warden_st_del(t->synacks, e);
	warden_st_unlock(s);
	return good ? WARDEN_SG_ACK_VERIFIED : WARDEN_SG_ACK_BAD;
}

void warden_sg_verify(const struct warden_sg_tables *t, u64 src_hash, u64 now)
{
	struct warden_st_stripe *s = warden_st_lock(t->verified, src_hash);
	struct warden_st_ent *e;
	bool created;

	e = warden_st_get(t->verified, src_hash, now, &created);
	e->stamp = now;
	warden_st_unlock(s);
}

void warden_sg_decay_top(struct warden_sg_listener *l)
{
	warden_topk_decay(&l->top);
}
