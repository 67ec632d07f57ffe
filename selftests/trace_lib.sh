#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Helpers for the eBPF tracing selftests (sourced after lib.sh).

# Mount what eBPF tracing and pinning need, if missing.
tw_trace_setup()
{
	tw_require_root
	[ -r /sys/kernel/btf/vmlinux ] || tw_bail "kernel has no BTF (/sys/kernel/btf/vmlinux)"
	mountpoint -q /sys/kernel/tracing 2>/dev/null ||
		mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
	mountpoint -q /sys/fs/bpf 2>/dev/null || mount -t bpf bpf /sys/fs/bpf ||
		tw_bail "cannot mount bpffs at /sys/fs/bpf"
	[ -x "$TW_CTL" ] || tw_bail "$TW_CTL not built; run make tools"
	TW_TMP=$(mktemp -d /tmp/tw-trace.XXXXXX)
}

# tw_tracer NAME ARGS...: start `wardenctl trace ARGS` in the background,
# JSON into $TW_TMP/NAME.jsonl (with TW_TRACER_TEXT=1: the text columns
# into NAME.txt), and wait until its probes are attached.
tw_tracer()
{
	_name=$1
	shift
	_fmt=--json
	_out=$TW_TMP/$_name.jsonl
	if [ -n "$TW_TRACER_TEXT" ]; then
		_fmt=
		_out=$TW_TMP/$_name.txt
	fi
	WARDENCTL_READY_FD=5 "$TW_CTL" trace "$@" $_fmt \
		> "$_out" 2> "$TW_TMP/$_name.err" 5> "$TW_TMP/$_name.ready" &
	eval "_tw_tracer_$_name=$!"
	_tw_tracers="$_tw_tracers $!"
	_i=0
	while ! grep -q ready "$TW_TMP/$_name.ready" 2>/dev/null; do
		_i=$((_i + 1))
		if [ $_i -gt 300 ] || ! kill -0 "$(eval echo \$_tw_tracer_$_name)" 2>/dev/null; then
			sed 's/^/# /' "$TW_TMP/$_name.err"
			tw_bail "wardenctl trace $* did not start"
		fi
		sleep 0.1
	done
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

# True when tcp_send_reset also fires without a socket (a closed port's
# reply): since Linux 6.10, with the reset reason argument.
tw_kernel_traces_nosk_reset()
{
	_v=$(uname -r)
	_maj=${_v%%.*}
	_min=${_v#*.}
	_min=${_min%%[!0-9]*}
	[ "$_maj" -gt 6 ] || { [ "$_maj" -eq 6 ] && [ "$_min" -ge 10 ]; }
}
