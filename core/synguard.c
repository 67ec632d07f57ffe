// SPDX-License-Identifier: GPL-2.0
#include "synguard.h"
#include "uapi/linux/tcp_warden.h"

#define SG_WIN_NS	BIT_ULL(WARDEN_RATE_WIN_SHIFT)

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

void warden_sg_listener_init(struct warden_sg_listener *l,
			     struct warden_sg_cpu *cpu, u32 ncpu)
{
	l->cpu = cpu;
	l->ncpu = ncpu;
	warden_lock_init(&l->top_lock);
}

void warden_sg_listener_reset(struct warden_sg_listener *l, u64 now, u64 salt)
{
	WRITE_ONCE(l->gen, l->gen + 1);
	WRITE_ONCE(l->flood, 0);
	WRITE_ONCE(l->floods, 0);
	WRITE_ONCE(l->since_ns, 0);
	WRITE_ONCE(l->hot_ns, 0);
	WRITE_ONCE(l->fold_win, now >> WARDEN_RATE_WIN_SHIFT);
	WRITE_ONCE(l->salt, salt);
	WRITE_ONCE(l->all_tat, warden_tb_full(now));
	warden_lock(&l->top_lock);
	memset(&l->top, 0, sizeof(l->top));
	warden_unlock(&l->top_lock);
}

/*
 * A CPU's rate and generation are read by other CPUs (the fold, reports)
 * while their owner writes them: a sequence count makes the copy whole.
 */
static inline void sg_cpu_begin(struct warden_sg_cpu *c)
{
	WRITE_ONCE(c->seq, c->seq + 1);
	smp_wmb();	/* odd before the rate changes: sg_cpu_rate() retries */
}

static inline void sg_cpu_end(struct warden_sg_cpu *c)
{
	smp_wmb();	/* the rate is written before the count is even again */
	WRITE_ONCE(c->seq, c->seq + 1);
}

/* The area's rate if it counts for generation @gen; false otherwise. */
static bool sg_cpu_rate(const struct warden_sg_cpu *c, u32 gen,
			struct warden_rate *r)
{
	unsigned int tries = 0;
	u32 s, g;

	do {
		s = READ_ONCE(c->seq);
		smp_rmb();	/* pairs with sg_cpu_begin() */
		g = READ_ONCE(c->gen);
		r->win = READ_ONCE(c->rate.win);
		r->avg = READ_ONCE(c->rate.avg);
		r->count = READ_ONCE(c->rate.count);
		smp_rmb();	/* pairs with sg_cpu_end() */
		/* An owner stopped mid-write (a preempted vCPU): take the copy. */
	} while (((s & 1) || READ_ONCE(c->seq) != s) && ++tries < 1000);
	return g == gen;
}

/* Under sg_cpu_begin(): the area starts counting for generation @gen. */
static void sg_cpu_clear(struct warden_sg_cpu *c, u32 gen, u64 now)
{
	unsigned int i;

	WRITE_ONCE(c->gen, gen);
	warden_rate_init(&c->rate, now);
	WRITE_ONCE(c->syns, 0);
	for (i = 0; i < WARDEN_SG_NWHY; i++)
		WRITE_ONCE(c->why[i], 0);
	WRITE_ONCE(c->would_drop, 0);
	c->tokens = 0;
	WRITE_ONCE(c->qlen, 0);
	WRITE_ONCE(c->qmax, 0);
	WRITE_ONCE(c->q_ns, 0);
}

u64 warden_sg_rate(const struct warden_sg_listener *l, u64 now)
{
	u32 gen = READ_ONCE(l->gen), i;
	struct warden_rate r;
	u64 sum = 0;

	/* The average is linear: the sum of the CPUs' is the listener's. */
	for (i = 0; i < l->ncpu; i++)
		if (sg_cpu_rate(&l->cpu[i], gen, &r))
			sum += warden_rate_get(&r, now);
	return sum;
}

/* Is the pressure above the thresholds scaled by @num / @den? */
static bool sg_over(const struct warden_sg_cfg *cfg, u64 rate,
		    u32 qlen, u32 qmax, u32 num, u32 den)
{
	if (cfg->threshold && rate * den > (u64)cfg->threshold * num)
		return true;
	return cfg->queue_pct && qmax &&
	       (u64)qlen * 100 * den >= (u64)qmax * cfg->queue_pct * num;
}

