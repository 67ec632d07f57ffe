// SPDX-License-Identifier: GPL-2.0
/*
 * trace_witness NETNS_FILE: attach the witness (trace_witness.bpf.c) for
 * the netns at NETNS_FILE (/run/netns/NAME), write "ready" to fd
 * $WARDENCTL_READY_FD once attached, and on SIGINT detach and print what it
 * counted, one line each (states as the kernel's numbers):
 *   state OLD NEW COUNT
 *   retransmit STATE COUNT
 *   missed N	(runs the kernel skipped as nested: then the counts are short)
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "trace_witness.h"
#include "trace_witness.skel.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

/* Nested runs the kernel skipped; unknown counts as some. */
static uint64_t misses(const struct bpf_program *p)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(bpf_program__fd(p), &info, &len))
		return 1;
	return info.recursion_misses;
}

static void print_counts(int fd)
{
	struct witness_key key, next, *prev = NULL;
	unsigned long long n;

	while (!bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &n))
			continue;
		if (key.kind == WITNESS_STATE)
			printf("state %u %u %llu\n", key.a, key.b, n);
		else
			printf("retransmit %u %llu\n", key.a, n);
	}
}

int main(int argc, char **argv)
{
	const char *ready = getenv("WARDENCTL_READY_FD");
	struct trace_witness_bpf *skel;
	struct stat st;

	if (argc != 2) {
		fprintf(stderr, "usage: trace_witness NETNS_FILE\n");
		return 2;
	}
	if (stat(argv[1], &st)) {
		fprintf(stderr, "trace_witness: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	skel = trace_witness_bpf__open();
	if (!skel) {
		fprintf(stderr, "trace_witness: cannot open the BPF object: %s\n", strerror(errno));
		return 1;
	}
	skel->rodata->netns_ino = st.st_ino;
	if (trace_witness_bpf__load(skel) || trace_witness_bpf__attach(skel)) {
		fprintf(stderr, "trace_witness: cannot load or attach: %s\n", strerror(errno));
		trace_witness_bpf__destroy(skel);
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (ready && write(atoi(ready), "ready\n", 6) != 6)
		return 1;
	while (!stop)
		usleep(50000);
	trace_witness_bpf__detach(skel);
	print_counts(bpf_map__fd(skel->maps.seen));
	printf("missed %llu\n", (unsigned long long)(misses(skel->progs.witness_state) +
						     misses(skel->progs.witness_retransmit)));
	trace_witness_bpf__destroy(skel);
	return 0;
}
