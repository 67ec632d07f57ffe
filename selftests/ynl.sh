#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The family driven by the kernel's own YNL client (cli.py from the
# matrix's newest linux-source, scripts/ynl) with our spec: the spec
# validates; every operation works with addresses written as addresses;
# each range check refuses one bad value with its extack text; syn-alert
# delivers flood start and end; and wardenctl --json shows what YNL shows.
. "$(dirname "$0")/syn_lib.sh"
tw_require_root
ktap_plan 45

Y="$TW_TOP/scripts/ynl cli"
[ -r "$TW_TOP/build/ynl/tools/net/ynl/pyynl/cli.py" ] ||
	tw_bail "the YNL tools are not extracted; run scripts/extract-ynl on the host"

tw_module_unload
syn_dmesg_mark
tw_module_load syn_quiet_ms=1000
tw_netns twy-a
N="ip netns exec twy-a"

# y CASE ARGS...: one cli.py call in twy-a that must succeed.
y()
{
	_d=$1
	shift
	# shellcheck disable=SC2086
	if _out=$($N $Y "$@" 2>&1); then
		ktap_pass "$_d"
	else
		echo "$_out" | sed 's/^/# /'
		ktap_fail "$_d"
	fi
}

# yerr CASE TEXT ARGS...: a cli.py call that the kernel must refuse with
# TEXT in its extack message (and nothing applied).
yerr()
{
	_d=$1 _want=$2
	shift 2
	# shellcheck disable=SC2086
	_out=$($N $Y "$@" 2>&1)
	_rc=$?
	case "$_out" in
	*"$_want"*) [ $_rc -ne 0 ] && { ktap_pass "$_d"; return; } ;;
	esac
	ktap_diag "rc=$_rc: $_out"
	ktap_fail "$_d"
}

ktap_check "the spec validates against its schema (cli.py --validate)" $Y --validate

# --- every operation ------------------------------------------------------
y "policy-add, IPv4 written as an address, every parameter" --do policy-add --json \
	'{"dst4": "10.0.0.0", "prefixlen": 8, "port-min": 443, "port-max": 444,
	  "params": {"beta": 717, "min-ssthresh": 4, "initial-ssthresh": 100,
		     "max-cwnd": 500, "growth": "cubic", "rto-beta": 307}}'
y "policy-add, IPv6" --do policy-add --json '{"dst6": "2001:db8::", "prefixlen": 32}'
y "policy-add with NLM_F_REPLACE keeps the id" --do policy-add --replace --json \
	'{"dst6": "2001:db8::", "prefixlen": 32, "params": {"beta": 800}}'
out=$($N $Y --do policy-get --output-json --json '{"dst4": "10.0.0.0", "prefixlen": 8, "port-min": 443, "port-max": 444}')
ktap_eq "policy-get (do) decodes the address and every parameter" \
	"$(echo "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); p=d["params"]; print(d["id"], d["dst4"], d["prefixlen"], p["beta"], p["growth"], p["max-cwnd"], p["rto-beta"])')" \
	"1 10.0.0.0 8 717 cubic 500 307"
dump=$($N $Y --dump policy-get --output-json)
ktap_eq "policy-get (dump) lists both, the IPv6 one replaced in place" \
	"$(echo "$dump" | python3 -c 'import json,sys; print(sorted((p["id"], p.get("dst4") or p.get("dst6"), p["params"]["beta"]) for p in json.load(sys.stdin)))')" \
	"[(1, '10.0.0.0', 717), (2, '2001:db8::', 800)]"
y "policy-del" --do policy-del --json '{"dst6": "2001:db8::", "prefixlen": 32}'
y "default-set" --do default-set --json '{"params": {"beta": 600, "min-ssthresh": 8}}'
ktap_eq "default-get reads it back" \
	"$($N $Y --do default-get --output-json | python3 -c 'import json,sys; p=json.load(sys.stdin)["params"]; print(p["beta"], p["min-ssthresh"])')" \
	"600 8"
y "syn-set: this namespace's mode" --do syn-set --json '{"mode": "monitor"}'
ktap_eq "syn-get: the namespace in monitor, the global mode enforce" \
	"$($N $Y --do syn-get --output-json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["mode"], d["global-mode"], "mode-default" in d)')" \
	"monitor enforce False"
y "syn-list-add (deny), IPv4 as an address" --do syn-list-add --json \
	'{"list": "deny", "addr4": "10.9.0.0", "prefixlen": 16}'
y "syn-list-add (allow), IPv6 as an address" --do syn-list-add --json \
	'{"list": "allow", "addr6": "2001:db8:1::", "prefixlen": 48}'
