#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# No SYN reaches a listener around the guard in pieces: fragmented SYNs
# (IPv4 fragments, the IPv6 fragment header, a first fragment too short to
# hold the TCP header, the RFC 1858 overlap) from a denied source, and from
# an unverified source during a flood, get no SYN-ACK, with conntrack in
# the server's namespace and without; the counters say why. The same SYNs
# from an allowed source when all is calm are answered, so the probe is
# sound.
. "$(dirname "$0")/syn_lib.sh"
tw_require_root
ktap_plan 22

SYNRAW=$TW_TOP/selftests/synraw
SRC=10.2.0.2
SRC6=fd02::2
N=4

tw_module_unload
tw_dmesg_mark
tw_module_load syn_quiet_ms=60000
syn_topology
syn_serve
ip netns exec syn-srv "$SYN_CONN" serve -6 -p 8081 -t 600 > /dev/null &
tw_wait_listen syn-srv "$SYN_PORT" 8081

# SYN-ACKs the server sends to the probing source, counted on the way out.
ip netns exec syn-srv nft -f - <<NFT
table inet fragprobe {
	counter synack4 { }
	counter synack6 { }
	chain out {
		type filter hook output priority 0; policy accept;
		ip daddr $SRC tcp flags & (syn | ack) == syn | ack counter name synack4
		ip6 daddr $SRC6 tcp flags & (syn | ack) == syn | ack counter name synack6
	}
}
NFT
synacks()
{
	ip netns exec syn-srv nft list counter inet fragprobe "$1" |
		awk '/packets/ { print $2 }'
}
frag()
{
	ip netns exec syn-atk "$SYNRAW" frag -n $N "$@" > /dev/null
	# the SYN-ACKs (or none) have time to leave, under TCG too
	sleep 1
}
v4() { frag -d "$SYN_SRV" -p "$SYN_PORT" -s "$SRC" "$@"; }
v6() { frag -d "$SYN_SRV6" -p 8081 -s "$SRC6" "$@"; }
L6="[::]:8081"

# --- the probe is sound: calm, not listed ----------------------------------
a4=$(synacks synack4)
v4 -H 24 -F 8
ktap_eq "calm: an IPv4 SYN in 8-byte fragments after a 24-byte first one is answered" \
	"$(($(synacks synack4) - a4))" "$N"
a6=$(synacks synack6)
v6 -H 40 -F 8
ktap_eq "calm: an IPv6 SYN in fragments, the first with the whole TCP header, is answered" \
	"$(($(synacks synack6) - a6))" "$N"

# run_denied WHAT: the deny list holds for every shape ($1 names the setup).
run_denied()
{
	what=$1
	"$TW_CTL" -n syn-srv syn deny add "$SRC/32"
	"$TW_CTL" -n syn-srv syn deny add "$SRC6/128"
	a4=$(synacks synack4)
	a6=$(synacks synack6)
	d4=$(syn_field syn-srv drop_denied)
	d6=$(syn_field syn-srv drop_denied "$L6")
	fb=$(syn_net_field syn-srv frags_bad)
	v4
	v4 -H 24 -F 8
	v4 -H 40 -F 8
	v4 -F 8
	fb4=$(syn_net_field syn-srv frags_bad)
	v6 -H 40 -F 8
	v6 -F 8
	ktap_eq "$what: no IPv4 SYN-ACK to a denied source, whole or in fragments" \
		"$(($(synacks synack4) - a4))" 0
	ktap_eq "$what: no IPv6 SYN-ACK to a denied source in fragments" \
		"$(($(synacks synack6) - a6))" 0
	dd4=$(($(syn_field syn-srv drop_denied) - d4))
	dd6=$(($(syn_field syn-srv drop_denied "$L6") - d6))
	dfb4=$((fb4 - fb))
	dfb6=$(($(syn_net_field syn-srv frags_bad) - fb4))
	ktap_diag "$what: drop_denied +$dd4 (IPv4) +$dd6 (IPv6), frags_bad +$dfb4 (IPv4) +$dfb6 (IPv6)"
	if [ "$what" = "no conntrack" ]; then
		# whole and two judged first fragments: deny; 8-byte first
		# fragments (and the next one, at offset 8): hidden headers
		ktap_eq "$what: IPv4 SYNs whose first fragment holds the header count as denied" \
			"$dd4" $((3 * N))
		ktap_eq "$what: so do IPv6 ones" "$dd6" "$N"
		ktap_eq "$what: fragments that hide the header count as frags_bad" \
			"$dfb4 $dfb6" "$((2 * N)) $N"
	else
		# defragmented before the guard: every IPv4 SYN is whole there
		ktap_eq "$what: every IPv4 SYN, reassembled first, counts as denied" \
			"$dd4 $dfb4" "$((4 * N)) 0"
		# What IPv6 defragmentation leaves in pieces (a first fragment
		# without the whole TCP header, on some kernels) the guard counts.
		ktap_check "$what: every IPv6 SYN is denied, or its hidden header counted, or dropped by defragmentation" \
			test "$dd6" -ge "$N" -a $((dd6 + dfb6)) -le $((2 * N))
	fi
	"$TW_CTL" -n syn-srv syn deny del "$SRC/32"
	"$TW_CTL" -n syn-srv syn deny del "$SRC6/128"
}

