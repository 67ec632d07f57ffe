#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# wardenctl agent: pins survive the CLI, the map is keyed by the cookie
# sock_diag reports (ss's sk:), tracks CLOSE_WAIT with its age, and drains
# when the sockets close. Runs on any kernel with BTF (host and VM).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/trace_lib.sh"

NS=twag-$$
PORT=7101
PIN=/sys/fs/bpf/tcp_warden

tw_trace_setup
trap 'kill $hold_pid 2>/dev/null; "$TW_CTL" agent stop >/dev/null 2>&1; tw_cleanup; rm -rf "$TW_TMP"' EXIT
ktap_plan 13

tw_netns "$NS"
"$TW_CTL" agent stop > /dev/null 2>&1
ktap_check "agent start" "$TW_CTL" agent start
ktap_check "agent start again is a no-op" "$TW_CTL" agent start
ktap_check "link, program and map pinned" \
	test -e $PIN/states_link -a -e $PIN/states_prog -a -e $PIN/sock_states

st=$("$TW_CTL" agent status --json)
max=$(echo "$st" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["running"], d["max-entries"])')
ktap_eq "status: running, LRU-bounded map" "$max" "True 65536"

# A passive close left in CLOSE_WAIT, and its peer, after the CLI exited.
mkfifo "$TW_TMP/hold"
ip netns exec "$NS" python3 -c '
import socket, sys
l = socket.socket(); l.bind(("127.0.0.1", '$PORT')); l.listen(1)
c = socket.create_connection(("127.0.0.1", '$PORT')); s, _ = l.accept()
e = socket.create_connection(("127.0.0.1", '$PORT')); s2, _ = l.accept()
c.close()
assert s.recv(1) == b""
print("held", flush=True)
sys.stdin.read()
' < "$TW_TMP/hold" > "$TW_TMP/held" &
hold_pid=$!
exec 6> "$TW_TMP/hold"
i=0
while ! grep -q held "$TW_TMP/held"; do
	i=$((i + 1))
	[ $i -lt 100 ] && kill -0 $hold_pid 2>/dev/null || tw_bail "socket holder failed"
	sleep 0.1
done
sleep 1.2

# ss -e prints the sock_diag cookie as sk:HEX.
cookie_of()
{
	_hex=$(ip netns exec "$NS" ss -tnHe state "$1" 2>/dev/null |
		grep -o 'sk:[0-9a-f]*' | head -1 | sed 's/sk://')
	[ -n "$_hex" ] && echo $((0x$_hex))
}
cw=$(cookie_of close-wait)
est=$(cookie_of established)
[ -n "$cw" ] && [ -n "$est" ] || tw_bail "no CLOSE_WAIT/ESTABLISHED socket in $NS"

lookup()
{
	"$TW_CTL" agent dump --json | python3 -c '
import json, sys
for line in sys.stdin:
    d = json.loads(line)
    if d["cookie"] == int(sys.argv[1]):
        print(d["state"], d["age-ms"] >= int(sys.argv[2]))
        break
else:
    print("absent")
' "$1" "$2"
}
ktap_eq "CLOSE_WAIT socket found by its sock_diag cookie, age counted" \
	"$(lookup "$cw" 1000)" "close-wait True"
ktap_eq "ESTABLISHED socket tracked" "$(lookup "$est" 0)" "established True"
ktap_eq "status counts the CLOSE_WAIT socket" \
	"$("$TW_CTL" agent status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["states"].get("close-wait", 0) >= 1)')" True

# The kernel's skip count of the pinned program, read before and after.
kmiss()
{
	bpftool -j prog show pinned $PIN/states_prog |
		python3 -c 'import json,sys; print(json.load(sys.stdin).get("recursion_misses", 0))'
}
m0=$(kmiss)
m=$("$TW_CTL" agent status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["missed"])')
m1=$(kmiss)
if [ -n "$m" ] && [ "$m0" -le "$m" ] && [ "$m" -le "$m1" ]; then
	ktap_pass "status reports the kernel's count of skipped runs ($m)"
else
	ktap_fail "status reports the kernel's count of skipped runs: $m, kernel $m0..$m1"
fi

exec 6>&-
wait $hold_pid
sleep 0.3
ktap_eq "closed CLOSE_WAIT socket drained" "$(lookup "$cw" 0)" absent
ktap_eq "closed ESTABLISHED socket drained" "$(lookup "$est" 0)" absent

ktap_check "agent stop" "$TW_CTL" agent stop
ktap_check "pins removed" sh -c "! test -e $PIN/states_link -o -e $PIN/sock_states"
"$TW_CTL" agent status > /dev/null 2>&1
ktap_eq "status exits 1 when stopped" $? 1
ktap_finish
