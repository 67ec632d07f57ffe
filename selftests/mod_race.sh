#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Requests racing the module's load and unload: every read and write
# command of the family, as root and as nobody, in the initial netns and in
# two others (wardenctl loops, and nl_fuzz -V with more identities, one of
# them root of a new user and network namespace), writes to the writable
# module parameters, and namespaces created and deleted, all against a
# bounded loop of insmod/rmmod cycles with namespaces added and removed in
# between. Proves: no kernel splat, no request or cycle hangs (every
# command is bounded and every loop finishes), the module loads and unloads
# every cycle, a normal request works afterwards, and nl_fuzz -V saw the
# family both loaded and gone. Then that root can write every writable
# module parameter (and no read-only one), and that writers without
# CAP_NET_ADMIN in the initial user namespace (nobody, a capability-less
# root, root of unshare -Urn) get EPERM or EACCES for every parameter and
# change no value. nl_fuzz -V sends the spec's commands in turn, so every
# command races the cycles however few rounds the wardenctl loops get done.
#
# MOD_RACE_CYCLES (default 6, 8-12 s each under TCG) sets the number of
# load/unload cycles.
. "$(dirname "$0")/lib.sh"
tw_require_root
ktap_plan 14

CYCLES=${MOD_RACE_CYCLES:-6}
FUZZ=$TW_TOP/selftests/nl_fuzz
T=$TW_CTL
TO=/usr/bin/timeout
PARAMS=/sys/module/tcp_warden/parameters
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all"
W=$(mktemp -d)
STOP=$W/stop
[ -x "$FUZZ" ] || tw_bail "$FUZZ not built; run make -C selftests"
[ -x "$TO" ] || tw_bail "coreutils timeout ($TO) missing"
command -v setpriv > /dev/null || tw_bail "setpriv (util-linux) missing"

tw_module_unload
tw_dmesg_mark
tw_netns twr-a twr-b


# cs: now, in centiseconds since boot (no fork), in $cs_now
cs()
{
	read -r cs_now _ < /proc/uptime
	cs_now=${cs_now/./}
	cs_now=$((10#$cs_now))
}
# tenths CS: centiseconds as seconds with one decimal
tenths()
{
	printf '%d.%d' $(($1 / 100)) $((($1 / 10) % 10))
}

# bounded SECS CMD...: CMD's status, or 124 when it had to be killed after
# SECS, 125 when even SIGKILL did not end it (stuck in the kernel). Unlike
# timeout(1), never waits for a process that cannot die.
bounded()
{
	_s=$(($1 * 10))
	shift
	"$@" >> "$W/fg.out" 2>&1 &
	_p=$!
	while kill -0 $_p 2> /dev/null; do
		_s=$((_s - 1))
		if [ $_s -lt 0 ]; then
			kill -9 $_p 2> /dev/null
			sleep 2
			kill -0 $_p 2> /dev/null && return 125
			wait $_p
			return 124
		fi
		sleep 0.1
	done
	wait $_p
}

# One round of every command of the family, through wardenctl.
commands()
{
	r=$1
	cat << EOF
policy add 10.99.$r.0/24 beta 0.7
policy add 10.99.$r.0/24 beta 0.8 replace
policy show 10.99.$r.0/24
policy list
-j policy list
policy default
policy default set beta 0.6
policy del 10.99.$r.0/24
policy flush
syn status
-j syn
syn set mode monitor
syn set mode default
syn set threshold 3000 rate 30
syn top
syn top 80
syn deny add 10.98.$r.0/24
syn allow add 2001:db8:$r::/48
syn list
syn deny del 10.98.$r.0/24
syn allow del 2001:db8:$r::/48
EOF
}

# note NAME RC CMD...: count a command that hung or died of a signal
note()
{
	case $2 in
	124 | 137) echo "hung: ${*:3}" >> "$W/$1.bad" ;;
	0 | [0-9] | [0-9][0-9] | 1[01][0-9] | 12[0-3]) ;;
	*) echo "signal (rc $2): ${*:3}" >> "$W/$1.bad" ;;
	esac
}

