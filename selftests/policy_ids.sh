#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Policy ids are never reused within a namespace's lifetime: a live socket
# keeps the id of the policy it was given, and its counters must never be
# credited to a later policy (nor confuse a resumed dump), not even after
# a delete or a flush.
. "$(dirname "$0")/lib.sh"
tw_require_root
ktap_plan 4

T=$TW_CTL
tw_module_unload
tw_module_load
tw_netns twi-a
N="ip netns exec twi-a"

# ids NETNS-CMD: the ids of the policy table, in order, on one line.
ids()
{
	$N $T -j policy list |
		python3 -c 'import json,sys; print(" ".join(str(p["id"]) for p in json.load(sys.stdin)["policies"]))'
}

$N $T policy add 10.1.0.0/16 && $N $T policy add 10.2.0.0/16
first=$(ids)
ktap_eq "the first two policies get ids 1 and 2" "$first" "1 2"
$N $T policy del 10.1.0.0/16 && $N $T policy add 10.3.0.0/16
ktap_eq "after a delete the next policy gets a new id" "$(ids)" "2 3"
$N $T policy flush && $N $T policy add 10.4.0.0/16
ktap_eq "after a flush the next policy gets a new id, not 1" "$(ids)" "4"
tw_cleanup
tw_netns twi-a
$N $T policy add 10.5.0.0/16
ktap_eq "a new namespace starts again at 1" "$(ids)" "1"
tw_cleanup
tw_module_unload
ktap_finish
