// SPDX-License-Identifier: GPL-2.0
/*
 * tw_xfer: bulk TCP transfers for tcpwarden's selftests, with TCP_INFO
 * snapshots of the sender so tests can check what the congestion control did.
 *
 *   tw_xfer server [-6] [-p PORT] [-n CONNS]
 *	accept CONNS connections one after another, read each to EOF and
 *	print "recv bytes=N" per connection.
 *   tw_xfer client -c ADDR [-p PORT] [-s BYTES] [-C CC] [-i USEC] [-w USEC] [-q]
 *	send BYTES, printing "info ..." lines whenever cwnd, ssthresh or
 *	the CA state changed (sampled every USEC, default after each write),
 *	then "done ..." with the final TCP_INFO. -w USEC also samples every
 *	USEC while the send buffer is full (nothing is ACKed, e.g. an RTO).
 *   tw_xfer hold [-C CC]
 *	open a socket with TCP_CONGESTION set, print "ready", wait for EOF on
 *	stdin (so a test can hold a module reference).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <linux/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_PORT	"5201"
#define CHUNK		(16 * 1024)

static const char *cc;
static int family = AF_UNSPEC;
static const char *port = DEFAULT_PORT;
/* -w USEC: also sample while the send buffer is full (e.g. during an RTO). */
static unsigned int blocked_us;

static void die(const char *what)
{
	fprintf(stderr, "tw_xfer: %s: %s\n", what, strerror(errno));
	exit(1);
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void set_cc(int fd)
{
	if (cc && setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, cc, strlen(cc)))
		die("setsockopt(TCP_CONGESTION)");
}

static void print_info(const char *tag, int fd, uint64_t t0, uint64_t sent)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);
	char name[32] = "";
	socklen_t nlen = sizeof(name) - 1;

	memset(&ti, 0, sizeof(ti));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len))
		die("getsockopt(TCP_INFO)");
	getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, name, &nlen);
	printf("%s t_us=%llu sent=%llu cc=%s cwnd=%u ssthresh=%u ca_state=%u retrans=%u total_retrans=%u lost=%u rtt_us=%u bytes_acked=%llu\n",
	       tag, (unsigned long long)(now_us() - t0), (unsigned long long)sent,
	       name, ti.tcpi_snd_cwnd, ti.tcpi_snd_ssthresh, ti.tcpi_ca_state,
	       ti.tcpi_retransmits, ti.tcpi_total_retrans, ti.tcpi_lost,
	       ti.tcpi_rtt, (unsigned long long)ti.tcpi_bytes_acked);
}

static int run_server(int conns)
{
	struct addrinfo hints = { .ai_family = family == AF_INET6 ? AF_INET6 : AF_INET,
				  .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE };
	struct addrinfo *ai;
	static char buf[CHUNK * 4];
	int one = 1, lfd, fd, i;

	if (getaddrinfo(NULL, port, &hints, &ai))
		die("getaddrinfo");
	lfd = socket(ai->ai_family, SOCK_STREAM, 0);
	if (lfd < 0)
		die("socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, ai->ai_addr, ai->ai_addrlen) || listen(lfd, 128))
		die("bind/listen");
	freeaddrinfo(ai);
	printf("listening port=%s\n", port);
	fflush(stdout);

	for (i = 0; i < conns; i++) {
		unsigned long long total = 0;
		ssize_t n;

		fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			die("accept");
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			total += n;
		if (n < 0)
			die("read");
		printf("recv bytes=%llu\n", total);
		fflush(stdout);
		close(fd);
	}
	close(lfd);
	return 0;
}

/* Print an "info" line when cwnd, ssthresh or the CA state changed. */
static void sample(int fd, struct tcp_info *last, uint64_t t0, uint64_t sent)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	memset(&ti, 0, sizeof(ti));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len))
		die("getsockopt(TCP_INFO)");
	/* Only changes matter to the tests; keep the log short. */
	if (ti.tcpi_snd_cwnd != last->tcpi_snd_cwnd ||
	    ti.tcpi_snd_ssthresh != last->tcpi_snd_ssthresh ||
	    ti.tcpi_ca_state != last->tcpi_ca_state)
		print_info("info", fd, t0, sent);
	*last = ti;
}

static int run_client(const char *host, unsigned long long bytes,
		      unsigned int interval_us, int quiet)
{
	struct addrinfo hints = { .ai_family = family, .ai_socktype = SOCK_STREAM };
	struct tcp_info last = { 0 };
	static char buf[CHUNK];
	unsigned long long sent = 0;
	uint64_t t0, next = 0;
	struct addrinfo *ai;
	int fd;

	if (getaddrinfo(host, port, &hints, &ai))
		die("getaddrinfo");
	fd = socket(ai->ai_family, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket");
	set_cc(fd);
	if (connect(fd, ai->ai_addr, ai->ai_addrlen))
		die("connect");
	freeaddrinfo(ai);
	memset(buf, 'w', sizeof(buf));
	t0 = now_us();
	print_info("info", fd, t0, 0);

	while (sent < bytes) {
		size_t want = bytes - sent < CHUNK ? bytes - sent : CHUNK;
		struct pollfd pfd = { .fd = fd, .events = POLLOUT };
		ssize_t n;

		while (blocked_us && poll(&pfd, 1, blocked_us / 1000 ? blocked_us / 1000 : 1) == 0)
			sample(fd, &last, t0, sent);
		n = write(fd, buf, want);

		if (n < 0)
			die("write");
		sent += n;
		if (quiet || now_us() < next)
			continue;
		next = now_us() + interval_us;
		sample(fd, &last, t0, sent);
	}
	/* Wait for everything to be ACKed so "done" shows the whole story. */
	shutdown(fd, SHUT_WR);
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	print_info("done", fd, t0, sent);
	close(fd);
	return 0;
}

static int run_hold(void)
{
	char c;
	int fd = socket(family == AF_INET6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		die("socket");
	set_cc(fd);
	printf("ready\n");
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	close(fd);
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: tw_xfer server [-6] [-p PORT] [-n CONNS]\n"
		"       tw_xfer client -c ADDR [-p PORT] [-s BYTES] [-C CC] [-i USEC] [-w USEC] [-q]\n"
		"       tw_xfer hold [-C CC]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long long bytes = 1 << 20;
	unsigned int interval_us = 0;
	const char *host = NULL;
	int conns = 1, quiet = 0, opt;
	const char *mode;

	if (argc < 2)
		usage();
	mode = argv[1];
	optind = 2;
	while ((opt = getopt(argc, argv, "46p:n:c:s:C:i:qw:")) != -1) {
		switch (opt) {
		case '4':
			family = AF_INET;
			break;
		case '6':
			family = AF_INET6;
			break;
		case 'p':
			port = optarg;
			break;
		case 'n':
			conns = atoi(optarg);
			break;
		case 'c':
			host = optarg;
			break;
		case 's':
			bytes = strtoull(optarg, NULL, 0);
			break;
		case 'C':
			cc = optarg;
			break;
		case 'i':
			interval_us = strtoul(optarg, NULL, 0);
			break;
		case 'w':
			blocked_us = strtoul(optarg, NULL, 0);
			break;
		case 'q':
			quiet = 1;
			break;
		default:
			usage();
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(mode, "server"))
		return run_server(conns);
	if (!strcmp(mode, "client") && host)
		return run_client(host, bytes, interval_us, quiet);
	if (!strcmp(mode, "hold"))
		return run_hold();
	usage();
	return 2;
}