static u8 sg_enter(struct warden_sg_listener *l, u64 now)
{
	if (!warden_cas(&l->flood, 0U, 1U))
		return WARDEN_SG_EV_NONE;
	WRITE_ONCE(l->hot_ns, now);
	WRITE_ONCE(l->since_ns, now);
	WRITE_ONCE(l->floods, l->floods + 1);
	return WARDEN_SG_EV_ENTER;
}

/* Pressure is above the leave marks: at most one write per rate window. */
static void sg_touch(struct warden_sg_listener *l, u64 now)
{
	if (now > READ_ONCE(l->hot_ns) + SG_WIN_NS)
		WRITE_ONCE(l->hot_ns, now);
}

/* Enter above the thresholds, leave after quiet_ns below half of them. */
static u8 sg_judge(const struct warden_sg_cfg *cfg, struct warden_sg_listener *l,
		   u64 now, u64 rate, u32 qlen, u32 qmax)
{
	u64 hot;

	if (!READ_ONCE(l->flood))
		return sg_over(cfg, rate, qlen, qmax, 1, 1) ? sg_enter(l, now)
							    : WARDEN_SG_EV_NONE;
	if (sg_over(cfg, rate, qlen, qmax, 1, 2)) {
		sg_touch(l, now);
		return WARDEN_SG_EV_NONE;
	}
	hot = READ_ONCE(l->hot_ns);
	/* (another CPU's clock may read a little ahead of ours) */
	if (now <= hot || now - hot < cfg->quiet_ns)
		return WARDEN_SG_EV_NONE;
	return warden_cas(&l->flood, 1U, 0U) ? WARDEN_SG_EV_LEAVE : WARDEN_SG_EV_NONE;
}

/*
 * The first CPU to see rate window @win judges the listener's total rate:
 * one fold per window, however many CPUs take SYNs.
 */
static u8 sg_fold(const struct warden_sg_cfg *cfg, struct warden_sg_listener *l,
		  const struct warden_sg_syn *syn, u64 win)
{
	u64 seen = READ_ONCE(l->fold_win);

	if (seen >= win || !warden_cas(&l->fold_win, seen, win))
		return WARDEN_SG_EV_NONE;
	return sg_judge(cfg, l, syn->now, warden_sg_rate(l, syn->now),
			syn->qlen, syn->qmax);
}

/* The queue is sampled on every SYN: a full one enters at once. */
static u8 sg_queue(const struct warden_sg_cfg *cfg, struct warden_sg_listener *l,
		   const struct warden_sg_syn *syn)
{
	if (!cfg->queue_pct || !syn->qmax)
		return WARDEN_SG_EV_NONE;
	if (!READ_ONCE(l->flood))
		return sg_over(cfg, 0, syn->qlen, syn->qmax, 1, 1) ?
		       sg_enter(l, syn->now) : WARDEN_SG_EV_NONE;
	if (sg_over(cfg, 0, syn->qlen, syn->qmax, 1, 2))
		sg_touch(l, syn->now);
	return WARDEN_SG_EV_NONE;
}

static void sg_read_queue(const struct warden_sg_listener *l, u64 *q_ns,
			  u32 *qlen, u32 *qmax)
{
	u32 gen = READ_ONCE(l->gen), i;

	*q_ns = 0;
	*qlen = 0;
	*qmax = 0;
	for (i = 0; i < l->ncpu; i++) {
		const struct warden_sg_cpu *c = &l->cpu[i];
		u64 t = READ_ONCE(c->q_ns);

		if (READ_ONCE(c->gen) != gen || t <= *q_ns)
			continue;
		*q_ns = t;
		*qlen = READ_ONCE(c->qlen);
		*qmax = READ_ONCE(c->qmax);
	}
}

u8 warden_sg_tick(const struct warden_sg_cfg *cfg,
		  struct warden_sg_listener *l, u64 now)
{
	u32 qlen, qmax;
	u64 q_ns;

	sg_read_queue(l, &q_ns, &qlen, &qmax);
	if (now > q_ns && now - q_ns >= WARDEN_SG_QUEUE_FRESH_NS)
		qmax = 0;
	return sg_judge(cfg, l, now, warden_sg_rate(l, now), qlen, qmax);
}

