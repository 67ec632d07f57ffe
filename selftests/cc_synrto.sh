#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A SYN that times out: the kernel asks warden for ssthresh in SYN_SENT,
# before the congestion control's init (which waits for the handshake).
# The answer follows the destination's policy (rto-beta), not 0, and the
# timeout counts against that policy, not against the default.
. "$(dirname "$0")/lib.sh"
tw_require_root
ktap_plan 4

tw_module_unload
tw_dmesg_mark
tw_module_load
tw_netns twr-a twr-b
tw_veth twr-a twr-b 10.74.0.1 10.74.0.2
# Every SYN to twr-b vanishes.
ip netns exec twr-b nft -f - <<NFT
table inet blackhole {
	chain in {
		type filter hook prerouting priority 0; policy accept;
		tcp flags & (syn | ack) == syn drop
	}
}
NFT
ip netns exec twr-a sysctl -qw net.ipv4.tcp_congestion_control=warden
"$TW_CTL" -n twr-a policy add 10.74.0.0/24 beta 0.5 rto-beta 0.8 min-ssthresh 2

# A connect that waits past the first SYN timeout (1 s), with the socket's
# state as ss reads it (TCP_INFO) at 1.8 s.
info=$(ip netns exec twr-a "$TW_PY" - <<'PY'
import socket, subprocess, time
s = socket.socket()
s.setblocking(False)
s.connect_ex(("10.74.0.2", 9))
time.sleep(1.8)
print(subprocess.run(["ss", "-Htin", "state", "syn-sent", "dst", "10.74.0.2"],
                     capture_output=True, text=True).stdout.replace("\n", " "))
PY
)
ktap_diag "ss: $info"
ssth=$(echo "$info" | sed -n 's/.* ssthresh:\([0-9]*\).*/\1/p')
# cwnd 10 in SYN_SENT: max(10 * 819 / 1024, 2)
ktap_eq "ssthresh after a SYN timeout follows the policy's rto-beta" "${ssth:-none}" 7
js=$("$TW_CTL" -n twr-a -j policy list)
ktap_eq "the timeout counts against the destination's policy" \
	"$(echo "$js" | "$TW_PY" -c 'import json,sys; print(json.load(sys.stdin)["policies"][0]["stats"]["rto"])')" 1
js=$("$TW_CTL" -n twr-a -j policy default)
ktap_eq "and not against the default policy" \
	"$(echo "$js" | "$TW_PY" -c 'import json,sys; print(json.load(sys.stdin)["default"]["stats"]["rto"])')" 0

tw_cleanup
tw_module_unload
tw_dmesg_check "dmesg is clean"
ktap_finish
