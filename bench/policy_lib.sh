#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Shared by the policy benchmarks: they need tcp_warden.ko, so on a host
# that cannot load modules they re-run themselves in the VM. One netem path
# between two namespaces: client pbc -> server pbs.
PB_TOP=$(cd "$(dirname "$0")/.." && pwd)
PB_CTL=$PB_TOP/tools/wardenctl/wardenctl
PB_RES=$PB_TOP/bench/results
mkdir -p "$PB_RES"

pb_die()
{
	echo "bench: $*" >&2
	exit 1
}

# Re-exec in the VM unless this kernel can load modules. The guest's
# writes land in its tmpfs overlay, so results come back on stdout as
# "@@PBJSON NAME {...}" lines (pb_emit) and are written here.
pb_in_vm()
{
	[ -e /proc/modules ] && return 0
	_out=$(mktemp)
	# The guest does not inherit our environment: pass the knobs along.
	"$PB_TOP/scripts/vm-run" --timeout "${PB_VM_TIMEOUT:-900}" -- \
		/usr/bin/env ${RATE:+RATE=$RATE} ${SECS:+SECS=$SECS} ${ROUNDS:+ROUNDS=$ROUNDS} \
		"$0" "$@" > "$_out"
	_rc=$?
	grep -v '^@@PBJSON ' "$_out"
	grep '^@@PBJSON ' "$_out" | while read -r _tag _name _json; do
		printf '%s\n' "$_json" > "$PB_RES/$_name.json"
		echo "results: bench/results/$_name.json"
	done
	rm -f "$_out"
	exit $_rc
}

# pb_emit NAME: hand bench/results/NAME.json (written in the guest) back.
pb_emit()
{
	echo "@@PBJSON $1 $(tr -d '\n' < "$PB_RES/$1.json")"
}

pb_cleanup()
{
	ip netns del pbc 2>/dev/null
	ip netns del pbs 2>/dev/null
}

# pb_setup RATE ONE_WAY_DELAY LOSS [LIMIT]: the data path gets rate, delay
# and random loss, and a tail-drop queue of LIMIT packets (default 2000:
# random loss only); the ACK path only the delay. Offloads off, so netem
# drops single segments, as on a real wire.
pb_setup()
{
	pb_cleanup
	trap pb_cleanup EXIT
	grep -q '^tcp_warden ' /proc/modules ||
		insmod "$PB_TOP/kmod/tcp_warden.ko" || pb_die "insmod tcp_warden.ko failed"
	ip netns add pbc && ip netns add pbs || pb_die "ip netns add failed"
	ip link add v-pbs netns pbc type veth peer name v-pbc netns pbs
	ip -n pbc addr add 10.95.0.1/24 dev v-pbs
	ip -n pbs addr add 10.95.0.2/24 dev v-pbc
	for ns in pbc pbs; do
		ip -n $ns link set lo up
		ip -n $ns link set "v-$([ $ns = pbc ] && echo pbs || echo pbc)" up
	done
	ip netns exec pbc ethtool -K v-pbs tso off gso off gro off >/dev/null
	ip netns exec pbs ethtool -K v-pbc tso off gso off gro off >/dev/null
	tc -n pbc qdisc add dev v-pbs root netem rate "$1" delay "$2" loss random "$3" \
		limit "${4:-2000}" ||
		pb_die "netem unavailable"
	tc -n pbs qdisc add dev v-pbc root netem delay "$2" limit 10000
	for ns in pbc pbs; do
		ip netns exec $ns sysctl -qw net.ipv4.tcp_rmem="4096 131072 16777216" \
			net.ipv4.tcp_wmem="4096 65536 16777216" \
			net.ipv4.tcp_no_metrics_save=1
	done
}

# pb_server PORT: an iperf3 server for one test, listening before we return.
pb_server()
{
	ip netns exec pbs iperf3 -s -1 -p "$1" > /dev/null 2>&1 &
	_w=0
	while ! ip netns exec pbs ss -Hltn "sport = :$1" | grep -q .; do
		_w=$((_w + 1))
		[ $_w -gt 100 ] && pb_die "iperf3 server on port $1 did not start"
		sleep 0.1
	done
}

# pb_iperf CC SECONDS [PORT]: receiver-side goodput in Mbit/s.
pb_iperf()
{
	_port=${3:-5400}
	pb_server "$_port"
	ip netns exec pbc /usr/bin/timeout $(($2 + 60)) iperf3 -c 10.95.0.2 -p "$_port" \
		-C "$1" -t "$2" -J > "/tmp/pb.$_port.json" 2>/dev/null
	wait
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print("%.2f" % (d["end"]["sum_received"]["bits_per_second"] / 1e6))' "/tmp/pb.$_port.json" ||
		pb_die "iperf3 with $1 failed"
}

pb_mean()
{
	python3 -c 'import sys; v = [float(x) for x in sys.argv[1:]]; print("%.2f" % (sum(v) / len(v)))' "$@"
}
