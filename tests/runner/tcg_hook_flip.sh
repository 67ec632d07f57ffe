#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Reproducer, not part of make check: bulk TCP across a lossy veth while
# nft base chains come and go, so the netfilter hooks' static keys flip
# (and their jump labels are patched) under traffic. Under QEMU 7.2's
# multi-threaded TCG this wedges the guest within a minute; vm-run
# therefore runs TCG single-threaded (Documentation/testing.rst).
#   tests/runner/tcg_hook_flip.sh [SECS] [ACCEL]   e.g. 300 tcg,thread=multi
# Exits 0 if the guest kept going for SECS, 124 if vm-run saw it stall.
TW_TOP=$(cd "$(dirname "$0")/../.." && pwd)
export TW_TOP

if [ "$1" != --guest ]; then
	secs=${1:-300}
	VM_RUN_TCG=${2:-tcg,thread=single} VM_RUN_WEDGE_GRACE=${VM_RUN_WEDGE_GRACE:-20} \
		exec "$TW_TOP/scripts/vm-run" --timeout $((secs + 300)) -- \
		sh "$TW_TOP/tests/runner/tcg_hook_flip.sh" --guest "$secs"
fi

. "$TW_TOP/selftests/lib.sh"
X=$TW_TOP/selftests/tw_xfer
tw_netns hf-a hf-b
tw_veth hf-a hf-b 10.81.0.1 10.81.0.2
tw_no_offload hf-a v-hf-b
tc -n hf-a qdisc add dev v-hf-b root netem delay 5ms loss 1%
ip netns exec hf-b "$X" server -p 5000 -n 1000000 > /dev/null &
tw_wait_listen hf-b 5000
(while ip netns exec hf-a "$X" client -c 10.81.0.2 -p 5000 -s 4000000 -q > /dev/null 2>&1; do :; done) &

end=$(($(date +%s) + $2))
i=0
while [ "$(date +%s)" -lt $end ]; do
	# the only input hook: adding and deleting it flips the key
	ip netns exec hf-b nft -f - <<NFT || tw_bail "nft failed"
table inet hf {
	chain in { type filter hook input priority 0; counter; }
}
NFT
	sleep 0.3
	ip netns exec hf-b nft delete table inet hf
	i=$((i + 1))
done
echo "tcg_hook_flip: $i hook cycles in $2 s under traffic, no stall"
