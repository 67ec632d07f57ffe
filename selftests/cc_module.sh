#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# tcp_warden.ko loads, registers "warden", holds a reference while a socket
# uses it, and survives repeated load/unload cycles without kernel warnings.
. "$(dirname "$0")/lib.sh"
tw_require_root
ktap_plan 7

tw_module_unload
dmesg_before=$(dmesg | wc -l)

if insmod "$TW_KO"; then
	ktap_pass "insmod tcp_warden.ko"
else
	ktap_fail "insmod tcp_warden.ko"
	ktap_finish
fi

avail=$(cat /proc/sys/net/ipv4/tcp_available_congestion_control)
case " $avail " in
*" warden "*) ktap_pass "warden is in tcp_available_congestion_control" ;;
*) ktap_diag "available: $avail"; ktap_fail "warden is in tcp_available_congestion_control" ;;
esac

ktap_eq "module parameter beta defaults to Reno's 512" \
	"$(cat /sys/module/tcp_warden/parameters/beta)" 512
ktap_eq "module parameter min_ssthresh defaults to 2" \
	"$(cat /sys/module/tcp_warden/parameters/min_ssthresh)" 2

# A socket that selected warden pins the module.
fifo=$(mktemp -u)
mkfifo "$fifo"
"$TW_TOP/selftests/tw_xfer" hold -C warden < "$fifo" > "$fifo.out" &
holder=$!
exec 9> "$fifo"
for _ in 1 2 3 4 5 6 7 8 9 10; do
	grep -q ready "$fifo.out" 2>/dev/null && break
	sleep 0.2
done
err=$(rmmod tcp_warden 2>&1)
rc=$?
if [ $rc -ne 0 ] && echo "$err" | grep -qi "in use"; then
	ktap_pass "rmmod fails with EBUSY while a warden socket is open"
else
	ktap_diag "rmmod rc=$rc: $err"
	ktap_fail "rmmod fails with EBUSY while a warden socket is open"
fi
exec 9>&-
wait $holder
rm -f "$fifo" "$fifo.out"
ktap_check "rmmod succeeds once the socket is closed" rmmod tcp_warden

cycles_ok=1
i=0
while [ $i -lt 20 ]; do
	if ! insmod "$TW_KO" || ! rmmod tcp_warden; then
		cycles_ok=0
		break
	fi
	i=$((i + 1))
done
bad=$(dmesg | tail -n +"$((dmesg_before + 1))" |
	grep -E 'WARNING:|BUG:|Oops|general protection|Call Trace' || true)
if [ $cycles_ok = 1 ] && [ -z "$bad" ]; then
	ktap_pass "20 load/unload cycles leave dmesg clean"
else
	ktap_diag "cycles completed: $i; dmesg: $bad"
	ktap_fail "20 load/unload cycles leave dmesg clean"
fi
ktap_finish
