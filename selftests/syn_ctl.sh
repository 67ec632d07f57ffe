#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# wardenctl syn over netlink: status (text and JSON, with the kernel's
# counters), set (per netns and global, with rejections), allow/deny lists,
# top during a flood, and watch receiving the syn-alert notifications.
. "$(dirname "$0")/syn_lib.sh"
tw_require_root
ktap_plan 18

CTL=$TW_CTL
tw_module_unload
syn_dmesg_mark
tw_module_load syn_quiet_ms=1000
syn_topology
syn_serve
ip netns exec syn-cli "$SYN_CONN" connect -c "$SYN_SRV" -p "$SYN_PORT" -n 4 > /dev/null

out=$($CTL -n syn-srv syn status)
ktap_check "status shows mode, hooks and the listener" \
	sh -c "echo '$out' | grep -q '^mode enforce (global), hooks registered' &&
	       echo '$out' | grep -q '^0.0.0.0:$SYN_PORT '"
ktap_check "status shows the kernel's SYN cookie counters" \
	sh -c "echo '$out' | grep -q 'SyncookiesSent [0-9]* .*TCPReqQFullDrop [0-9]*'"
js=$($CTL -n syn-srv syn status --json)
ktap_check "status --json is valid JSON" sh -c "echo '$js' | python3 -m json.tool > /dev/null"
ktap_eq "JSON: verified handshakes and listener SYNs" \
	"$(echo "$js" | python3 -c 'import json,sys; d=json.load(sys.stdin); l=[x for x in d["listeners"] if x["listener"]=="0.0.0.0:8080"][0]; print(d["acks-verified"], l["syns"], l["pass-calm"])')" "4 4 4"

$CTL -n syn-srv syn set mode monitor
ktap_eq "set mode changes only this netns" \
	"$($CTL -n syn-srv -j syn | python3 -c 'import json,sys; print(json.load(sys.stdin)["mode"])') $($CTL -n syn-cli -j syn | python3 -c 'import json,sys; print(json.load(sys.stdin)["mode"])')" \
	"monitor enforce"
$CTL -n syn-srv syn set mode default
$CTL syn set threshold 500 rate 5 burst 10
ktap_eq "threshold, rate and burst are global" \
	"$(cat /sys/module/tcp_warden/parameters/syn_threshold) $(cat /sys/module/tcp_warden/parameters/syn_src_rate) $(cat /sys/module/tcp_warden/parameters/syn_src_burst)" \
	"500 5 10"
err=$($CTL -n syn-srv syn set threshold 100 2>&1)
ktap_eq "global settings from another netns are refused (exit 1)" "$?" 1
ktap_check "with a one-line reason from the kernel ($err)" \
	sh -c "echo '$err' | grep -q 'initial netns'"
$CTL syn set burst 0 > /dev/null 2>&1
ktap_eq "an out-of-range burst is a usage error (exit 2)" "$?" 2
$CTL syn set mode fast > /dev/null 2>&1
ktap_eq "an unknown mode is a usage error (exit 2)" "$?" 2

$CTL -n syn-srv syn deny add 10.9.0.0/16 &&
	$CTL -n syn-srv syn allow add 2001:db8::/32
ktap_eq "allow and deny lists round-trip" "$($CTL -n syn-srv syn list | sort | tr '\n' ' ')" \
	"allow 2001:db8::/32 deny 10.9.0.0/16 "
$CTL -n syn-srv syn deny add 10.9.0.0/16 2> /dev/null
ktap_eq "adding a prefix twice fails (exit 1)" "$?" 1
$CTL -n syn-srv syn deny del 10.9.0.0/16
ktap_eq "deleting empties the list" "$($CTL -n syn-srv syn list | wc -l)" 1

# A heavy source shows up in top; watch sees the flood start and end.
ip netns exec syn-srv "$CTL" syn watch > /tmp/syn_watch.$$ &
watch_pid=$!
sleep 0.5
ip netns exec syn-atk "$SYN_FLOOD" -d "$SYN_SRV" -p "$SYN_PORT" -s 10.64.0.7/32 -t 3 > /dev/null
top=$($CTL -n syn-srv syn top $SYN_PORT)
ktap_check "top names the flooding source" sh -c "echo '$top' | grep -q '^  10.64.0.7 '"
tj=$($CTL -n syn-srv syn top --json)
ktap_eq "top --json: the listener's first source" \
	"$(echo "$tj" | python3 -c 'import json,sys; d=[x for x in json.load(sys.stdin) if x["listener"]=="0.0.0.0:8080"][0]; print(d["sources"][0]["addr4"], d["sources"][0]["count"] > 1000)')" \
	"10.64.0.7 True"
sleep 4
kill "$watch_pid"
wait "$watch_pid" 2>/dev/null
ktap_check "watch printed the flood start" grep -q "0.0.0.0:$SYN_PORT flood-start" /tmp/syn_watch.$$
ktap_check "watch printed the flood end" grep -q "0.0.0.0:$SYN_PORT flood-end" /tmp/syn_watch.$$
# The alert's rate is the one seen when the flood began, even if that was
# before the first 67 ms rate window ended (the queue filled first).
start_rate=$(awk -v l="0.0.0.0:$SYN_PORT" '$1 == l && $2 == "flood-start" { print $4; exit }' /tmp/syn_watch.$$)
ktap_diag "flood-start: $(grep -m1 flood-start /tmp/syn_watch.$$)"
ktap_check "the flood-start alert carries a SYN rate above 0" test "${start_rate:-0}" -gt 0
rm -f /tmp/syn_watch.$$

tw_cleanup
rmmod tcp_warden
ktap_finish
