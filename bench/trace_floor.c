// SPDX-License-Identifier: GPL-2.0
/*
 * trace_floor: load bench/trace_floor.bpf.o, consume its ring buffer
 * without formatting anything, and on SIGINT print how many records it
 * read and how many found the buffer full.
 * Writes "ready" to fd $WARDENCTL_READY_FD once attached, like wardenctl.
 *
 *   trace_floor OBJECT
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/types.h>

#include "trace_event.h"

static volatile sig_atomic_t stop;
static uint64_t records;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int on_record(void *ctx, void *data, size_t len)
{
	(void)ctx;
	(void)data;
	(void)len;
	records++;
	return 0;
}

/* wardenctl's pacing for the same ring size (8 MiB, as its default). */
static int set_wakeup(struct bpf_object *obj)
{
	struct bpf_map *ro = bpf_object__find_map_by_name(obj, ".rodata");
	uint32_t every = warden_wakeup_every(8 << 20, libbpf_num_possible_cpus());
	size_t sz = 0;

	/* wakeup_every is the object's only read-only datum */
	if (!ro || !bpf_map__initial_value(ro, &sz) || sz != sizeof(every))
		return -1;
	return bpf_map__set_initial_value(ro, &every, sizeof(every));
}

static uint64_t dropped(int fd)
{
	int i, ncpu = libbpf_num_possible_cpus();
	uint64_t sum = 0, *v;
	uint32_t key = 1;

	v = ncpu > 0 ? calloc(ncpu, sizeof(*v)) : NULL;
	if (v && !bpf_map_lookup_elem(fd, &key, v))
		for (i = 0; i < ncpu; i++)
			sum += v[i];
	free(v);
	return sum;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct ring_buffer *rb;
	const char *ready = getenv("WARDENCTL_READY_FD");

	if (argc != 2) {
		fprintf(stderr, "usage: trace_floor OBJECT\n");
		return 2;
	}
	obj = bpf_object__open_file(argv[1], NULL);
	if (obj && set_wakeup(obj)) {
		fprintf(stderr, "trace_floor: %s has no .rodata\n", argv[1]);
		return 1;
	}
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "trace_floor: cannot load %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	prog = bpf_object__find_program_by_name(obj, "floor_state");
	if (!prog || !bpf_program__attach(prog)) {
		fprintf(stderr, "trace_floor: cannot attach: %s\n", strerror(errno));
		return 1;
	}
	rb = ring_buffer__new(bpf_object__find_map_fd_by_name(obj, "events"), on_record,
			      NULL, NULL);
	if (!rb) {
		fprintf(stderr, "trace_floor: ring buffer: %s\n", strerror(errno));
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (ready && write(atoi(ready), "ready\n", 6) != 6)
		return 1;
	while (!stop) {
		/* as wardenctl: woken per batch, and a 50 ms poll as backstop */
		if (ring_buffer__poll(rb, 50) >= 0)
			ring_buffer__consume(rb);
	}
	ring_buffer__consume(rb);
	printf("%llu records, %llu lost\n", (unsigned long long)records,
	       (unsigned long long)dropped(bpf_object__find_map_fd_by_name(obj, "counts")));
	return 0;
}