ktap_eq "syn-list-get dumps both lists, allow first" \
	"$($N $Y --dump syn-list-get --output-json | python3 -c 'import json,sys; print([(e["list"], e.get("addr4") or e.get("addr6"), e["prefixlen"]) for e in json.load(sys.stdin)])')" \
	"[('allow', '2001:db8:1::', 48), ('deny', '10.9.0.0', 16)]"
ktap_eq "syn-list-get with a list dumps that list only" \
	"$($N $Y --dump syn-list-get --json '{"list": "deny"}' --output-json | python3 -c 'import json,sys; print([(e["list"], e.get("addr4") or e.get("addr6")) for e in json.load(sys.stdin)])')" \
	"[('deny', '10.9.0.0')]"
yerr "syn-list-get with a prefix is refused" "syn-list-get takes a list only" \
	--dump syn-list-get --json '{"addr4": "10.9.0.0"}'
y "syn-list-del" --do syn-list-del --json '{"list": "deny", "addr4": "10.9.0.0", "prefixlen": 16}'
yerr "syn-get with an attribute is refused" "syn-get takes no attributes" \
	--do syn-get --json '{"mode": "off"}'
yerr "default-get with an attribute is refused" "default-get takes no attributes" \
	--do default-get --json '{"params": {"beta": 600}}'
# A flush with a prefix must not be taken for "flush everything".
y "policy-add, to flush" --do policy-add --json '{"dst4": "10.6.0.0", "prefixlen": 16}'
yerr "policy-flush with a prefix is refused" "policy-flush takes no attributes" \
	--do policy-flush --json '{"dst4": "10.6.0.0", "prefixlen": 16}'
ktap_eq "and the table keeps its policies" \
	"$($N $Y --dump policy-get --output-json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 2
y "policy-flush" --do policy-flush
ktap_eq "the table is empty after the flush" "$($N $Y --dump policy-get --output-json)" "[]"

# --- one bad value per range check, with its extack text -------------------
P='"dst4": "10.5.0.0", "prefixlen": 16'
yerr "beta below beta-min" "integer out of range" \
	--do policy-add --json "{$P, \"params\": {\"beta\": 100}}"
yerr "min-ssthresh below min-ssthresh-min" "integer out of range" \
	--do policy-add --json "{$P, \"params\": {\"min-ssthresh\": 1}}"
yerr "initial-ssthresh above ssthresh-max" "integer out of range" \
	--do policy-add --json "{$P, \"params\": {\"initial-ssthresh\": 1048577}}"
yerr "max-cwnd below min-ssthresh" "max-cwnd must be 0" \
	--do policy-add --json "{$P, \"params\": {\"min-ssthresh\": 10, \"max-cwnd\": 5}}"
yerr "rto-beta between 0 and beta-min" "rto-beta must be 0" \
	--do policy-add --json "{$P, \"params\": {\"rto-beta\": 100}}"
yerr "an IPv4 prefix longer than 32" "IPv4 prefix length must be 0..32" \
	--do policy-add --json '{"dst4": "10.5.0.0", "prefixlen": 33}'
yerr "host bits below the prefix length" "host bits are set" \
	--do policy-add --json '{"dst4": "10.5.0.1", "prefixlen": 16}'
yerr "an IPv4-mapped IPv6 prefix" "IPv4-mapped" \
	--do policy-add --json '{"dst6": "::ffff:10.0.0.0", "prefixlen": 104}'
yerr "counters in a request" "counters are read-only" \
	--do policy-add --json "{$P, \"stats\": {\"loss\": 1}}"
yerr "queue-pct above 100" "integer out of range" \
	--do syn-set --json '{"queue-pct": 101}'
yerr "syn-list-add without list" "list (allow or deny) is required" \
	--do syn-list-add --json '{"addr4": "10.9.0.0"}'
ktap_eq "nothing refused was applied" "$($N $Y --dump policy-get --output-json)" "[]"

# A syn-set is one change: refused as a whole, the mode stays.
yerr "syn-set of a mode and a global tunable from another netns" "initial netns" \
	--do syn-set --json '{"mode": "off", "threshold": 3000}'
ktap_eq "and the namespace's mode is unchanged" \
	"$($N $Y --do syn-get --output-json | python3 -c 'import json,sys; print(json.load(sys.stdin)["mode"])')" \
	monitor

# --- syn-stats, syn-top and syn-alert on a flooded listener --------------
syn_topology
syn_serve
ip netns exec syn-srv "$SYN_CONN" serve -p 8081 -t 600 > /dev/null &
tw_wait_listen syn-srv 8081
ip netns exec syn-cli "$SYN_CONN" connect -c "$SYN_SRV" -p "$SYN_PORT" -n 3 > /dev/null
ip netns exec syn-cli "$SYN_CONN" connect -c "$SYN_SRV" -p 8081 -n 2 > /dev/null
alerts=$(mktemp)
ip netns exec syn-srv $Y --subscribe syn-alert --duration 120 --output-json > "$alerts" 2>&1 &
sub=$!
# Python takes seconds to start under TCG: flood only once a generic
# netlink socket of the netns has joined a group (/proc/net/netlink).
i=0
until ip netns exec syn-srv awk '$2 == 16 && $4 != "00000000" { f = 1 } END { exit !f }' /proc/net/netlink; do
	i=$((i + 1))
	[ $i -lt 600 ] && kill -0 "$sub" 2>/dev/null || break
	sleep 0.1