# ctl_loop NAME CMD...: rounds of commands through CMD (a wardenctl
# invocation) until $STOP exists.
ctl_loop()
{
	_name=$1
	shift
	_n=0
	while [ ! -e "$STOP" ]; do
		while read -r c; do
			[ -e "$STOP" ] && break
			# shellcheck disable=SC2086 # c is words on purpose
			$TO -k 5 60 "$@" $c > /dev/null 2>&1
			note "$_name" $? "$@" $c
		done < <(commands $((_n % 200)))
		_n=$((_n + 1))
	done
	echo "$_n@${SECONDS}s" > "$W/$_name.rounds"
}

fuzz_loop()
{
	_n=0
	while [ ! -e "$STOP" ]; do
		# -S: the run in progress when the cycles end stops at once
		$TO -k 5 120 "$FUZZ" -V -v -c 150 -s $((1000 + _n)) -t 60 -S "$STOP" \
			-I root,nobody@twr-b,userns,nocaps \
			>> "$W/fuzz.out" 2>> "$W/fuzz.err"
		_rc=$?
		[ $_rc -eq 0 ] || echo "nl_fuzz -V run $_n: exit $_rc" >> "$W/fuzz.bad"
		note fuzz $_rc nl_fuzz -V
		_n=$((_n + 1))
	done
	echo "$_n@${SECONDS}s" > "$W/fuzz.rounds"
}

# Writes (valid values) and reads of the writable parameters, as root.
param_loop()
{
	_n=0
	while [ ! -e "$STOP" ]; do
		for pv in syn_mode=monitor syn_mode=enforce syn_mode=off syn_mode=enforce \
			  syn_threshold=$((1000 + _n % 5000)) beta=$((300 + _n % 700)) \
			  min_ssthresh=$((2 + _n % 10)) max_policies=$((1000 + _n)) max_policies=65536; do
			$TO -k 5 30 sh -c "echo ${pv#*=} > $PARAMS/${pv%%=*}; cat $PARAMS/${pv%%=*}" \
				> /dev/null 2>&1
			note params $? "write $pv"
		done
		_n=$((_n + 1))
	done
	echo "$_n@${SECONDS}s" > "$W/params.rounds"
}

# Namespaces come and go (each runs a request first) while modules do.
netns_loop()
{
	_n=0
	while [ ! -e "$STOP" ]; do
		$TO -k 5 60 ip netns add "twr-n$_n"
		note netns $? ip netns add
		$TO -k 5 60 $T -n "twr-n$_n" syn status > /dev/null 2>&1
		note netns $? wardenctl -n "twr-n$_n" syn status
		$TO -k 5 60 ip netns del "twr-n$_n"
		note netns $? ip netns del
		_n=$((_n + 1))
		# a netns teardown costs the (single, emulated) CPU most: pace them
		sleep 1
	done
	echo "$_n@${SECONDS}s" > "$W/netns.rounds"
}

LOOPS="root-init root-a nobody-init nobody-b fuzz params netns"
ctl_loop root-init $T &
pids=$!
ctl_loop root-a $T -n twr-a &
pids="$pids $!"
ctl_loop nobody-init $NOBODY $T &
pids="$pids $!"
ctl_loop nobody-b ip netns exec twr-b $NOBODY $T &
pids="$pids $!"
fuzz_loop &
pids="$pids $!"
param_loop &
pids="$pids $!"
netns_loop &
pids="$pids $!"
# Whatever happens, the loops end with the test.
trap 'touch "$STOP" 2> /dev/null; kill $pids 2> /dev/null; tw_cleanup; rm -rf "$W"' EXIT

