#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# growth cubic against the kernel's cubic on the same path: where HyStart
# ends slow start. A 5 Mbit/s, 200 ms RTT netem path whose queue never
# overflows during the transfer: slow start builds a queue, the RTT rises
# and HyStart sets ssthresh = cwnd before any loss. Per run, the first
# finite ssthresh in the sender's TCP_INFO, which must come in the Open
# state with cwnd at or above it (not from a loss). Runs alternate cubic /
# warden.
#
# Tolerance: the medians over CC_CUBIC_RUNS runs (default 3) agree within
# 10%. The path is slow on purpose: ACKs arrive 2.3 ms apart, above
# HyStart's 2 ms train spacing, and the delay threshold (16 ms) is far
# above TCG's jitter, so exits repeat (under TCG, two guests at once, both
# CCs exited at 326-328 in every run on 6.12 and 7.2). On a 20 Mbit/s,
# 100 ms path they did not: both jumped between 245, 405 and 648 segments.
# A policy without HyStart exits by loss or not at all (case 1); a
# detector threshold off by a factor exits at another doubling.
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
BYTES=${CC_CUBIC_BYTES:-1500000}
INF=4294967295
LOG=$(mktemp)
port=5700

tw_module_load
tw_netns twh-a twh-b
tw_veth twh-a twh-b 10.74.0.1 10.74.0.2
tw_no_offload twh-a v-twh-b
# a queue of 5000 packets: far more than the transfer's slow start needs
# path VERB DELAY RATE: netem both ways, the rate on the data direction
path()
{
	tc -n twh-a qdisc "$1" dev v-twh-b root netem delay "$2" rate "$3" limit 5000
	tc -n twh-b qdisc "$1" dev v-twh-a root netem delay "$2"
}
HS_DELAY=${CC_CUBIC_DELAY:-100ms} HS_RATE=${CC_CUBIC_RATE:-5mbit}
path add "$HS_DELAY" "$HS_RATE"
modprobe tcp_cubic 2>/dev/null
ip netns exec twh-a sysctl -qw net.ipv4.tcp_no_metrics_save=1
ip netns exec twh-a "$TW_CTL" policy add 10.74.0.0/24 growth cubic beta 0.7 ||
	tw_bail "policy add failed"

# exit_of CC: "SSTHRESH HYSTART" at the first finite ssthresh, or "none 0".
# HYSTART is 1 when that sample looks like a HyStart exit and not a loss:
# state Open or Disorder, cwnd at or above ssthresh (a loss would have set
# ssthresh = 0.7 cwnd and entered Recovery or Loss). A spurious
# retransmission under TCG (a tail loss probe) changes neither.
exit_of()
{
	port=$((port + 1))
	ip netns exec twh-b "$XFER" server -p $port -n 1 > /dev/null &
	tw_wait_listen twh-b $port
	ip netns exec twh-a "$XFER" client -c 10.74.0.2 -p $port -s "$BYTES" -C "$1" \
		-i 2000 > "$LOG"
	wait
	awk -v inf="$INF" '
		/^(info|done)/ {
			for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
			if (f["ssthresh"] != inf && f["ssthresh"] != 2147483647) {
				print f["ssthresh"], (f["ca_state"] <= 1 && f["cwnd"] + 0 >= f["ssthresh"] + 0)
				found = 1; exit
			}
		}
		END { if (!found) print "none", 0 }
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
	ktap_diag "run $r: cubic left slow start at ssthresh $1 (HyStart-like: $2)"
	[ "$1" != none ] && [ "$2" = 1 ] || clean=0
	cub="$cub $1"
	# shellcheck disable=SC2046
	set -- $(exit_of warden)
	ktap_diag "run $r: warden left slow start at ssthresh $1 (HyStart-like: $2)"
	[ "$1" != none ] && [ "$2" = 1 ] || clean=0
	war="$war $1"
done
ktap_eq "every run of both left slow start by HyStart, not by a loss" $clean 1
ktap_eq "warden counted one hystart-exit per run" "$(hs_exits)" "$RUNS"
mc=$(median $cub)
mw=$(median $war)
ktap_diag "medians: cubic $mc, warden $mw"
ok=$(awk -v c="$mc" -v w="$mw" 'BEGIN { print (c + 0 > 0 && w + 0 > 0 && w / c >= 0.9 && w / c <= 1 / 0.9) }')
# warden follows tcp_cubic as of 6.1 (the same on 6.12 and 7.2). 5.10's
# own cubic leaves slow start at about a fifth of the window on this path
# (72 segments in every run, against 326-328 for warden and for cubic of
# 6.1+): its HyStart is older code, so there the comparison says nothing
# of warden.
kv=$(uname -r | awk -F. '{ print $1 * 1000 + $2 }')
if [ "$kv" -lt 6001 ]; then
	ktap_skip "median HyStart exits agree within 10% (cubic$cub; warden$war)" \
		"this kernel's cubic has an older HyStart than the 6.1 one warden follows"
else
	ktap_eq "median HyStart exits agree within 10% (cubic$cub; warden$war)" "$ok" 1
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

# The timeout cases on a faster path, so the transfer ends soon after.
path change 50ms 20mbit
for cc in cubic warden; do
	# shellcheck disable=SC2046
	set -- $(rto_of $cc)
	ktap_diag "$cc timeout: cwnd $1 before, then cwnd $2 ssthresh $3 in Loss"
	ktap_eq "$cc timeout: cwnd 1 in the Loss state" "$2" 1
	want=$(awk -v c="$1" 'BEGIN { w = int(c * 717 / 1024); print (c == "none") ? "?" : (w < 2 ? 2 : w) }')
	ktap_eq "$cc timeout: ssthresh = max($1 * 717 / 1024, 2)" "$3" "$want"
done

# The HyStart path with HyStart off for warden (replace keeps the counters).
path change "$HS_DELAY" "$HS_RATE"
before=$(hs_exits)
ip netns exec twh-a "$TW_CTL" policy replace 10.74.0.0/24 growth cubic beta 0.7 hystart off ||
	tw_bail "policy replace failed"
# shellcheck disable=SC2046
set -- $(exit_of warden)
ktap_diag "hystart off: first finite ssthresh $1 (HyStart-like: $2)"
if [ "$1" = none ] || [ "$2" = 0 ]; then
	ktap_pass "hystart off: slow start did not end before a loss"
else
	ktap_fail "hystart off: slow start did not end before a loss (ssthresh $1 in the Open state)"
fi
ktap_eq "hystart off: no hystart-exit counted" "$(($(hs_exits) - before))" 0
ktap_eq "the policy shows hystart off (false)" \
	"$(ip netns exec twh-a "$TW_CTL" -j policy show 10.74.0.0/24 |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["policies"][0]["hystart"])')" False

tw_cleanup
rm -f "$LOG"
if tw_module_unload; then
	ktap_pass "rmmod tcp_warden"
else
	ktap_fail "rmmod tcp_warden"
fi
ktap_finish
