// SPDX-License-Identifier: GPL-2.0
/*
 * syn_conn: the legitimate side of the SYN-flood tests.
 *
 *   syn_conn serve -p PORT [-6] [-b BACKLOG] [-t SECONDS]
 *	accept connections and close them, until SECONDS pass.
 *   syn_conn connect -c ADDR -p PORT [-n CONNS] [-T TIMEOUT_MS] [-R RETRIES]
 *		      [-i INTERVAL_MS] [-j]
 *	open CONNS connections one after another, like a normal client: each
 *	connect() waits up to TIMEOUT_MS (the kernel retransmits the SYN
 *	meanwhile) and is retried on a new socket up to RETRIES times.
 *	Prints "ok N fail M attempts A p50_ms X p99_ms Y max_ms Z" or JSON.
 *	Latency runs from the first attempt to the established connection.
 *	Exits 0 when every connection succeeded, 1 otherwise.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *what)
{
	fprintf(stderr, "syn_conn: %s: %s\n", what, strerror(errno));
	exit(2);
}

static int parse_addr(const char *s, int port, struct sockaddr_storage *ss,
		      socklen_t *len)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, s, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		*len = sizeof(*s4);
		return AF_INET;
	}
	if (inet_pton(AF_INET6, s, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		*len = sizeof(*s6);
		return AF_INET6;
	}
	fprintf(stderr, "syn_conn: bad address '%s'\n", s);
	exit(2);
}

static int serve(int port, bool v6, int backlog, double secs)
{
	struct sockaddr_storage ss;
	socklen_t len;
	double end = now_ms() + secs * 1000;
	int fd, one = 1;

	parse_addr(v6 ? "::" : "0.0.0.0", port, &ss, &len);
	fd = socket(ss.ss_family, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len))
		die("bind");
	if (listen(fd, backlog))
		die("listen");
	printf("listening\n");
	fflush(stdout);
	while (now_ms() < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int c;

		if (poll(&p, 1, 200) <= 0)
			continue;
		c = accept(fd, NULL, NULL);
		if (c >= 0)
			close(c);
	}
	close(fd);
	return 0;
}

/* One attempt: 0 connected, -1 timed out or refused. */
static int try_connect(const struct sockaddr_storage *ss, socklen_t len,
		       int timeout_ms)
{
	struct pollfd p;
	int fd, err = 0, r;
	socklen_t elen = sizeof(err);

	fd = socket(ss->ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd < 0)
		die("socket");
	r = connect(fd, (const struct sockaddr *)ss, len);
	if (r && errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	if (r) {
		p.fd = fd;
		p.events = POLLOUT;
		r = poll(&p, 1, timeout_ms);
		if (r <= 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) || err) {
			close(fd);
			return -1;
		}
	}
	close(fd);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int client(const char *addr, int port, int conns, int timeout_ms,
		  int retries, int interval_ms, bool json)
{
	struct sockaddr_storage ss;
	socklen_t len;
	double *lat = calloc(conns, sizeof(double)), p50 = 0, p99 = 0, mx = 0;
	int ok = 0, fail = 0, attempts = 0, i, a;

	if (!lat)
		die("calloc");
	parse_addr(addr, port, &ss, &len);
	for (i = 0; i < conns; i++) {
		double t0 = now_ms();

		for (a = 0; a <= retries; a++) {
			attempts++;
			if (!try_connect(&ss, len, timeout_ms))
				break;
		}
		if (a <= retries)
			lat[ok++] = now_ms() - t0;
		else
			fail++;
		if (interval_ms) {
			struct timespec ts = { interval_ms / 1000, (interval_ms % 1000) * 1000000L };

			nanosleep(&ts, NULL);
		}
	}
	if (ok) {
		qsort(lat, ok, sizeof(double), cmp_double);
		p50 = lat[(ok - 1) / 2];
		p99 = lat[(ok * 99 + 99) / 100 - 1];
		mx = lat[ok - 1];
	}
	if (json)
		printf("{\"ok\": %d, \"fail\": %d, \"attempts\": %d, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f}\n",
		       ok, fail, attempts, p50, p99, mx);
	else
		printf("ok %d fail %d attempts %d p50_ms %.3f p99_ms %.3f max_ms %.3f\n",
		       ok, fail, attempts, p50, p99, mx);
	free(lat);
	return fail ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *addr = NULL;
	int port = 0, conns = 1, timeout_ms = 3000, retries = 5, interval_ms = 0;
	int backlog = 128, opt;
	double secs = 60;
	bool v6 = false, json = false;

	if (argc < 2 || (strcmp(argv[1], "serve") && strcmp(argv[1], "connect"))) {
		fprintf(stderr, "usage: syn_conn serve|connect [options]\n");
		return 2;
	}
	optind = 2;
	while ((opt = getopt(argc, argv, "c:p:n:T:R:i:b:t:6j")) != -1) {
		switch (opt) {
		case 'c': addr = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'n': conns = atoi(optarg); break;
		case 'T': timeout_ms = atoi(optarg); break;
		case 'R': retries = atoi(optarg); break;
		case 'i': interval_ms = atoi(optarg); break;
		case 'b': backlog = atoi(optarg); break;
		case 't': secs = atof(optarg); break;
		case '6': v6 = true; break;
		case 'j': json = true; break;
		default: return 2;
		}
	}
	if (port <= 0 || port > 65535 || conns < 1 || timeout_ms < 1 || retries < 0) {
		fprintf(stderr, "syn_conn: bad arguments\n");
		return 2;
	}
	if (!strcmp(argv[1], "serve"))
		return serve(port, v6, backlog, secs);
	if (!addr) {
		fprintf(stderr, "syn_conn: connect needs -c ADDR\n");
		return 2;
	}
	return client(addr, port, conns, timeout_ms, retries, interval_ms, json);
}
