#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# CLOSE_WAIT ages from the agent's pinned map (bpf/sock_state_map.h). The
# test builds a map of that layout itself, in a private bpffs of its own
# mount namespace, so neither a running agent nor other tests interfere:
# no map -> "age unknown: run `wardenctl agent start`"; a record -> its age;
# a record of another state -> unknown; a wrong layout -> said so. Last,
# the real agent (`wardenctl agent start`), in the same private bpffs.
. "$(dirname "$0")/lib.sh"

. "$(dirname "$0")/sockets_lib.sh"
NS=twsa$$
NCW=4
AGE_S=5		# the age we plant for one socket

tw_require_root
[ -x "$TW_CTL" ] || tw_bail "$TW_CTL not built; run make tools"
[ -x "$PROG" ] || tw_bail "$PROG not built; run make -C selftests"
command -v bpftool >/dev/null || tw_bail "bpftool missing; run scripts/deps"

# Re-run inside a private mount namespace with a fresh bpffs.
if [ -z "$TW_SOCKETS_AGE_INNER" ]; then
	TW_SOCKETS_AGE_INNER=1 exec unshare -m --propagation private "$0" "$@"
fi
mount -t bpf bpf /sys/fs/bpf || tw_bail "cannot mount bpffs"

ktap_plan 10
tw_netns "$NS"
sk_cw_holder "$NS" -p 7000 -c $NCW

# -n, not `ip netns exec`: that would remount /sys and hide our bpffs.
ctl() { "$TW_CTL" -n "$NS" sockets "$@"; }

ktap_check "no map: the row says age unknown" sh -c "
	$TW_CTL -n $NS sockets --state close-wait -H | grep -c 'age:unknown' | grep -qx $NCW"
ktap_check "no map: the note says to start the agent" sh -c "
	$TW_CTL -n $NS sockets --state close-wait | grep -qF 'age unknown: run \`wardenctl agent start\`'"
ktap_check "no map: the report says it too" sh -c "
	$TW_CTL -n $NS sockets report | grep -qF 'age unknown: run \`wardenctl agent start\`'"

mkdir -p /sys/fs/bpf/tcp_warden
bpftool map create /sys/fs/bpf/tcp_warden/sock_states type lru_hash key 8 value 16 \
	entries 1024 name sock_states || tw_bail "bpftool map create failed"

# Cookies from ss (sk:HEX), independent of wardenctl.
set -- $(ip netns exec "$NS" ss -Htane state close-wait 2>/dev/null | grep -o 'sk:[0-9a-f]*' | cut -d: -f2)
[ $# -eq $NCW ] || tw_bail "ss shows $# CLOSE_WAIT cookies, want $NCW"
# le BYTES VALUE: VALUE as BYTES little-endian hex bytes, for bpftool.
le() { printf "%0$(($1 * 2))x" "$2" | sed 's/../& /g' | awk '{ for (i = NF; i > 0; i--) printf "%s ", $i }'; }
now=$("$PROG" -m)
# First socket: in CLOSE_WAIT (8) for AGE_S seconds. Second: a record of
# ESTABLISHED (1), which must not be shown as a CLOSE_WAIT age.
bpftool map update pinned /sys/fs/bpf/tcp_warden/sock_states \
	key hex $(le 8 $((0x$1))) value hex $(le 8 $((now - AGE_S * 1000000000))) $(le 4 8) $(le 4 0) ||
	tw_bail "map update failed"
bpftool map update pinned /sys/fs/bpf/tcp_warden/sock_states \
	key hex $(le 8 $((0x$2))) value hex $(le 8 $((now - 2000000000))) $(le 4 1) $(le 4 0) ||
	tw_bail "map update failed"

ages=$(ctl --state close-wait --json | "$PY" -c "
import json, sys
d = json.load(sys.stdin)
ages = {s['cookie']: s['age-ms'] for s in d['sockets']}
a = ages[$((0x$1))]
print('planted', 'ok' if a is not None and $AGE_S * 1000 <= a < ($AGE_S + 30) * 1000 else a)
print('other-state', ages[$((0x$2))])
print('unrecorded', ages[$((0x$3))])
print('note', any('before' in n for n in d['notes']))")
ktap_eq "map: the planted age is shown" "$(echo "$ages" | grep planted)" "planted ok"
ktap_eq "map: a record of another state is no age" "$(echo "$ages" | grep other-state)" "other-state None"
ktap_eq "map: an unrecorded socket has no age, with a note" \
	"$(echo "$ages" | grep -E 'unrecorded|note' | tr '\n' ' ')" "unrecorded None note True "
oldest=$(ctl report --json | "$PY" -c "
import json, sys
p = json.load(sys.stdin)['netns'][0]['close-wait']['processes'][0]
print('ok' if $AGE_S * 1000 <= p['oldest-age-ms'] < ($AGE_S + 30) * 1000 else p)")
ktap_eq "report: oldest age per process" "$oldest" ok

rm /sys/fs/bpf/tcp_warden/sock_states
bpftool map create /sys/fs/bpf/tcp_warden/sock_states type hash key 8 value 8 \
	entries 16 name sock_states || tw_bail "bpftool map create failed"
ktap_check "a map of another layout is refused, with a reason" sh -c "
	$TW_CTL -n $NS sockets --state close-wait | grep -q 'not the agent.s map layout'"

# End to end with the real agent: sockets that enter CLOSE_WAIT after it
# started have an age of at least the time we waited.
rm -rf /sys/fs/bpf/tcp_warden
WAIT_S=2
if agent_out=$("$TW_CTL" agent start 2>&1); then
	out=$(mktemp)
	ip netns exec "$NS" "$PROG" -p 7001 -c 3 -w >"$out" &
	for _i in $(seq 100); do
		grep -q '^ready' "$out" && break
		sleep 0.1
	done
	rm -f "$out"
	sleep $WAIT_S
	got=$(ctl --state close-wait --sport 7001 --json | "$PY" -c "
import json, sys
a = [s['age-ms'] for s in json.load(sys.stdin)['sockets']]
print(len(a), all(x is not None and $WAIT_S * 1000 <= x < 120000 for x in a) or a)")
	ktap_eq "agent: CLOSE-WAIT ages are recorded" "$got" "3 True"
	got=$(ctl report --json | "$PY" -c "
import json, sys
c = json.load(sys.stdin)['netns'][0]['close-wait']
print(c['age-note'], max(p['oldest-age-ms'] or 0 for p in c['processes']) >= $WAIT_S * 1000)")
	ktap_eq "agent: the report has the oldest age and no note" "$got" "None True"
	"$TW_CTL" agent stop >/dev/null
else
	echo "$agent_out" | sed 's/^/# /'
	ktap_skip "agent: CLOSE-WAIT ages are recorded" "wardenctl agent start failed"
	ktap_skip "agent: the report has the oldest age and no note" "wardenctl agent start failed"
fi

ktap_finish
