. "$(dirname "$0")/policy_lib.sh"
pb_setup 50mbit 20ms 1%
ip netns exec pbc "$PB_CTL" policy add 10.95.0.0/24 beta 0.9 min-ssthresh 16 growth cubic
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
echo 1 > /sys/kernel/tracing/events/tcp_warden/warden_ssthresh/enable
for r in 1 2; do
pb_server 5501
ip netns exec pbc /usr/bin/timeout 60 iperf3 -c 10.95.0.2 -p 5501 -C warden -t 12 | grep -E "sec|Retr"
wait
grep -c "reason=loss" /sys/kernel/tracing/trace; grep -c "reason=rto" /sys/kernel/tracing/trace
grep "reason=rto" /sys/kernel/tracing/trace | head -3
echo > /sys/kernel/tracing/trace
done
ip netns exec pbc "$PB_CTL" policy list
