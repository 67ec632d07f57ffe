#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# wardenctl save and apply against tcp_warden.ko (wardenctl-config(8)):
# save's file, applied to a freshly loaded module, gives back the policies,
# default policies, SYN settings and lists of two namespaces; applying a
# file twice changes nothing the second time; a file with an error in line
# N (found by a parser, or refused by the kernel half-way) applies nothing
# and names line N; a reload makes the table and lists of each namespace
# the file names exactly the file's, and leaves other namespaces alone.
. "$(dirname "$0")/lib.sh"
tw_require_root
[ -x "$TW_CTL" ] || tw_bail "$TW_CTL not built; run make tools"

A=twcfg-a
B=twcfg-b
TMP=$(mktemp -d /tmp/config.XXXXXX)
trap 'tw_cleanup; rm -rf "$TMP"' EXIT
ktap_plan 35

tw_module_unload || tw_bail "cannot unload tcp_warden"
tw_module_load
tw_netns "$A" "$B"

# state [ids]: every namespace's policies (ids and counters left out unless
# "ids"), default policy, SYN configuration and lists, as canonical JSON.
state()
{
	for ns in init "$A" "$B"; do
		n=""
		[ "$ns" = init ] || n="-n $ns"
		# shellcheck disable=SC2086
		{
			echo "{\"netns\": \"$ns\"}"
			"$TW_CTL" $n -j policy list
			"$TW_CTL" $n -j policy default
			"$TW_CTL" $n -j syn status
			echo "{\"lists\": $("$TW_CTL" $n -j syn list)}"
		}
	done | "$TW_PY" -c '
import json, sys
ids = len(sys.argv) > 1
CONF = ("mode", "mode-default", "global-mode", "hooked", "threshold", "queue-pct", "quiet-ms",
        "src-rate", "src-burst", "all-rate", "all-burst", "v4-prefix", "v6-prefix")
for line in sys.stdin:
    d = json.loads(line)
    if "policies" in d or "default" in d:
        for p in d.get("policies", [d.get("default")]):
            p.pop("stats", None)
            if not ids:
                p.pop("id", None)
    elif "mode" in d:
        d = {k: v for k, v in d.items() if k in CONF}
    print(json.dumps(d, sort_keys=True))' ${1:+"$1"}
}

# same DESC FILE1 FILE2: one case, with the difference when it fails.
same()
{
	if cmp -s "$2" "$3"; then
		ktap_pass "$1"
	else
		diff "$2" "$3" | head -n 20 | sed 's/^/# /'
		ktap_fail "$1"
	fi
}

# A bit of everything, in two namespaces; the third stays as it came.
"$TW_CTL" policy add 10.50.0.0/16 port 443 beta 0.7 min-ssthresh 4 growth cubic hystart off &&
"$TW_CTL" policy add 2001:db8:50::/48 initial-ssthresh 100 max-cwnd 900 rto-beta 0.6 &&
"$TW_CTL" policy add 10.59.0.0/16 beta 0.9 &&
"$TW_CTL" policy default set beta 0.65 min-ssthresh 3 growth cubic &&
"$TW_CTL" policy add 10.51.0.0/16 port 1000-2000 beta 333 &&
"$TW_CTL" policy del 10.59.0.0/16 &&
"$TW_CTL" syn set global mode monitor threshold 3000 queue-pct 40 quiet-ms 5000 src-rate 7 \
	src-burst 9 all-rate 1500 all-burst 800 v4-prefix 24 v6-prefix 56 &&
"$TW_CTL" syn set mode enforce &&
"$TW_CTL" syn allow add 192.0.2.0/24 &&
"$TW_CTL" syn deny add 198.51.100.0/24 &&
"$TW_CTL" syn deny add 2001:db8:dead::/48 &&
"$TW_CTL" -n "$A" policy add 10.60.0.0/16 beta 0.8 growth cubic &&
"$TW_CTL" -n "$A" policy add 10.61.0.0/16 port 80 min-ssthresh 10 &&
"$TW_CTL" -n "$A" policy default set rto-beta 0.5 initial-ssthresh 50 &&
"$TW_CTL" -n "$A" syn set mode off &&
"$TW_CTL" -n "$A" syn allow add 10.0.0.0/8 ||
	tw_bail "setting the state to save failed"

