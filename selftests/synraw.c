// SPDX-License-Identifier: GPL-2.0
/*
 * synraw: packets an attacker would send the SYN guard, for its tests.
 *
 *   synraw frag -d ADDR -p PORT -s SRC [-n COUNT] [-F SIZE] [-H FIRST] [-O]
 *	COUNT SYNs from SRC to ADDR:PORT (IPv4 or IPv6), each a 40-byte TCP
 *	header (MSS, SACK, timestamps, window scale) and 8 bytes of data, cut
 *	into fragments of SIZE bytes of the segment (a multiple of 8; 0, the
 *	default, sends them whole), the first FIRST bytes (default SIZE).
 *	IPv6 fragments carry a fragment header. -O sends the overlap probe
 *	instead: a first fragment of 24 bytes whose flags say ACK, then the
 *	whole segment again from offset 8 with the flags of a SYN.
 *   synraw forge -n COUNT
 *	COUNT forged handshakes on this namespace's loopback: a SYN-ACK from
 *	127.0.0.1:8080 to 127.64.0.0/10 sources, each answered by the ACK of
 *	its sequence number + 1, as a client that received it would.
 *
 * Like synflood it refuses to run in the initial network namespace. It
 * prints "sent N" (frag) or "forged N" (forge).
 */
#include <getopt.h>
#include <stdarg.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pkt.h"

#define SEG_HDR		40	/* the TCP header with its options */
#define SEG_LEN		(SEG_HDR + 8)
#define PKT_MAX		(40 + 8 + SEG_LEN)

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "synraw: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(2);
}

struct ends {
	int family;
	size_t alen;
	uint8_t src[16], dst[16];
};

/* A SYN (or with @ack_only, an ACK) of SEG_LEN bytes, checksummed. */
static void build_segment(const struct ends *e, uint16_t sport, uint16_t dport,
			  uint32_t seq, bool ack_only, uint8_t *seg)
{
	struct tcphdr *th = (struct tcphdr *)seg;
	uint8_t *o = seg + sizeof(*th);

	memset(seg, 0, SEG_LEN);
	th->source = htons(sport);
	th->dest = htons(dport);
	th->seq = htonl(seq);
	th->doff = SEG_HDR / 4;
	th->syn = !ack_only;
	th->ack = ack_only;
	th->window = htons(64240);
	/* MSS 1460, SACK permitted, timestamps, NOP, window scale 7 */
	memcpy(o, "\x02\x04\x05\xb4\x04\x02\x08\x0a", 8);
	o[8] = 0x12;
	o[12] = 0;
	o[16] = 1;
	memcpy(o + 17, "\x03\x03\x07", 3);
	memcpy(seg + SEG_HDR, "payload!", 8);
	th->check = tcp_csum(e->src, e->dst, e->alen, seg, SEG_LEN);
}

/*
 * One IP packet holding @len bytes of @seg from byte @off of the segment,
 * with more fragments to come if @more; a whole segment when it is all of
 * it. Returns the packet's length.
 */
