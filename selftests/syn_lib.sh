#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Shared setup of the SYN-guard tests: four namespaces joined by a router.
#
#   syn-cli 10.1.0.2 fd01::2 --.
#   syn-atk 10.2.0.2 fd02::2 ---+-- syn-rtr (forwards) -- syn-srv 10.3.0.2 fd03::2
#
# The attacker spoofs sources from 10.64.0.0/10 and fd64::/64; the router
# blackholes the server's replies to them, as the Internet would.
. "${SYN_LIB_DIR:-$(dirname "$0")}/lib.sh"

SYN_FLOOD=$TW_TOP/selftests/synflood
SYN_CONN=$TW_TOP/selftests/syn_conn
SYN_SRV=10.3.0.2
SYN_SRV6=fd03::2
SYN_CLI=10.1.0.2
SYN_SPOOF=10.64.0.0/10
SYN_SPOOF6=fd64::/64
SYN_PORT=8080
SYN_PROC=/proc/net/tcp_warden_syn

syn_topology()
{
	tw_netns syn-cli syn-atk syn-rtr syn-srv
	tw_veth syn-rtr syn-cli 10.1.0.1 10.1.0.2
	tw_veth syn-rtr syn-atk 10.2.0.1 10.2.0.2
	tw_veth syn-rtr syn-srv 10.3.0.1 10.3.0.2
	ip -n syn-rtr addr add fd01::1/64 dev v-syn-cli nodad
	ip -n syn-cli addr add fd01::2/64 dev v-syn-rtr nodad
	ip -n syn-rtr addr add fd02::1/64 dev v-syn-atk nodad
	ip -n syn-atk addr add fd02::2/64 dev v-syn-rtr nodad
	ip -n syn-rtr addr add fd03::1/64 dev v-syn-srv nodad
	ip -n syn-srv addr add fd03::2/64 dev v-syn-rtr nodad
	for ns in syn-cli syn-atk syn-srv; do
		n=${ns#syn-}
		case $n in cli) i=1 ;; atk) i=2 ;; srv) i=3 ;; esac
		ip -n "$ns" route add default via 10.$i.0.1
		ip -n "$ns" -6 route add default via fd0$i::1
	done
	ip netns exec syn-rtr sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1 net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.default.rp_filter=0
	ip -n syn-rtr route add blackhole "$SYN_SPOOF"
	ip -n syn-rtr -6 route add blackhole "$SYN_SPOOF6"
	# Spoofed sources arrive from the attacker's side: no rp_filter there.
	for d in all default v-syn-atk; do
		ip netns exec syn-rtr sysctl -qw "net.ipv4.conf.$d.rp_filter=0"
	done
}

# syn_proc NS: the guard's proc file of NS ("-": the namespace we run in).
syn_proc()
{
	if [ "$1" = - ]; then
		cat "$SYN_PROC"
	else
		ip netns exec "$1" cat "$SYN_PROC"
	fi
}

# syn_field NS WORD [LISTENER]: the value after WORD on a listener's line
# (default 0.0.0.0:$SYN_PORT).
syn_field()
{
	syn_proc "$1" |
		awk -v w="$2" -v l="${3:-0.0.0.0:$SYN_PORT}" \
		'$1 == "listener" && $2 == l { for (i = 3; i < NF; i++) if ($i == w) { print $(i + 1); exit } }'
}

# syn_net_field NS WORD: the number after WORD on the "netns" line.
syn_net_field()
{
	syn_proc "$1" |
		awk -v w="$2" '/^netns/ { for (i = 1; i < NF; i++) if ($i == w) { print $(i + 1); exit } }'
}

# syn_serve [ARGS]: start the server in syn-srv for the rest of the test.
syn_serve()
{
	ip netns exec syn-srv "$SYN_CONN" serve -p "$SYN_PORT" -t 600 "$@" > /dev/null &
	sleep 0.5
}

# The kernel's reports since the mark (lib.sh has the one pattern).
syn_dmesg_mark()
{
	tw_dmesg_mark
}

syn_dmesg_bad()
{
	tw_dmesg_bad
}
