#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The SYN guard's hooks in the contexts besides softirq: a SYN-ACK sent
# from process context when a socket's backlog is released (connect to
# self, simultaneous open: IPv4 and IPv6), and SYNs re-injected by an
# NFQUEUE verdict, which run the rest of PRE_ROUTING in the verdict's
# sendmsg(). Each works, is seen by the guard, and leaves dmesg clean; on
# the lockdep kernel (make check-debug) that proves the locks are taken
# safely in every one of them.
. "$(dirname "$0")/syn_lib.sh"
tw_require_root
ktap_plan 9

NFQ=$TW_TOP/selftests/nfq_accept.py

tw_module_unload
tw_dmesg_mark
tw_module_load
tw_netns ctx
ip netns exec ctx ip addr add ::1/128 dev lo 2>/dev/null

# connect to self: the SYN loops back while connect() owns the socket, so
# it is handled (and the SYN-ACK sent) when the socket is released
out=$(ip netns exec ctx "$TW_PY" - <<'PY'
import socket
ok = 0
for fam, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
    for port in range(41000, 41100):
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.bind((host, port))
        try:
            s.connect((host, port))
            ok += 1
        except OSError:
            pass
        s.close()
print(ok)
PY
)
ktap_eq "200 connections to self (IPv4 and IPv6) succeed through the guard" "$out" 200
sa=$(syn_net_field ctx synacks)
ktap_check "the guard recorded their SYN-ACKs, sent from process context ($sa)" \
	test "${sa:-0}" -ge 200

# simultaneous open: a delay on loopback keeps both SYNs in flight
ip netns exec ctx tc qdisc add dev lo root netem delay 20ms
out=$(ip netns exec ctx "$TW_PY" - <<'PY'
import select, socket
ok = 0
for i in range(50):
    a, b = socket.socket(), socket.socket()
    pa, pb = 42000 + 2 * i, 42001 + 2 * i
    a.bind(("127.0.0.1", pa))
    b.bind(("127.0.0.1", pb))
    a.setblocking(False)
    b.setblocking(False)
    a.connect_ex(("127.0.0.1", pb))
    b.connect_ex(("127.0.0.1", pa))
    select.select([], [a, b], [], 5)
    select.select([], [b], [], 5)
    if not a.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) and \
       not b.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
        ok += 1
    a.close()
    b.close()
print(ok)
PY
)
ip netns exec ctx tc qdisc del dev lo root
ktap_eq "50 simultaneous opens succeed through the guard" "$out" 50
sa2=$(syn_net_field ctx synacks)
ktap_check "their SYN-ACKs were recorded too ($((sa2 - sa)))" test $((sa2 - sa)) -ge 100

# NFQUEUE before the guard: SYNs come back through the rest of the hooks
# from the verdict's sendmsg()
ip netns exec ctx "$SYN_CONN" serve -p 8080 -t 120 > /dev/null &
tw_wait_listen ctx 8080
ip netns exec ctx nft -f - <<NFT
table inet nfq {
	chain pre {
		type filter hook prerouting priority -450; policy accept;
		tcp dport 8080 tcp flags & (syn | ack) == syn queue num 3
	}
}
NFT
ip netns exec ctx "$TW_PY" "$NFQ" 3 30 > /tmp/nfq.$$ &
nfq_pid=$!
until grep -q bound /tmp/nfq.$$ 2>/dev/null; do sleep 0.1; done
calm0=$(syn_field ctx pass_calm)
out=$(ip netns exec ctx "$SYN_CONN" connect -c 127.0.0.1 -p 8080 -n 50 -T 3000)
kill -INT "$nfq_pid" 2>/dev/null
wait "$nfq_pid"
ktap_check "50 connections through NFQUEUE and the guard succeed ($out)" \
	test "${out#ok 50 fail 0 }" != "$out"
ktap_check "the queue re-injected their SYNs ($(tail -n 1 /tmp/nfq.$$))" \
	sh -c "tail -n 1 /tmp/nfq.$$ | awk '{ exit !(\$2 >= 50) }'"
judged=$(($(syn_field ctx pass_calm) - calm0))
ktap_check "and the guard judged every one after the verdict ($judged)" test "$judged" -ge 50
rm -f /tmp/nfq.$$

# Load and unload with hooks in process context racing them.
tw_cleanup
tw_module_unload
ktap_eq "unload after all of it" "$(grep -c '^tcp_warden ' /proc/modules)" 0
tw_dmesg_check "dmesg is clean"
ktap_finish
