#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Shared by bench/trace_*.sh: the churn tool, tracer start/stop, CPU time.
top=$(cd "$(dirname "$0")/.." && pwd)
CTL=$top/tools/wardenctl/wardenctl
OUT=${TW_BENCH_OUT:-$top/bench/results}
CHURN=$top/build/bench/trace_churn
mkdir -p "$OUT" "$top/build/bench"
TMP=$(mktemp -d /tmp/tw-bench.XXXXXX)
NS=twbench-$$
trap 'stop_tracer; ip netns del $NS 2>/dev/null; rm -rf "$TMP"' EXIT

mountpoint -q /sys/kernel/tracing || mount -t tracefs tracefs /sys/kernel/tracing
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
[ -x "$CTL" ] || { echo "bench: build wardenctl first (make tools)" >&2; exit 1; }
if [ ! -x "$CHURN" ] || [ "$CHURN" -ot "$top/bench/trace_churn.c" ]; then
	cc -O2 -Wall -Wextra -Werror -pthread -o "$CHURN" "$top/bench/trace_churn.c" || exit 1
fi
ip netns add $NS && ip -n $NS link set lo up

# The same one-liner an operator would type: tcpstates' output fields.
BPFTRACE_PROG='tracepoint:sock:inet_sock_set_state /args->protocol == 6/ {
	$d = nsecs - @ts[args->skaddr];
	printf("%llu %d %s %d %d %d %d %llu\n", nsecs, pid, comm, args->sport,
	       args->dport, args->oldstate, args->newstate, $d);
	if (args->newstate == 7) { delete(@ts[args->skaddr]); }
	else { @ts[args->skaddr] = nsecs; }
}'

tracer_pid=""
# start_tracer KIND: wardenctl | bpftrace | bcc; output to $TMP/KIND.out
start_tracer()
{
	kind=$1
	: > "$TMP/$kind.out"
	: > "$TMP/$kind.err"
	case $kind in
	wardenctl)
		WARDENCTL_READY_FD=5 "$CTL" trace states $WARDENCTL_ARGS > "$TMP/$kind.out" \
			2> "$TMP/$kind.err" 5> "$TMP/$kind.ready" &
		tracer_pid=$!
		ready="grep -q ready $TMP/$kind.ready"
		;;
	bpftrace)
		bpftrace -B full -e "$BPFTRACE_PROG" > "$TMP/$kind.out" 2> "$TMP/$kind.err" &
		tracer_pid=$!
		ready="grep -q Attaching $TMP/$kind.out"
		;;
	bcc)
		"$BCC_TCPSTATES" -T > "$TMP/$kind.out" 2> "$TMP/$kind.err" &
		tracer_pid=$!
		ready="grep -q OLDSTATE $TMP/$kind.out"
		;;
	esac
	# bcc compiles its C program at start: allow it minutes
	for _ in $(seq 3000); do
		eval "$ready" 2>/dev/null && return 0
		kill -0 $tracer_pid 2>/dev/null || break
		sleep 0.1
	done
	echo "bench: $kind did not start: $(tail -3 "$TMP/$kind.err")" >&2
	kill -INT $tracer_pid 2>/dev/null
	tracer_pid=""
	return 1
}

# CPU seconds (user+sys) the tracer used so far.
tracer_cpu()
{
	awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' /proc/$tracer_pid/stat
}

stop_tracer()
{
	[ -n "$tracer_pid" ] || return 0
	kill -INT $tracer_pid 2>/dev/null
	wait $tracer_pid 2>/dev/null
	tracer_pid=""
}

# bcc's tcpstates where it can run (it compiles against kernel headers).
BCC_TCPSTATES=$(command -v tcpstates-bpfcc || ls /usr/share/bcc/tools/tcpstates 2>/dev/null)
bcc_why=""
if [ -z "$BCC_TCPSTATES" ]; then
	bcc_why="bcc tcpstates not installed (bpfcc-tools)"
elif [ ! -d "/lib/modules/$(uname -r)/build" ]; then
	bcc_why="bcc cannot compile here: no kernel headers for $(uname -r) (no /lib/modules/$(uname -r)/build, no kheaders module)"
fi
