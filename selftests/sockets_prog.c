// SPDX-License-Identifier: GPL-2.0
/*
 * sockets_prog: builds TCP sockets in known states for the `wardenctl
 * sockets` tests and benchmarks, in the caller's network namespace.
 *
 *   sockets_prog [-6] [-a DST[,DST...]] [-s SRC] [-p PORT] [-k NPORTS]
 *                [-t N_TIME_WAIT] [-c N_CLOSE_WAIT] [-e N_ESTABLISHED] [-w]
 *   sockets_prog -m        print CLOCK_MONOTONIC in ns and exit
 *   sockets_prog           self-test (KTAP) in a private netns
 *
 * TIME_WAIT sockets come from active closes on the client side, so they
 * hold ephemeral ports towards DST:PORT exactly as a busy HTTP client does.
 * Connections go round-robin over every DST x [PORT, PORT+NPORTS).
 * CLOSE_WAIT sockets are accepted sockets whose peer closed; this process
 * keeps their fds. It prints "ready PID" when done and exits (TIME_WAIT
 * sockets outlive their process); with -w it holds everything until a
 * signal ends it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>

#define MAX_DST 64

struct maker {
	int family;
	int ndst;
	struct sockaddr_storage dst[MAX_DST];
	struct sockaddr_storage src;
	bool has_src;
	unsigned int port, nports;
	int *listeners;		/* ndst * nports */
	unsigned long next;	/* round-robin cursor */
};

static void die(const char *what)
{
	fprintf(stderr, "sockets_prog: %s: %s\n", what, strerror(errno));
	exit(1);
}

static socklen_t sa_len(const struct maker *m)
{
	return m->family == AF_INET ? sizeof(struct sockaddr_in)
				    : sizeof(struct sockaddr_in6);
}

static void sa_set(struct maker *m, struct sockaddr_storage *ss,
		   const char *addr, unsigned int port)
{
	memset(ss, 0, sizeof(*ss));
	if (m->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		if (inet_pton(AF_INET, addr, &sin->sin_addr) != 1) {
			fprintf(stderr, "sockets_prog: bad IPv4 address %s\n", addr);
			exit(2);
		}
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) != 1) {
			fprintf(stderr, "sockets_prog: bad IPv6 address %s\n", addr);
			exit(2);
		}
	}
}

static void sa_port(struct sockaddr_storage *ss, unsigned int port)
{
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)ss)->sin6_port = htons(port);
}

static void listen_all(struct maker *m)
{
	int one = 1, d;
	unsigned int p;

	m->listeners = calloc((size_t)m->ndst * m->nports, sizeof(int));
	if (!m->listeners)
		die("calloc");
	for (d = 0; d < m->ndst; d++) {
		for (p = 0; p < m->nports; p++) {
			struct sockaddr_storage ss = m->dst[d];
			int fd = socket(m->family, SOCK_STREAM | SOCK_CLOEXEC, 0);

			if (fd < 0)
				die("socket");
			setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
			sa_port(&ss, m->port + p);
			if (bind(fd, (struct sockaddr *)&ss, sa_len(m)))
				die("bind listener");
			if (listen(fd, 4096))
				die("listen");
			m->listeners[d * m->nports + p] = fd;
		}
	}
}

/* One connection: returns the client fd, *srv gets the accepted one. */
static int connect_one(struct maker *m, int *srv)
{
	unsigned long i = m->next++ % ((unsigned long)m->ndst * m->nports);
	struct sockaddr_storage ss = m->dst[i / m->nports];
	int one = 1, fd;

	sa_port(&ss, m->port + i % m->nports);
	fd = socket(m->family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket");
	if (m->has_src) {
		/* Port chosen at connect(): per-destination, like real clients. */
		setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
		if (bind(fd, (struct sockaddr *)&m->src, sa_len(m)))
			die("bind source");
	}
	if (connect(fd, (struct sockaddr *)&ss, sa_len(m)))
		die("connect");
	*srv = accept4(m->listeners[i], NULL, NULL, SOCK_CLOEXEC);
	if (*srv < 0)
		die("accept");
	return fd;
}

/* Wait until the kernel shows @fd in @state (loopback is fast but async). */
static void wait_state(int fd, int state)
{
	struct tcp_info ti;
	socklen_t len;
	int i;

	for (i = 0; i < 2000; i++) {
		len = sizeof(ti);
		if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len))
			die("TCP_INFO");
		if (ti.tcpi_state == state)
			return;
		usleep(1000);
	}
	fprintf(stderr, "sockets_prog: socket never reached state %d\n", state);
	exit(1);
}