# ---- save, reload the module, apply: the same state
state > "$TMP/before"
"$TW_CTL" save > "$TMP/saved.conf" 2> "$TMP/err"
ktap_eq "save exits 0 and says nothing on stderr" "$?:$(cat "$TMP/err")" "0:"
sed 's/^/# /' "$TMP/saved.conf"
grep -q "^netns $A\$" "$TMP/saved.conf" && ! grep -q "^netns $B\$" "$TMP/saved.conf"
ktap_eq "save has a section for $A, none for the untouched $B" "$?" 0
grep -q '^policy default set beta 0.65 min-ssthresh 3 initial-ssthresh inf max-cwnd none growth cubic hystart on rto-beta beta$' "$TMP/saved.conf" &&
grep -q '^syn set global mode monitor threshold 3000 queue-pct 40 quiet-ms 5000 src-rate 7 src-burst 9 all-rate 1500 all-burst 800 v4-prefix 24 v6-prefix 56$' "$TMP/saved.conf" &&
	grep -q '^policy add 10.50.0.0/16 port 443 beta 0.7 min-ssthresh 4 hystart off$' "$TMP/saved.conf"
ktap_eq "save writes the grammar people type (fractions, ports, only what differs from the default)" "$?" 0

tw_module_unload || tw_bail "cannot unload tcp_warden"
tw_module_load
state > "$TMP/fresh"
if cmp -s "$TMP/before" "$TMP/fresh"; then
	ktap_fail "a freshly loaded module has none of it (else the round trip proves nothing)"
else
	ktap_pass "a freshly loaded module has none of it (else the round trip proves nothing)"
fi
"$TW_CTL" apply "$TMP/saved.conf" > "$TMP/out" 2> "$TMP/err"
ktap_eq "apply of the saved file exits 0 and says nothing on stderr" "$?:$(cat "$TMP/err")" "0:"
ktap_diag "$(cat "$TMP/out")"
state > "$TMP/after"
same "policy list, policy default, syn status (configuration) and syn list of every namespace are back" \
	"$TMP/before" "$TMP/after"

# ---- twice: nothing to do, nothing changes, not even a policy's id
state ids > "$TMP/ids1"
"$TW_CTL" apply "$TMP/saved.conf" > "$TMP/out" 2> "$TMP/err"
ktap_eq "applying the same file again exits 0" "$?:$(cat "$TMP/err")" "0:"
ktap_eq "and sends nothing" "$(cat "$TMP/out")" "$TMP/saved.conf: 0 changes in 2 namespaces"
state ids > "$TMP/ids2"
same "and the state is the same, ids included" "$TMP/ids1" "$TMP/ids2"
"$TW_CTL" save > "$TMP/saved2.conf"
same "save after apply prints the file that was applied" "$TMP/saved.conf" "$TMP/saved2.conf"

# ---- check: what would change, changing nothing
"$TW_CTL" policy add 10.70.0.0/16 beta 0.5
"$TW_CTL" -n "$A" syn allow del 10.0.0.0/8
state ids > "$TMP/drift"
"$TW_CTL" apply "$TMP/saved.conf" check > "$TMP/out" 2> "$TMP/err"
rc=$?
sed 's/^/# /' "$TMP/out"
grep -q '^policy del 10.70.0.0/16$' "$TMP/out" && grep -q '^syn allow add 10.0.0.0/8$' "$TMP/out" &&
	grep -q "^netns $A\$" "$TMP/out"
