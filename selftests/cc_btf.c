// SPDX-License-Identifier: GPL-2.0
/*
 * cc_btf: attach cc_btf.bpf.c to tcp_warden:warden_ssthresh through the
 * module's BTF, print "ready" once attached, and on SIGINT or SIGTERM print
 * "hits N cwnd C ssthresh S" (the first decrease seen). Exits 1, with the
 * reason, when the program cannot load: the module has no usable BTF.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "cc_btf.skel.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

int main(void)
{
	struct cc_btf_bpf *skel;

	skel = cc_btf_bpf__open();
	if (!skel) {
		fprintf(stderr, "cc_btf: cannot open the BPF object: %s\n", strerror(errno));
		return 1;
	}
	if (cc_btf_bpf__load(skel) || cc_btf_bpf__attach(skel)) {
		fprintf(stderr, "cc_btf: tp_btf/warden_ssthresh does not load or attach: %s\n",
			strerror(errno));
		cc_btf_bpf__destroy(skel);
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	printf("ready\n");
	fflush(stdout);
	while (!stop)
		usleep(50000);
	printf("hits %llu cwnd %u ssthresh %u\n", (unsigned long long)skel->bss->hits,
	       skel->bss->first_cwnd, skel->bss->first_ssthresh);
	cc_btf_bpf__destroy(skel);
	return 0;
}
