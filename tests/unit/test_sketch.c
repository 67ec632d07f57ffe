// SPDX-License-Identifier: GPL-2.0
/* Tests of the count-min sketch and the top-K list, against exact counts. */
#include <stdlib.h>

#include "tap.h"
#include "sketch.h"

static const struct warden_hkey key = { 11, 22 };

static u64 hkey(u32 i)
{
	u64 w = i;

	return warden_siphash(&w, 1, &key);
}

static void test_cms(void)
{
	u32 width = 1024, nkeys = 5000, i, j, under = 0, far = 0;
	u32 *mem = malloc(warden_cms_mem_size(width));
	u32 *exact = calloc(nkeys, sizeof(u32));
	struct warden_cms s;
	u64 total = 0;

	warden_cms_init(&s, mem, width);
	is(warden_cms_estimate(&s, hkey(1)), 0, "an empty sketch estimates zero");
	srandom(7);
	/* Zipf-like traffic: key i sends about 2000 / (i + 1) times. */
	for (i = 0; i < nkeys; i++) {
		u32 n = 2000 / (i + 1) + 1;

		for (j = 0; j < n; j++)
			warden_cms_add(&s, hkey(i), 1);
		exact[i] = n;
		total += n;
	}
	for (i = 0; i < nkeys; i++) {
		u32 est = warden_cms_estimate(&s, hkey(i));

		under += est < exact[i];
		/* The classic bound: error <= e * total / width, w.h.p. */
		far += est > exact[i] + 3 * total / width;
	}
	is(under, 0, "the sketch never undercounts");
	ok(far <= nkeys / 100, "at most 1%% of keys exceed the error bound (%u)", far);
	is(warden_cms_estimate(&s, hkey(0)), exact[0], "the heaviest key is counted exactly");

	warden_cms_decay(&s);
	ok(warden_cms_estimate(&s, hkey(0)) == exact[0] / 2, "decay halves the counts");
	ok(warden_cms_add(&s, hkey(0), 0xfffffff0) == U32_MAX && warden_cms_add(&s, hkey(0), 100) == U32_MAX,
	   "counts saturate instead of wrapping");
	free(mem);
	free(exact);
}

static void test_topk(void)
{
	u32 width = 4096, i, j, n, found = 0;
	u32 *mem = malloc(warden_cms_mem_size(width));
	struct warden_topk t;
	struct warden_topk_ent out[WARDEN_TOPK];
	struct warden_addr a = { .family = WARDEN_PF_INET };
	struct warden_cms s;

	memset(&t, 0, sizeof(t));
	warden_cms_init(&s, mem, width);
	/* 8 heavy sources (100..800 SYNs) hidden among 20000 singletons. */
	srandom(9);
	for (i = 0; i < 20000 + 3600; i++) {
		u32 id = random() % 20000 + 100;

		if (i % 7 == 0 && i / 7 < 3600) {
			/* heavy source h sends 100*(h+1): pick by weight */
			u32 r = random() % 3600, h = 0, acc = 0;

			for (h = 0; h < 8; h++) {
				acc += 100 * (h + 1);
				if (r < acc)
					break;
			}
			id = h;
		}
		a.bytes[3] = (u8)id;
		a.bytes[2] = (u8)(id >> 8);
		warden_topk_offer(&t, hkey(id), &a, warden_cms_add(&s, hkey(id), 1));
	}
	n = warden_topk_sorted(&t, out);
	is(n, WARDEN_TOPK, "the list is full");
	for (i = 0; i < n; i++) {
		if (i)
			ok(out[i - 1].count >= out[i].count, "entry %u is not larger than entry %u", i, i - 1);
		for (j = 0; j < 8; j++)
			if (out[i].hash == hkey(j))
				found++;
	}
	ok(found >= 7, "at least 7 of the 8 heavy sources are in the top 8 (%u)", found);
	ok(out[0].hash == hkey(7) && out[0].addr.bytes[3] == 7,
	   "the heaviest source is first, with its address");

	for (i = 0; i < 40; i++)
		warden_topk_decay(&t);
	is(warden_topk_sorted(&t, out), 0, "repeated decay empties the list");
	free(mem);
}

static void test_topk_unique(void)
{
	struct warden_topk t;
	struct warden_topk_ent out[WARDEN_TOPK];
	struct warden_addr a = { .family = WARDEN_PF_INET6 };
	u32 i;

	memset(&t, 0, sizeof(t));
	for (i = 0; i < 100; i++)
		warden_topk_offer(&t, 42, &a, i + 1);
	is(warden_topk_sorted(&t, out), 1, "a source offered many times is listed once");
	is(out[0].count, 100, "with its latest estimate");
	warden_topk_offer(&t, 0, &a, 5);
	is(warden_topk_sorted(&t, out), 2, "hash 0 is a valid key");
}

int main(void)
{
	test_cms();
	test_topk();
	test_topk_unique();
	return tap_done();
}