ktap_eq "apply FILE check lists the changes as lines of a file" "$rc:$?" "0:0"
state ids > "$TMP/drift2"
same "and changes nothing" "$TMP/drift" "$TMP/drift2"
changes=$("$TW_CTL" -j apply "$TMP/saved.conf" check | "$TW_PY" -c '
import json, sys
d = json.load(sys.stdin)
print(d["changes"], len(d["commands"]), d["commands"][0]["line"] > 0)')
ktap_eq "-j apply FILE check counts them, each with its line" "$changes" "2 2 True"
"$TW_CTL" apply - < "$TMP/saved.conf" > "$TMP/out"
ktap_eq "apply - reads the file from standard input and undoes the drift" \
	"$(cat "$TMP/out")" "standard input: 2 changes in 2 namespaces"

# ---- an error in line N, found before anything is sent: nothing changes
state ids > "$TMP/ids1"
cp "$TMP/saved.conf" "$TMP/bad.conf"
printf 'policy add 10.80.0.0/16 beta 0.75\npolicy default set beta 1.5\n' >> "$TMP/bad.conf"
badline=$(wc -l < "$TMP/bad.conf")
tw_expect_err "a bad value in line $badline: exit 2, one line naming it" 2 \
	"bad.conf: line $badline: invalid beta '1.5'" "$TW_CTL" apply "$TMP/bad.conf"
state ids > "$TMP/ids2"
same "nothing of the file was applied" "$TMP/ids1" "$TMP/ids2"
printf 'policy flush\nnetns twcfg-nosuch\npolicy flush\n' > "$TMP/bad.conf"
tw_expect_err "a namespace that does not exist: exit 2, naming its line" 2 \
	"bad.conf: line 2: network namespace 'twcfg-nosuch' does not exist" "$TW_CTL" apply "$TMP/bad.conf"
printf 'policy flush\nnetns %s\nsyn set threshold 10\n' "$A" > "$TMP/bad.conf"
tw_expect_err "a global setting in a namespace's section: exit 2, naming its line" 2 \
	"bad.conf: line 3: thresholds, budgets and the global mode" "$TW_CTL" apply "$TMP/bad.conf"
printf 'policy flush\nsyn status\n' > "$TMP/bad.conf"
tw_expect_err "a command that sets nothing: exit 2, naming its line" 2 \
	"bad.conf: line 2: 'syn status' sets nothing" "$TW_CTL" apply "$TMP/bad.conf"
state ids > "$TMP/ids2"
same "none of them changed anything" "$TMP/ids1" "$TMP/ids2"

# ---- an error the kernel finds half-way: what was done is undone
# The saved file with changes in the initial namespace (default, mode, an
# allow entry) and three new policies for $A, which holds 2: with room for
# 4, the third is refused after 5 changes went through.
{
	sed "/^netns $A\$/,\$d" "$TMP/saved.conf"
	echo "policy default set beta 0.8"
	echo "syn set mode monitor"
	echo "syn allow add 203.0.113.0/24"
	sed -n "/^netns $A\$/,\$p" "$TMP/saved.conf"
	echo "policy add 10.62.0.0/16"
	echo "policy add 10.63.0.0/16"
	echo "policy add 10.64.0.0/16 beta 0.9"
} > "$TMP/full.conf"
full_line=$(wc -l < "$TMP/full.conf")
state > "$TMP/before"
old_max=$(cat /sys/module/tcp_warden/parameters/max_policies)
echo 4 > /sys/module/tcp_warden/parameters/max_policies
tw_expect_err "the kernel refuses line $full_line: exit 1, one line naming it" 1 \
	"full.conf: line $full_line: cannot add policy: .*full.*nothing was applied (the 5 earlier changes were undone)" \
	"$TW_CTL" apply "$TMP/full.conf"
echo "$old_max" > /sys/module/tcp_warden/parameters/max_policies
state > "$TMP/after"
same "both namespaces are as before: default, mode, lists and policies" "$TMP/before" "$TMP/after"

# ---- reload semantics: a named namespace gets exactly the file's table and
# lists; one the file does not name is left alone; settings not in the file
# stay.
"$TW_CTL" apply "$TMP/saved.conf" > /dev/null || tw_bail "apply failed"
"$TW_CTL" -n "$A" policy list -j > "$TMP/a_before"
printf 'policy add 10.90.0.0/16 beta 0.6\nsyn deny add 198.51.100.0/24\n' > "$TMP/small.conf"
"$TW_CTL" apply "$TMP/small.conf" > "$TMP/out"
ktap_eq "a file naming only the initial namespace applies" "$?" 0
ktap_eq "its policy table is the file's, nothing else" \
	"$("$TW_CTL" -j policy list | "$TW_PY" -c 'import json,sys; print([p["prefix"] for p in json.load(sys.stdin)["policies"]])')" \
	"['10.90.0.0/16']"
ktap_eq "its lists are the file's, nothing else" "$("$TW_CTL" syn list)" "deny 198.51.100.0/24"
"$TW_CTL" -n "$A" policy list -j > "$TMP/a_after"
same "the namespace the file does not name keeps its policies" "$TMP/a_before" "$TMP/a_after"
ktap_eq "$A keeps its list" "$("$TW_CTL" -n "$A" syn list)" "allow 10.0.0.0/8"
ktap_eq "settings the file does not give keep their value (threshold, mode, default)" \
	"$("$TW_CTL" -j syn | "$TW_PY" -c 'import json,sys; d=json.load(sys.stdin); print(d["threshold"], d["mode"])') $("$TW_CTL" -j policy default | "$TW_PY" -c 'import json,sys; print(json.load(sys.stdin)["default"]["beta"])')" \
	"3000 enforce 666"
ktap_eq "the file's own counters survive: applying it again sends nothing" \
	"$("$TW_CTL" apply "$TMP/small.conf")" "$TMP/small.conf: 0 changes in 1 namespace"

# ---- -n NAME on a line; an empty section empties its namespace
printf -- '-n %s policy add 10.91.0.0/16 port 8080\npolicy add 10.92.0.0/16 -n %s\n' "$B" "$B" > "$TMP/n.conf"
"$TW_CTL" apply "$TMP/n.conf" > /dev/null
ktap_eq "-n NAME on a line, anywhere in it, acts on that namespace" \
	"$("$TW_CTL" -n "$B" -j policy list | "$TW_PY" -c 'import json,sys; print(sorted((p["prefix"], p["port-min"]) for p in json.load(sys.stdin)["policies"]))')" \
	"[('10.91.0.0/16', 8080), ('10.92.0.0/16', 0)]"
ktap_eq "and leaves the initial namespace alone" "$("$TW_CTL" policy list -j | grep -c 10.90.0.0)" 1
printf '# nothing but the name\nnetns %s\n' "$B" > "$TMP/empty.conf"
"$TW_CTL" apply "$TMP/empty.conf" > /dev/null
ktap_eq "a section with no lines empties that namespace's table" \
	"$("$TW_CTL" -n "$B" -j policy list)" '{"policies":[]}'
printf '# all comments\n\n' > "$TMP/none.conf"
ktap_eq "a file naming no namespace changes nothing, and needs nothing" \
	"$("$TW_CTL" apply "$TMP/none.conf"; "$TW_CTL" policy list -j | grep -c 10.90.0.0)" \
	"$TMP/none.conf: 0 changes in 0 namespaces
1"

# ---- save -n NAME: that namespace alone
"$TW_CTL" -n "$A" save > "$TMP/a.conf"
grep -q "^netns $A\$" "$TMP/a.conf" && ! grep -q '^syn set global' "$TMP/a.conf" &&
	grep -q '^syn allow add 10.0.0.0/8$' "$TMP/a.conf" && ! grep -q 10.90.0.0 "$TMP/a.conf"
ktap_eq "save -n NAME writes that namespace's section alone, without the global settings" "$?" 0
tw_expect_err "save -j is a usage error" 2 "'save' prints a file for 'apply', not JSON" "$TW_CTL" -j save

tw_module_unload
ktap_finish
