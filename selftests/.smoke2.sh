#!/bin/sh
. /work/main/selftests/syn_lib.sh
tw_module_load
tw_netns syn-srv
modprobe nfnetlink_hook; echo mp=$?; ip netns exec syn-srv nft list hooks; echo rc=$?
nft list hooks | head -30
