#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The tcp_warden netlink family through wardenctl: add/replace/del/flush,
# the default policy, limits, extack messages, privileges, netns scoping.
. "$(dirname "$0")/lib.sh"
tw_require_root
ktap_plan 31

T=$TW_CTL
tw_module_unload
tw_module_load
tw_netns twn-a twn-b

# jq-free JSON queries: python3 is part of the host root.
json()
{
	python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

N="ip netns exec twn-a"
ktap_check "add a v4 policy with every parameter" \
	$N $T policy add 10.0.0.0/8 port 443-444 beta 0.7 min-ssthresh 4 \
	initial-ssthresh 100 max-cwnd 500 growth cubic rto-beta 0.3
ktap_check "add a v6 policy" $N $T policy add 2001:db8::/32 beta 800
ktap_check "add a host route policy (bare address)" $N $T policy add 192.0.2.7
list=$($N $T policy list --json)
ktap_eq "list --json shows three policies" "$(echo "$list" | json 'len(d["policies"])')" 3
ktap_eq "beta 0.7 is stored as 717/1024" \
	"$(echo "$list" | json '[p["beta"] for p in d["policies"] if p["prefix"]=="10.0.0.0/8"][0]')" 717
ktap_eq "every parameter reads back" \
	"$(echo "$list" | json '[(p["port-min"],p["port-max"],p["min-ssthresh"],p["initial-ssthresh"],p["max-cwnd"],p["growth"],p["rto-beta"]) for p in d["policies"] if p["id"]==1][0]')" \
	"(443, 444, 4, 100, 500, 'cubic', 307)"
ktap_eq "a bare address is a /32" \
	"$(echo "$list" | json '[p["prefix"] for p in d["policies"] if p["id"]==3][0]')" 192.0.2.7/32
ktap_eq "an integer beta is in 1/1024; unset parameters come from the default" \
	"$(echo "$list" | json '[(p["beta"],p["min-ssthresh"],p["growth"]) for p in d["policies"] if p["id"]==2][0]')" \
	"(800, 2, 'reno')"

tw_expect_err "a duplicate add is EEXIST with a message" 1 "exists; use replace" \
	$N $T policy add 10.0.0.0/8 port 443-444
ktap_check "replace overwrites" $N $T policy add 10.0.0.0/8 port 443-444 beta 0.9 replace
ktap_eq "replace keeps the id and changes beta" \
	"$($N $T -j policy show 10.0.0.0/8 port 443-444 | json '(d["policies"][0]["id"], d["policies"][0]["beta"])')" \
	"(1, 922)"
ktap_check "the same prefix with other ports is another policy" \
	$N $T policy add 10.0.0.0/8 beta 0.6

# Ranges are the uAPI header's, checked before the kernel is asked ...
tw_expect_err "beta out of range is a usage error" 2 "invalid beta '0.1'.* within 256..1000" \
	$N $T policy add 10.9.0.0/16 beta 0.1
tw_expect_err "rto-beta 1..255 is refused with its range" 2 "invalid rto-beta '100'.* within 256..1000" \
	$N $T policy add 10.9.0.0/16 rto-beta 100
tw_expect_err "min-ssthresh 1 is refused" 2 "invalid min-ssthresh '1'; give 2..65535" \
	$N $T policy add 10.9.0.0/16 min-ssthresh 1
tw_expect_err "max-cwnd below min-ssthresh is refused" 2 "max-cwnd 5 is below min-ssthresh 10" \
	$N $T policy add 10.9.0.0/16 min-ssthresh 10 max-cwnd 5
# ... and what depends on the table is the kernel's to refuse, with its extack:
# here the floor comes from the default.
$N $T policy default set min-ssthresh 10
tw_expect_err "max-cwnd below the default's min-ssthresh shows the kernel's extack" 2 \
	"cannot add policy: .*max-cwnd must be 0 (no clamp) or at least min-ssthresh" \
	$N $T policy add 10.9.0.0/16 max-cwnd 5
$N $T policy default set min-ssthresh 2
tw_expect_err "host bits in the prefix are a usage error" 2 "host bits set" \
	$N $T policy add 10.1.2.3/8
tw_expect_err "a bad address is a usage error" 2 "not an IPv4 or IPv6 address" \
	$N $T policy add 10.0.0.300/8
tw_expect_err "deleting a missing policy says so" 1 "no policy for this prefix and port range" \
	$N $T policy del 10.9.0.0/16

ktap_eq "policies stay in their netns" "$(ip netns exec twn-b $T -j policy list | json 'len(d["policies"])')" 0

tw_expect_err "an unprivileged user gets EPERM" 1 "permission denied; run as root" \
	$N setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all $T policy add 10.9.0.0/16
ktap_check "an unprivileged user may read" \
	$N setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all $T policy list

ktap_check "default set" $N $T policy default set beta 0.8 min-ssthresh 6
ktap_eq "default show reads it back, other netns untouched" \
	"$($N $T -j policy default | json '(d["default"]["beta"], d["default"]["min-ssthresh"])') $(ip netns exec twn-b $T -j policy default | json 'd["default"]["beta"]')" \
	"(819, 6) 512"

echo 3 > /sys/module/tcp_warden/parameters/max_policies
tw_expect_err "the policy limit refuses the next add with a message" 1 "full (module parameter max_policies)" \
	ip netns exec twn-b sh -c "$T policy add 1.0.0.0/8 && $T policy add 2.0.0.0/8 && $T policy add 3.0.0.0/8 && $T policy add 4.0.0.0/8"
echo 65536 > /sys/module/tcp_warden/parameters/max_policies

ktap_eq "-n NETNS reads the same table as ip netns exec" \
	"$($T -n twn-a -j policy list | json 'sorted(p["prefix"] for p in d["policies"])')" \
	"$($N $T -j policy list | json 'sorted(p["prefix"] for p in d["policies"])')"
# v4, v6 and host prefixes of different lengths: every row as wide as the
# header when the columns are aligned (the last one is right-aligned).
ktap_eq "the policy table is aligned" \
	"$($N $T policy list | awk 'NR == 1 { w = length($0) } length($0) != w { bad++ } END { print (NR > 3 && !bad) }')" 1

$N $T policy flush
ktap_eq "flush empties the table" "$($N $T -j policy list | json 'len(d["policies"])')" 0

tw_cleanup
tw_module_unload
tw_expect_err "without the module, one line says how to load it" 1 \
	"tcp_warden is not loaded.*modprobe tcp_warden" \
	$T policy list
if dmesg | grep -qE 'WARNING|BUG|Oops'; then
	ktap_fail "dmesg is clean"
else
	ktap_pass "dmesg is clean"
fi
ktap_finish