# The foreground: load, a namespace, unload, the namespace goes; every
# other cycle loads with parameters (set before init runs).
loads=0 unloads=0 fg_netns=0 wedged=0 busy=0
t_ins=0 t_rm=0 t_ns=0
SECONDS=0
i=1
while [ $i -le "$CYCLES" ]; do
	cs
	t0=$cs_now
	if [ $((i % 2)) -eq 0 ]; then
		bounded 120 insmod "$TW_KO" syn_mode=monitor beta=600 max_policies=5000
	else
		bounded 120 insmod "$TW_KO"
	fi
	rc=$?
	[ $rc -ge 125 ] && { wedged=1; ktap_diag "cycle $i: insmod stuck"; break; }
	loaded=0
	[ $rc -eq 0 ] && loaded=1 loads=$((loads + 1))
	[ $rc -eq 0 ] || ktap_diag "cycle $i: insmod exit $rc"
	cs
	t_ins=$((t_ins + cs_now - t0)) t0=$cs_now
	bounded 60 ip netns add "twr-c$i" && fg_netns=$((fg_netns + 1))
	cs
	t_ns=$((t_ns + cs_now - t0))
	sleep "0.$((RANDOM % 8))"
	cs
	t0=$cs_now
	# A dump in progress holds the module: rmmod says busy, retry (60 s).
	tries=0
	while [ $loaded = 1 ]; do
		bounded 60 rmmod tcp_warden
		rc=$?
		[ $rc -eq 0 ] && { unloads=$((unloads + 1)); break; }
		[ $rc -ge 124 ] && { wedged=1; ktap_diag "cycle $i: rmmod stuck ($rc)"; break; }
		tries=$((tries + 1))
		[ $tries -lt 300 ] || { ktap_diag "cycle $i: rmmod kept failing"; break; }
		busy=$((busy + 1))
		sleep 0.2
	done
	[ $wedged = 1 ] && break
	cs
	t_rm=$((t_rm + cs_now - t0)) t0=$cs_now
	bounded 60 ip netns del "twr-c$i" && fg_netns=$((fg_netns + 1))
	cs
	t_ns=$((t_ns + cs_now - t0))
	i=$((i + 1))
done
touch "$STOP"
ktap_diag "$loads loads, $unloads unloads, $busy busy rmmod retries, in $SECONDS s"
if [ $loads -gt 0 ]; then
	ktap_diag "per cycle: insmod $(tenths $((t_ins / loads))) s," \
		"rmmod (with retries) $(tenths $((t_rm / loads))) s," \
		"netns add+del $(tenths $((t_ns / loads))) s"
fi
ktap_eq "every cycle loaded and unloaded the module" "$loads $unloads" "$CYCLES $CYCLES"
ktap_eq "namespaces added and deleted between loads, none failed" "$fg_netns" $((2 * CYCLES))
if [ -s "$W/fg.out" ]; then
	grep -v 'in use\|not currently loaded\|Resource temporarily unavailable' "$W/fg.out" |
		head -5 | sed 's/^/#   /'
fi

# Every loop ends once its current command does (each is bounded).
left=1200
while [ $left -gt 0 ]; do
	alive=0
	for p in $pids; do
		kill -0 "$p" 2> /dev/null && alive=1
	done
	[ $alive = 0 ] && break
	left=$((left - 1))
	sleep 0.1
done
stuck=""
for l in $LOOPS; do
	[ -e "$W/$l.rounds" ] || stuck="$stuck $l"