static size_t build_ip(const struct ends *e, uint32_t id, const uint8_t *seg,
		       size_t off, size_t len, bool more, uint8_t *pkt)
{
	bool frag = off || more;

	if (e->family == AF_INET) {
		struct iphdr *ip = (struct iphdr *)pkt;

		memset(ip, 0, sizeof(*ip));
		ip->version = 4;
		ip->ihl = 5;
		ip->tot_len = htons(sizeof(*ip) + len);
		ip->id = htons((uint16_t)id);
		ip->frag_off = htons((uint16_t)(off / 8) | (more ? IP_MF : 0));
		ip->ttl = 64;
		ip->protocol = IPPROTO_TCP;
		memcpy(&ip->saddr, e->src, 4);
		memcpy(&ip->daddr, e->dst, 4);
		ip->check = csum_fold(csum_add(0, ip, sizeof(*ip)));
		memcpy(pkt + sizeof(*ip), seg + off, len);
		return sizeof(*ip) + len;
	}
	{
		struct ip6_hdr *ip6 = (struct ip6_hdr *)pkt;
		struct ip6_frag *fh = (struct ip6_frag *)(ip6 + 1);
		size_t hl = sizeof(*ip6) + (frag ? sizeof(*fh) : 0);

		memset(ip6, 0, sizeof(*ip6));
		ip6->ip6_flow = htonl(6U << 28);
		ip6->ip6_plen = htons(hl - sizeof(*ip6) + len);
		ip6->ip6_nxt = frag ? IPPROTO_FRAGMENT : IPPROTO_TCP;
		ip6->ip6_hlim = 64;
		memcpy(&ip6->ip6_src, e->src, 16);
		memcpy(&ip6->ip6_dst, e->dst, 16);
		if (frag) {
			memset(fh, 0, sizeof(*fh));
			fh->ip6f_nxt = IPPROTO_TCP;
			fh->ip6f_offlg = htons((uint16_t)off) | (more ? IP6F_MORE_FRAG : 0);
			fh->ip6f_ident = htonl(id);
		}
		memcpy(pkt + hl, seg + off, len);
		return hl + len;
	}
}

static int raw_socket(int family)
{
	int fd = socket(family, SOCK_RAW, IPPROTO_RAW);

	if (fd < 0)
		die("raw socket: %s (needs CAP_NET_RAW in this netns)", strerror(errno));
	return fd;
}

static void send_pkt(int fd, const struct ends *e, const uint8_t *pkt, size_t len)
{
	struct sockaddr_storage ss = {};
	socklen_t sl;

	if (e->family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, e->dst, 4);
		sl = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, e->dst, 16);
		sl = sizeof(*s6);
	}
	if (sendto(fd, pkt, len, 0, (struct sockaddr *)&ss, sl) != (ssize_t)len)
		die("sendto: %s", strerror(errno));
}

static void parse_ends(struct ends *e, const char *dst, const char *src)
{
	e->family = strchr(dst, ':') ? AF_INET6 : AF_INET;
	e->alen = e->family == AF_INET ? 4 : 16;
	if (inet_pton(e->family, dst, e->dst) != 1)
		die("bad destination address '%s'", dst);
	if (inet_pton(e->family, src, e->src) != 1)
		die("source '%s' is not an address of the destination's family", src);
}

static int cmd_frag(int argc, char **argv)
{
	const char *dst = NULL, *src = NULL;
	unsigned int size = 0, first = 0, port = 0, count = 1, i;
	uint8_t seg[SEG_LEN], pkt[PKT_MAX];
	bool overlap = false;
	struct ends e;
	int opt, fd;

	while ((opt = getopt(argc, argv, "d:p:s:n:F:H:O")) != -1) {
		switch (opt) {
		case 'd': dst = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 's': src = optarg; break;
		case 'n': count = atoi(optarg); break;
		case 'F': size = atoi(optarg); break;
		case 'H': first = atoi(optarg); break;
		case 'O': overlap = true; break;
		default: die("usage: synraw frag -d ADDR -p PORT -s SRC [-n COUNT] [-F SIZE] [-H FIRST] [-O]");
		}
	}
	if (!dst || !src || !port || port > 65535)
		die("frag needs -d ADDR, -p PORT and -s SRC");
	if (!first)
		first = size;
	if (size % 8 || first % 8 || first > SEG_LEN || (size && !first))
		die("-F and -H are multiples of 8, at most %d", SEG_LEN);
	parse_ends(&e, dst, src);
	fd = raw_socket(e.family);
	for (i = 0; i < count; i++) {
		uint16_t sport = 20000 + (uint16_t)(i % 40000);
		uint32_t id = 0x5000 + i, seq = 0x10000000u + i * 7919;
		size_t off, len;

		if (overlap) {
			/* The stack discards the pair: the guard must drop it too. */
			build_segment(&e, sport, port, seq, true, seg);
			send_pkt(fd, &e, pkt, build_ip(&e, id, seg, 0, 24, true, pkt));
			build_segment(&e, sport, port, seq, false, seg);
			send_pkt(fd, &e, pkt, build_ip(&e, id, seg, 8, SEG_LEN - 8, false, pkt));
			continue;
		}
		build_segment(&e, sport, port, seq, false, seg);
		if (!size) {
			send_pkt(fd, &e, pkt, build_ip(&e, id, seg, 0, SEG_LEN, false, pkt));
			continue;
		}
		for (off = 0; off < SEG_LEN; off += len) {
			len = off ? size : first;
			if (off + len > SEG_LEN)
				len = SEG_LEN - off;
			send_pkt(fd, &e, pkt, build_ip(&e, id, seg, off, len,
						       off + len < SEG_LEN, pkt));
		}
	}
	printf("sent %u\n", count);
	return 0;
}