void warden_sg_read(const struct warden_sg_listener *l, u64 now,
		    struct warden_sg_report *r)
{
	u32 gen = READ_ONCE(l->gen), i, w;
	struct warden_rate rate;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < l->ncpu; i++) {
		const struct warden_sg_cpu *c = &l->cpu[i];

		if (!sg_cpu_rate(c, gen, &rate))
			continue;
		r->rate += warden_rate_now(&rate, now);
		r->syns += READ_ONCE(c->syns);
		for (w = 0; w < WARDEN_SG_NWHY; w++)
			r->why[w] += READ_ONCE(c->why[w]);
		r->would_drop += READ_ONCE(c->would_drop);
	}
	sg_read_queue(l, &r->q_ns, &r->qlen, &r->qmax);
	r->flood = READ_ONCE(l->flood);
	r->floods = READ_ONCE(l->floods);
	r->since_ns = READ_ONCE(l->since_ns);
}

bool warden_sg_is_verified(const struct warden_sg_tables *t, u64 src_hash,
			   u64 now)
{
	return warden_st_peek(t->verified, src_hash, now, NULL);
}

/*
 * Aggregate tokens: a CPU takes a small batch from the listener's bucket
 * with one compare-and-swap and spends it within the same rate window, so
 * the shared bucket is written once per batch, not per SYN. Tokens taken
 * are gone from the bucket: the budget is never exceeded; what a CPU does
 * not spend in its window is lost, never lent to later windows.
 */
static u32 sg_batch(const struct warden_tb_cfg *c)
{
	u32 b = c->rate / 256;

	return clamp_t(u32, b, 1, min_t(u32, WARDEN_SG_BATCH_MAX, c->burst));
}

static bool sg_all_take(const struct warden_sg_cfg *cfg,
			struct warden_sg_listener *l, struct warden_sg_cpu *c,
			u64 now, u32 win)
{
	unsigned int tries;
	u64 tat, next;
	u32 n;

	if (c->tokens && c->tokens_win == win) {
		c->tokens--;
		return true;
	}
	c->tokens = 0;
	for (tries = 0; tries < 4; tries++) {
		tat = READ_ONCE(l->all_tat);
		/* The common case in a flood: no token, and no division. */
		if (!warden_tb_conforms(tat, now, &cfg->all))
			return false;
		n = warden_tb_avail(tat, now, &cfg->all, sg_batch(&cfg->all));
		if (!n)
			return false;
		next = max(tat, now) + n * cfg->all.interval_ns;
		if (warden_cas(&l->all_tat, tat, next)) {
			c->tokens = n - 1;
			c->tokens_win = win;
			return true;
		}
	}
	return false;
}

/*
 * A SYN needs a token from its source's bucket and from the aggregate. The
 * aggregate comes first: in a random-source flood it is what runs out, and
 * dropping there skips the per-source table (a cache miss). A source whose
 * bucket is empty is refused without the table's lock.
 */
