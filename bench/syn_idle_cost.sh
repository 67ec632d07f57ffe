#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Claim: the SYN guard costs less than 1% when nothing is wrong. Loading
# the module for the congestion control also turns the guard on in every
# namespace; its PRE_ROUTING hook sees every inbound TCP packet. Peer: the
# same kernel with the guard off (hooks unregistered). Two workloads, in
# paired rounds in one VM boot (off/enforce, then enforce/off, ...):
#   bulk   one iperf3 stream over veth (cubic), receiver goodput
#   churn  one connection after another (selftests/syn_conn), per second
# and the CPU time per packet (both namespaces' segments in and out).
. "$(dirname "$0")/policy.lib"
pb_in_vm "$@"
SECS=${SECS:-10}
ROUNDS=${ROUNDS:-6}
CONNS=${CONNS:-3000}
CONN=$PB_TOP/selftests/syn_conn
MODE=/sys/module/tcp_warden/parameters/syn_mode

# No delay or loss: the path is as fast as the CPU, so any per-packet
# cost of the hook shows in the throughput.
pb_setup 10gbit 0ms 0%
tc -n pbc qdisc del dev v-pbs root
tc -n pbs qdisc del dev v-pbc root
ip netns exec pbs "$CONN" serve -p 5500 -t 100000 > /dev/null &
serve=$!

# CPU jiffies busy so far (all CPUs) and TCP segments of both namespaces.
busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
segs()
{
	for ns in pbc pbs; do
		ip netns exec $ns awk '/^Tcp:/ && $1 == "Tcp:" && $2 ~ /^[0-9]/ { print $11 + $12 }' /proc/net/snmp
	done | awk '{ s += $1 } END { print s }'
}

# run MODE WORKLOAD: prints "VALUE NS_PER_SEGMENT"
run()
{
	echo "$1" > "$MODE" || pb_die "cannot set syn_mode $1"
	b0=$(busy)
	s0=$(segs)
	if [ "$2" = bulk ]; then
		v=$(pb_iperf cubic "$SECS" 5401)
	else
		t0=$(date +%s%N)
		ip netns exec pbc "$CONN" connect -c 10.95.0.2 -p 5500 -n "$CONNS" > /dev/null ||
			pb_die "churn connections failed"
		t1=$(date +%s%N)
		v=$(python3 -c "print('%.1f' % ($CONNS / (($t1 - $t0) / 1e9)))")
	fi
	b1=$(busy)
	s1=$(segs)
	# USER_HZ is 100: a jiffy is 10 ms
	echo "$v $(python3 -c "print('%.0f' % (($b1 - $b0) * 1e7 / max(1, $s1 - $s0)))")"
}

res=$(mktemp)
r=0
while [ $r -lt "$ROUNDS" ]; do
	# the order alternates, so warming up favours neither mode
	if [ $((r % 2)) = 0 ]; then order="off enforce"; else order="enforce off"; fi
	for w in bulk churn; do
		for m in $order; do
			echo "$r $w $m $(run "$m" "$w")" >> "$res"
		done
	done
	r=$((r + 1))
done
echo enforce > "$MODE"
kill "$serve" 2>/dev/null

python3 - "$res" "$PB_RES/syn_idle_cost.json" "$SECS" "$CONNS" <<'PY'
import json, statistics as st, sys
rows = [l.split() for l in open(sys.argv[1])]
out = {"benchmark": "syn_idle_cost",
       "claim": "the SYN guard in enforce mode, no flood, costs < 1% vs off",
       "environment": "QEMU TCG guest on a shared 2-core host; veth without delay, so CPU-bound",
       "bulk_seconds": int(sys.argv[3]), "churn_connections": int(sys.argv[4]),
       "workloads": {}}
for w, unit in (("bulk", "Mbit/s"), ("churn", "connections/s")):
    val = {m: [float(r[3]) for r in rows if r[1] == w and r[2] == m] for m in ("off", "enforce")}
    cpu = {m: [float(r[4]) for r in rows if r[1] == w and r[2] == m] for m in ("off", "enforce")}
    pairs = [e / o for e, o in zip(val["enforce"], val["off"]) if o > 0]
    cpairs = [e / o for e, o in zip(cpu["enforce"], cpu["off"]) if o > 0]
    ratio = st.median(pairs)
    cost = 1 - ratio
    out["workloads"][w] = {"unit": unit, "off": val["off"], "enforce": val["enforce"],
                           "ns_per_segment": cpu, "pair_ratios": pairs,
                           "median_ratio": ratio, "median_cost_pct": 100 * cost,
                           "cpu_per_segment_ratio": st.median(cpairs),
                           "meets_target": cost < 0.01}
    print(f"{w:5}  peer (guard off) {unit}: {' '.join('%g' % v for v in val['off'])}")
    print(f"{w:5}  tcpwarden enforce {unit}: {' '.join('%g' % v for v in val['enforce'])}")
    print(f"{w:5}  ratio enforce/off (median of {len(pairs)} pairs): {ratio:.3f}"
          f" -> cost {100 * cost:.1f}% (target < 1%); CPU per segment x{st.median(cpairs):.3f}")
json.dump(out, open(sys.argv[2], "w"), indent=1)
PY
rm -f "$res"
pb_emit syn_idle_cost
