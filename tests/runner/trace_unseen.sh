#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Reproducer, not part of make check: TCP state transitions that never
# reach a BPF program at all. Parallel loopback churn runs while ftrace's
# own sock:inet_sock_set_state event counts every transition on the churn's
# ports. Then, per run:
#   wardenctl: unseen = ftrace's count - delivered - lost - missed
#              (its JSON, churn ports only);
#   floor:     the bench's one-record program, which cannot filter:
#              unseen >= expected - records - lost - kernel-counted misses
#              (other traffic only adds records).
# A positive "unseen" is a transition no tracer on the tracepoint could
# deliver or count. See "Transport and loss" in Documentation/tracing.rst.
# Needs root and 128 MiB of ftrace buffer per CPU; tracefs is restored.
#   tests/runner/trace_unseen.sh [RUNS] [PROCS] [CONNS]
WARDENCTL_ARGS=--json
TW_TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TW_TOP/bench/trace.lib"
RUNS=${1:-5}
PROCS=${2:-4}
CONNS=${3:-20000}
T=/sys/kernel/tracing
EV=$T/events/sock/inet_sock_set_state
PORT0=7600

[ -d "$EV" ] || { echo "trace_unseen: no sock:inet_sock_set_state event in tracefs" >&2; exit 1; }
kb=$(sed 's/.*expanded: \([0-9]*\).*/\1/' $T/buffer_size_kb)
ftrace_restore()
{
	echo 0 > $EV/enable
	echo 0 > $EV/filter
	echo "$kb" > $T/buffer_size_kb
	echo > $T/trace
}
trap 'ftrace_restore; cleanup' EXIT
echo 0 > $T/tracing_on
echo > $T/trace
echo 131072 > $T/buffer_size_kb || exit 1
echo "protocol == 6 && ((sport > $PORT0 && sport <= $((PORT0 + PROCS))) ||" \
     "(dport > $PORT0 && dport <= $((PORT0 + PROCS))))" > $EV/filter || exit 1
echo 1 > $EV/enable

# Transitions ftrace recorded since the last clear; fails on overrun.
ftrace_count()
{
	local f n=0 v
	for f in $T/per_cpu/cpu*/stats; do
		v=$(awk '$1 == "overrun:" { print $2 }' "$f")
		[ "$v" = 0 ] || { echo "trace_unseen: ftrace overran ($f)" >&2; return 1; }
		n=$((n + $(awk '$1 == "entries:" { print $2 }' "$f")))
	done
	echo $n
}

churn()
{
	local p
	for p in $(seq "$PROCS"); do
		ip netns exec $NS "$CHURN" "$CONNS" $((PORT0 + p)) > /dev/null &
	done
	wait $(jobs -p | grep -v "^$tracer_pid\$")
	sleep 0.3
}

expected=$((PROCS * (CONNS * 10 + 2)))
printf "%-9s %3s %9s %9s %5s %6s %6s\n" tracer run ftrace delivered lost missed unseen
for r in $(seq "$RUNS"); do
	for kind in wardenctl floor; do
		start_tracer $kind || exit 1
		echo > $T/trace
		echo 1 > $T/tracing_on
		churn
		echo 0 > $T/tracing_on
		seen=$(ftrace_count) || exit 1
		if [ $kind = floor ]; then
			misses=$(bpftool -j prog show name floor_state | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(sum(p.get("recursion_misses", 0) for p in (d if isinstance(d, list) else [d])))')
		fi
		stop_tracer
		if [ $kind = wardenctl ]; then
			read -r got lost missed < <(python3 - "$TMP/$kind.out" $PORT0 "$PROCS" <<'PY'
import json, sys
lo, n = int(sys.argv[2]), int(sys.argv[3])
got = 0
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["type"] == "summary":
        s = e
    elif lo < e["sport"] <= lo + n or lo < e["dport"] <= lo + n:
        got += 1
print(got, s["lost"], s["missed"])
PY
)
			unseen=$((seen - got - lost - missed))
		else
			read -r got lost < <(tracer_events floor)
			missed=$misses
			# the floor cannot filter: compare with what the churn makes
			unseen=$((expected - got - lost - missed))
			[ $unseen -lt 0 ] && unseen=0
		fi
		printf "%-9s %3d %9d %9d %5d %6d %6d\n" $kind "$r" "$seen" "$got" "$lost" \
			"$missed" "$unseen"
	done
done