static u8 sg_limit(const struct warden_sg_cfg *cfg,
		   struct warden_sg_listener *l, struct warden_sg_cpu *c,
		   const struct warden_sg_tables *t,
		   const struct warden_sg_syn *syn, u64 src_hash, u32 win)
{
	struct warden_st *b = t->buckets;
	struct warden_st_stripe *s;
	struct warden_st_ent *e;
	bool created, conform;
	u64 tat;

	if (!sg_all_take(cfg, l, c, syn->now, win))
		return WARDEN_SG_LIMIT_ALL;
	if (warden_st_peek(b, src_hash, syn->now, &tat) &&
	    !warden_tb_conforms(tat, syn->now, &cfg->src)) {
		c->tokens++;	/* back to this CPU's batch */
		return WARDEN_SG_LIMIT_SRC;
	}
	s = warden_st_lock(b, src_hash);
	e = warden_st_get(b, src_hash, syn->now, &created);
	tat = created ? warden_tb_full(syn->now) : e->val;
	conform = warden_tb_take(&tat, syn->now, &cfg->src);
	WRITE_ONCE(e->val, tat);
	/* The stamp orders eviction: recently active sources stay. */
	WRITE_ONCE(e->stamp, syn->now);
	warden_st_unlock(s);
	if (!conform) {
		c->tokens++;
		return WARDEN_SG_LIMIT_SRC;
	}
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

static void sg_sample(struct warden_sg_listener *l,
		      const struct warden_sg_tables *t,
		      const struct warden_sg_syn *syn, u64 src_hash)
{
	u64 th = sg_mix(src_hash ^ READ_ONCE(l->salt));
	u32 est = warden_cms_add(t->cms, th, WARDEN_SG_TOP_SAMPLE);

	if (!warden_topk_wants(&l->top, th, est))
		return;
	warden_lock(&l->top_lock);
	warden_topk_offer(&l->top, th, syn->src, est);
	warden_unlock(&l->top_lock);
}

struct warden_sg_verdict warden_sg_syn(const struct warden_sg_cfg *cfg,
				       struct warden_sg_listener *l,
				       const struct warden_sg_tables *t,
				       const struct warden_sg_syn *syn)
{
	struct warden_sg_cpu *c = &l->cpu[syn->cpu];
	struct warden_sg_verdict v = { .drop = false };
	u64 win = syn->now >> WARDEN_RATE_WIN_SHIFT, sh = 0;
	u32 gen = READ_ONCE(l->gen);
	bool sample, judge;

	sg_cpu_begin(c);
	if (c->gen != gen)
		sg_cpu_clear(c, gen, syn->now);
	warden_rate_add(&c->rate, syn->now, 1);
	sg_cpu_end(c);
	WRITE_ONCE(c->syns, c->syns + 1);
	WRITE_ONCE(c->qlen, syn->qlen);
	WRITE_ONCE(c->qmax, syn->qmax);
	WRITE_ONCE(c->q_ns, syn->now);

	if (win > READ_ONCE(l->fold_win))
		v.event = sg_fold(cfg, l, syn, win);
	if (v.event == WARDEN_SG_EV_NONE)
		v.event = sg_queue(cfg, l, syn);

	/*
	 * Heavy hitters from a sample of the SYNs, each counting for the
	 * sample rate: a random-source flood would otherwise cost a sketch
	 * cache miss per SYN for sources too small to ever be listed. The
	 * keyed mix makes the sampled SYNs unpredictable to a sender.
	 */
	sample = t->cms &&
		 !(sg_mix(c->syns ^ READ_ONCE(l->salt) ^ ((u64)syn->cpu << 40)) &
		   (WARDEN_SG_TOP_SAMPLE - 1));
	judge = syn->list == WARDEN_SG_UNLISTED && READ_ONCE(l->flood);
	/* Hash the source only when it is needed: calm SYNs mostly skip it. */
	if (sample || judge)
		sh = warden_src_hash(t->key, syn->src, syn->plen);
	if (sample)
		sg_sample(l, t, syn, sh);

	if (syn->list == WARDEN_SG_ON_ALLOW)
		v.why = WARDEN_SG_ALLOWED;
	else if (syn->list == WARDEN_SG_ON_DENY)
		v.why = WARDEN_SG_DENIED;
	else if (!judge)
		v.why = WARDEN_SG_CALM;
	else if (warden_sg_is_verified(t, sh, syn->now))
		v.why = WARDEN_SG_VERIFIED;
	else
		v.why = sg_limit(cfg, l, c, t, syn, sh, (u32)win);

	WRITE_ONCE(c->why[v.why], c->why[v.why] + 1);
	if (v.why >= WARDEN_SG_FIRST_DROP) {
		if (cfg->mode == WARDEN_SG_ENFORCE)
			v.drop = true;
		else
			WRITE_ONCE(c->would_drop, c->would_drop + 1);
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
	WRITE_ONCE(e->val, isn);
	WRITE_ONCE(e->stamp, now);
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
	WRITE_ONCE(e->stamp, now);
	warden_st_unlock(s);
}

void warden_sg_decay_top(struct warden_sg_listener *l)
{
	warden_lock_bh(&l->top_lock);
	warden_topk_decay(&l->top);
	warden_unlock_bh(&l->top_lock);
}

u32 warden_sg_top(struct warden_sg_listener *l, struct warden_topk_ent *out)
{
	u32 n;

	warden_lock_bh(&l->top_lock);
	n = warden_topk_sorted(&l->top, out);
	warden_unlock_bh(&l->top_lock);
	return n;
}
