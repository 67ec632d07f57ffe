#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Helpers for the eBPF tracing selftests (sourced after lib.sh).

# tw_kernel_at_least MAJOR MINOR: is the running kernel that or newer?
tw_kernel_at_least()
{
	_v=$(uname -r)
	_maj=${_v%%.*}
	_min=${_v#*.}
	_min=${_min%%[!0-9]*}
	[ "$_maj" -gt "$1" ] || { [ "$_maj" -eq "$1" ] && [ "$_min" -ge "$2" ]; }
}

# Before 5.12 the programs cannot load (tracing programs get
# bpf_get_socket_cookie() there): wardenctl must say so in one line, and
# the rest of the test is skipped.
tw_trace_too_old()
{
	ktap_plan 3
	for _cmd in "trace states" "agent start"; do
		# shellcheck disable=SC2086
		_out=$("$TW_CTL" $_cmd 2>&1)
		_rc=$?
		ktap_diag "wardenctl $_cmd: $_out"
		ktap_check "wardenctl $_cmd exits 1 with one line naming Linux 5.12" \
			test "$_rc" = 1 -a "$(echo "$_out" | wc -l)" = 1 -a \
			"${_out#*needs Linux 5.12 or later}" != "$_out"
	done
	ktap_skip "the rest of the test" "$(uname -r) is older than 5.12"
	ktap_finish
}

# Mount what eBPF tracing and pinning need, if missing. A kernel older
# than the tests need skips them all, saying why (the kernel table in
# README.md says so too).
tw_trace_setup()
{
	tw_require_root
	tw_kernel_at_least 5 12 || tw_trace_too_old
	if ! tw_kernel_at_least 5 14; then
		echo "1..0 # SKIP $(uname -r): the tracing tests need Linux 5.14+ (--netns reads SO_NETNS_COOKIE)"
		exit "$KSFT_SKIP"
	fi
	[ -r /sys/kernel/btf/vmlinux ] || tw_bail "kernel has no BTF (/sys/kernel/btf/vmlinux)"
	mountpoint -q /sys/kernel/tracing 2>/dev/null ||
		mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
	mountpoint -q /sys/fs/bpf 2>/dev/null || mount -t bpf bpf /sys/fs/bpf ||
		tw_bail "cannot mount bpffs at /sys/fs/bpf"
	[ -x "$TW_CTL" ] || tw_bail "$TW_CTL not built; run make tools"
	TW_TMP=$(mktemp -d /tmp/tw-trace.XXXXXX)
}

# tw_start NAME OUT CMD...: run CMD in the background, stdout into OUT and
# stderr into $TW_TMP/NAME.err, and wait until it writes "ready" to the fd
# named by WARDENCTL_READY_FD (its probes are attached).
tw_start()
{
	_name=$1
	_out=$2
	shift 2
	WARDENCTL_READY_FD=5 "$@" > "$_out" 2> "$TW_TMP/$_name.err" 5> "$TW_TMP/$_name.ready" &
	eval "_tw_tracer_$_name=$!"
	_tw_tracers="$_tw_tracers $!"
	_i=0
	while ! grep -q ready "$TW_TMP/$_name.ready" 2>/dev/null; do
		_i=$((_i + 1))
		if [ $_i -gt 300 ] || ! kill -0 "$(eval echo \$_tw_tracer_$_name)" 2>/dev/null; then
			sed 's/^/# /' "$TW_TMP/$_name.err"
			tw_bail "$* did not start"
		fi
		sleep 0.1
	done
}

# tw_tracer NAME ARGS...: start `wardenctl trace ARGS` in the background,
# JSON into $TW_TMP/NAME.jsonl (with TW_TRACER_TEXT=1: the text columns
# into NAME.txt), and wait until its probes are attached.
tw_tracer()
{
	_tname=$1
	shift
	if [ -n "$TW_TRACER_TEXT" ]; then
		tw_start "$_tname" "$TW_TMP/$_tname.txt" "$TW_CTL" trace "$@"
	else
		tw_start "$_tname" "$TW_TMP/$_tname.jsonl" "$TW_CTL" trace "$@" --json
	fi
}

# tw_witness NAME NETNS: start the witness (trace_witness.c), which counts
# what the kernel hands BPF programs for NETNS; its counts land in
# $TW_TMP/NAME.txt when tw_tracer_stop NAME stops it.
tw_witness()
{
	tw_start "$1" "$TW_TMP/$1.txt" "$TW_TOP/selftests/trace_witness" "/run/netns/$2"
}

# Stop every tracer still running (for EXIT traps).
tw_tracers_kill()
{
	for _p in $_tw_tracers; do
		kill -INT "$_p" 2>/dev/null
	done
}

# tw_tracer_stop NAME: SIGINT it and wait; returns its exit status.
tw_tracer_stop()
{
	_pid=$(eval echo \$_tw_tracer_$1)
	kill -INT "$_pid" 2>/dev/null
	wait "$_pid"
}

# tw_results FILE: "PASS desc", "FAIL desc: why" and "SKIP what: why" lines
# of FILE as KTAP results; other lines are diagnostics.
tw_results()
{
	while read -r _verdict _desc; do
		case $_verdict in
		PASS) ktap_pass "$_desc" ;;
		FAIL) ktap_fail "$_desc" ;;
		SKIP) ktap_skip "${_desc%%:*}" "${_desc#*: }" ;;
		*) ktap_diag "$_verdict $_desc" ;;
		esac
	done < "$1"
}

# True when tcp_send_reset also fires without a socket (a closed port's
# reply): since Linux 6.10, with the reset reason argument.
tw_kernel_traces_nosk_reset()
{
	tw_kernel_at_least 6 10
}
