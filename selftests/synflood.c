// SPDX-License-Identifier: GPL-2.0
/*
 * synflood: a SYN flood generator for tcpwarden's tests and benchmarks.
 *
 *   synflood -d ADDR -p PORT -s PREFIX [-n COUNT] [-t SECONDS] [-r PPS] [-j]
 *
 * Sends TCP SYNs to ADDR:PORT as fast as it can (or at PPS) from source
 * addresses in PREFIX, each source used once until the prefix is exhausted
 * (a permutation, so COUNT up to the prefix size gives COUNT distinct
 * sources), until COUNT packets are sent or SECONDS pass. Raw sockets with
 * the IP header written here; batches go out with sendmmsg().
 *
 * It refuses to run in the initial network namespace: it is meant for the
 * test namespaces only. SIGINT or SIGTERM stop it early. It prints "sent N seconds S pps R" (or JSON, -j).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pkt.h"

#define BATCH		64
#define PKT_MAX		80

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "synflood: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	exit(2);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Only inside a network namespace other than the one init runs in. */
static void check_netns(void)
{
	const char *why = pkt_netns_refusal();

	if (why)
		die("%s", why);
}

struct target {
	int family;
	uint8_t dst[16];
	uint16_t port;
	uint8_t pfx[16];	/* source prefix */
	unsigned int plen;
	uint64_t space;		/* addresses in the prefix (capped at 2^32) */
};

/* The i-th source: a fixed odd stride walks every address of the prefix once. */
static void source_addr(const struct target *t, uint64_t i, uint8_t *out)
{
	uint64_t off = (i * 2654435761ULL) % t->space;
	unsigned int alen = t->family == AF_INET ? 4 : 16, b;

	memcpy(out, t->pfx, alen);
	/* Add the offset into the low (host) bits, from the last byte up. */
	for (b = alen; b-- > 0 && off; off >>= 8)
		out[b] |= (uint8_t)(off & 0xff);
}

static size_t build_syn(const struct target *t, uint64_t i, uint32_t seed,
			uint8_t *pkt)
{
	uint8_t src[16];
	struct tcphdr *th;
	uint8_t *opt;
	size_t iplen = t->family == AF_INET ? 20 : 40, tcplen = 24;

	source_addr(t, i, src);
	memset(pkt, 0, iplen + tcplen);
	if (t->family == AF_INET) {
		struct iphdr *ip = (struct iphdr *)pkt;

		ip->version = 4;
		ip->ihl = 5;
		ip->tot_len = htons(iplen + tcplen);
		ip->id = htons((uint16_t)i);
		ip->ttl = 64;
		ip->protocol = IPPROTO_TCP;
		memcpy(&ip->saddr, src, 4);
		memcpy(&ip->daddr, t->dst, 4);
		ip->check = csum_fold(csum_add(0, ip, 20));
	} else {
		struct ip6_hdr *ip6 = (struct ip6_hdr *)pkt;

		ip6->ip6_flow = htonl(6U << 28);
		ip6->ip6_plen = htons(tcplen);
		ip6->ip6_nxt = IPPROTO_TCP;
		ip6->ip6_hlim = 64;
		memcpy(&ip6->ip6_src, src, 16);
		memcpy(&ip6->ip6_dst, t->dst, 16);
	}
	th = (struct tcphdr *)(pkt + iplen);
	th->source = htons(1024 + (uint16_t)((i ^ seed) % 64000));
	th->dest = htons(t->port);
	th->seq = htonl((uint32_t)(i * 0x9e3779b9u) ^ seed);
	th->doff = tcplen / 4;
	th->syn = 1;
	th->window = htons(64240);
	opt = (uint8_t *)(th + 1);
	opt[0] = 2;	/* MSS 1460 */
	opt[1] = 4;
	opt[2] = 1460 >> 8;
	opt[3] = 1460 & 0xff;

	th->check = tcp_csum(src, t->dst, t->family == AF_INET ? 4 : 16, th, tcplen);
	return iplen + tcplen;
}

static void parse_prefix(const char *s, struct target *t)
{
	char buf[64];
	char *slash;
	unsigned int maxlen, i;

	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	if (!slash)
		die("source prefix '%s' needs a length, e.g. 10.64.0.0/10", s);
	*slash = '\0';
	if (inet_pton(t->family, buf, t->pfx) != 1)
		die("source prefix '%s' is not in the destination's family", s);
	maxlen = t->family == AF_INET ? 32 : 128;
	t->plen = atoi(slash + 1);
	if (t->plen < 1 || t->plen > maxlen)
		die("bad source prefix length in '%s'", s);
	for (i = t->plen; i < maxlen; i++)
		t->pfx[i / 8] &= ~(0x80 >> (i % 8));
	t->space = maxlen - t->plen >= 32 ? 1ULL << 32 : 1ULL << (maxlen - t->plen);
}

