#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# warden can be selected system-wide with sysctl, per route with congctl,
# and per socket with setsockopt (cc_sockopt).
. "$(dirname "$0")/lib.sh"
tw_require_root
tw_module_load
ktap_plan 5

ktap_check "sysctl selects warden" sysctl -qw net.ipv4.tcp_congestion_control=warden
ktap_eq "the default congestion control reads back as warden" \
	"$(cat /proc/sys/net/ipv4/tcp_congestion_control)" warden

# A new connection under the sysctl default uses warden.
tw_netns tws-a tws-b
tw_veth tws-a tws-b 10.71.0.1 10.71.0.2
ip netns exec tws-a sysctl -qw net.ipv4.tcp_congestion_control=warden
ip netns exec tws-b "$TW_TOP/selftests/tw_xfer" server -p 5301 > /dev/null &
tw_wait_listen tws-b 5301
cc=$(ip netns exec tws-a "$TW_TOP/selftests/tw_xfer" client -c 10.71.0.2 -p 5301 -s 100000 -q |
	sed -n 's/^done .* cc=\([a-z]*\) .*/\1/p')
ktap_eq "a connection made under the sysctl default runs warden" "$cc" warden

# Per route: congctl on the route overrides a cubic default.
ip netns exec tws-a sysctl -qw net.ipv4.tcp_congestion_control=cubic
ip -n tws-a route add 10.72.0.2/32 dev v-tws-b congctl warden
ip -n tws-b addr add 10.72.0.2/32 dev v-tws-a
ip netns exec tws-b "$TW_TOP/selftests/tw_xfer" server -p 5302 > /dev/null &
tw_wait_listen tws-b 5302
cc=$(ip netns exec tws-a "$TW_TOP/selftests/tw_xfer" client -c 10.72.0.2 -p 5302 -s 100000 -q |
	sed -n 's/^done .* cc=\([a-z]*\) .*/\1/p')
ktap_eq "ip route ... congctl warden selects warden per route" "$cc" warden

sysctl -qw net.ipv4.tcp_congestion_control=cubic

# Per socket: the kselftest-harness cases, reported nested.
out=$("$TW_TOP/selftests/cc_sockopt" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
if [ $rc -eq 0 ]; then
	ktap_pass "setsockopt(TCP_CONGESTION) cases (cc_sockopt)"
else
	ktap_fail "setsockopt(TCP_CONGESTION) cases (cc_sockopt)"
fi
ktap_finish
