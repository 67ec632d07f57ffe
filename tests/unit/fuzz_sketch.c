// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for core/sketch.c: the sketch never undercounts against
 * exact counts, and the top-K list stays duplicate-free and sorted.
 */
#include <stdio.h>
#include <stdlib.h>

#include "sketch.h"

#define WIDTH	64

#define check(c) do { if (!(c)) { fprintf(stderr, "violated: %s\n", #c); abort(); } } while (0)

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static u32 mem[WIDTH * WARDEN_CMS_DEPTH];
	static const struct warden_hkey key = { 3, 4 };
	struct warden_topk_ent out[WARDEN_TOPK];
	struct warden_topk top;
	struct warden_cms s;
	u64 exact[256] = { 0 };
	struct warden_addr a = { .family = WARDEN_PF_INET };
	size_t i;
	u32 n, j, m;

	warden_cms_init(&s, mem, WIDTH);
	memset(&top, 0, sizeof(top));
	for (i = 0; i + 1 < size; i += 2) {
		u8 k = data[i + 1];
		u64 w = k, h = warden_siphash(&w, 1, &key);
		u32 add = data[i] & 0x7f, est;

		if (data[i] == 0xff) {
			warden_cms_decay(&s);
			warden_topk_decay(&top);
			for (j = 0; j < 256; j++)
				exact[j] >>= 1;
			continue;
		}
		est = warden_cms_add(&s, h, add);
		exact[k] += add;
		check(est >= exact[k] || est == U32_MAX);
		check(warden_cms_estimate(&s, h) == est);
		a.bytes[3] = k;
		warden_topk_offer(&top, h, &a, est);
	}
	for (j = 0; j < 256; j++) {
		u64 w = j;

		/* Decay halves both sides: floor(c/2) >= floor(x/2) when c >= x. */
		check(warden_cms_estimate(&s, warden_siphash(&w, 1, &key)) >= exact[j]);
	}
	n = warden_topk_sorted(&top, out);
	check(n <= WARDEN_TOPK);
	for (j = 0; j < n; j++) {
		check(out[j].hash != 0);
		if (j)
			check(out[j - 1].count >= out[j].count);
		for (m = 0; m < j; m++)
			check(out[m].hash != out[j].hash);
	}
	return 0;
}
