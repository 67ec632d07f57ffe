#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# One million distinct spoofed sources must not grow memory: the guard's
# tables are fixed at load and evict. The aggregate budget is opened wide so
# that every SYN reaches the per-source table, and the per-source rate is 0
# so that each is then dropped (no SYN-ACK work: the run stays short under
# TCG; syn_flood.sh shows the SYN-ACK table evicting).
. "$(dirname "$0")/syn_lib.sh"
tw_require_root
ktap_plan 7

N=1000000

meminfo()
{
	awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo
}

tw_module_unload
syn_dmesg_mark
tw_module_load syn_all_rate=100000000 syn_all_burst=1000000 syn_src_rate=0 \
	syn_bucket_entries=65536
syn_topology
syn_serve
echo 3 > /proc/sys/vm/drop_caches
slab0=$(meminfo Slab)
vm0=$(meminfo VmallocUsed)

out=$(ip netns exec syn-atk "$SYN_FLOOD" -d "$SYN_SRV" -p "$SYN_PORT" \
	-s "$SYN_SPOOF" -n $N -t 240)
ktap_diag "flood: $out"
sent=$(echo "$out" | awk '{ print $2 }')
ktap_eq "the generator sent $N SYNs from distinct sources" "$sent" $N

sleep 1
echo 3 > /proc/sys/vm/drop_caches
slab1=$(meminfo Slab)
vm1=$(meminfo VmallocUsed)
ktap_diag "Slab ${slab0} kB -> ${slab1} kB, VmallocUsed ${vm0} kB -> ${vm1} kB"
ip netns exec syn-srv grep -E '^(table|listener)' "$SYN_PROC" | sed 's/^/# /'

# Storing a million sources at even 16 bytes each would take 16 MB.
ktap_check "slab grew by less than 8 MB ($(((slab1 - slab0) / 1024)) MB)" \
	test $((slab1 - slab0)) -lt 8192
ktap_check "vmalloc grew by less than 8 MB ($(((vm1 - vm0) / 1024)) MB)" \
	test $((vm1 - vm0)) -lt 8192

tables_ok=1
evicting=0
for t in buckets; do
	line=$(ip netns exec syn-srv awk -v t=$t '$1 == "table" && $2 == t' "$SYN_PROC")
	used=$(echo "$line" | awk '{ print $4 }')
	size=$(echo "$line" | awk '{ print $6 }')
	ev=$(echo "$line" | awk '{ print $10 }')
	[ "$used" -le "$size" ] || tables_ok=0
	[ "$ev" -gt 0 ] && evicting=$((evicting + 1))
done
drops=$(syn_field syn-srv drop_src_limit)
ktap_check "every spoofed SYN went through the source table ($drops dropped)" \
	test "$drops" -ge $((N * 9 / 10))
ktap_eq "the source table never holds more than its size" "$tables_ok" 1
ktap_eq "it evicted to stay within its bound" "$evicting" 1

tw_cleanup
rmmod tcp_warden
bad=$(syn_dmesg_bad)
ktap_check "dmesg is clean" test -z "$bad"
ktap_finish