/* One 20-byte TCP segment (no options) between the loopback ends. */
static size_t build_plain(const struct ends *e, uint16_t sport, uint16_t dport,
			  uint32_t seq, uint32_t ack, bool syn, uint8_t *pkt)
{
	struct iphdr *ip = (struct iphdr *)pkt;
	struct tcphdr *th = (struct tcphdr *)(ip + 1);

	memset(pkt, 0, sizeof(*ip) + sizeof(*th));
	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons(sizeof(*ip) + sizeof(*th));
	ip->ttl = 64;
	ip->protocol = IPPROTO_TCP;
	memcpy(&ip->saddr, e->src, 4);
	memcpy(&ip->daddr, e->dst, 4);
	th->source = htons(sport);
	th->dest = htons(dport);
	th->seq = htonl(seq);
	th->ack_seq = htonl(ack);
	th->doff = 5;
	th->syn = syn;
	th->ack = 1;
	th->window = htons(64240);
	th->check = tcp_csum(e->src, e->dst, 4, th, sizeof(*th));
	return sizeof(*ip) + sizeof(*th);
}

static int cmd_forge(int argc, char **argv)
{
	unsigned int count = 0, i;
	struct ends synack = { .family = AF_INET, .alen = 4 }, ack;
	uint8_t pkt[64];
	int opt, fd;

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n')
			die("usage: synraw forge -n COUNT");
		count = atoi(optarg);
	}
	if (!count || count > 4000000)
		die("forge needs -n COUNT (1..4000000)");
	fd = raw_socket(AF_INET);
	inet_pton(AF_INET, "127.0.0.1", synack.src);
	for (i = 0; i < count; i++) {
		uint32_t isn = 0x20000000u + i * 2654435761u;
		uint16_t cport = 1024 + (uint16_t)(i % 60000);

		/* 127.64.0.0/10: every pair another source */
		synack.dst[0] = 127;
		synack.dst[1] = 64 + (uint8_t)((i >> 16) & 63);
		synack.dst[2] = (uint8_t)(i >> 8);
		synack.dst[3] = (uint8_t)i;
		send_pkt(fd, &synack, pkt, build_plain(&synack, 8080, cport, isn, 1, true, pkt));
		ack.family = AF_INET;
		ack.alen = 4;
		memcpy(ack.src, synack.dst, 4);
		memcpy(ack.dst, synack.src, 4);
		send_pkt(fd, &ack, pkt, build_plain(&ack, cport, 8080, 2, isn + 1, false, pkt));
	}
	printf("forged %u\n", count);
	return 0;
}

int main(int argc, char **argv)
{
	const char *why = pkt_netns_refusal();

	if (why)
		die("%s", why);
	if (argc > 1 && !strcmp(argv[1], "frag"))
		return cmd_frag(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "forge"))
		return cmd_forge(argc - 1, argv + 1);
	die("usage: synraw frag ... | synraw forge -n COUNT (see the source's header)");
}
