#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fuzzing the tcp_warden netlink family (nl_fuzz, built from the YNL spec)
# with four concurrent senders - root in the initial netns, nobody, root in
# another netns, root without capabilities - while warden transfers and
# policy churn run, proves: the senders finish, every reply matches the
# spec, every valid request is answered and every dump ends, no write of
# an unprivileged sender is acknowledged, unprivileged
# senders alone change no state (policies, default, SYN guard mode and
# config, lists, module parameters), correct requests still get correct
# answers, the module unloads and dmesg stays clean.
#
# NL_FUZZ_COUNT (messages per sender, default 15000: about 60 s in all
# under TCG) makes it longer, NL_FUZZ_SEED repeats a run (the seed is
# printed). The message counts are reported as diagnostics.
. "$(dirname "$0")/lib.sh"
tw_require_root
ktap_plan 20

COUNT=${NL_FUZZ_COUNT:-15000}
SEED=${NL_FUZZ_SEED:-$(date +%s)}
FUZZ=$TW_TOP/selftests/nl_fuzz
XFER=$TW_TOP/selftests/tw_xfer
T=$TW_CTL
TO=/usr/bin/timeout
W=$(mktemp -d)
XFER_BYTES=2000000
# Safety nets only (a run ends by its count, ~40 s by default under TCG):
# the senders' deadline, and timeout(1) past it.
DEADLINE=$((COUNT / 50 + 120))
[ -x "$FUZZ" ] || tw_bail "$FUZZ not built; run make -C selftests"

tw_module_unload
tw_dmesg_mark
tw_module_load
tw_netns twf-b twf-x1 twf-x2
tw_veth twf-x1 twf-x2 10.77.0.1 10.77.0.2


# field LINE KEY: the value of KEY=... in one of nl_fuzz's result lines.
field()
{
	echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# num LINE KEY: the same, 0 when missing, for arithmetic.
num()
{
	_v=$(field "$1" "$2")
	echo "${_v:-0}"
}

# state PREFIX: what unprivileged senders must not change, canonical, in
# PREFIX.init and PREFIX.twf-b (policies without counters, the default, the
# SYN guard's mode and config, the lists) and PREFIX.params (the writable
# module parameters).
state()
{
	for ns in init twf-b; do
		if [ $ns = init ]; then n=""; else n="-n $ns"; fi
		{
			$T $n -j policy list
			$T $n -j policy default
			$T $n -j syn
			$T $n syn list --json
		} | $TW_PY -c '
import json, sys
# counters, and what traffic changes: not state
COUNTERS = ("stats", "netns", "listeners", "kernel", "synacks", "acks-verified",
            "acks-bad", "dropped", "verified")
def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in o.items() if k.replace("_", "-") not in COUNTERS}
    if isinstance(o, list):
        return [strip(v) for v in o]
    return o
dec = json.JSONDecoder()
s = sys.stdin.read()
i = 0
while i < len(s):
    if s[i].isspace():
        i += 1
        continue
    o, i = dec.raw_decode(s, i)
    print(json.dumps(strip(o), sort_keys=True))
' > "$1.$ns"
	done
	for p in syn_mode syn_threshold syn_queue_pct syn_quiet_ms syn_src_rate \
		 syn_src_burst syn_all_rate syn_all_burst syn_v4_prefix syn_v6_prefix \
		 beta floor max_policies; do
		echo "$p=$(cat /sys/module/tcp_warden/parameters/$p)"
	done > "$1.params"
}

# policies N OCT: N host policies under 10.OCT/16, "policy batch" lines
policies()
{
	i=0
	while [ $i -lt "$1" ]; do
		echo "add 10.$2.$((i / 256)).$((i % 256))/32 beta $((300 + i % 700)) min-ssthresh $((2 + i % 50))"
		i=$((i + 1))
	done
}

policies 300 60 > "$W/big"
policies 60 78 > "$W/churn"
echo "add 10.77.0.0/16 beta 0.7 growth cubic" >> "$W/churn"

# Dumps in the initial netns and twf-b come in several parts.
$T policy batch < "$W/big" || tw_bail "policy batch (initial netns) failed"
$T -n twf-b policy batch < "$W/big" || tw_bail "policy batch (twf-b) failed"
# The transfers' server ignores whatever the fuzzers do to the SYN guard.
$T -n twf-x2 syn set mode off || tw_bail "syn set mode off in twf-x2 failed"

