#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# growth cubic against the kernel's cubic on the same path: where HyStart
# ends slow start. A 20 Mbit/s, 100 ms RTT netem path whose queue never
# overflows during the transfer: slow start builds a queue, the RTT rises
# and HyStart (delay or ACK train) sets ssthresh = cwnd before any loss.
# Per run, the first finite ssthresh in the sender's TCP_INFO, which must
# come with no retransmission. Runs alternate cubic / warden.
#
# Tolerance: the medians of the two over CC_CUBIC_RUNS runs (default 3)
# agree within 20%. HyStart's detectors read ACK timing, which TCG
# stretches at random by a few ms (under TCG on 6.1 both medians were
# 646-648 segments); a policy without HyStart, or a detector threshold
# off by a factor, ends slow start at another window or not before loss.
# After a timeout (a 1.5 s blackhole mid-transfer, so no fast retransmit
# can happen first) both must show, in the first TCP_INFO sample of the
# Loss state, cwnd 1 and ssthresh = max(cwnd * 717 / 1024, 2) of the cwnd
# sampled just before: exactly, as both compute it from the same integers.
# Then warden with hystart off on the same path: slow start ends by loss
# (or not at all) and the policy's hystart-exit counter stays 0, while the
# runs with HyStart counted one exit each.
. "$(dirname "$0")/lib.sh"
tw_require_root
ktap_plan 11

RUNS=${CC_CUBIC_RUNS:-3}
XFER=$TW_TOP/selftests/tw_xfer
BYTES=4000000
INF=4294967295
LOG=$(mktemp)
port=5700

tw_module_load
tw_netns twh-a twh-b
tw_veth twh-a twh-b 10.74.0.1 10.74.0.2
tw_no_offload twh-a v-twh-b
# a queue of 5000 packets: far more than the transfer's slow start needs
tc -n twh-a qdisc add dev v-twh-b root netem delay 50ms rate 20mbit limit 5000
tc -n twh-b qdisc add dev v-twh-a root netem delay 50ms
modprobe tcp_cubic 2>/dev/null
ip netns exec twh-a sysctl -qw net.ipv4.tcp_no_metrics_save=1
ip netns exec twh-a "$TW_CTL" policy add 10.74.0.0/24 growth cubic beta 0.7 ||
	tw_bail "policy add failed"

# exit_of CC: "SSTHRESH RETRANS" at the first finite ssthresh, or "none R".
exit_of()
{
	port=$((port + 1))
	ip netns exec twh-b "$XFER" server -p $port -n 1 > /dev/null &
	tw_wait_listen twh-b $port
	ip netns exec twh-a "$XFER" client -c 10.74.0.2 -p $port -s $BYTES -C "$1" \
		-i 2000 > "$LOG"
	wait
	awk -v inf="$INF" '
		/^(info|done)/ {
			for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
			if (f["ssthresh"] != inf && f["ssthresh"] != 2147483647) {
				print f["ssthresh"], f["total_retrans"]; found = 1; exit
			}
		}
		END { if (!found) print "none", f["total_retrans"] }
	' "$LOG"
}

hs_exits()
{
	ip netns exec twh-a "$TW_CTL" -j policy show 10.74.0.0/24 |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["policies"][0]["stats"]["hystart-exit"])'
}

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

cub="" war="" clean=1
for r in $(seq "$RUNS"); do
	# shellcheck disable=SC2046
	set -- $(exit_of cubic)
	ktap_diag "run $r: cubic left slow start at ssthresh $1 (retransmits before: $2)"
	[ "$1" != none ] && [ "$2" = 0 ] || clean=0
	cub="$cub $1"
	# shellcheck disable=SC2046
	set -- $(exit_of warden)
	ktap_diag "run $r: warden left slow start at ssthresh $1 (retransmits before: $2)"
	[ "$1" != none ] && [ "$2" = 0 ] || clean=0
	war="$war $1"
