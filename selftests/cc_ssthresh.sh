#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# After a loss, TCP_INFO shows ssthresh = max(cwnd * beta / 1024, floor).
#
# To know cwnd at the loss exactly, the route locks cwnd at 40 segments
# (the lock applies once a TCP metrics entry exists, hence a warm-up
# connection) and nft on the receiver drops exactly one data segment, the
# 300th, long after cwnd reached the clamp; the module's tracepoint shows
# cwnd at that loss. The first case also watches the decrease through the
# module's BTF (tp_btf, selftests/cc_btf.bpf.c).
. "$(dirname "$0")/lib.sh"
tw_require_root
ktap_plan 11

CLAMP=40

port=5600
# setup BETA FLOOR: module parameters seed the defaults of namespaces
# created afterwards, so reload and build fresh namespaces per case.
setup()
{
	tw_cleanup
	tw_module_unload
	tw_module_load beta="$1" min_ssthresh="$2"
	tw_netns twc-a twc-b
	tw_veth twc-a twc-b 10.73.0.1 10.73.0.2
	tw_no_offload twc-a v-twc-b
	tc -n twc-a qdisc add dev v-twc-b root netem delay 5ms
	ip -n twc-a route add 10.73.0.2/32 dev v-twc-b cwnd lock $CLAMP
}

# run_case PORT: prints the first finite ssthresh and the cwnd seen
# just before it, as "SSTHRESH CWND MAXCWND".
run_case()
{
	port=$1
	ip netns exec twc-b nft -f - <<NFT
flush ruleset
table inet twc {
	chain in {
		type filter hook input priority 0;
		tcp dport $port numgen inc mod 1000000 == 299 counter drop
	}
}
NFT
	ip netns exec twc-b "$TW_TOP/selftests/tw_xfer" server -p $port -n 2 > /dev/null &
	tw_wait_listen twc-b $port
	# Warm-up: creates the metrics entry that carries the cwnd lock.
	ip netns exec twc-a "$TW_TOP/selftests/tw_xfer" client -c 10.73.0.2 -p $port \
		-s 20000 -C warden -q > /dev/null
	ip netns exec twc-a "$TW_TOP/selftests/tw_xfer" client -c 10.73.0.2 -p $port \
		-s 3000000 -C warden > /tmp/twc.log
	wait
	awk '
		/^info/ {
			for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
			if (f["cwnd"] + 0 > max) max = f["cwnd"] + 0
			if (f["ssthresh"] != 2147483647 && !seen) {
				print f["ssthresh"], prev, max; seen = 1
			}
			prev = f["cwnd"]
		}
		END { if (!seen) print "none none", max }
	' /tmp/twc.log
}

# The module's own tracepoint says what cwnd was at the decrease: the
# TCP_INFO samples may miss the last RTTs before it on a slow machine.
EV=/sys/kernel/tracing/events/tcp_warden/warden_ssthresh
trace_on()
{
	: > /sys/kernel/tracing/trace
	echo 1 > "$EV/enable"
}
# trace_first_cwnd PORT: cwnd of the first decrease on a connection to PORT
trace_first_cwnd()
{
	echo 0 > "$EV/enable"
	tw_decreases "$1" | awk 'NR == 1 { print $1 }'
}

# check BETA FLOOR
check()
{
	setup "$1" "$2"
	${setup_hook:-:}
	port=$((port + 1))
	trace_on
	set -- "$1" "$2" $(run_case $port)
	beta=$1 floor=$2 ssth=$3 before=$4 max=$5
	at_loss=$(trace_first_cwnd $port)
	want=$((CLAMP * beta / 1024))
	[ $want -lt "$floor" ] && want=$floor
	ktap_diag "beta=$beta floor=$floor: ssthresh=$ssth cwnd_at_loss=$at_loss (last sample $before) max_cwnd=$max"
	ktap_eq "beta $beta floor $floor: cwnd was at the clamp when the loss hit (tracepoint)" \
		"$at_loss" $CLAMP
	tw_check_first_ssthresh "beta $beta floor $floor: ssthresh = max($CLAMP*$beta/1024, $floor) = $want" \
		"$ssth" $want $port "$beta" "$floor"
	if [ "$max" -le $CLAMP ]; then
		ktap_pass "beta $beta floor $floor: cwnd never exceeded the clamp"
	else
		ktap_fail "beta $beta floor $floor: cwnd never exceeded the clamp (max $max)"
	fi
}

# btf_watch: on kernels that load module BTF (5.11+: the initramfs's
# overlay module has some), tcp_warden.ko must have it too, and a tp_btf
# program on its tracepoint must see the decrease the case checks.
btf_watch()
{
	btf_out=$(mktemp)
	"$TW_TOP/selftests/cc_btf" > "$btf_out" 2>&1 &
	btf_pid=$!
	for _ in $(seq 50); do
		grep -q ready "$btf_out" && break
		kill -0 $btf_pid 2>/dev/null || break
		sleep 0.1
	done
}
btf_verdict()
{
	kill -INT $btf_pid 2>/dev/null
	wait $btf_pid
	btf_rc=$?
	got=$(sed -n 's/^hits \([0-9]*\) cwnd \([0-9]*\) ssthresh \([0-9]*\)$/\1 \2 \3/p' "$btf_out")
	if [ ! -e /sys/kernel/btf/overlay ]; then
		ktap_skip "tcp_warden.ko has BTF" "this kernel loads no module BTF (5.11+)"
		ktap_skip "tp_btf/warden_ssthresh sees the decrease" "no module BTF"
	else
		ktap_check "tcp_warden.ko has BTF, loaded as /sys/kernel/btf/tcp_warden" \
			test -e /sys/kernel/btf/tcp_warden
		sed 's/^/# /' "$btf_out"
		set -- $got
		ktap_check "tp_btf/warden_ssthresh sees the decrease (cwnd ${2:-?} -> ssthresh ${3:-?})" \
			test "$btf_rc" = 0 -a "${1:-0}" -ge 1 -a "${2:-0}" = $CLAMP -a "${3:-0}" = $((CLAMP * 512 / 1024))
	fi
	rm -f "$btf_out"
}

setup_hook=btf_watch
check 512 2
btf_verdict
setup_hook=:
check 900 2
check 512 30

tw_cleanup
tw_module_unload
rm -f /tmp/twc.log
ktap_finish
