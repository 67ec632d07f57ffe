#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A hostile tenant cannot reach the host's SYN guard state: as uid 65534 in
# its own user and network namespace it forges 150,000 SYN-ACK/ACK pairs on
# its loopback (each verifying another source) and floods a listener of its
# own. Its own tables fill; the initial namespace's counts, tables and
# listeners do not move, and a client that verified itself with the host's
# server still passes as verified during a flood.
. "$(dirname "$0")/syn_lib.sh"
tw_require_root
ktap_plan 11

SYNRAW=$TW_TOP/selftests/synraw
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all"
PORT=8090
# (make run_debug_tests asks for fewer: the lockdep kernel is slow)
FORGED=${SYN_TENANT_PAIRS:-150000}

command -v setpriv > /dev/null || tw_bail "setpriv (util-linux) missing"
[ -w /proc/sys/kernel/unprivileged_userns_clone ] &&
	echo 1 > /proc/sys/kernel/unprivileged_userns_clone

tw_module_unload
tw_dmesg_mark
# Thresholds and a budget well below what the slowest kernel (lockdep,
# KASAN) sends, so that both floods are floods there too.
THRESHOLD=300
ALL_RATE=200
ALL_BURST=100
tw_module_load syn_quiet_ms=30000 syn_threshold=$THRESHOLD syn_all_rate=$ALL_RATE \
	syn_all_burst=$ALL_BURST

# The host's server in the initial namespace, a client and an attacker.
tw_netns ten-cli ten-atk
ip link add tw-tcli type veth peer name v-init netns ten-cli
ip link add tw-tatk type veth peer name v-init netns ten-atk
ip addr add 10.20.0.1/24 dev tw-tcli
ip addr add 10.21.0.1/24 dev tw-tatk
ip link set tw-tcli up
ip link set tw-tatk up
ip -n ten-cli addr add 10.20.0.2/24 dev v-init
ip -n ten-atk addr add 10.21.0.2/24 dev v-init
ip -n ten-cli link set v-init up
ip -n ten-atk link set v-init up
ip -n ten-atk route add default via 10.21.0.1
# replies to the spoofed sources go nowhere, as on the Internet
ip route add blackhole "$SYN_SPOOF"
sysctl -qw net.ipv4.conf.tw-tatk.rp_filter=0
cleanup_init()
{
	ip route del blackhole "$SYN_SPOOF" 2>/dev/null
	ip link del tw-tcli 2>/dev/null
	ip link del tw-tatk 2>/dev/null
	kill "$srv_pid" 2>/dev/null
	tw_cleanup
}
trap cleanup_init EXIT

"$SYN_CONN" serve -p $PORT -t 600 > /dev/null &
srv_pid=$!
sleep 0.5
out=$(ip netns exec ten-cli "$SYN_CONN" connect -c 10.20.0.1 -p $PORT -n 3)
ktap_diag "client: $out"
ktap_eq "the client verifies itself with the host's server, 3 handshakes" \
	"$(syn_net_field - acks_verified)" 3

# Everything the initial namespace's guard reports, but the rate (it decays).
host_state()
{
	grep -E '^(netns|table|listener)' "$SYN_PROC" |
		sed 's/ rate [0-9]*//'
}
before=$(host_state)

# --- the tenant -------------------------------------------------------------
tenant=$($NOBODY unshare -Urn sh -c "
	ip link set lo up
	'$SYN_CONN' serve -p 8080 -t 120 > /dev/null &
	sleep 0.5
	'$SYNRAW' forge -n $FORGED || exit 1
	'$SYN_FLOOD' -d 127.0.0.1 -p 8080 -s 127.128.0.0/9 -t 3 > /dev/null || exit 1
	cat '$SYN_PROC'
	kill \$!" 2>&1)
rc=$?
echo "$tenant" | grep -E '^(forged|netns|table|listener)' | sed 's/^/# tenant: /'
ktap_eq "the tenant forged $FORGED handshakes and flooded its own listener as uid 65534" \
	"$rc $(echo "$tenant" | head -n 1)" "0 forged $FORGED"
t_used=$(echo "$tenant" | awk '$1 == "table" && $2 == "verified" { print $4 }')
t_size=$(echo "$tenant" | awk '$1 == "table" && $2 == "verified" { print $6 }')
ktap_check "the forged sources fill the tenant's own table (${t_used:-?} of ${t_size:-?})" \
	test -n "$t_size" -a "${t_used:-0}" -ge $((${t_size:-0} * 9 / 10)) -a "${t_size:-0}" -gt 0
t_conform=$(echo "$tenant" | awk '$1 == "listener" { for (i = 3; i < NF; i++) if ($i == "pass_conform") print $(i + 1) }')
t_agg=$(echo "$tenant" | awk '$1 == "listener" { for (i = 3; i < NF; i++) if ($i == "drop_all_limit") print $(i + 1) }')
# the aggregate rate and burst over the 3 s flood (and a second's slack)
ktap_check "its own flood is held to the aggregate budget (${t_conform:-?} passed, ${t_agg:-?} dropped)" \
	test -n "$t_conform" -a "${t_conform:-0}" -le $((ALL_RATE * 4 + ALL_BURST)) -a "${t_agg:-0}" -gt 0
ktap_check "the tenant sees its own listener and not the host's" \
	sh -c "echo '$tenant' | grep -q '^listener 0.0.0.0:8080 .*state flood' &&
	       ! echo '$tenant' | grep -q ':$PORT '"

after=$(host_state)
if [ "$before" != "$after" ]; then
	echo "$before" | sed 's/^/# before: /'
	echo "$after" | sed 's/^/# after:  /'
fi
ktap_eq "the host's counts, tables and listeners did not move" "$after" "$before"
ktap_eq "its verified sources are its client's alone" \
	"$(syn_net_field - verified_sources)" 1

# --- a flood on the host: its client still passes as verified ---------------
ver0=$(syn_field - pass_verified 0.0.0.0:$PORT)
ip netns exec ten-atk "$SYN_FLOOD" -d 10.21.0.1 -p $PORT -s "$SYN_SPOOF" -t 60 \
	> /dev/null &
flood_pid=$!
# up to 15 s for the flood to be one (a slow kernel starts it slowly)
w=0
until [ "$(syn_field - state 0.0.0.0:$PORT)" = flood ] || [ $w -ge 15 ]; do
	sleep 1
	w=$((w + 1))
done
state=$(syn_field - state 0.0.0.0:$PORT)
out=$(ip netns exec ten-cli "$SYN_CONN" connect -c 10.20.0.1 -p $PORT -n 20 -T 3000)
kill "$flood_pid" 2>/dev/null
wait "$flood_pid"
ktap_eq "the host's listener is in flood state" "$state" flood
ktap_check "its verified client connects 20 of 20 times during the flood ($out)" \
	test "${out#ok 20 fail 0 }" != "$out"
ver=$(($(syn_field - pass_verified 0.0.0.0:$PORT) - ver0))
ktap_check "its SYNs passed as verified ($ver)" test "$ver" -ge 20

cleanup_init
trap - EXIT
tw_module_unload
tw_dmesg_check "dmesg is clean"
ktap_finish
