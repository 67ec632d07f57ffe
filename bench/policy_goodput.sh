#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Claim: warden with `growth cubic beta 0.7` (HyStart on) is within 10% of
# the kernel's cubic, both ways, in median goodput on one 50 Mbit, 40 ms
# RTT path with 0.5% random loss.
# Each round runs cubic, warden, cubic in the same VM boot. The two cubic
# series are a control: their ratio is what the same CC scores against
# itself, the noise any difference between the CCs has to stand out of.
# 10 rounds of 20 s: at 5 of 15 s cubic differed from itself by up to 24%,
# more than the target band (Documentation/policies.rst). About 15 minutes.
. "$(dirname "$0")/policy.lib"
SECS=${SECS:-20}
ROUNDS=${ROUNDS:-10}
PB_VM_TIMEOUT=${PB_VM_TIMEOUT:-$((ROUNDS * 3 * (SECS + 15) + 300))}
pb_in_vm "$@"
RATE=${RATE:-50mbit}

pb_setup "$RATE" 20ms 0.5%
ip netns exec pbc "$PB_CTL" policy add 10.95.0.0/24 growth cubic beta 0.7 ||
	pb_die "policy add failed"
peer="" ctl="" ours=""
r=0
while [ $r -lt "$ROUNDS" ]; do
	peer="$peer $(pb_iperf cubic "$SECS" 5401)"
	ours="$ours $(pb_iperf warden "$SECS" 5402)"
	ctl="$ctl $(pb_iperf cubic "$SECS" 5403)"
	r=$((r + 1))
done
# shellcheck disable=SC2086
pm=$(pb_median $peer $ctl)
# shellcheck disable=SC2086
om=$(pb_median $ours)
ratio=$(python3 -c "print('%.3f' % ($om / $pm))")
# shellcheck disable=SC2086
aa=$(python3 -c "print('%.3f' % ($(pb_median $ctl) / $(pb_median $peer)))")
echo "path: $RATE, 40 ms RTT, 0.5% loss; $ROUNDS rounds of cubic, warden, cubic, ${SECS}s each; warden with HyStart (the default)"
echo "peer      cubic (both series)            Mbit/s:$peer |$ctl  median $pm"
echo "tcpwarden warden growth cubic beta 0.7   Mbit/s:$ours  median $om"
echo "ratio of medians tcpwarden/peer: $ratio (target 0.90..1.10)"
echo "control: cubic's second series / its first: $aa (the same CC against itself)"
python3 - "$PB_RES/policy_goodput.json" "$RATE" "$peer" "$ctl" "$ours" "$pm" "$om" "$ratio" "$aa" <<'PY'
import json, sys
out, rate, peer, ctl, ours, pm, om, ratio, aa = sys.argv[1:]
mbit = lambda s: [float(x) for x in s.split()]
json.dump({"benchmark": "policy_goodput",
           "claim": "warden growth cubic beta 0.7 (HyStart on) within 10% of cubic, both ways, on the median",
           "path": {"rate": rate, "rtt_ms": 40, "loss_pct": 0.5},
           "environment": "QEMU TCG guest (no KVM) on a shared 2-core host; 50 Mbit is the configured link rate, goodput is loss-limited well below it",
           "peer": {"name": "cubic", "mbit_s": mbit(peer), "control_mbit_s": mbit(ctl),
                    "median": float(pm)},
           "tcpwarden": {"name": "warden growth cubic beta 0.7 hystart on",
                         "mbit_s": mbit(ours), "median": float(om)},
           "ratio_of_medians": float(ratio), "target": "0.90..1.10",
           "meets_target": 0.9 <= float(ratio) <= 1.1,
           "control_ratio": float(aa)}, open(out, "w"), indent=1)
PY
pb_emit policy_goodput
