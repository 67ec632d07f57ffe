#!/bin/sh
cd /work/main/selftests
. ./syn_lib.sh
insmod $TW_KO syn_rate_threshold=500 || exit 1
syn_topology
syn_serve
cat /proc/net/tcp_warden_syn
ip netns exec syn-srv cat $SYN_PROC
ip netns exec syn-cli $SYN_CONN connect -c $SYN_SRV -p $SYN_PORT -n 5
ip netns exec syn-srv cat $SYN_PROC
ip netns exec syn-atk $SYN_FLOOD -d $SYN_SRV -p $SYN_PORT -s $SYN_SPOOF -t 5 & fp=$!
sleep 1
ip netns exec syn-cli $SYN_CONN connect -c $SYN_SRV -p $SYN_PORT -n 50
wait $fp
ip netns exec syn-srv cat $SYN_PROC
ip netns exec syn-srv nstat -az | grep -E "Syncookies|ListenOverflows|ListenDrops|ReqQFull"
dmesg | tail -5
rmmod tcp_warden
dmesg | tail -3
