#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Claim: listing 100k TIME_WAIT sockets takes at most 0.8x the wall time of
# `ss -tan state time-wait`, same row count, both writing to /dev/null.
. "$(dirname "$0")/sockets.lib"
N=${N:-100000}

skb_setup
# 4 destinations (2 addresses x 2 ports): 25k ephemeral ports each.
skb_build "$SKB_PROG" -a 127.0.0.1,127.0.0.2 -p 8000 -k 2 -t "$N"

peer="ss -tan state time-wait"
ours="$SKB_CTL sockets state time-wait"
peer_rows=$(skb_x ss -Htan state time-wait | wc -l)
our_rows=$(skb_x $ours -H | wc -l)
set -- $(skb_pair_ms "$peer" "$ours")
peer_rss=$(skb_rss_kb $peer)
our_rss=$(skb_rss_kb $ours)
skb_result sockets_tw "$N" "$peer" "$peer_rows" "$1" "$peer_rss" \
	"wardenctl sockets state time-wait" "$our_rows" "$2" "$our_rss"
