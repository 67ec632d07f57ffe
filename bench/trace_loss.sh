#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Claim: `wardenctl trace states` sustains the events of saturating
# connection churn with zero loss. Load steps up (parallel churn processes);
# each step reports events/s delivered and events lost, for wardenctl and
# for the bpftrace one-liner in the same run.
#   bench/trace_loss.sh [CONNS_PER_PROC] [MAX_PROCS]
WARDENCTL_ARGS=--json	# the summary line carries lost and missed
. "$(dirname "$0")/trace.lib"
CONNS=${1:-20000}
MAXP=${2:-4}

run_step()
{
	kind=$1 procs=$2
	start_tracer "$kind" || return 1
	t0=$(date +%s.%N)
	for p in $(seq "$procs"); do
		ip netns exec $NS "$CHURN" "$CONNS" $((7500 + p)) > /dev/null &
	done
	wait $(jobs -p | grep -v "^$tracer_pid\$")
	t1=$(date +%s.%N)
	sleep 0.3
	stop_tracer
	case $kind in
	wardenctl)
		read -r ev lost missed < <(python3 -c '
import json, sys
s = json.loads(open(sys.argv[1]).read().splitlines()[-1])
print(s["events"], s["lost"], s["missed"])' "$TMP/$kind.out")
		;;
	bpftrace)
		ev=$(grep -c '^[0-9]' "$TMP/$kind.out")
		lost=$(grep -o 'Lost [0-9]*' "$TMP/$kind.out" "$TMP/$kind.err" |
			awk '{ s += $2 } END { print s + 0 }')
		missed=0
		;;
	esac
	echo "$kind procs=$procs events=$ev lost=$((lost + missed)) secs=$(echo "$t1 - $t0" | bc)" |
		tee -a "$TMP/runs"
}

for procs in $(seq "$MAXP"); do
	# each run's wait must not wait for the tracer: it is stopped first
	run_step wardenctl "$procs"
	run_step bpftrace "$procs"
done

python3 - "$TMP/runs" "$OUT/trace_loss.json" <<'PY'
import json, sys
rows = []
for line in open(sys.argv[1]):
    f = line.split()
    kv = {k: float(v) for k, v in (x.split("=") for x in f[1:])}
    kv["tool"] = f[0]
    kv["events_per_s"] = kv["events"] / kv["secs"]
    rows.append(kv)
best = {}
print("%-10s %5s %10s %8s %12s" % ("tool", "procs", "events", "lost", "events/s"))
for r in rows:
    print("%-10s %5d %10d %8d %12.0f" % (r["tool"], r["procs"], r["events"], r["lost"],
                                         r["events_per_s"]))
    if r["lost"] == 0:
        best[r["tool"]] = max(best.get(r["tool"], 0), r["events_per_s"])
for t, v in best.items():
    print("%s: %.0f events/s sustained with zero loss" % (t, v))
if "wardenctl" in best and "bpftrace" in best:
    print("wardenctl/bpftrace zero-loss rate ratio: %.2f" % (best["wardenctl"] / best["bpftrace"]))
json.dump({"benchmark": "trace_loss", "runs": rows,
           "zero_loss_events_per_s": best}, open(sys.argv[2], "w"), indent=1)
print("wrote", sys.argv[2])
PY
