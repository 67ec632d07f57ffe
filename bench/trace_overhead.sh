#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Claim: `wardenctl trace states` costs <= 5% of loopback connection-churn
# throughput and less than the bpftrace one-liner and bcc's tcpstates.
# "floor" is the least any ring-buffer state tracer pays: one bare record
# per transition, read and discarded (trace_floor.bpf.c).
# Each round runs every configuration once (interleaved); medians reported.
# Every tracer's delivered and lost events are counted from its own output.
#   bench/trace_overhead.sh [CONNS] [ROUNDS]
WARDENCTL_ARGS=	# text lines, as bpftrace and tcpstates print
. "$(dirname "$0")/trace.lib"
CONNS=${1:-30000}
ROUNDS=${2:-5}

configs="none floor wardenctl bpftrace"
[ -z "$bcc_why" ] && configs="$configs bcc"

for r in $(seq "$ROUNDS"); do
	for cfg in $configs; do
		tcpu=0
		if [ $cfg != none ]; then
			start_tracer $cfg || { echo "$cfg failed" >&2; continue; }
		fi
		line=$(ip netns exec $NS "$CHURN" "$CONNS" $((7300 + r)))
		[ $cfg != none ] && tcpu=$(tracer_cpu)
		stop_tracer
		ev="events=0 lost=0"
		[ $cfg != none ] && ev=$(tracer_events $cfg | awk '{ print "events=" $1, "lost=" $2 }')
		echo "$cfg $line tracer_cpu_s=$tcpu $ev" | tee -a "$TMP/runs"
	done
done

python3 - "$TMP/runs" "$OUT/trace_overhead.json" "$CONNS" "$ROUNDS" "$bcc_why" "$bcc_headers" <<'PY'
import json, statistics, sys
runs, out, conns, rounds, bcc_why, bcc_headers = sys.argv[1:7]
res = {}
for line in open(runs):
    f = line.split()
    kv = dict(x.split("=") for x in f[1:])
    res.setdefault(f[0], []).append(kv)
def med(cfg, key):
    return statistics.median(float(r[key]) for r in res[cfg])
base = med("none", "conns_per_s")
base_cpu = med("none", "cpu_s")
report = {"benchmark": "trace_overhead", "conns_per_run": int(conns), "rounds": int(rounds),
          "metric": "median loopback connections/s; throughput ratio: median over rounds of "
                    "traced/untraced in the same round; CPU = churn process + tracer process",
          "configs": {}}
print("%-10s %12s %9s %10s %10s %9s %10s %7s" % ("config", "conns/s", "vs none", "cpu_s",
      "tracer_s", "cost", "events", "lost"))
# Rounds are interleaved, so each round's ratio to its own untraced run
# cancels slow drifts of a shared host; the median of those is the cost.
def paired(cfg):
    return statistics.median(float(r["conns_per_s"]) / float(n["conns_per_s"])
                             for r, n in zip(res[cfg], res["none"]))
for cfg in res:
    cps = med(cfg, "conns_per_s")
    cpu = med(cfg, "cpu_s") + med(cfg, "tracer_cpu_s")
    ratio = paired(cfg)
    d = {"conns_per_s": round(cps, 1), "throughput_ratio": round(ratio, 4),
         "throughput_ratio_of_medians": round(cps / base, 4),
         "throughput_cost_pct": round((1 - ratio) * 100, 2),
         "cpu_s": round(cpu, 4), "cpu_ratio": round(cpu / base_cpu, 4),
         "events_median": med(cfg, "events"),
         "lost_total": sum(int(r["lost"]) for r in res[cfg]),
         "runs": res[cfg]}
    if cfg == "bcc" and bcc_headers:
        d["compiled_against"] = bcc_headers
    report["configs"][cfg] = d
    print("%-10s %12.1f %9.3f %10.3f %10.3f %8.1f%% %10d %7d" % (cfg, cps, ratio, cpu,
          med(cfg, "tracer_cpu_s"), d["throughput_cost_pct"], d["events_median"],
          d["lost_total"]))
if bcc_why:
    report["configs"]["bcc"] = {"runnable": False, "reason": bcc_why}
    print("bcc        not runnable here: %s" % bcc_why)
w = report["configs"]["wardenctl"]
for peer in ("bpftrace", "bcc"):
    p = report["configs"].get(peer, {})
    if "conns_per_s" in p:
        print("wardenctl/%s throughput ratio: %.3f, CPU ratio: %.3f" % (
            peer, w["conns_per_s"] / p["conns_per_s"], w["cpu_s"] / p["cpu_s"]))
        report["wardenctl_vs_" + peer] = {
            "throughput_ratio": round(w["conns_per_s"] / p["conns_per_s"], 4),
            "cpu_ratio": round(w["cpu_s"] / p["cpu_s"], 4)}
f = report["configs"]["floor"]
report["wardenctl_above_floor_pct"] = round(w["throughput_cost_pct"] - f["throughput_cost_pct"], 2)
print("transport floor costs %.1f%%; wardenctl costs %.1f points more" % (
    f["throughput_cost_pct"], report["wardenctl_above_floor_pct"]))
report["target_met"] = {"cost_le_5pct": w["throughput_cost_pct"] <= 5.0,
                        "floor_le_5pct": f["throughput_cost_pct"] <= 5.0}
json.dump(report, open(out, "w"), indent=1)
print("wrote", out)
PY
