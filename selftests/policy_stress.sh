#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Policy churn during many transfers: 5000 policy adds/deletes fed at 1000
# per second (prefixes covering the transfers' destination, each removed
# soon after) while 200 warden connections run. Every change must succeed, every transfer
# complete, and the kernel log stay clean. The rate actually achieved is
# reported, not asserted (a TCG guest is slower than the feed).
. "$(dirname "$0")/lib.sh"
tw_require_root
ktap_plan 5

T=$TW_CTL
LOG=$(mktemp -d /tmp/tws.XXXXXX)
tw_module_unload
tw_module_load
dmesg -C
tw_netns tws-c tws-s
tw_veth tws-c tws-s 10.91.0.1 10.91.0.2
tc -n tws-c qdisc add dev v-tws-s root netem delay 2ms || tw_bail "netem unavailable"
C="ip netns exec tws-c"
$C $T policy add 10.91.0.0/16 beta 0.7 growth cubic || tw_bail "policy add failed"

# One second of churn, 1000 changes: port-range policies inside the
# transfers' /16 and v6 ones, each deleted again four steps after its add,
# so the live table stays small and every change is a full copy-on-write
# swap under the running connections.
i=1
while [ $i -le 254 ]; do
	if [ $i -le 250 ]; then
		echo "add 10.91.0.0/24 port $i beta 0.8 min-ssthresh 4"
		echo "add 2001:db8:$i::/48 beta 0.9 growth cubic"
	fi
	if [ $i -gt 4 ]; then
		echo "del 10.91.0.0/24 port $((i - 4))"
		echo "del 2001:db8:$((i - 4))::/48"
	fi
	i=$((i + 1))
done > "$LOG/chunk"
[ "$(wc -l < "$LOG/chunk")" -eq 1000 ] || tw_bail "churn chunk is not 1000 changes"

for p in 5301 5302 5303 5304; do
	ip netns exec tws-s /usr/bin/timeout 240 iperf3 -s -1 -p $p > /dev/null 2>&1 &
done
tw_wait_listen tws-s 5301 5302 5303 5304

start=$(date +%s%N)
( for s in 1 2 3 4 5; do cat "$LOG/chunk"; sleep 1; done ) |
	$C $T policy batch > "$LOG/churn.out" 2>&1 &
churn=$!
# 4 x 50 streams, started while the table changes underneath.
for p in 5301 5302 5303 5304; do
	$C /usr/bin/timeout 180 iperf3 -c 10.91.0.2 -p $p -P 50 -t 8 -C warden -J > "$LOG/$p.json" 2> "$LOG/$p.err" &
	eval "cli_$p=\$!"
	sleep 0.5
done
wait $churn
rc=$?
end=$(date +%s%N)
ms=$(((end - start) / 1000000))
ktap_diag "5000 policy changes in ${ms} ms ($((5000 * 1000 / ms))/s, paced at 1000/s)"
if [ $rc -eq 0 ]; then
	ktap_pass "all 5000 policy adds/deletes succeeded"
else
	head -n 5 "$LOG/churn.out" | sed 's/^/# /'
	ktap_fail "all 5000 policy adds/deletes succeeded"
fi

ok=0
for p in 5301 5302 5303 5304; do
	eval "wait \$cli_$p" || sed 's/^/# /' "$LOG/$p.err"
	# iperf3 -J reports a failed run as {"error": ...}: show it
	n=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
if "error" in d:
    print("iperf3 port %s: %s" % (sys.argv[2], d["error"]), file=sys.stderr)
print(sum(1 for s in d.get("end", {}).get("streams", [])
          if s["sender"]["bytes"] > 0 and s["receiver"]["bytes"] > 0))' "$LOG/$p.json" "$p" 2> "$LOG/$p.why")
	sed 's/^/# /' "$LOG/$p.why"
	ok=$((ok + ${n:-0}))
done
ktap_eq "all 200 concurrent warden transfers completed and delivered data" $ok 200

ktap_eq "the table is back to the one base policy" \
	"$($C $T -j policy list | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["policies"]))')" 1
assigned=$($C $T -j policy list | python3 -c '
import json, sys
print(json.load(sys.stdin)["policies"][0]["stats"]["assigned"])')
if [ "${assigned:-0}" -ge 1 ]; then
	ktap_pass "connections were assigned policies during the churn ($assigned to the base policy)"
else
	ktap_fail "connections were assigned policies during the churn (base policy: ${assigned:-none})"
fi
tw_cleanup
tw_module_unload
if dmesg | grep -qiE 'WARNING|BUG|Oops|rcu.*stall|leak|corrupt'; then
	dmesg | grep -iE 'WARNING|BUG|Oops|rcu.*stall|leak|corrupt' | head -n 5 | sed 's/^/# /'
	ktap_fail "dmesg is clean after churn and module unload"
else
	ktap_pass "dmesg is clean after churn and module unload"
fi
rm -rf "$LOG"
ktap_finish
