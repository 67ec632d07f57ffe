#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# One JSON convention for every command (wardenctl(8), JSON OUTPUT): each
# command's --json output, walked member by member. Keys are lowercase words
# joined by dashes (the netlink spec's style); a 0/1 fact is a boolean; a
# number of time carries its unit in its key; a key means one kind of
# value in every command. Every command wardenctl lists must have output
# here (help, completion and save print none). With tcp_warden.ko, also: what
# `syn set` and `policy default set` take is what JSON and the module
# parameters call it. Runs on the host (sockets, trace, agent) and in the
# VM (all of them).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/trace_lib.sh"

NS=twjs-$$
PORT=8600

tw_trace_setup
trap 'tw_tracers_kill; "$TW_CTL" agent stop > /dev/null 2>&1; tw_cleanup; rm -rf "$TW_TMP"' EXIT
OUT=$TW_TMP/out
mkdir -p "$OUT"

have_module=false
if tw_module_unload 2>/dev/null && [ -r "$TW_KO" ] && insmod "$TW_KO" 2>/dev/null; then
	have_module=true
fi

# capture NAME ARGS...: wardenctl -j ARGS into $OUT/NAME.json; a failure
# leaves its stderr there for the check to report.
capture()
{
	_n=$1
	shift
	"$TW_CTL" -j "$@" > "$OUT/$_n.json" 2> "$OUT/$_n.err" || echo "exit $?" >> "$OUT/$_n.err"
}

# The trace programs over a connection, a refused connect and a transfer.
tw_netns "$NS"
for p in states retrans resets handshake cwnd; do
	tw_tracer "$p" "$p" -n "$NS" port $PORT-$((PORT + 1))
done
ip netns exec "$NS" python3 -c '
import socket, sys
port = int(sys.argv[1])
l = socket.socket(); l.bind(("127.0.0.1", port)); l.listen(1)
c = socket.create_connection(("127.0.0.1", port)); s, _ = l.accept()
c.sendall(b"x" * 300000); c.close()
while s.recv(65536):
    pass
s.close(); l.close()
try:
    socket.create_connection(("127.0.0.1", port + 1))
except ConnectionRefusedError:
    pass
' $PORT || tw_bail "traffic in $NS failed"
sleep 0.3
for p in states retrans resets handshake cwnd; do
	tw_tracer_stop "$p"
	mv "$TW_TMP/$p.jsonl" "$OUT/trace-$p.json"
	mv "$TW_TMP/$p.err" "$OUT/trace-$p.err"
done

# The agent, with sockets of the namespace to track while they are open.
"$TW_CTL" agent stop > /dev/null 2>&1
"$TW_CTL" agent start > /dev/null || tw_bail "agent start failed"
ip netns exec "$NS" python3 -c '
import socket, time
l = socket.socket(); l.bind(("127.0.0.1", 8700)); l.listen(1)
c = socket.create_connection(("127.0.0.1", 8700)); s, _ = l.accept()
time.sleep(3)
' &
held=$!
sleep 1
capture agent-status agent status
capture agent-dump agent dump
wait $held
"$TW_CTL" agent stop > /dev/null

capture sockets-list sockets state all info
capture sockets-tw -n "$NS" sockets
capture sockets-summary sockets summary all-netns
capture sockets-remote sockets group-by remote
capture sockets-lport sockets group-by local-port
capture sockets-process sockets state all group-by process
capture sockets-report sockets report all-netns

# doctor's verdict is whatever this host's is: its exit status is not the point
"$TW_CTL" -j doctor > "$OUT/doctor.json" 2> "$OUT/doctor.err"
printf '# nothing\n' | capture apply apply -

if $have_module; then
	printf 'policy add 10.81.0.0/16\nnetns %s\nsyn allow add 192.0.2.0/24\n' "$NS" |
		capture apply-check apply - check
	"$TW_CTL" policy add 10.80.0.0/16 port 443 beta 0.7 growth cubic > /dev/null
	"$TW_CTL" policy add 2001:db8::/32 growth reno > /dev/null
	capture policy-list policy list
	capture policy-show policy show 10.80.0.0/16
	capture policy-default policy default
	"$TW_CTL" policy flush
	"$TW_CTL" syn allow add 192.0.2.0/24
	capture syn-status syn status
	capture syn-top syn top
	capture syn-list syn list
	"$TW_CTL" syn allow del 192.0.2.0/24
fi

# Every command has output here, but help and completion.
cmds=$("$TW_CTL" completion bash | sed -n 's/^_wardenctl_sub\[\.\]="\(.*\)"$/\1/p')

"$TW_PY" - "$OUT" "$have_module" $cmds > "$TW_TMP/results" <<'PY'
import json, os, re, sys

out, have_module, cmds = sys.argv[1], sys.argv[2] == "true", sys.argv[3:]
KEY = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
# Objects keyed by another interface's names: sysctl(8)'s, nstat(8)'s.
FOREIGN = {"sysctls", "kernel"}
# The 0/1 facts of every output.
BOOLS = {"flood", "cookies", "hooked", "mode-default", "hystart", "running", "syn", "active",
         "warden-tracepoint"}
UNITS = ("ns", "us", "ms", "s", "bytes", "pct", "per-s")
TIME_WORDS = {"age", "time", "latency", "duration", "delay", "rtt", "rttvar", "timer", "since",
              "ts", "sum", "elapsed", "timeout", "interval", "lifetime"}