/* One connection to listener @i ending in TIME_WAIT on the client side. */
static void time_wait_one(struct maker *m, unsigned long i)
{
	int c, s;

	m->next = i;
	c = connect_one(m, &s);
	close(c);		/* active close: the client holds TIME_WAIT */
	wait_state(s, TCP_CLOSE_WAIT);
	close(s);
}

/*
 * TIME_WAIT sockets towards each listener, from /proc/net/tcp{,6}: the
 * remote address and port identify the listener.
 */
static void count_time_wait(const struct maker *m, unsigned long *per)
{
	unsigned long nl = (unsigned long)m->ndst * m->nports;
	const char *file = m->family == AF_INET ? "/proc/net/tcp" : "/proc/net/tcp6";
	char line[512];
	FILE *f;

	memset(per, 0, nl * sizeof(*per));
	f = fopen(file, "r");
	if (!f)
		die(file);
	while (fgets(line, sizeof(line), f)) {
		uint32_t a[4] = { 0 };
		unsigned int port, st;
		unsigned long d;
		int ok;

		if (m->family == AF_INET)
			ok = sscanf(line, " %*d: %*x:%*x %8x:%x %x", &a[0], &port, &st) == 3;
		else
			ok = sscanf(line, " %*d: %*x:%*x %8x%8x%8x%8x:%x %x",
				    &a[0], &a[1], &a[2], &a[3], &port, &st) == 6;
		if (!ok || st != TCP_TIME_WAIT || port < m->port || port >= m->port + m->nports)
			continue;
		for (d = 0; d < (unsigned long)m->ndst; d++) {
			const void *da = m->family == AF_INET ?
				(const void *)&((const struct sockaddr_in *)&m->dst[d])->sin_addr :
				(const void *)&((const struct sockaddr_in6 *)&m->dst[d])->sin6_addr;

			if (!memcmp(a, da, m->family == AF_INET ? 4 : 16))
				per[d * m->nports + (port - m->port)]++;
		}
	}
	fclose(f);
}

/*
 * n TIME_WAIT sockets, round-robin over the listeners. The kernel very
 * rarely ends one of 100k connections without TIME_WAIT (seen under load),
 * so the count per listener is checked and topped up: tests compare exact
 * numbers.
 */
static void make_time_wait(struct maker *m, unsigned long n)
{
	unsigned long nl = (unsigned long)m->ndst * m->nports, i, l;
	unsigned long *before = calloc(nl, sizeof(*before));
	unsigned long *now = calloc(nl, sizeof(*now));
	int round;

	if (!before || !now)
		die("calloc");
	count_time_wait(m, before);
	for (i = 0; i < n; i++)
		time_wait_one(m, i % nl);
	for (round = 0; round < 3; round++) {
		bool short_any = false;

		count_time_wait(m, now);
		for (l = 0; l < nl; l++) {
			unsigned long want = n / nl + (l < n % nl);

			while (now[l] - before[l] < want) {
				time_wait_one(m, l);
				now[l]++;
				short_any = true;
			}
		}
		if (!short_any)
			break;
	}
	m->next = n;
	free(before);
	free(now);
}

static void make_close_wait(struct maker *m, unsigned long n)
{
	unsigned long i;
	int c, s;

	for (i = 0; i < n; i++) {
		c = connect_one(m, &s);
		close(c);		/* the peer closes; we keep s: CLOSE_WAIT */
		wait_state(s, TCP_CLOSE_WAIT);
	}
}

static void make_established(struct maker *m, unsigned long n)
{
	unsigned long i;
	int s;

	for (i = 0; i < n; i++)
		connect_one(m, &s);	/* both ends stay open */
}

static void raise_nofile(unsigned long need)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		die("getrlimit");
	if (rl.rlim_cur >= need)
		return;
	rl.rlim_cur = need;
	if (rl.rlim_max < need)
		rl.rlim_max = need;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		die("setrlimit(RLIMIT_NOFILE)");
}