ktap_diag "seed $SEED, $COUNT messages per sender"
$TO -k 10 $((DEADLINE + 60)) "$FUZZ" -v -c "$COUNT" -s "$SEED" -t $DEADLINE \
	-I root,nobody,root@twf-b,nocaps \
	> "$W/fuzz1" 2> "$W/fuzz1.err" &
fuzz=$!

# Warden transfers, one after another, until the fuzzers are done (at least one).
(
	while :; do
		ip netns exec twf-x2 $TO 120 "$XFER" server -p 5601 -n 1 > "$W/srv" 2>&1 &
		srv=$!
		tw_wait_listen twf-x2 5601
		ip netns exec twf-x1 $TO 120 "$XFER" client -c 10.77.0.2 -p 5601 \
			-s $XFER_BYTES -C warden -q > "$W/cli" 2>&1
		wait $srv
		echo "recv=$(sed -n 's/^recv bytes=//p' "$W/srv") cc=$(sed -n 's/^done .* cc=\([a-z]*\) .*/\1/p' "$W/cli")"
		grep -Ev '^(recv bytes=|done |info |listening )' "$W/srv" "$W/cli"
		kill -0 $fuzz 2>/dev/null || break
	done > "$W/xfers"
) &
xfers=$!

# Policy churn: the traffic's own netns (nothing else writes there, so
# every batch must apply), and big tables coming and going in the fuzzed ones.
(
	while :; do
		if $TO 60 $T -n twf-x1 policy flush &&
		   $TO 60 $T -n twf-x1 policy batch < "$W/churn"; then
			echo ok
		else
			echo "failed rc=$?"
		fi
		$TO 60 $T policy flush > /dev/null 2>&1
		$TO 60 $T policy batch < "$W/big" > /dev/null 2>&1
		$TO 60 $T -n twf-b policy flush > /dev/null 2>&1
		$TO 60 $T -n twf-b policy batch < "$W/big" > /dev/null 2>&1
		kill -0 $fuzz 2>/dev/null || break
	done > "$W/churned"
) &
churn=$!

wait $fuzz
fuzz_rc=$?
wait $xfers $churn
sed 's/^/# /' "$W/fuzz1.err" | head -20

# 1-8: the fuzz run itself
lines=$(grep -c '^sender=[0-9]* id=' "$W/fuzz1")
sed -n 's/^sender=/# sender=/p' "$W/fuzz1"
if [ $fuzz_rc -eq 0 ] && [ "$lines" -eq 4 ] && grep -q '^nl_fuzz done senders=4 failed=0$' "$W/fuzz1"; then
	ktap_pass "fuzz: the four senders exited normally"
else
	ktap_diag "exit $fuzz_rc, $lines result lines"
	sed 's/^/#   /' "$W/fuzz1" | grep -v '^#   sender=[0-9]* id=' | head
	ktap_fail "fuzz: the four senders exited normally"
fi

init_ns=$(stat -L -c %i /proc/1/ns/net)
b_ns=$(stat -L -c %i /run/netns/twf-b)
L0=$(grep '^sender=0 id=root ' "$W/fuzz1")
L1=$(grep '^sender=1 id=nobody ' "$W/fuzz1")
L2=$(grep '^sender=2 id=root@twf-b ' "$W/fuzz1")
L3=$(grep '^sender=3 id=nocaps ' "$W/fuzz1")
who()
{
	echo "$(field "$1" uid)/$(field "$1" capeff)/$(field "$1" netns)"
}
got="$(who "$L0") $(who "$L1") $(who "$L2") $(who "$L3")"
ktap_eq "fuzz: each sender ran as its identity (uid/capeff/netns)" "$got" \
	"0/$(field "$L0" capeff)/$init_ns 65534/0000000000000000/$init_ns 0/$(field "$L2" capeff)/$b_ns 0/0000000000000000/$init_ns"

all_sent=1 total=0
for l in "$L0" "$L1" "$L2" "$L3"; do
	[ "$(field "$l" sent)" = "$COUNT" ] && [ "$(field "$l" end)" = count ] || all_sent=0
	total=$((total + $(num "$l" sent)))