done
ip netns exec syn-atk "$SYN_FLOOD" -d "$SYN_SRV" -p "$SYN_PORT" -s 10.64.0.7/32 -t 3 > /dev/null
stats=$(ip netns exec syn-srv $Y --dump syn-stats --output-json --json "{\"port\": $SYN_PORT}")
ktap_eq "syn-stats with port: only that listener, its address decoded" \
	"$(echo "$stats" | python3 -c 'import json,sys; print([(l["addr4"], l["port"]) for l in json.load(sys.stdin)])')" \
	"[('0.0.0.0', $SYN_PORT)]"
ktap_eq "syn-stats without port: both listeners" \
	"$(ip netns exec syn-srv $Y --dump syn-stats --output-json | python3 -c 'import json,sys; print(sorted(l["port"] for l in json.load(sys.stdin) if "addr4" in l))')" \
	"[8080, 8081]"
top=$(ip netns exec syn-srv $Y --dump syn-top --output-json --json "{\"port\": $SYN_PORT}")
ktap_eq "syn-top names the flooding source as an address" \
	"$(echo "$top" | python3 -c 'import json,sys; d=json.load(sys.stdin)[0]; s=d["sources"][0]; print(next(iter(s.values()))["addr4"] if "addr4" not in s else s["addr4"])')" \
	10.64.0.7
# the end comes syn_quiet_ms (1 s) after the flood: stop listening then
i=0
while ! grep -q '"flood": 0' "$alerts" && [ $i -lt 300 ] && kill -0 "$sub" 2>/dev/null; do
	i=$((i + 1))
	sleep 0.1
done
kill "$sub" 2>/dev/null
{ wait "$sub"; } 2>/dev/null
seen=$(python3 -c '
import json, sys
seen = []
for line in open(sys.argv[1]):
    line = line.strip()
    if line.startswith("{"):
        m = json.loads(line)
        msg = m.get("msg", m)
        if msg.get("port") == int(sys.argv[2]):
            seen.append(msg.get("flood"))
print(seen)' "$alerts" "$SYN_PORT")
[ "$seen" = "[1, 0]" ] || sed 's/^/# /' "$alerts"
ktap_eq "syn-alert delivered flood start and end for the listener" "$seen" "[1, 0]"
rm -f "$alerts"

# --- wardenctl --json shows the same state ----------------------------------
$N $Y --do policy-add --json '{"dst4": "10.7.0.0", "prefixlen": 16, "params": {"beta": 900, "growth": "cubic"}}' > /dev/null
# flat DICT: leaf keys of nested objects (wardenctl may group them)
FLAT='
def flat(d, out):
    for k, v in d.items():
        if isinstance(v, dict):
            flat(v, out)
        else:
            out[k] = v
    return out
'
ynlp=$($N $Y --dump policy-get --output-json)
wctl=$($N "$TW_CTL" -j policy list)
ktap_eq "wardenctl policy list --json: the spec's keys, YNL's values" \
	"$(python3 -c "$FLAT
import json, sys
y = {p['id']: flat(p, {}) for p in json.loads(sys.argv[1])}
w = {p['id']: flat(p, {}) for p in json.loads(sys.argv[2])['policies']}
bad = [(i, k, v, w.get(i, {}).get(k)) for i in y for k, v in y[i].items()
       if k not in ('dst4', 'dst6', 'prefixlen') and w.get(i, {}).get(k) != v]
print(bad or 'same')" "$ynlp" "$wctl")" same
ynls=$($N $Y --do syn-get --output-json)
wctls=$($N "$TW_CTL" -j syn status)
ktap_eq "wardenctl syn status --json: the spec's keys, YNL's values" \
	"$(python3 -c "$FLAT
import json, sys
y = flat(json.loads(sys.argv[1]), {})
w = flat(json.loads(sys.argv[2]), {})
norm = lambda v: int(v) if isinstance(v, bool) else v
bad = [(k, v, w.get(k)) for k, v in y.items() if norm(w.get(k)) != norm(v)]
print(bad or 'same')" "$ynls" "$wctls")" same

tw_cleanup
tw_module_unload
bad=$(syn_dmesg_bad)
[ -z "$bad" ] || echo "$bad" | sed 's/^/# /'
ktap_check "dmesg is clean" test -z "$bad"
ktap_finish
