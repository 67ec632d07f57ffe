/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the raw-packet test tools (synflood, synraw) share: Internet
 * checksums and the refusal to send from the initial network namespace.
 */
#ifndef _TW_SELFTEST_PKT_H
#define _TW_SELFTEST_PKT_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <arpa/inet.h>

/* Add @len bytes to a ones'-complement sum (16-bit big-endian words). */
static inline uint32_t csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len > 1) {
		sum += (uint32_t)p[0] << 8 | p[1];
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

/* The checksum field's value (network order) for a finished sum. */
static inline uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

/* TCP's checksum: the pseudo-header of @alen-byte addresses, then @seg. */
static inline uint16_t tcp_csum(const void *src, const void *dst, size_t alen,
				const void *seg, size_t len)
{
	uint32_t sum = csum_add(0, src, alen);

	sum = csum_add(sum, dst, alen);
	sum += 6 /* IPPROTO_TCP */ + (uint32_t)len;
	return csum_fold(csum_add(sum, seg, len));
}

/*
 * These tools send forged packets: only inside a network namespace other
 * than the one init runs in. Returns NULL, or why not.
 */
static inline const char *pkt_netns_refusal(void)
{
	struct stat self, init;

	if (stat("/proc/self/ns/net", &self))
		return strerror(errno);
	/* Unprivileged: no raw socket in the initial namespace anyway. */
	if (stat("/proc/1/ns/net", &init))
		return errno == EACCES ? NULL : strerror(errno);
	if (self.st_ino == init.st_ino && self.st_dev == init.st_dev)
		return "refusing to send from the initial network namespace; run it with 'ip netns exec' or 'unshare -n'";
	return NULL;
}

#endif /* _TW_SELFTEST_PKT_H */
