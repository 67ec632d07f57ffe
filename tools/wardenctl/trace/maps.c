// SPDX-License-Identifier: GPL-2.0
/* What the programs' maps hold at the end of a trace (maps.h). */
#include <stdio.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "lib/json.h"
#include "trace/env.h"
#include "trace/events.h"
#include "trace/maps.h"

/* The sum over CPUs of the u64 at @off in entry 0's @size-byte values. */
uint64_t wtr_sum_percpu(int fd, size_t size, size_t off)
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

void wtr_print_hists(struct wtr_out *c, int fd)
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
			wj_u64(&c->j, "sum-ns", h.sum_ns);
			wj_arr_open(&c->j, "buckets");
			for (i = 0; i <= last; i++) {
				wj_obj_open(&c->j, NULL);
				wj_u64(&c->j, "lo-us", i ? 1ULL << i : 0);
				wj_u64(&c->j, "hi-us", (2ULL << i) - 1);
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
 * nested-run copies (NAME_nested) traced instead: events never seen, so
 * reported. A skip of a copy itself is not counted: its program ran for
 * that event.
 */
uint64_t wtr_prog_misses(struct bpf_object *obj, int nesting_fd)
{
	struct bpf_program *p;
	uint64_t n = 0, recovered;
	const char *name;
	size_t len;

	bpf_object__for_each_program(p, obj) {
		struct bpf_prog_info info = {};
		uint32_t ilen = sizeof(info);
		int fd = bpf_program__fd(p);

		name = bpf_program__name(p);
		len = strlen(name);
		if (len > 7 && !strcmp(name + len - 7, "_nested"))
			continue;
		if (fd >= 0 && !bpf_obj_get_info_by_fd(fd, &info, &ilen))
			n += info.recursion_misses;
	}
	recovered = wtr_sum_percpu(nesting_fd, sizeof(struct warden_nesting),
				   offsetof(struct warden_nesting, recovered));
	return n > recovered ? n - recovered : 0;
}

void wtr_print_retrans_flows(struct wtr_out *c, int fd)
{
	struct warden_flow_key key, next, *prev = NULL;
	char l[INET6_ADDRSTRLEN + 10], r[INET6_ADDRSTRLEN + 10];
	uint32_t n;
	bool first = true;

	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &n))
			continue;
		if (c->json) {
			wj_obj_open(&c->j, NULL);
			wj_str(&c->j, "type", "flow");
			wtr_json_flow(c, key.netns, &key.t);
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