done
ktap_eq "every run of both left slow start before any retransmission (HyStart)" $clean 1
ktap_eq "warden counted one hystart-exit per run" "$(hs_exits)" "$RUNS"
mc=$(median $cub)
mw=$(median $war)
ktap_diag "medians: cubic $mc, warden $mw"
ok=$(awk -v c="$mc" -v w="$mw" 'BEGIN { print (c + 0 > 0 && w + 0 > 0 && w / c >= 0.8 && w / c <= 1.25) }')
# warden follows tcp_cubic as of 6.1 (the same on 6.12 and 7.2). 5.10's
# own cubic leaves slow start at about a fifth of the window on this path
# (132-136 segments against 646-649 for warden and for cubic of 6.1+): its
# HyStart is older code, so there the comparison says nothing of warden.
kv=$(uname -r | awk -F. '{ print $1 * 1000 + $2 }')
if [ "$kv" -lt 6001 ]; then
	ktap_skip "median HyStart exits agree within 20% (cubic $mc, warden $mw)" \
		"this kernel's cubic has an older HyStart than the 6.1 one warden follows"
else
	ktap_eq "median HyStart exits agree within 20% (cubic $mc, warden $mw)" "$ok" 1
fi

# rto_of CC: "CWND_BEFORE CWND_IN_LOSS SSTHRESH_IN_LOSS" of the first RTO.
rto_of()
{
	port=$((port + 1))
	ip netns exec twh-b "$XFER" server -p $port -n 1 > /dev/null &
	tw_wait_listen twh-b $port
	ip netns exec twh-a /usr/bin/timeout 120 "$XFER" client -c 10.74.0.2 -p $port \
		-s 20000000 -C "$1" -w 2000 > "$LOG" &
	_cli=$!
	sleep 1
	ip netns exec twh-b nft -f - <<NFT || tw_bail "nft failed"
table inet twh {
	chain in {
		type filter hook input priority 0;
		tcp dport $port drop
	}
}
NFT
	sleep 1.5
	ip netns exec twh-b nft flush ruleset
	wait $_cli
	wait
	awk '
		/^(info|done)/ {
			for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
			if (f["ca_state"] == 4) { print prev, f["cwnd"], f["ssthresh"]; found = 1; exit }
			prev = f["cwnd"]
		}
		END { if (!found) print "none none none" }
	' "$LOG"
}

for cc in cubic warden; do
	# shellcheck disable=SC2046
	set -- $(rto_of $cc)
	ktap_diag "$cc timeout: cwnd $1 before, then cwnd $2 ssthresh $3 in Loss"
	ktap_eq "$cc timeout: cwnd 1 in the Loss state" "$2" 1
	want=$(awk -v c="$1" 'BEGIN { w = int(c * 717 / 1024); print (c == "none") ? "?" : (w < 2 ? 2 : w) }')
	ktap_eq "$cc timeout: ssthresh = max($1 * 717 / 1024, 2)" "$3" "$want"
done

# The same path with HyStart off for warden (replace keeps the counters).
before=$(hs_exits)
ip netns exec twh-a "$TW_CTL" policy replace 10.74.0.0/24 growth cubic beta 0.7 hystart off ||
	tw_bail "policy replace failed"
# shellcheck disable=SC2046
set -- $(exit_of warden)
ktap_diag "hystart off: first finite ssthresh $1 (retransmits before: $2)"
if [ "$1" = none ] || [ "$2" -gt 0 ]; then
	ktap_pass "hystart off: slow start did not end before a loss"
else
	ktap_fail "hystart off: slow start did not end before a loss (ssthresh $1, no retransmit)"
fi
ktap_eq "hystart off: no hystart-exit counted" "$(($(hs_exits) - before))" 0
ktap_eq "the policy shows hystart 0" \
	"$(ip netns exec twh-a "$TW_CTL" -j policy show 10.74.0.0/24 |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["policies"][0]["hystart"])')" 0

tw_cleanup
rm -f "$LOG"
if tw_module_unload; then
	ktap_pass "rmmod tcp_warden"
else
	ktap_fail "rmmod tcp_warden"
fi
ktap_finish
