#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Bad input to `wardenctl sockets` gives exit 2 and exactly one line on
# stderr starting "wardenctl: ", and nothing on stdout.
. "$(dirname "$0")/lib.sh"

tw_require_root
[ -x "$TW_CTL" ] || tw_bail "$TW_CTL not built; run make tools"

ktap_plan 13
NS=twse$$
tw_netns "$NS"

# bad_input DESC ARGS...: a usage error (exit 2) from wardenctl.
bad_input()
{
	_d=$1
	shift
	tw_expect_err "$_d" 2 '' "$TW_CTL" "$@"
}

bad_input "prefix with host bits" -n "$NS" sockets --src 10.1.2.3/8
bad_input "not an address" -n "$NS" sockets --dst example
bad_input "prefix length too long" -n "$NS" sockets --dst 10.0.0.0/33
bad_input "unknown state" -n "$NS" sockets --state time-wait,half-open
bad_input "empty state list" -n "$NS" sockets --state ,
bad_input "missing netns (global -n)" -n twse-missing-$$ sockets
bad_input "missing netns (-n after sockets)" sockets -n twse-missing-$$
bad_input "port out of range" -n "$NS" sockets --dport 70000
bad_input "reversed port range" -n "$NS" sockets --sport 2000-1000
bad_input "IPv6 prefix with -4" -n "$NS" sockets -4 --src ::1
bad_input "unknown --group-by" -n "$NS" sockets --group-by colour
bad_input "--json with --prometheus" -n "$NS" sockets --json --prometheus
bad_input "report with --summary" -n "$NS" sockets report --summary

ktap_finish
