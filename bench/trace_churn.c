// SPDX-License-Identifier: GPL-2.0
/*
 * trace_churn: loopback connection churn for bench/trace_overhead.sh.
 * A server thread accepts and closes; the client connects, sends one
 * byte, closes; N times. Prints connections/s and the process's CPU time.
 *
 *   trace_churn N [PORT]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int lfd;
static long total;

static void die(const char *what)
{
	fprintf(stderr, "trace_churn: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void *server(void *arg __attribute__((unused)))
{
	char b;
	long i;

	for (i = 0; i < total; i++) {
		int fd = accept(lfd, NULL, NULL);

		if (fd < 0)
			die("accept");
		if (read(fd, &b, 1) < 0)
			die("read");
		close(fd);
	}
	return NULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct rusage ru;
	pthread_t th;
	double t0, t1, cpu;
	int one = 1;
	long i;

	if (argc < 2)
		return fprintf(stderr, "usage: trace_churn N [PORT]\n"), 2;
	total = atol(argv[1]);
	a.sin_port = htons(argc > 2 ? atoi(argv[2]) : 7301);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (void *)&a, sizeof(a)) || listen(lfd, 1024))
		die("listen");
	pthread_create(&th, NULL, server, NULL);
	t0 = now();
	for (i = 0; i < total; i++) {
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		char b;

		if (fd < 0 || connect(fd, (void *)&a, sizeof(a)))
			die("connect");
		if (write(fd, "x", 1) != 1)
			die("write");
		/* wait for the server's close: every flow runs to the end */
		if (read(fd, &b, 1) < 0)
			die("read");
		close(fd);
	}
	pthread_join(th, NULL);
	t1 = now();
	getrusage(RUSAGE_SELF, &ru);
	cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	      ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	printf("conns=%ld secs=%.4f conns_per_s=%.1f cpu_s=%.4f\n", total, t1 - t0,
	       total / (t1 - t0), cpu);
	return 0;
}
