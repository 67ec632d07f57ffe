#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Report: Jain's fairness index of 2 warden flows (default policy: Reno
# growth, beta 0.5) and 2 cubic flows sharing one bottleneck, and each
# algorithm's share. Peer: the same 4 flows all running cubic.
. "$(dirname "$0")/policy.lib"
pb_in_vm "$@"
RATE=${RATE:-50mbit}
SECS=${SECS:-30}

# A shared tail-drop bottleneck of about one BDP (50 Mbit x 40 ms = 170 packets).
LIMIT=${LIMIT:-170}
pb_setup "$RATE" 20ms 0% "$LIMIT"

# run4 CC1 CC2 CC3 CC4: four concurrent flows; prints their Mbit/s.
run4()
{
	_i=0
	for cc in "$@"; do
		_i=$((_i + 1))
		pb_server $((5420 + _i))
	done
	_i=0
	for cc in "$@"; do
		_i=$((_i + 1))
		ip netns exec pbc /usr/bin/timeout $((SECS + 60)) iperf3 -c 10.95.0.2 -p $((5420 + _i)) -C "$cc" -t "$SECS" -J \
			> "/tmp/pbf.$_i.json" 2>/dev/null &
	done
	wait
	for _i in 1 2 3 4; do
		python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print("%.2f" % (d["end"]["sum_received"]["bits_per_second"] / 1e6))' "/tmp/pbf.$_i.json"
	done | tr '\n' ' '
}

jain()
{
	python3 -c 'import sys; x = [float(v) for v in sys.argv[1:]]; print("%.3f" % (sum(x) ** 2 / (len(x) * sum(v * v for v in x))))' "$@"
}

peer=$(run4 cubic cubic cubic cubic)
ours=$(run4 warden warden cubic cubic)
# shellcheck disable=SC2086
pj=$(jain $peer)
# shellcheck disable=SC2086
oj=$(jain $ours)
share=$(echo "$ours" | python3 -c 'import sys; x = [float(v) for v in sys.stdin.read().split()]; print("%.3f" % ((x[0] + x[1]) / sum(x)))')
echo "bottleneck $RATE, 40 ms RTT, queue $LIMIT packets, 4 flows for ${SECS}s"
echo "peer      4 x cubic                    Mbit/s: $peer Jain $pj"
echo "tcpwarden 2 x warden (default) + 2 x cubic Mbit/s: $ours Jain $oj, warden share $share"
echo "ratio Jain tcpwarden/peer: $(python3 -c "print('%.3f' % ($oj / $pj))")"
python3 - "$PB_RES/policy_fairness.json" "$RATE" "$peer" "$ours" "$pj" "$oj" "$share" <<'PY'
import json, sys
out, rate, peer, ours, pj, oj, share = sys.argv[1:]
f = lambda s: [float(x) for x in s.split()]
json.dump({"benchmark": "policy_fairness",
           "claim": "report Jain's index of 2 warden + 2 cubic flows (default policy)",
           "path": {"rate": rate, "rtt_ms": 40, "loss_pct": 0, "queue_packets": 170},
           "environment": "QEMU TCG guest (no KVM) on a shared 2-core host: the 4 flows together stay below the configured 50 Mbit",
           "peer": {"flows": "4 x cubic", "mbit_s": f(peer), "jain": float(pj)},
           "tcpwarden": {"flows": "2 x warden (default policy), 2 x cubic", "mbit_s": f(ours),
                         "jain": float(oj), "warden_share": float(share)},
           "ratio": float(oj) / float(pj)}, open(out, "w"), indent=1)
PY
pb_emit policy_fairness
