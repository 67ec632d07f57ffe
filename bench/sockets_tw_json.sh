#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Claim: `--json` for 100k TIME_WAIT sockets takes at most 0.8x the wall time
# of `ss -tan state time-wait` (its table, piped through nothing), same rows.
. "$(dirname "$0")/sockets.lib"
N=${N:-100000}

skb_setup
skb_build "$SKB_PROG" -a 127.0.0.1,127.0.0.2 -p 8000 -k 2 -t "$N"

peer="ss -tan state time-wait"
ours="$SKB_CTL sockets state time-wait -j"
peer_rows=$(skb_x ss -Htan state time-wait | wc -l)
our_rows=$(skb_x $ours | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["sockets"]))')
set -- $(skb_pair_ms "$peer" "$ours")
peer_rss=$(skb_rss_kb $peer)
our_rss=$(skb_rss_kb $ours)
skb_result sockets_tw_json "$N" "$peer" "$peer_rows" "$1" "$peer_rss" \
	"wardenctl sockets state time-wait -j" "$our_rows" "$2" "$our_rss"
