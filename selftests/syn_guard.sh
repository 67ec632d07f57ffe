#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# SYN guard basics: hooks in every netns, source verification over IPv4 and
# IPv6, modes (global and per netns; off unregisters the hooks), allow and
# deny lists, and rejection of bad configuration.
. "$(dirname "$0")/syn_lib.sh"
tw_require_root
ktap_plan 21

tw_module_unload
syn_dmesg_mark
tw_module_load
syn_topology
syn_serve
ip netns exec syn-srv "$SYN_CONN" serve -6 -p 8081 -t 600 > /dev/null &
sleep 0.5

# How often the kernel called our hook function (a kprobe counts calls):
# independent evidence of whether the hooks are registered.
TRACE=/sys/kernel/tracing
[ -d $TRACE/events ] || mount -t tracefs tracefs $TRACE 2>/dev/null
if echo 'p:twsyn syn_in' >> $TRACE/kprobe_events 2>/dev/null &&
   echo 1 > $TRACE/events/kprobes/twsyn/enable; then
	have_kprobe=1
else
	have_kprobe=0
fi
syn_hook_calls()
{
	awk '$1 == "twsyn" { print $2 }' $TRACE/kprobe_profile
}
syn_kprobe_off()
{
	[ $have_kprobe = 1 ] || return 0
	echo 0 > $TRACE/events/kprobes/twsyn/enable
	echo '-:twsyn' >> $TRACE/kprobe_events
}

ktap_eq "a new netns follows the global mode (enforce)" \
	"$(ip netns exec syn-srv head -n 1 "$SYN_PROC")" "mode enforce (global)"
ktap_eq "its hooks are registered" \
	"$(ip netns exec syn-srv sed -n 2p "$SYN_PROC")" "hooks registered"

calls=$(syn_hook_calls)
out=$(ip netns exec syn-cli "$SYN_CONN" connect -c "$SYN_SRV" -p "$SYN_PORT" -n 10)
if [ $have_kprobe = 1 ]; then
	n=$(($(syn_hook_calls) - calls))
	if [ $n -ge 20 ]; then
		ktap_pass "the PRE_ROUTING hook runs for the handshakes ($n calls)"
	else
		ktap_fail "the PRE_ROUTING hook runs for the handshakes ($n calls)"
	fi
else
	ktap_skip "the PRE_ROUTING hook runs for the handshakes" "no kprobes"
fi
ktap_check "10 IPv4 connections succeed through the guard ($out)" \
	test "${out#ok 10 fail 0}" != "$out"
ktap_eq "each handshake verified its source" "$(syn_net_field syn-srv acks_verified)" 10
ktap_eq "the listener counted 10 SYNs, all passed as calm" \
	"$(syn_field syn-srv syns) $(syn_field syn-srv pass_calm)" "10 10"
ktap_check "the listener line names 0.0.0.0:$SYN_PORT" \
	sh -c "ip netns exec syn-srv grep -q '^listener 0.0.0.0:$SYN_PORT ' $SYN_PROC"

out=$(ip netns exec syn-cli "$SYN_CONN" connect -c "$SYN_SRV6" -p 8081 -n 5)
ktap_check "5 IPv6 connections succeed ($out)" test "${out#ok 5 fail 0}" != "$out"
ktap_eq "IPv6 handshakes verify too" "$(syn_net_field syn-srv acks_verified)" 15
ktap_check "the IPv6 listener [::]:8081 is tracked" \
	sh -c "ip netns exec syn-srv grep -q '^listener \[::\]:8081 ' $SYN_PROC"

# Per-netns mode.
"$TW_CTL" -n syn-srv syn set mode monitor
ktap_eq "a netns can set its own mode" \
	"$(ip netns exec syn-srv head -n 1 "$SYN_PROC")" "mode monitor"
ktap_eq "other namespaces keep the global mode" \
	"$(ip netns exec syn-cli head -n 1 "$SYN_PROC")" "mode enforce (global)"
"$TW_CTL" -n syn-srv syn set mode default

# Global off unregisters the hooks everywhere.
echo off > /sys/module/tcp_warden/parameters/syn_mode
ktap_eq "global mode off unregisters the hooks" \
	"$(ip netns exec syn-srv sed -n 2p "$SYN_PROC") $(ip netns exec syn-cli sed -n 2p "$SYN_PROC")" \
	"hooks unregistered hooks unregistered"
before=$(syn_field syn-srv syns)
calls=$(syn_hook_calls)
ip netns exec syn-cli "$SYN_CONN" connect -c "$SYN_SRV" -p "$SYN_PORT" -n 3 > /dev/null
ktap_eq "with the hooks gone no SYN is seen" "$(syn_field syn-srv syns)" "$before"
if [ $have_kprobe = 1 ]; then
	ktap_eq "and the hook function is never called" "$(syn_hook_calls)" "$calls"
else
	ktap_skip "and the hook function is never called" "no kprobes"
fi
echo enforce > /sys/module/tcp_warden/parameters/syn_mode
ktap_eq "enforce registers them again" \
	"$(ip netns exec syn-srv sed -n 2p "$SYN_PROC")" "hooks registered"

# Deny and allow lists: deny drops even without a flood; allow wins.
"$TW_CTL" -n syn-srv syn deny add 10.1.0.0/24
out=$(ip netns exec syn-cli "$SYN_CONN" connect -c "$SYN_SRV" -p "$SYN_PORT" -n 1 -T 300 -R 1)
ktap_eq "a denied source cannot connect, SYNs counted as denied" \
	"${out%% attempts*} $(syn_field syn-srv drop_denied)" "ok 0 fail 1 2"
"$TW_CTL" -n syn-srv syn allow add 10.1.0.2/32
out=$(ip netns exec syn-cli "$SYN_CONN" connect -c "$SYN_SRV" -p "$SYN_PORT" -n 2)
ktap_eq "allow wins over a wider deny" "${out%% attempts*} $(syn_field syn-srv pass_allowed)" "ok 2 fail 0 2"

# Bad input is refused; /proc is read-only (netlink is the control plane).
bad=0
for w in "set mode fast" "deny add 10.1.0.1/24" "allow add 300.1.1.1" "deny del 10.9.0.0/16" "bogus"; do
	# shellcheck disable=SC2086
	"$TW_CTL" -n syn-srv syn $w > /dev/null 2>&1 && bad=$((bad + 1))
done
before=$(ip netns exec syn-srv cat "$SYN_PROC" | head -n 3)
echo "mode off" | ip netns exec syn-srv tee "$SYN_PROC" > /dev/null 2>&1 && bad=$((bad + 1))
[ "$(ip netns exec syn-srv cat "$SYN_PROC" | head -n 3)" = "$before" ] || bad=$((bad + 1))
echo 101 > /sys/module/tcp_warden/parameters/syn_queue_pct 2>/dev/null && bad=$((bad + 1))
echo 0 > /sys/module/tcp_warden/parameters/syn_src_burst 2>/dev/null && bad=$((bad + 1))
ktap_eq "bad modes, prefixes, list entries and parameters are rejected" "$bad" 0
ktap_eq "rejected parameters keep their old value" \
	"$(cat /sys/module/tcp_warden/parameters/syn_queue_pct)" 50

syn_kprobe_off
tw_cleanup
rmmod tcp_warden
bad=$(syn_dmesg_bad)
ktap_check "unload leaves dmesg clean" test -z "$bad"
ktap_finish