done
ktap_diag "nl_fuzz: $total messages sent by 4 senders"
ktap_eq "fuzz: every sender sent all $COUNT messages ($total in all)" $all_sent 1

# Without this the other checks could pass on a fuzzer that never got in.
desc="fuzz: the family answered (root's writes applied, dumps completed and interrupted,"
desc="$desc EPERM for nobody and nocaps)"
if [ "$(field "$L0" ok)" -gt 0 ] 2>/dev/null && [ "$(field "$L0" admin_ok)" -gt 0 ] &&
   [ "$(field "$L2" admin_ok)" -gt 0 ] && [ "$(field "$L0" dumps_done)" -gt 0 ] &&
   [ "$(field "$L1" dumps_done)" -gt 0 ] &&
   [ $(($(num "$L0" dumps_interrupted) + $(num "$L1" dumps_interrupted))) -gt 0 ] &&
   field "$L1" errors | grep -q 'EPERM:' && field "$L3" errors | grep -q 'EPERM:'; then
	ktap_pass "$desc"
else
	ktap_fail "$desc"
fi

bad=0 stalls=0 lost=0
for l in "$L0" "$L1" "$L2" "$L3"; do
	bad=$((bad + $(num "$l" bad_replies)))
	stalls=$((stalls + $(num "$l" dump_stalls)))
	lost=$((lost + $(num "$l" lost)))
done
ktap_eq "fuzz: every reply matched the spec (bad_replies)" "$bad" 0
ktap_eq "fuzz: no dump stopped producing parts (dump_stalls)" "$stalls" 0
ktap_eq "fuzz: every valid request was answered (lost)" "$lost" 0
ktap_eq "fuzz: no write of nobody or nocaps was acknowledged (admin_ok)" \
	"$(field "$L1" admin_ok)/$(field "$L3" admin_ok)" "0/0"

# 9-10: the traffic and churn that ran meanwhile
n_x=$(grep -c '^recv=' "$W/xfers")
ktap_diag "$n_x transfers, $(wc -l < "$W/churned") churn rounds"
grep -v "^recv=$XFER_BYTES cc=warden$" "$W/xfers" | head -10 | sed 's/^/#   /'
ktap_eq "warden transfers during the fuzzing delivered every byte" \
	"$(grep -vc "^recv=$XFER_BYTES cc=warden$" "$W/xfers")/$((n_x > 0))" "0/1"
n_ok=$(grep -c '^ok$' "$W/churned")
ktap_eq "policy churn in the traffic's netns: every batch applied (at least one round)" \
	"$(grep -vc '^ok$' "$W/churned")/$((n_ok > 0))" "0/1"

# 11-14: unprivileged senders alone, against a state root set
# Root's fuzzing changed the defaults, which new policies copy: set them all.
DEFAULTS="initial-ssthresh 0 max-cwnd 0 growth reno rto-beta beta"
$T policy flush && $T policy default set beta 0.6 min-ssthresh 5 $DEFAULTS &&
	$T policy batch < "$W/churn" &&
	$T syn set mode monitor && $T syn set threshold 3333 rate 33 burst 44 &&
	$T -n twf-b policy flush && $T -n twf-b policy default set beta 0.5 min-ssthresh 2 $DEFAULTS &&
	$T -n twf-b policy batch < "$W/churn" &&
	$T -n twf-b syn set mode off ||
	tw_bail "setting the reference state failed"
$T syn deny add 198.18.0.0/15 2> /dev/null
$T -n twf-b syn allow add 2001:db8:77::/48 2> /dev/null
state "$W/before"
$TO -k 10 $((DEADLINE + 60)) "$FUZZ" -v -c $((COUNT / 2)) -s $((SEED + 1)) -t $DEADLINE \
	-I nobody,nocaps,userns,nobody@twf-b,nocaps@twf-b > "$W/fuzz2" 2> "$W/fuzz2.err"
fuzz_rc=$?
state "$W/after"
sed -n 's/^sender=/# sender=/p' "$W/fuzz2"
sed 's/^/# /' "$W/fuzz2.err" | head -20
sum2()
{
	grep '^sender=' "$W/fuzz2" | tr ' ' '\n' | sed -n "s/^$1=//p" |
		awk '{ s += $1 } END { print s + 0 }'
}
ktap_eq "unprivileged fuzz: the five senders exited normally; bad replies, stalled dumps, lost requests" \
	"$fuzz_rc $(grep -c '^sender=[0-9]* id=.* end=count ' "$W/fuzz2") $(sum2 bad_replies) $(sum2 dump_stalls) $(sum2 lost)" \
	"0 5 0 0 0"
