#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# wardenctl's command line, table-driven: every case of cli_cases.tsv (see
# its header) is one KTAP result: the exit code, the message (one line
# starting "wardenctl: " for every error) and the state that must not
# change. Cases that need tcp_warden.ko are skipped where it cannot load.
. "$(dirname "$0")/lib.sh"
tw_require_root
[ -x "$TW_CTL" ] || tw_bail "$TW_CTL not built; run make tools"

CASES=${CLI_CASES:-$(dirname "$0")/cli_cases.tsv}
NS=twcli$$
TMP=$(mktemp -d /tmp/cli_table.XXXXXX)
trap 'tw_cleanup; "$TW_CTL" agent stop > /dev/null 2>&1; rm -rf "$TMP"' EXIT
ktap_plan "$(grep -cv '^#' "$CASES")"
tw_netns "$NS"

have_module=false
if tw_module_unload 2>/dev/null && [ -r "$TW_KO" ] && insmod "$TW_KO" 2>/dev/null; then
	have_module=true
fi
"$TW_CTL" agent stop > /dev/null 2>&1

# long_line HEAD N TAIL: HEAD, N spaces, TAIL on one line.
long_line()
{
	printf '%s%*s%s\n' "$1" "$2" '' "$3"
}

# many_words HEAD WORD N: HEAD followed by N times WORD.
many_words()
{
	_l=$1
	_i=0
	while [ $_i -lt "$3" ]; do
		_l="$_l $2"
		_i=$((_i + 1))
	done
	echo "$_l"
}

# matches PATTERN FILE: Python's re.search, multi-line.
matches()
{
	"$TW_PY" -c 'import re, sys; sys.exit(0 if re.search(sys.argv[1], open(sys.argv[2]).read(), re.M) else 1)' "$1" "$2"
}

# state NAME: what must not change, on stdout.
state()
{
	case $1 in
	policy)
		{ "$TW_CTL" -j policy list; "$TW_CTL" -j policy default; } | "$TW_PY" -c '
import json, sys
for line in sys.stdin:
    d = json.loads(line)
    rows = d.get("policies", [d.get("default")])
    for p in rows:
        p.pop("id", None)
        p.pop("stats", None)
    print(sorted(json.dumps(p, sort_keys=True) for p in rows))'
		;;
	syn)
		"$TW_CTL" -j syn | "$TW_PY" -c '
import json, sys
d = json.load(sys.stdin)
print({k: v for k, v in d.items() if k in ("mode", "mode-default", "global-mode", "hooked",
      "rate", "queue-pct", "quiet-ms", "src-rate", "src-burst", "all-rate", "all-burst",
      "v4-prefix", "v6-prefix")})'
		"$TW_CTL" syn list
		;;
	file:*)
		ls -d "${1#file:}" 2>/dev/null
		;;
	esac
}

# check RC PATTERN: the last run's result; why it failed on stdout.
check()
{
	if [ "$got" != "$1" ]; then
		echo "exit $got, want $1"
		return
	fi
	if [ "$1" = 0 ]; then
		[ "$2" = - ] || matches "$2" "$TMP/out" || echo "stdout does not match /$2/"
		return
	fi
	[ "$(wc -l < "$TMP/err")" -eq 1 ] || echo "stderr is $(wc -l < "$TMP/err") lines, want one"
	grep -q '^wardenctl: ' "$TMP/err" || echo "stderr does not start with 'wardenctl: '"
	[ "$1" != 2 ] || [ ! -s "$TMP/out" ] || echo "stdout is not empty for a usage error"
	matches "$2" "$TMP/err" || echo "stderr does not match /$2/"
}

run_case()
{
	eval "set -- $argv"
	[ "$st" = - ] || before=$(eval state "$st")
	if [ "$in" = - ]; then
		"$TW_CTL" "$@" < /dev/null > "$TMP/out" 2> "$TMP/err"
	else
		eval "$in" | "$TW_CTL" "$@" > "$TMP/out" 2> "$TMP/err"
	fi
	got=$?
	why=$(check "$rc" "$pat")
	if [ "$st" != - ] && [ -z "$why" ]; then
		after=$(eval state "$st")
		[ "$before" = "$after" ] || why="the $st state changed: before '$before', after '$after'"
	fi
}

tab=$(printf '\t')
while IFS="$tab" read -r where rc pat st in argv; do
	case $where in '#'*|'') continue ;; esac
	desc="wardenctl $argv"
	[ "$in" = - ] || desc="wardenctl $argv < ($in)"
	# one KTAP line: the input's newlines written as " | "
	desc=$(printf '%s' "$desc" | sed 's/\\n/ | /g')
	if [ "$where" = mod ] && ! $have_module; then
		ktap_skip "$desc" "tcp_warden.ko cannot be loaded here"
		continue
	fi
	run_case
	if [ -z "$why" ]; then
		ktap_pass "$desc"
	else
		echo "$why" | sed 's/^/# /'
		sed 's/^/# stderr: /' "$TMP/err" | head -n 3
		ktap_fail "$desc"
	fi
done < "$CASES"

$have_module && tw_module_unload
ktap_finish