static void parse_dst(struct maker *m, char *list)
{
	char *tok, *save = NULL;

	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (m->ndst == MAX_DST) {
			fprintf(stderr, "sockets_prog: at most %d destinations\n", MAX_DST);
			exit(2);
		}
		sa_set(m, &m->dst[m->ndst++], tok, 0);
	}
}

/* Count sockets in @state in /proc/net/tcp{,6} of the current netns. */
static int proc_count(const char *file, int state)
{
	char line[512];
	unsigned int st;
	int n = 0;
	FILE *f = fopen(file, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " %*d: %*s %*s %x", &st) == 1 && (int)st == state)
			n++;
	fclose(f);
	return n;
}

/* No arguments: check the fixture itself, in a netns of its own. */
static int self_test(void)
{
	struct maker m = { .family = AF_INET, .port = 20000, .nports = 2 };
	int tw, cw, fails = 0;

	printf("TAP version 13\n1..2\n");
	if (unshare(CLONE_NEWNET)) {
		printf("ok 1 time-wait sockets # SKIP unshare: %s\n", strerror(errno));
		printf("ok 2 close-wait sockets # SKIP unshare: %s\n", strerror(errno));
		return 4;
	}
	if (system("ip link set lo up"))
		die("ip link set lo up");
	sa_set(&m, &m.dst[m.ndst++], "127.0.0.1", 0);
	listen_all(&m);
	make_time_wait(&m, 7);
	make_close_wait(&m, 3);
	tw = proc_count("/proc/net/tcp", TCP_TIME_WAIT);
	cw = proc_count("/proc/net/tcp", TCP_CLOSE_WAIT);
	if (tw == 7) {
		printf("ok 1 time-wait sockets\n");
	} else {
		printf("# got %d, want 7\nnot ok 1 time-wait sockets\n", tw);
		fails++;
	}
	if (cw == 3) {
		printf("ok 2 close-wait sockets\n");
	} else {
		printf("# got %d, want 3\nnot ok 2 close-wait sockets\n", cw);
		fails++;
	}
	printf("# Totals: pass:%d fail:%d skip:0\n", 2 - fails, fails);
	return fails ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct maker m = { .family = AF_INET, .port = 8080, .nports = 1 };
	unsigned long ntw = 0, ncw = 0, nest = 0;
	char *dst = NULL, *src = NULL;
	bool hold = false;
	char buf[64];
	int opt;

	if (argc == 1)
		return self_test();
	while ((opt = getopt(argc, argv, "6a:s:p:k:t:c:e:wm")) != -1) {
		switch (opt) {
		case '6':
			m.family = AF_INET6;
			break;
		case 'a':
			dst = optarg;
			break;
		case 's':
			src = optarg;
			break;
		case 'p':
			m.port = strtoul(optarg, NULL, 0);
			break;
		case 'k':
			m.nports = strtoul(optarg, NULL, 0);
			break;
		case 't':
			ntw = strtoul(optarg, NULL, 0);
			break;
		case 'c':
			ncw = strtoul(optarg, NULL, 0);
			break;
		case 'e':
			nest = strtoul(optarg, NULL, 0);
			break;
		case 'w':
			hold = true;
			break;
		case 'm': {
			struct timespec ts;

			clock_gettime(CLOCK_MONOTONIC, &ts);
			printf("%llu\n", (unsigned long long)ts.tv_sec * 1000000000ULL +
			       (unsigned long long)ts.tv_nsec);
			return 0;
		}
		default:
			fprintf(stderr, "usage: see the comment at the top of sockets_prog.c\n");
			return 2;
		}
	}
	if (!m.nports || m.port + m.nports > 65536) {
		fprintf(stderr, "sockets_prog: bad port range\n");
		return 2;
	}
	snprintf(buf, sizeof(buf), "%s", m.family == AF_INET ? "127.0.0.1" : "::1");
	parse_dst(&m, dst ? dst : buf);
	if (src) {
		sa_set(&m, &m.src, src, 0);
		m.has_src = true;
	}
	raise_nofile(ncw + 2 * nest + (unsigned long)m.ndst * m.nports + 64);
	listen_all(&m);
	make_time_wait(&m, ntw);
	make_close_wait(&m, ncw);
	make_established(&m, nest);

	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	while (hold)
		pause();	/* until a signal ends us */
	return 0;
}
