#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# `wardenctl sockets report`: port-exhaustion figures for a narrowed
# ip_local_port_range with reserved ports, the CLOSE_WAIT leak per process,
# and the --json / --prometheus outputs (parsed, not just printed).
. "$(dirname "$0")/lib.sh"

. "$(dirname "$0")/sockets_lib.sh"
NS=twsr$$
LO=40000
HI=40099
RESERVED=40090-40099	# 10 of the 100 ports: 90 usable
USABLE=90
N_OK=10			# to 127.0.0.1:9002, 11.1%
N_WARN=50		# to 127.0.0.1:9000, 55.6% (> 50%)
N_CRIT=75		# to 127.0.0.1:9001, 83.3% (> 80%)
NCW=7

tw_require_root
[ -x "$TW_CTL" ] || tw_bail "$TW_CTL not built; run make tools"
[ -x "$PROG" ] || tw_bail "$PROG not built; run make -C selftests"

ktap_plan 17
tw_netns "$NS"
ip netns exec "$NS" sysctl -qw net.ipv4.tcp_tw_reuse=0 \
	net.ipv4.ip_local_port_range="$LO $HI" \
	net.ipv4.ip_local_reserved_ports=$RESERVED ||
	tw_bail "cannot set sysctls in $NS"

# The CLOSE_WAIT holder first: TIME_WAIT sockets start their 60 s last.
sk_cw_holder "$NS" -p 7000 -c $NCW
ip netns exec "$NS" "$PROG" -p 9000 -t $N_WARN >/dev/null || tw_bail "sockets_prog 9000"
ip netns exec "$NS" "$PROG" -p 9001 -t $N_CRIT >/dev/null || tw_bail "sockets_prog 9001"
ip netns exec "$NS" "$PROG" -p 9002 -t $N_OK >/dev/null || tw_bail "sockets_prog 9002"

