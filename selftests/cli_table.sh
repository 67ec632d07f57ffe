#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# wardenctl's command line, table-driven: every case of cli_cases.tsv (see
# its header) is one KTAP result: the exit code, the message (one line
# starting "wardenctl: " for every error) and the state that must not
# change. Cases that need tcp_warden.ko are skipped where it cannot load.
# Then every command and subcommand wardenctl has (the paths of its own
# completion table) must answer -h, --help and `wardenctl help PATH` with
# its usage and exit 0, and the completion script must be valid bash.
. "$(dirname "$0")/lib.sh"
tw_require_root
[ -x "$TW_CTL" ] || tw_bail "$TW_CTL not built; run make tools"

CASES=${CLI_CASES:-$(dirname "$0")/cli_cases.tsv}
NS=twcli$$
TMP=$(mktemp -d /tmp/cli_table.XXXXXX)
trap 'tw_cleanup; "$TW_CTL" agent stop > /dev/null 2>&1; rm -rf "$TMP"' EXIT
# the paths of wardenctl's grammar, as its completion table lists them
PATHS=$("$TW_CTL" completion bash | sed -n 's/^_wardenctl_canon\["\(.*\)"\]=.*/\1/p')
ktap_plan "$(($(grep -cv '^#' "$CASES") + 3 * $(echo "$PATHS" | wc -l) + 1))"
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
      "threshold", "queue-pct", "quiet-ms", "src-rate", "src-burst", "all-rate", "all-burst",
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

# ctl ARGS: wardenctl, as an unprivileged user for "nobody" cases.
ctl()
{
	if [ "$where" = nobody ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$TW_CTL" "$@"
	else
		"$TW_CTL" "$@"
	fi
}

run_case()
{
	eval "set -- $argv"
	[ "$st" = - ] || before=$(eval state "$st")
	if [ "$in" = - ]; then
		ctl "$@" < /dev/null > "$TMP/out" 2> "$TMP/err"
	else
		eval "$in" | ctl "$@" > "$TMP/out" 2> "$TMP/err"
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
	if [ "$where" = nomod ] && $have_module; then
		ktap_skip "$desc" "tcp_warden.ko is loaded"
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

# help_case DESC ARGS...: exit 0, the usage on stdout, nothing on stderr.
help_case()
{
	_d=$1
	shift
	"$TW_CTL" "$@" > "$TMP/out" 2> "$TMP/err"
	_rc=$?
	if [ $_rc = 0 ] && [ ! -s "$TMP/err" ] && head -n 1 "$TMP/out" | grep -q '^Usage: wardenctl '; then
		ktap_pass "$_d"
	else
		echo "# exit $_rc; $(head -n 1 "$TMP/out") $(head -n 1 "$TMP/err")"
		ktap_fail "$_d"
	fi
}

nl='
'
_ifs=$IFS
IFS=$nl
for p in $PATHS; do
	IFS=$_ifs
	# shellcheck disable=SC2086
	help_case "wardenctl $p --help" $p --help
	# shellcheck disable=SC2086
	help_case "wardenctl $p -h" $p -h
	# shellcheck disable=SC2086
	help_case "wardenctl help $p" help $p
done
IFS=$_ifs
"$TW_CTL" completion bash > "$TMP/completion"
ktap_check "the completion script is valid bash" bash -n "$TMP/completion"

$have_module && tw_module_unload
ktap_finish
