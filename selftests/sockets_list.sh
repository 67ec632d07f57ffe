#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# `wardenctl sockets` listing against `ss` in a fresh netns: exact TIME_WAIT
# counts, kernel-side family/port/prefix filters, --summary, --group-by,
# --json and the table's alignment. (Owners and --info: sockets_owner.sh.)
. "$(dirname "$0")/lib.sh"

. "$(dirname "$0")/sockets_lib.sh"
NS=twsl$$
NTW4=80		# IPv4 TIME_WAIT, round-robin over 127.0.0.1 and 127.0.0.2 x 2 ports
NTW6=20		# IPv6 TIME_WAIT
NCW=10		# CLOSE_WAIT held by one process
NEST=2		# established pairs

tw_require_root
[ -x "$TW_CTL" ] || tw_bail "$TW_CTL not built; run make tools"
[ -x "$PROG" ] || tw_bail "$PROG not built; run make -C selftests"

ktap_plan 17
tw_netns "$NS"
ip netns exec "$NS" sysctl -qw net.ipv4.tcp_tw_reuse=0
ip -n "$NS" addr add ::1/128 dev lo 2>/dev/null

# The CLOSE_WAIT holder first: TIME_WAIT sockets start their 60 s last.
sk_cw_holder "$NS" -p 9000 -c $NCW -e $NEST
ip netns exec "$NS" "$PROG" -a 127.0.0.1,127.0.0.2 -p 8000 -k 2 -t $NTW4 >/dev/null ||
	tw_bail "could not build IPv4 TIME_WAIT sockets"
ip netns exec "$NS" "$PROG" -6 -a ::1 -p 8100 -t $NTW6 >/dev/null ||
	tw_bail "could not build IPv6 TIME_WAIT sockets"

ctl() { "$TW_CTL" -n "$NS" sockets "$@"; }
# nsenter only switches the netns: much cheaper than `ip netns exec` in a VM.
ssn() { nsenter --net=/run/netns/"$NS" ss -Htan "$@"; }

# TIME_WAIT sockets live 60 s and a loaded VM is slow: take every snapshot
# first (C programs only), check them afterwards.
D=$(mktemp -d)
cap() { _n=$1; shift; "$@" >"$D/$_n" 2>&1; }
cap tw		ctl -H --state time-wait
cap ss_tw	ssn state time-wait
cap dflt	ctl -H
cap tw4		ctl -H -4 --state time-wait
cap tw6		ctl -H -6 --state time-wait
cap ss_tw6	ssn -6 state time-wait
cap dp		ctl -H --state time-wait --dport 8001
cap ss_dp	ssn state time-wait '( dport = :8001 )'
cap dst		ctl -H --state time-wait --dst 127.0.0.2/32
cap ss_dst	ssn state time-wait dst 127.0.0.2
cap dstdp	ctl -H --state time-wait --dst 127.0.0.2 --dport 8000
cap ss_dstdp	ssn state time-wait dst 127.0.0.2 '( dport = :8000 )'
cap sp		ctl -H --state time-wait --sport 1-40000
cap ss_sp	ssn state time-wait '( sport <= :40000 )'
cap src6	ctl -H --state time-wait --src ::1/128
cap twjson	ctl --state time-wait --json
cap sum		ctl --summary --json
cap ss_cw	ssn state close-wait
cap ss_est	ssn state established
cap grp_r	ctl --state time-wait --group-by remote --json
cap table	ctl -4 --state time-wait,close-wait
cap tw_after	"$TW_CTL" sockets -n "$NS" -H --state time-wait
cap grp_lp	ctl --state time-wait --group-by local-port -H
cap ss_grp_lp	ssn state time-wait
# The last snapshot must still see every TIME_WAIT socket.
cap tw_last	ctl -H --state time-wait
cnt() { wc -l <"$D/$1"; }
pyf() { "$PY" -c "import json, sys; d = json.load(open('$D/$1')); $2"; }

ktap_eq "time-wait count is exact" "$(cnt tw)" $((NTW4 + NTW6))
ktap_eq "time-wait count matches ss" "$(cnt tw)" "$(cnt ss_tw)"
ktap_eq "default states are time-wait and close-wait" "$(cnt dflt)" $((NTW4 + NTW6 + NCW))
ktap_eq "-4 keeps IPv4 only" "$(cnt tw4)" $NTW4
ktap_eq "-6 keeps IPv6 only" "$(cnt tw6) $(cnt ss_tw6)" "$NTW6 $NTW6"

# Kernel-side filters against ss's own filter language.
ktap_eq "--dport matches ss dport" "$(cnt dp)" "$(cnt ss_dp)"
ktap_eq "--dst prefix matches ss dst" "$(cnt dst)" "$(cnt ss_dst)"
ktap_eq "--dst and --dport combine (AND)" "$(cnt dstdp)" "$(cnt ss_dstdp)"
ktap_eq "--sport range matches ss" "$(cnt sp)" "$(cnt ss_sp)"
ktap_eq "--src ::1/128 is IPv6 only" "$(cnt src6)" $NTW6

ktap_eq "time-wait rows have no owner and a timer" "$(pyf twjson '
ok = all(s["owners"] is None and 0 < s["timer-ms"] <= 60000 for s in d["sockets"])
print(len(d["sockets"]), ok, any("no owning process" in n for n in d["notes"]))')" \
	"$((NTW4 + NTW6)) True True"
ktap_eq "--summary counts per state and family" "$(pyf sum '
s = d["netns"][0]["states"]
print(s["time-wait"]["total"], s["close-wait"]["total"], s["established"]["total"], s["time-wait"]["inet6"])')" \
	"$(cnt ss_tw) $(cnt ss_cw) $(cnt ss_est) $NTW6"
ktap_eq "--group-by remote sorts by count" "$(pyf grp_r '
print(" ".join("%s=%d" % (x["remote"], x["count"]) for x in d["groups"]))')" \
	"127.0.0.1=$((NTW4 / 2)) 127.0.0.2=$((NTW4 / 2)) ::1=$NTW6"
# ss-style alignment: every address ends at the header's "Address:Port" colon.
ktap_check "the table aligns like ss" awk '
	/^Note/ {next}
	{ c = index($0, ":") }
	NR == 1 { want = c; next }
	c != want { print "row " NR ": colon at " c ", header at " want; bad = 1 }
	END { exit bad || NR < 2 }' "$D/table"
ktap_eq "-n after the command equals the global -n" "$(cnt tw_after)" $((NTW4 + NTW6))
# A local port may serve several destinations: compare with ss per port.
ktap_eq "--group-by local-port matches ss per port" \
	"$(awk '{print $1, $2}' "$D/grp_lp" | sort)" \
	"$(awk '{n = split($3, a, ":"); c[a[n]]++} END {for (p in c) print c[p], p}' "$D/ss_grp_lp" | sort)"
ktap_eq "no TIME-WAIT expired while the snapshots were taken" "$(cnt tw_last)" $((NTW4 + NTW6))

rm -rf "$D"

ktap_finish
