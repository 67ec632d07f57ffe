#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Claim: warden with `growth cubic beta 0.7` (HyStart on) is within 10% of
# the kernel's cubic, both ways, in median goodput on one 50 Mbit, 40 ms
# RTT path with 0.5% random loss.
# Runs alternate (cubic, warden, cubic, warden...) in the same VM boot.
. "$(dirname "$0")/policy.lib"
pb_in_vm "$@"
RATE=${RATE:-50mbit}
SECS=${SECS:-15}
ROUNDS=${ROUNDS:-5}

pb_setup "$RATE" 20ms 0.5%
ip netns exec pbc "$PB_CTL" policy add 10.95.0.0/24 growth cubic beta 0.7 ||
	pb_die "policy add failed"
peer="" ours=""
r=0
while [ $r -lt "$ROUNDS" ]; do
	peer="$peer $(pb_iperf cubic "$SECS" 5401)"
	ours="$ours $(pb_iperf warden "$SECS" 5402)"
	r=$((r + 1))
done
pm=$(pb_median $peer)
om=$(pb_median $ours)
ratio=$(python3 -c "print('%.3f' % ($om / $pm))")
echo "path: $RATE, 40 ms RTT, 0.5% loss; $ROUNDS x ${SECS}s each, alternating; warden with HyStart (the default)"
echo "peer      cubic                          Mbit/s:$peer  median $pm"
echo "tcpwarden warden growth cubic beta 0.7   Mbit/s:$ours  median $om"
echo "ratio of medians tcpwarden/peer: $ratio (target 0.90..1.10)"
python3 - "$PB_RES/policy_goodput.json" "$RATE" "$peer" "$ours" "$pm" "$om" "$ratio" <<'PY'
import json, sys
out, rate, peer, ours, pm, om, ratio = sys.argv[1:]
json.dump({"benchmark": "policy_goodput",
           "claim": "warden growth cubic beta 0.7 (HyStart on) within 10% of cubic, both ways, on the median",
           "path": {"rate": rate, "rtt_ms": 40, "loss_pct": 0.5},
           "environment": "QEMU TCG guest (no KVM) on a shared 2-core host; 50 Mbit is the configured link rate, goodput is loss-limited well below it",
           "peer": {"name": "cubic", "mbit_s": [float(x) for x in peer.split()], "median": float(pm)},
           "tcpwarden": {"name": "warden growth cubic beta 0.7 hystart on",
                         "mbit_s": [float(x) for x in ours.split()], "median": float(om)},
           "ratio_of_medians": float(ratio), "target": "0.90..1.10",
           "meets_target": 0.9 <= float(ratio) <= 1.1}, open(out, "w"), indent=1)
PY
pb_emit policy_goodput
