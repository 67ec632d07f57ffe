#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Shared by the sockets_*.sh tests, after lib.sh.

PROG=$TW_TOP/selftests/sockets_prog
PY=$TW_PY

# sk_cw_holder NS ARGS...: start sockets_prog -w in NS, holding CLOSE_WAIT
# sockets until killed; set CWPID once it reports ready. Not in a subshell:
# the holder stays a child of the test, removed with its netns.
sk_cw_holder()
{
	_ns=$1
	shift
	_out=$(mktemp)
	ip netns exec "$_ns" "$PROG" "$@" -w > "$_out" &
	for _i in $(seq 100); do
		grep -q '^ready' "$_out" && break
		sleep 0.1
	done
	CWPID=$(awk '/^ready/ {print $2}' "$_out")
	rm -f "$_out"
	[ -n "$CWPID" ] || tw_bail "CLOSE_WAIT holder did not start"
}
