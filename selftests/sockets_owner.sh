#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# `wardenctl sockets` owners and details in a fresh netns: the pid of
# CLOSE_WAIT rows against ss -p, --info against ss, --group-by process, the
# /proc scan done once and only when needed (strace), and --all-netns.
. "$(dirname "$0")/lib.sh"

. "$(dirname "$0")/sockets_lib.sh"
NS=twso$$
NTW=8		# TIME_WAIT sockets, which have no owner
NCW=25		# CLOSE_WAIT held by one process
NEST=3		# established pairs

tw_require_root
[ -x "$TW_CTL" ] || tw_bail "$TW_CTL not built; run make tools"
[ -x "$PROG" ] || tw_bail "$PROG not built; run make -C selftests"
command -v strace >/dev/null || tw_bail "strace missing; run scripts/deps"

ktap_plan 13
tw_netns "$NS"
ip netns exec "$NS" sysctl -qw net.ipv4.tcp_tw_reuse=0

sk_cw_holder "$NS" -p 9000 -c $NCW -e $NEST
ip netns exec "$NS" "$PROG" -p 8000 -t $NTW >/dev/null ||
	tw_bail "could not build TIME_WAIT sockets"

ctl() { "$TW_CTL" -n "$NS" sockets "$@"; }
ssn() { nsenter --net=/run/netns/"$NS" ss -Htan "$@"; }
D=$(mktemp -d)
cap() { _n=$1; shift; "$@" >"$D/$_n" 2>&1; }
pyf() { _f=$1 _c=$2; shift 2; "$PY" -c "import json, sys; d = json.load(open('$D/$_f')); $_c" "$@"; }

# CLOSE_WAIT and established sockets stay: checked live.
rows() { ctl -H "$@" | wc -l; }
ktap_eq "close-wait count is exact" "$(rows --state close-wait)" $NCW
ktap_eq "close-wait count matches ss" "$(rows --state close-wait)" "$(ssn state close-wait | wc -l)"

# Owner attribution: every CLOSE_WAIT row names the holder, as ss -p does.
cap cwjson ctl --state close-wait --json
ktap_eq "close-wait rows name the holder pid" "$(pyf cwjson '
print(" ".join(sorted({str(o["pid"]) + "/" + o["comm"] for s in d["sockets"] for o in s["owners"]})))')" \
	"$CWPID/sockets_prog"
sspids=$(nsenter --net=/run/netns/"$NS" ss -Htanp state close-wait | grep -o 'pid=[0-9]*' | sort -u)
ktap_eq "the holder pid matches ss -p" "$sspids" "pid=$CWPID"

# --info: congestion control data for established sockets.
cap info ctl --state established --info --json
ktap_eq "--info gives cwnd and the algorithm of established sockets" "$(pyf info '
print(len(d["sockets"]), all(s["info"]["cwnd"] > 0 and s["info"]["cong"] for s in d["sockets"]))')" \
	"$((2 * NEST)) True"
ktap_eq "--info rows match ss established" "$(rows --state established --info)" \
	"$(ssn state established | wc -l)"
# Field by field against ss -i on the same idle sockets: algorithm, cwnd,
# ssthresh (ss omits it from 0xffff up), rtt in ms, retransmits.
ssn -i state established > "$D/ssi"
ktap_eq "--info fields equal ss -i per socket" "$(pyf info '
import re
ss = {}
lines = open(sys.argv[1]).read().splitlines()
for head, info in zip(lines[0::2], lines[1::2]):
    f = head.split()
    kv = dict(re.findall(r"(\w+):(\S+)", info))
    ss[(f[2], f[3])] = (info.split()[0], int(kv["cwnd"]), int(kv.get("ssthresh", -1)),
                        "%.3f" % float(kv["rtt"].split("/")[0]),
                        int(kv.get("retrans", "0/0").split("/")[1]))
ours = {}
for s in d["sockets"]:
    i = s["info"]
    key = ("%s:%d" % (s["local"]["addr"], s["local"]["port"]),
           "%s:%d" % (s["remote"]["addr"], s["remote"]["port"]))
    th = i["ssthresh"] if i["ssthresh"] is not None and i["ssthresh"] < 0xffff else -1
    ours[key] = (i["cong"], i["cwnd"], th, "%.3f" % (i["rtt-us"] / 1000.0), i["total-retrans"])
bad = [(k, ours.get(k), v) for k, v in ss.items() if ours.get(k) != v]
print(len(ss), "sockets", "agree" if ss and not bad else bad)' "$D/ssi")" "$((2 * NEST)) sockets agree"
ktap_eq "close-wait owner fds equal ss -p" "$(pyf cwjson '
print(sorted(o["fd"] for s in d["sockets"] for o in s["owners"]))')" \
	"$(nsenter --net=/run/netns/"$NS" ss -Htanp state close-wait | grep -o 'fd=[0-9]*' |
		cut -d= -f2 | sort -n | paste -sd, | sed 's/,/, /g; s/^/[/; s/$/]/')"
grp=$(ctl --state close-wait --group-by process -H | awk '{print $1, $2}')
ktap_eq "--group-by process counts the holder" "$grp" "$NCW sockets_prog/$CWPID"
grp=$(ctl --state close-wait,listen --group-by local-port -H | awk 'NR == 1 {print $1, $2}')
ktap_eq "--group-by local-port: the server port first" "$grp" "$((NCW + 1)) 9000"
rm -rf "$D"


# The /proc/*/fd scan runs once, and only for rows that can have an owner.
procscans()
{
	_log=$1
	shift
	strace -f -e trace=open,openat -o "$_log" "$TW_CTL" -n "$NS" sockets -H "$@" >"$_log.out" 2>&1
	grep -c 'open.*"/proc", [A-Z_|]*O_DIRECTORY' "$_log"
}
st=$(mktemp)
ktap_eq "a TIME-WAIT listing never scans /proc" \
	"$(procscans "$st" --state time-wait) $(grep -c TIME-WAIT "$st.out")" "0 $NTW"
ktap_eq "a CLOSE-WAIT listing scans /proc once" "$(procscans "$st" --state close-wait,established)" 1
rm -f "$st" "$st.out"

# --all-netns: a second namespace with a known count, both listed.
tw_netns "${NS}b"
ip netns exec "${NS}b" "$PROG" -p 8200 -t 9 >/dev/null || tw_bail "sockets_prog in ${NS}b"
got=$("$TW_CTL" sockets --summary --all-netns --state time-wait --json | "$PY" -c "
import json, sys
n = {x['name']: x['states']['time-wait']['total'] for x in json.load(sys.stdin)['netns']}
print('$NS' in n, n.get('${NS}b'))")
ktap_eq "--summary --all-netns counts each namespace" "$got" "True 9"

ktap_finish