def kind(v):
    return "bool" if isinstance(v, bool) else "number" if isinstance(v, (int, float)) else \
        "string" if isinstance(v, str) else None

types, problems = {}, []

def walk(name, path, v, foreign=False):
    if isinstance(v, list):
        for i, x in enumerate(v):
            walk(name, "%s[%d]" % (path, i), x)
        return
    if not isinstance(v, dict):
        return
    for k, x in v.items():
        where = "%s: %s.%s" % (name, path, k)
        if not foreign and not KEY.match(k):
            problems.append("%s: not lowercase words joined by dashes" % where)
        if k in BOOLS and not isinstance(x, bool):
            problems.append("%s: a 0/1 fact, but %r is no boolean" % (where, x))
        words = k.split("-")
        unit = k.endswith(tuple("-" + u for u in UNITS))
        if unit and x is not None and kind(x) != "number":
            problems.append("%s: a number with its unit, but %r" % (where, x))
        if not unit and kind(x) == "number" and words[-1] in TIME_WORDS:
            problems.append("%s: a time without its unit (-ns, -us, -ms, -s)" % where)
        t = kind(x)
        if t and not foreign:
            types.setdefault(k, {}).setdefault(t, where)
        walk(name, path + "." + k, x, k in FOREIGN)

seen = set()
for f in sorted(os.listdir(out)):
    if not f.endswith(".json"):
        continue
    name = f[:-5]
    err = open(os.path.join(out, name + ".err")).read().strip()
    text = open(os.path.join(out, f)).read()
    docs = []
    try:
        docs = [json.loads(l) for l in text.splitlines() if l.strip()]
    except ValueError as e:
        err = err or str(e)
    ok = bool(docs) and not err.startswith("exit")
    print("%s %s: --json output parses%s" % ("PASS" if ok else "FAIL", name,
          "" if ok else ": " + (err.splitlines()[-1] if err else "no output")))
    before = len(problems)
    for d in docs:
        walk(name, "", d)
    mine = problems[before:]
    print("%s %s: keys, booleans and units follow the convention%s" % (
          "PASS" if not mine else "FAIL", name, "" if not mine else ": " + "; ".join(mine[:3])))
    seen.add(name.split("-")[0])
clash = ["%s (%s)" % (k, ", ".join("%s in %s" % (t, w) for t, w in sorted(v.items())))
         for k, v in sorted(types.items()) if len(v) > 1]
print("%s every key means one kind of value in every command%s" % (
      "PASS" if not clash else "FAIL", "" if not clash else ": " + "; ".join(clash[:3])))
need = [c for c in cmds if c not in ("help", "completion", "save")]
missing = [c for c in need if c not in seen and (have_module or c not in ("policy", "syn"))]
print("%s every command's JSON is walked%s" % ("PASS" if not missing else "FAIL",
      "" if not missing else ": none of " + ", ".join(missing)))
for c in ("policy", "syn"):
    if not have_module:
        print("SKIP %s JSON: tcp_warden.ko cannot be loaded here" % c)
PY

# What you type is what you read back: every `syn set` keyword is the JSON
# key, the word `syn status` prints and the module parameter syn_KEYWORD;
# policy's min-ssthresh and beta are the default policy's keys and the
# parameters that make it.
if $have_module; then
	words=$("$TW_CTL" completion bash | sed -n 's/^_wardenctl_kw\["syn set"\]="\(.*\)"$/\1/p')
	for w in $words; do
		case $w in mode|global) continue ;; esac
		par=/sys/module/tcp_warden/parameters/syn_$(echo "$w" | tr - _)
		old=$("$TW_CTL" -j syn | "$TW_PY" -c "import json, sys; print(json.load(sys.stdin)['$w'])")
		new=$((old > 1 ? old - 1 : old + 1))
		"$TW_CTL" syn set "$w" "$new"
		got="$("$TW_CTL" -j syn | "$TW_PY" -c "import json, sys; print(json.load(sys.stdin)['$w'])") $(cat "$par" 2>/dev/null) $("$TW_CTL" syn | grep -o "\(^\| \)$w [0-9]*" | awk '{print $2}')"
		"$TW_CTL" syn set "$w" "$old"
		if [ "$got" = "$new $new $new" ]; then
			echo "PASS names: syn set $w: JSON $w, text '$w N', parameter ${par##*/}"
		else
			echo "FAIL names: syn set $w $new read back as JSON, parameter, text: $got"
		fi
	done >> "$TW_TMP/results"
	for w in min-ssthresh beta; do
		par=/sys/module/tcp_warden/parameters/$(echo "$w" | tr - _)
		old=$(cat "$par")
		echo $((old + 5)) > "$par"
		tw_netns "$NS-$w"
		got=$("$TW_CTL" -n "$NS-$w" -j policy default |
			"$TW_PY" -c "import json, sys; print(json.load(sys.stdin)['default']['$w'])")
		echo "$old" > "$par"
		if [ "$got" = $((old + 5)) ]; then
			echo "PASS names: parameter ${par##*/} is the default policy's $w"
		else
			echo "FAIL names: parameter ${par##*/} $((old + 5)), but a new netns's default $w is $got"
		fi
	done >> "$TW_TMP/results"
	tw_module_unload
else
	echo "SKIP names: syn set and policy default keywords: tcp_warden.ko cannot be loaded here" \
		>> "$TW_TMP/results"
fi

ktap_plan "$(grep -c '^\(PASS\|FAIL\|SKIP\) ' "$TW_TMP/results")"
tw_results "$TW_TMP/results"
ktap_finish