ctl() { "$TW_CTL" -n "$NS" sockets "$@"; }
ssn() { nsenter --net=/run/netns/"$NS" ss -Htan "$@"; }
# TIME_WAIT sockets live 60 s and a loaded VM is slow: every snapshot first
# (C programs only), the checks afterwards.
json=$(ctl report --json)
table=$(ctl report)
prom=$(ctl report --prometheus)
promlist=$(ctl --prometheus)
ss_tw=$(ssn state time-wait | wc -l)
ss_tw4=$(ssn -4 state time-wait | wc -l)
dir=$(mktemp -d)
ctl report --prometheus --output "$dir/tcpwarden.prom"
output_rc=$?
last=$(ctl report --json)
# One interpreter start for every JSON figure: cheap in a slow VM.
vals=$(printf '%s' "$json" | "$PY" -c '
import json, sys
d = json.load(sys.stdin)["netns"][0]
p, s, c = d["port-exhaustion"], d["sysctls"], d["close-wait"]
usable, n = int(sys.argv[1]), dict(zip((7000, 9000, 9001, 9002), map(int, sys.argv[2:6])))
print("usable", p["usable-ports"])
for r in p["rows"]:
    print("row %s>%s:%d tw=%d use=%d %s" % (r["src"], r["dst"], r["dport"], r["time-wait"], r["in-use"], r["risk"]))
print("ratios", all(abs(r["use-ratio"] - n[r["dport"]] / usable) < 1e-4 for r in p["rows"]))
print("sysctls", s["tcp_tw_reuse"], s["ip_local_port_range"], s["ip_local_reserved_ports"])
print("twtotal", p["time-wait-total"])
print("cw", " ".join("%s/%s=%d" % (x["pid"], x["comm"], x["count"]) for x in c["processes"]))
print("cwnote", "close()" in c["explanation"] and
      (c["age-note"] is not None or c["processes"][0]["oldest-age-ms"] is not None))
' $USABLE $NCW $N_WARN $N_CRIT $N_OK)
val() { printf '%s\n' "$vals" | sed -n "s/^$1 //p"; }

ktap_eq "usable ports = range minus reserved" "$(val usable)" $USABLE
want=$(printf '%s\n' \
	"127.0.0.1>127.0.0.1:9001 tw=$N_CRIT use=$N_CRIT critical" \
	"127.0.0.1>127.0.0.1:9000 tw=$N_WARN use=$N_WARN warning" \
	"127.0.0.1>127.0.0.1:9002 tw=$N_OK use=$N_OK ok" \
	"127.0.0.1>127.0.0.1:7000 tw=0 use=$NCW ok")
# The CLOSE_WAIT peers (orphaned FIN-WAIT-2 clients) hold ports towards 7000.
ktap_eq "risk rows: counts and levels per destination, by use" "$(val row)" "$want"
ktap_eq "risk ratios are in-use / usable" "$(val ratios)" True
ktap_eq "sysctls are reported" "$(val sysctls)" "0 [$LO, $HI] $RESERVED"
ktap_eq "TIME-WAIT total" "$(val twtotal)" "$ss_tw"
ktap_eq "close-wait leak names the process" "$(val cw)" "$CWPID/sockets_prog=$NCW"
ktap_eq "close-wait explanation and age note" "$(val cwnote)" True

# has TEXT REGEX
has() { printf '%s\n' "$1" | grep -q -- "$2"; }
ktap_check "table flags the critical destination" has "$table" '127.0.0.1:9001 .* CRITICAL'
ktap_check "table flags the warning destination" has "$table" '127.0.0.1:9000 .* WARNING'
ktap_check "table shows the sysctls" has "$table" "net.ipv4.ip_local_port_range = $LO $HI"
ktap_check "table explains CLOSE-WAIT" has "$table" 'has not called close()'

# Prometheus text format: HELP/TYPE before samples, names, labels, values.
promcheck=$(mktemp)
cat >"$promcheck" <<'EOF'
import re, sys
sample = re.compile(r"^(tcpwarden_[a-zA-Z0-9_]+)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\]|\\.)*\",?)*\})? (-?[0-9.eE+-]+|NaN)$")
helped, typed, seen, last = set(), set(), {}, None
src = open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin
for line in src.read().splitlines():
    m = re.match(r"^# (HELP|TYPE) (tcpwarden_[a-zA-Z0-9_]+) (.+)$", line)
    if m:
        (helped if m.group(1) == "HELP" else typed).add(m.group(2))
        if m.group(1) == "TYPE":
            assert m.group(3) == "gauge", line
        continue
    m = sample.match(line)
    assert m, "bad line: " + line
    name = m.group(1)
    assert name in helped and name in typed, "no HELP/TYPE before " + name
    assert name == last or name not in seen, "samples of %s are not grouped" % name
    seen[name] = float(m.group(3)); last = name
print(" ".join(sorted(seen)))
EOF
names=$(printf "%s\n" "$prom" | "$PY" "$promcheck")
ktap_check "report --prometheus parses" has "$names" tcpwarden_port_exhaustion_risk
ktap_eq "prometheus risk gauge of the critical row" \
	"$(printf '%s\n' "$prom" | grep '^tcpwarden_port_exhaustion_risk{.*dport="9001"}' | awk '{print $2}')" 2
ktap_eq "prometheus state gauge matches ss" \
	"$(printf '%s\n' "$promlist" | "$PY" "$promcheck" >/dev/null &&
	   printf '%s\n' "$promlist" | grep '^tcpwarden_sockets{.*family="ipv4",state="time-wait"}' | awk '{print $2}')" \
	"$ss_tw4"

# --output: the textfile collector reads the file only once it is complete.
ktap_eq "--output writes the file and leaves no temporary" "$output_rc $(ls "$dir")" "0 tcpwarden.prom"
ktap_check "--output file parses" "$PY" "$promcheck" "$dir/tcpwarden.prom"
rm -rf "$dir" "$promcheck"
ktap_eq "no TIME-WAIT expired while the snapshots were taken" \
	"$(printf '%s' "$last" | "$PY" -c "import json, sys; print(json.load(sys.stdin)['netns'][0]['port-exhaustion']['time-wait-total'])")" \
	$((N_OK + N_WARN + N_CRIT))

ktap_finish