ktap_diag "nl_fuzz: $(sum2 sent) messages sent by 5 unprivileged senders"
acked=0
for l in $(grep -E '^sender=[0-9]* id=(nobody|nocaps)' "$W/fuzz2" | tr ' ' '\n' |
	   sed -n 's/^admin_ok=//p'); do
	acked=$((acked + l))
done
ktap_eq "unprivileged fuzz: no write of nobody or nocaps was acknowledged" "$acked" 0
# (a snapshot that lost the reference state would compare equal, too)
if grep -q '"10.77.0.0/16"' "$W/before.init" && grep -q '"10.77.0.0/16"' "$W/before.twf-b" &&
   grep -q '^syn_threshold=3333$' "$W/before.params" &&
   diff "$W/before.init" "$W/after.init" > "$W/diff" &&
   diff "$W/before.params" "$W/after.params" >> "$W/diff"; then
	ktap_pass "unprivileged fuzz: initial netns policies, default, SYN guard, lists and parameters unchanged"
else
	cut -c1-240 "$W/diff" | sed 's/^/# /' | head -20
	ktap_fail "unprivileged fuzz: initial netns policies, default, SYN guard, lists and parameters unchanged"
fi
if diff "$W/before.twf-b" "$W/after.twf-b" > "$W/diff"; then
	ktap_pass "unprivileged fuzz: twf-b's policies, default, SYN mode and lists unchanged"
else
	cut -c1-240 "$W/diff" | sed 's/^/# /' | head -20
	ktap_fail "unprivileged fuzz: twf-b's policies, default, SYN mode and lists unchanged"
fi

# 15-18: correct requests still get correct answers
# json EXPR: EXPR on wardenctl's JSON (d); g(o, "key-name") takes a key
# spelt with dashes (the spec's names) or underscores.
json()
{
	$TW_PY -c "import json,sys
def g(o, k):
    return o[k] if k in o else o[k.replace('-', '_')]
d=json.load(sys.stdin); print($1)"
}
$T policy flush
ok=0
if $T policy add 198.51.100.0/24 port 8080 beta 0.75 min-ssthresh 7 growth cubic &&
   [ "$($T -j policy show 198.51.100.0/24 port 8080 |
	json '[(p["beta"], g(p, "min-ssthresh"), p["growth"]) for p in d["policies"]]')" = \
	"[(768, 7, 'cubic')]" ] &&
   $T policy del 198.51.100.0/24 port 8080 &&
   [ "$($T -j policy list | json 'len(d["policies"])')" = 0 ]; then
	ok=1
fi
ktap_eq "after fuzzing: policy add, show and del round-trip" $ok 1
$T policy batch < "$W/big" > /dev/null
ktap_eq "after fuzzing: wardenctl -j policy list parses and lists the 300 policies" \
	"$($T -j policy list | json 'len(d["policies"])' 2>&1)" 300
$T -n twf-b syn set mode enforce
got=$($T -n twf-b -j syn | json '(d["mode"], g(d, "mode-default"))' 2>&1)
$T -n twf-b syn set mode default
ktap_eq "after fuzzing: syn set and status round-trip (then back to the default)" \
	"$got $($T -n twf-b -j syn | json 'g(d, "mode-default")' 2>&1)" "('enforce', False) True"
$T -n twf-b policy default set beta 0.9 min-ssthresh 9
ktap_eq "after fuzzing: policy default set and show round-trip" \
	"$($T -n twf-b -j policy default | json '(d["default"]["beta"], g(d["default"], "min-ssthresh"))' 2>&1)" \
	"(922, 9)"

# 19-20: the module goes away cleanly
tw_cleanup
if tw_module_unload; then
	ktap_pass "rmmod tcp_warden after fuzzing"
else
	ktap_fail "rmmod tcp_warden after fuzzing"
fi
tw_dmesg_check "dmesg has no WARN, BUG or Oops"
rm -rf "$W"
ktap_finish
