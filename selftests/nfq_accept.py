#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""nfq_accept QUEUE SECONDS: accept every packet of NFQUEUE QUEUE for SECONDS.

The verdict re-injects each packet from this process's sendmsg(), so the
netfilter hooks after the queue run in process context: what the SYN
guard's hooks must survive (selftests/syn_contexts.sh). Written against
the nfnetlink_queue uAPI with the socket module alone; prints the number
of packets it accepted.
"""
import socket
import struct
import sys
import time

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT, NFQNL_MSG_CONFIG = 0, 1, 2
NFQA_CFG_CMD, NFQA_CFG_PARAMS = 1, 2
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_META = 1
NFQA_PACKET_HDR, NFQA_VERDICT_HDR = 1, 2
NF_ACCEPT = 1
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2


def attr(kind, payload):
    """One netlink attribute, padded to 4 bytes."""
    n = 4 + len(payload)
    return struct.pack("=HH", n, kind) + payload + b"\0" * (-n % 4)


def message(msg, queue, attrs, flags=NLM_F_REQUEST):
    """nlmsghdr, nfgenmsg (family, version, queue in network order), attributes."""
    body = struct.pack("=BBH", socket.AF_UNSPEC, 0, socket.htons(queue)) + b"".join(attrs)
    return struct.pack("=IHHII", 16 + len(body), (NFNL_SUBSYS_QUEUE << 8) | msg,
                       flags, 0, 0) + body


def attrs_of(data):
    """The attributes of one nfnetlink message body (after nfgenmsg)."""
    out, off = {}, 4
    while off + 4 <= len(data):
        n, kind = struct.unpack_from("=HH", data, off)
        if n < 4:
            break
        out[kind & 0x7fff] = data[off + 4:off + n]
        off += (n + 3) & ~3
    return out


def main():
    queue, secs = int(sys.argv[1]), float(sys.argv[2])
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    s.bind((0, 0))
    s.send(message(NFQNL_MSG_CONFIG, queue,
                   [attr(NFQA_CFG_CMD, struct.pack("=BBH", NFQNL_CFG_CMD_BIND, 0, 0))],
                   NLM_F_REQUEST | NLM_F_ACK))
    s.send(message(NFQNL_MSG_CONFIG, queue,
                   [attr(NFQA_CFG_PARAMS, struct.pack("!IB", 0, NFQNL_COPY_META))],
                   NLM_F_REQUEST | NLM_F_ACK))
    accepted, end = 0, time.monotonic() + secs
    s.settimeout(0.2)
    print("bound", flush=True)
    while time.monotonic() < end:
        try:
            buf = s.recv(65536)
        except socket.timeout:
            continue
        except KeyboardInterrupt:
            break
        off = 0
        while off + 16 <= len(buf):
            n, kind = struct.unpack_from("=IH", buf, off)
            if kind == NLMSG_ERROR:
                err = struct.unpack_from("=i", buf, off + 16)[0]
                if err:
                    sys.exit("nfq_accept: the kernel refused the queue setup: %d" % err)
            elif kind == (NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET:
                hdr = attrs_of(buf[off + 16:off + n]).get(NFQA_PACKET_HDR)
                if hdr:
                    pid = struct.unpack_from("!I", hdr)[0]
                    s.send(message(NFQNL_MSG_VERDICT, queue,
                                   [attr(NFQA_VERDICT_HDR, struct.pack("!II", NF_ACCEPT, pid))]))
                    accepted += 1
            off += (n + 3) & ~3
    print("accepted %d" % accepted)


if __name__ == "__main__":
    main()