done
ktap_diag "loops ended $SECONDS s after the cycles began"
ktap_diag "rounds:$(for l in $LOOPS; do printf ' %s=%s' "$l" "$(cat "$W/$l.rounds" 2> /dev/null)"; done)"
ktap_eq "every background loop finished (none stuck)" "${stuck:-none}" none
cat "$W"/*.bad 2> /dev/null | grep '^hung' | head -10 | sed 's/^/#   /'
ktap_eq "no request, parameter write or netns change hung" \
	"$(cat "$W"/*.bad 2> /dev/null | grep -c '^hung')" 0
cat "$W"/*.bad 2> /dev/null | grep '^signal' | head -10 | sed 's/^/#   /'
ktap_eq "no request process died of a signal" \
	"$(cat "$W"/*.bad 2> /dev/null | grep -c '^signal')" 0

# nl_fuzz -V's own view: every run ended, replies well-formed, dumps whole,
# and the family was reached while it was there.
# The per-sender counters summed over every run (numbers only), in S.
declare -A S
while read -r k v; do
	S[$k]=$v
done < <(awk '/^sender=[0-9]* id=/ {
		for (i = 1; i <= NF; i++)
			if (split($i, kv, "=") == 2 && kv[2] ~ /^[0-9]+$/)
				s[kv[1]] += kv[2]
	} END { for (k in s) print k, s[k] }' "$W/fuzz.out")
sum()
{
	echo "${S[$1]:-0}"
}
ktap_diag "nl_fuzz -V: $(grep -c '^sender=[0-9]* id=' "$W/fuzz.out") sender runs," \
	"sent=$(sum sent) ok=$(sum ok) absent=$(sum absent) dumps_done=$(sum dumps_done)" \
	"dumps_interrupted=$(sum dumps_interrupted)"
head -5 "$W/fuzz.bad" 2> /dev/null | sed 's/^/#   /'
grep -v '^nl_fuzz: write acknowledged' "$W/fuzz.err" | head -5 | sed 's/^/#   /'
failed_runs=$(cat "$W/fuzz.bad" 2> /dev/null | wc -l)
# It raced only if it saw the family both there and gone.
raced=no
[ "$(sum ok)" -gt 0 ] && [ "$(sum absent)" -gt 0 ] && raced=yes
ktap_eq "nl_fuzz -V: runs that failed, bad replies, stalled dumps, lost requests, family seen loaded and gone" \
	"$failed_runs $(sum bad_replies) $(sum dump_stalls) $(sum lost) $raced" "0 0 0 0 yes"
acked=$(awk '/^sender=[0-9]* id=(nobody|nocaps)/ {
		for (i = 1; i <= NF; i++)
			if ($i ~ /^admin_ok=/)
				s += substr($i, 10)
	} END { print s + 0 }' "$W/fuzz.out")
grep '^nl_fuzz: write acknowledged' "$W/fuzz.err" | head -5 | sed 's/^/#   /'
ktap_eq "nl_fuzz -V: no write of nobody or nocaps was acknowledged, loading or not" "$acked" 0

# Leftovers of loops that were cut short.
for ns in $(ip netns list | awk '/^twr-[cn][0-9]/ { print $1 }'); do
	ip netns del "$ns"
done

# The cases after the race, failed as a block when the kernel is wedged.
WHO_NOBODY="nobody:$NOBODY"
WHO_NOCAPS="capability-less root:setpriv --inh-caps=-all --bounding-set=-all"
WHO_USERNS="root of unshare -Urn:unshare -Urn"
D_AFTER="after the cycles: insmod and normal requests work (policy add/list/del, syn status, syn set)"
D_ROOT="root writes every writable parameter and reads it back; read-only ones refuse root"
D_RMMOD="rmmod after the race"
d_who()
{
	echo "$1 cannot write any module parameter (EPERM or EACCES), every value unchanged"
}

if [ $wedged = 1 ]; then
	for c in "$D_AFTER" "$D_ROOT" "$(d_who "${WHO_NOBODY%%:*}")" \
		 "$(d_who "${WHO_NOCAPS%%:*}")" "$(d_who "${WHO_USERNS%%:*}")" "$D_RMMOD"; do
		ktap_fail "$c (the kernel is wedged)"
	done
else
	json()
	{
		$TW_PY -c "import json,sys; d=json.load(sys.stdin); print($1)"
	}
	# A normal request works after the race.
	ok=0
	if insmod "$TW_KO" && $T policy add 192.0.2.0/24 beta 0.75 &&
	   [ "$($T -j policy list | json '[p["beta"] for p in d["policies"]]')" = "[768]" ] &&
	   $T policy del 192.0.2.0/24 && $T syn status > /dev/null &&
	   $T -n twr-a syn set mode monitor &&
	   [ "$($T -n twr-a -j syn | json 'd["mode"]')" = monitor ]; then
		ok=1
	fi
	ktap_eq "$D_AFTER" $ok 1

	# probe WHO... [-- NAME=VALUE...]: as WHO, read every parameter, write
	# each one (VALUE, or by default a value root may set: another mode,
	# or a number next to the current one, inside every range), read them
	# all again. One line per parameter: NAME rw|ro BEFORE NEW RESULT AFTER,
	# RESULT being OK or the errno's name.
	probe()
	{
		_who=()
		while [ $# -gt 0 ] && [ "$1" != -- ]; do
			_who+=("$1")
			shift
		done
		shift
		"${_who[@]}" "$TW_PY" -c '
import errno, os, sys
d = sys.argv[1]
given = dict(a.split("=", 1) for a in sys.argv[2:])
def read(n):
    with open(os.path.join(d, n)) as f:
        return f.read().strip()
names = sorted(os.listdir(d))
before = {n: read(n) for n in names}
res = {}
new = {}
for n in names:
    v = before[n]
    if n in given:
        new[n] = given[n]
    elif n == "syn_mode":
        new[n] = "off" if v == "monitor" else "monitor"
    else:
        new[n] = str(int(v) - 1 if int(v) > 2 else int(v) + 1)
    try:
        fd = os.open(os.path.join(d, n), os.O_WRONLY)
        try:
            os.write(fd, new[n].encode())
        finally:
            os.close(fd)
        res[n] = "OK"
    except OSError as e:
        res[n] = errno.errorcode.get(e.errno, str(e.errno))
for n in names:
    rw = "rw" if os.stat(os.path.join(d, n)).st_mode & 0o200 else "ro"
    print(n, rw, before[n], new[n], res[n], read(n))
' "$PARAMS" "$@" 2>&1
	}
	# (the awk programs below print what is wrong, nothing when all is)
	ROOT_BAD='NF != 6 { print "bad-line:" $0; next }
		$2 == "rw" && ($5 != "OK" || $6 != $4) { printf " %s(%s,%s)", $1, $5, $6 }
		$2 == "ro" && (($5 != "EPERM" && $5 != "EACCES") || $6 != $3) { printf " %s(%s,%s)", $1, $5, $6 }
		$2 == "rw" { rw++ } END { if (!rw) printf " (no writable parameter)" }'
	OTHER_BAD='NF != 6 { print "bad-line:" $0; next }
		($5 != "EPERM" && $5 != "EACCES") || $6 != $3 { printf " %s(%s,%s)", $1, $5, $6 }
		END { if (!NR) printf " (no parameter)" }'

	# Root: every writable one takes its new value, no read-only one does.
	probe -- > "$W/root.try"
	ktap_diag "$(awk '$2 == "rw" { w = w " " $1 } $2 == "ro" { r++ }
		END { print NR " parameters; writable:" w "; " r + 0 " read-only" }' "$W/root.try")"
	ktap_eq "$D_ROOT" "$(awk "$ROOT_BAD" "$W/root.try")" ""
	restore=$(awk '$2 == "rw" { printf " %s=%s", $1, $3 }' "$W/root.try")
	# shellcheck disable=SC2086 # NAME=VALUE words
	probe -- $restore > "$W/restore.try"
	awk '$2 == "rw" && $6 != $4 { print "#   not restored: " $1 "=" $6 " (was " $4 ")" }' \
		"$W/restore.try"

	# The others: every write refused, no value changed.
	for who in "$WHO_NOBODY" "$WHO_NOCAPS" "$WHO_USERNS"; do
		# shellcheck disable=SC2086 # the prefix is words
		probe ${who#*:} -- > "$W/who.try"
		ktap_diag "${who%%:*}: $(awk '{ print $5 }' "$W/who.try" | sort | uniq -c |
			awk '{ printf "%s%s x%s", sep, $2, $1; sep = ", " }')"
		ktap_eq "$(d_who "${who%%:*}")" "$(awk "$OTHER_BAD" "$W/who.try")" ""
		# so that a failure is not blamed on the next one
		# shellcheck disable=SC2086
		probe -- $restore > /dev/null
	done

	tw_cleanup
	if tw_module_unload; then
		ktap_pass "$D_RMMOD"
	else
		ktap_fail "$D_RMMOD"
	fi
fi

tw_dmesg_check "dmesg has no WARN, BUG or Oops"
ktap_finish
