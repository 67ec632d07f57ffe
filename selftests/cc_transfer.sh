#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A bulk transfer under warden across a lossy veth path (netem) delivers
# every byte, and the loss path was really exercised.
. "$(dirname "$0")/lib.sh"
tw_require_root
tw_module_load
ktap_plan 3

bytes=4000000
tw_netns twt-a twt-b
tw_veth twt-a twt-b 10.74.0.1 10.74.0.2
tw_no_offload twt-a v-twt-b
tc -n twt-a qdisc add dev v-twt-b root netem delay 5ms loss 1% ||
	tw_bail "netem unavailable"

ip netns exec twt-b "$TW_TOP/selftests/tw_xfer" server -p 5501 > /tmp/twt.srv &
srv=$!
tw_wait_listen twt-b 5501
ip netns exec twt-a "$TW_TOP/selftests/tw_xfer" client -c 10.74.0.2 -p 5501 \
	-s $bytes -C warden -q > /tmp/twt.cli
wait $srv

got=$(sed -n 's/^recv bytes=//p' /tmp/twt.srv)
ktap_eq "the receiver got all $bytes bytes under warden with 1% loss" "$got" $bytes
done_line=$(grep '^done' /tmp/twt.cli)
ktap_diag "$done_line"
cc=$(echo "$done_line" | sed -n 's/.* cc=\([a-z]*\) .*/\1/p')
ktap_eq "the sender ran warden" "$cc" warden
retrans=$(echo "$done_line" | sed -n 's/.* total_retrans=\([0-9]*\) .*/\1/p')
if [ "${retrans:-0}" -gt 0 ]; then
	ktap_pass "segments were lost and retransmitted ($retrans)"
else
	ktap_fail "segments were lost and retransmitted (total_retrans=${retrans:-none})"
fi
rm -f /tmp/twt.srv /tmp/twt.cli
ktap_finish