# run_flood WHAT: an unverified source while its listener is in flood state
# (the flood itself stopped, so the counters move for the probe alone).
run_flood()
{
	what=$1
	ip netns exec syn-atk "$SYN_FLOOD" -d "$SYN_SRV" -p "$SYN_PORT" \
		-s "$SYN_SPOOF" -t 3 > /dev/null
	ktap_eq "$what: the listener is in flood state" "$(syn_field syn-srv state)" flood
	a4=$(synacks synack4)
	lim=$(($(syn_field syn-srv drop_src_limit) + $(syn_field syn-srv drop_all_limit)))
	fb=$(syn_net_field syn-srv frags_bad)
	v4 -H 24 -F 8
	v4 -F 8
	ktap_eq "$what: no SYN-ACK to the unverified source's fragmented SYNs" \
		"$(($(synacks synack4) - a4))" 0
	dl=$(($(syn_field syn-srv drop_src_limit) + $(syn_field syn-srv drop_all_limit) - lim))
	dfb=$(($(syn_net_field syn-srv frags_bad) - fb))
	ktap_diag "$what: limited +$dl, frags_bad +$dfb"
	if [ "$what" = "no conntrack" ]; then
		ktap_eq "$what: judged first fragments are limited, hidden ones are frags_bad" \
			"$dl $dfb" "$N $((2 * N))"
	else
		ktap_eq "$what: every reassembled SYN is limited" "$dl $dfb" "$((2 * N)) 0"
	fi
}

run_denied "no conntrack"

# --- the overlap probe: the flags of a SYN 8 bytes into the segment --------
a4=$(synacks synack4)
fb=$(syn_net_field syn-srv frags_bad)
v4 -O
ktap_eq "overlap: no SYN-ACK" "$(($(synacks synack4) - a4))" 0
ktap_eq "overlap: the fragment at offset 8 counts as frags_bad" \
	"$(($(syn_net_field syn-srv frags_bad) - fb))" "$N"

# Unverified sources get no tokens of their own in flood state.
echo 0 > /sys/module/tcp_warden/parameters/syn_src_rate
run_flood "no conntrack"

# --- with conntrack: defragmentation before the guard -----------------------
ip netns exec syn-srv nft -f - <<NFT
table inet conntrack_on {
	chain pre {
		type filter hook prerouting priority 0; policy accept;
		ct state new counter
	}
}
NFT
ktap_check "conntrack is on in the server's namespace" \
	sh -c "grep -q '^nf_conntrack ' /proc/modules && ip netns exec syn-srv nft list table inet conntrack_on | grep -q 'ct state new'"
echo 10 > /sys/module/tcp_warden/parameters/syn_src_rate
# a calm listener again (quiet period): a namespace of its own is quicker
"$TW_CTL" -n syn-srv syn set mode off
"$TW_CTL" -n syn-srv syn set mode default
a4=$(synacks synack4)
v4 -F 8
ktap_eq "conntrack: a SYN in 8-byte fragments is reassembled, judged and answered" \
	"$(($(synacks synack4) - a4))" "$N"
run_denied "conntrack"
echo 0 > /sys/module/tcp_warden/parameters/syn_src_rate
run_flood "conntrack"

ip netns exec syn-srv nft delete table inet conntrack_on
tw_cleanup
tw_module_unload
tw_dmesg_check "dmesg is clean"
ktap_finish