int main(int argc, char **argv)
{
	static uint8_t pkts[BATCH][PKT_MAX];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_storage dst = {};
	struct target t = {};
	const char *daddr = NULL, *prefix = NULL;
	uint64_t count = 0, sent = 0, t0, deadline, limit_pps = 0, i;
	double secs = 10, elapsed;
	uint32_t seed;
	bool json = false;
	int opt, fd, one = 1, k, n;

	while ((opt = getopt(argc, argv, "d:p:s:n:t:r:j")) != -1) {
		switch (opt) {
		case 'd': daddr = optarg; break;
		case 'p': t.port = atoi(optarg); break;
		case 's': prefix = optarg; break;
		case 'n': count = strtoull(optarg, NULL, 0); break;
		case 't': secs = atof(optarg); break;
		case 'r': limit_pps = strtoull(optarg, NULL, 0); break;
		case 'j': json = true; break;
		default:
			fprintf(stderr, "usage: synflood -d ADDR -p PORT -s PREFIX [-n COUNT] [-t SECONDS] [-r PPS] [-j]\n");
			return 2;
		}
	}
	if (!daddr || !t.port || !prefix)
		die("%s", "-d ADDR, -p PORT and -s PREFIX are required");
	if (secs <= 0 || secs > 600)
		die("%s", "-t must be in (0, 600] seconds: floods are bounded");
	if (!count)
		count = UINT64_MAX;
	check_netns();

	t.family = strchr(daddr, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(t.family, daddr, t.dst) != 1)
		die("bad destination address '%s'", daddr);
	parse_prefix(prefix, &t);

	fd = socket(t.family, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0)
		die("raw socket: %s (needs CAP_NET_RAW)", strerror(errno));
	if (t.family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_HDRINCL, &one, sizeof(one)))
		die("IPV6_HDRINCL: %s", strerror(errno));
	if (t.family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&dst;

		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, t.dst, 4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&dst;

		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, t.dst, 16);
	}

	seed = (uint32_t)now_ns() ^ (uint32_t)getpid();
	memset(msgs, 0, sizeof(msgs));
	for (k = 0; k < BATCH; k++) {
		iov[k].iov_base = pkts[k];
		msgs[k].msg_hdr.msg_iov = &iov[k];
		msgs[k].msg_hdr.msg_iovlen = 1;
		msgs[k].msg_hdr.msg_name = &dst;
		msgs[k].msg_hdr.msg_namelen = t.family == AF_INET ?
			sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
	}

	/* SIGINT/SIGTERM end the flood early, still printing what was sent. */
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	t0 = now_ns();
	deadline = t0 + (uint64_t)(secs * 1e9);
	i = 0;
	while (sent < count && !stop) {
		uint64_t now = now_ns();

		if (now >= deadline)
			break;
		if (limit_pps && sent > (now - t0) * limit_pps / 1000000000ULL) {
			struct timespec ts = { 0, 200000 };

			nanosleep(&ts, NULL);
			continue;
		}
		n = count - sent < BATCH ? (int)(count - sent) : BATCH;
		for (k = 0; k < n; k++)
			iov[k].iov_len = build_syn(&t, i + k, seed, pkts[k]);
		k = sendmmsg(fd, msgs, n, 0);
		if (k < 0) {
			/* A full queue: back off a little and go on. */
			if (errno == ENOBUFS || errno == EAGAIN || errno == EPERM)
				continue;
			die("sendmmsg: %s", strerror(errno));
		}
		sent += k;
		i += k;
	}
	elapsed = (now_ns() - t0) / 1e9;
	if (json)
		printf("{\"sent\": %llu, \"seconds\": %.3f, \"pps\": %.0f, \"distinct_sources\": %llu}\n",
		       (unsigned long long)sent, elapsed, sent / elapsed,
		       (unsigned long long)(sent < t.space ? sent : t.space));
	else
		printf("sent %llu seconds %.3f pps %.0f\n", (unsigned long long)sent,
		       elapsed, sent / elapsed);
	close(fd);
	return 0;
}
