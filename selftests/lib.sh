#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Shared helpers for tcpwarden's shell selftests: KTAP output (6.1's
# kselftest has no shell KTAP helpers), network namespaces, the module.
#
# A test sources this file, calls ktap_plan N, reports each case with
# ktap_pass/ktap_fail/ktap_skip (or ktap_check DESC CMD...), and ends with
# ktap_finish, which exits 0, 1 (any failure) or 4 (everything skipped).

TW_TOP=${TW_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
# scripts/kbuild puts each kernel's module under its release
TW_KO=${TW_KO:-$TW_TOP/build/kmod/$(uname -r)/tcp_warden.ko}
TW_CTL=$TW_TOP/tools/wardenctl/wardenctl
KSFT_SKIP=4
# Debian's python3, for tests that parse JSON: a version-manager shim found
# first on PATH can cost seconds per call.
TW_PY=/usr/bin/python3
[ -x "$TW_PY" ] || TW_PY=python3

_ktap_n=0
_ktap_pass=0
_ktap_fail=0
_ktap_skip=0
_tw_netns=""

ktap_plan()
{
	echo "TAP version 13"
	echo "1..$1"
}

ktap_pass()
{
	_ktap_n=$((_ktap_n + 1))
	_ktap_pass=$((_ktap_pass + 1))
	echo "ok $_ktap_n $*"
}

ktap_fail()
{
	_ktap_n=$((_ktap_n + 1))
	_ktap_fail=$((_ktap_fail + 1))
	echo "not ok $_ktap_n $*"
}

# ktap_skip DESC REASON
ktap_skip()
{
	_ktap_n=$((_ktap_n + 1))
	_ktap_skip=$((_ktap_skip + 1))
	echo "ok $_ktap_n $1 # SKIP $2"
}

# ktap_check DESC CMD [ARG...]: pass when CMD succeeds; its output is kept
# as diagnostics when it fails.
ktap_check()
{
	_desc=$1
	shift
	if _out=$("$@" 2>&1); then
		ktap_pass "$_desc"
	else
		echo "$_out" | sed 's/^/# /'
		ktap_fail "$_desc"
	fi
}

# ktap_eq DESC GOT WANT
ktap_eq()
{
	if [ "$2" = "$3" ]; then
		ktap_pass "$1"
	else
		echo "#   got '$2', want '$3'"
		ktap_fail "$1"
	fi
}

# tw_expect_err DESC RC PATTERN CMD...: CMD fails with exit RC, prints
# nothing on stdout and one line on stderr, "wardenctl: ..." matching PATTERN.
tw_expect_err()
{
	_d=$1 _rc=$2 _pat=$3
	shift 3
	_err=$(mktemp)
	_out=$("$@" 2>"$_err")
	_got=$?
	_lines=$(wc -l < "$_err")
	if [ $_got -eq "$_rc" ] && [ -z "$_out" ] && [ "$_lines" -eq 1 ] &&
	   grep -q '^wardenctl: ' "$_err" && grep -q -- "$_pat" "$_err"; then
		ktap_pass "$_d"
	else
		echo "# rc=$_got (want $_rc) stdout='$_out'"
		sed 's/^/# stderr: /' "$_err"
		ktap_fail "$_d"
	fi
	rm -f "$_err"
}

ktap_diag()
{
	echo "# $*"
}

# tw_decreases PORT: the tcp_warden:warden_ssthresh events of connections
# to PORT in the trace buffer, oldest first, as "CWND SSTHRESH REASON".
tw_decreases()
{
	sed -n "s/.* dst=[^ ]*:$1 .* cwnd=\([0-9]*\) ssthresh=\([0-9]*\) reason=\([a-z]*\).*/\1 \2 \3/p" \
		/sys/kernel/tracing/trace
}

# tw_check_first_ssthresh DESC GOT WANT PORT BETA FLOOR: the first finite
# ssthresh TCP_INFO showed (GOT) is WANT, within one segment. A loaded
# TCG guest can stall past the RTO just after the loss, so that sample may
# follow a second decrease: then the tracepoint must show the first one
# giving WANT and a later one, by the same policy, giving exactly GOT.
tw_check_first_ssthresh()
{
	if [ "$2" != none ] && [ $(($2 - $3)) -le 1 ] && [ $(($3 - $2)) -le 1 ]; then
		ktap_pass "$1"
		return
	fi
	_later=$(tw_decreases "$4" | awk -v got="$2" -v want="$3" -v beta="$5" -v floor="$6" '
		NR == 1 && $2 != want { exit }
		NR > 1 && ($3 == "loss" || $3 == "rto") {
			w = int($1 * beta / 1024)
			if (w < floor) w = floor
			if (w == $2 && $2 == got) { print NR, $1, $3; exit }
		}')
	tw_decreases "$4" | sed 's/^/# decrease: /'
	if [ -n "$_later" ]; then
		set -- "$@" $_later
		ktap_diag "TCP_INFO's first sample followed decrease $7 (cwnd $8, $9) and shows its ssthresh"
		ktap_pass "$1"
	else
		ktap_fail "$1 (got $2)"
	fi
}

ktap_finish()
{
	echo "# Totals: pass:$_ktap_pass fail:$_ktap_fail skip:$_ktap_skip"
	[ $_ktap_fail -eq 0 ] || exit 1
	[ $_ktap_pass -eq 0 ] && [ $_ktap_skip -gt 0 ] && exit $KSFT_SKIP
	exit 0
}

# Abort the whole test with a message (counts as a failure).
tw_bail()
{
	echo "Bail out! $*"
	exit 1
}

tw_require_root()
{
	[ "$(id -u)" = 0 ] || tw_bail "must run as root"
}

# Load tcp_warden.ko unless it is already loaded.
tw_module_load()
{
	grep -q '^tcp_warden ' /proc/modules && return 0
	[ -r "$TW_KO" ] || tw_bail "$TW_KO not built; run make kernels (or make KVER=...)"
	insmod "$TW_KO" "$@" || tw_bail "insmod $TW_KO failed"
}

tw_module_unload()
{
	grep -q '^tcp_warden ' /proc/modules || return 0
	sysctl -qw net.ipv4.tcp_congestion_control=cubic
	# Namespaces and warden sockets of earlier tests are torn down
	# asynchronously and hold the module until then: wait up to 30 s.
	_i=0
	until rmmod tcp_warden 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -lt 60 ] || { rmmod tcp_warden; return 1; }
		sleep 0.5
	done
}

# tw_netns NAME...: create namespaces, removed again by tw_cleanup.
tw_netns()
{
	for _ns in "$@"; do
		ip netns add "$_ns" || tw_bail "ip netns add $_ns failed"
		ip -n "$_ns" link set lo up
		_tw_netns="$_tw_netns $_ns"
	done
}

# tw_veth NS1 NS2 ADDR1 ADDR2 [PREFIXLEN]: join two namespaces with a veth
# pair named v-NS2 (in NS1) and v-NS1 (in NS2). Addresses may be v4 or v6.
tw_veth()
{
	_len=${5:-24}
	ip link add "v-$2" netns "$1" type veth peer name "v-$1" netns "$2" ||
		tw_bail "veth $1<->$2 failed"
	ip -n "$1" addr add "$3/$_len" dev "v-$2" nodad 2>/dev/null ||
		ip -n "$1" addr add "$3/$_len" dev "v-$2"
	ip -n "$2" addr add "$4/$_len" dev "v-$1" nodad 2>/dev/null ||
		ip -n "$2" addr add "$4/$_len" dev "v-$1"
	ip -n "$1" link set "v-$2" up
	ip -n "$2" link set "v-$1" up
}

# tw_wait_listen NS PORT...: wait (up to 30 s; a loaded TCG guest is slow)
# until NS has a listening TCP socket on every PORT.
tw_wait_listen()
{
	_ns=$1
	shift
	for _port in "$@"; do
		_w=0
		until ip netns exec "$_ns" ss -Hltn "sport = :$_port" | grep -q .; do
			_w=$((_w + 1))
			[ $_w -gt 300 ] && tw_bail "nothing listens on port $_port in $_ns"
			sleep 0.1
		done
	done
}

# tw_no_offload NS DEV: send MSS-sized segments (no TSO/GSO super-packets),
# so netem and nft see packets as they would be on a real wire. TCP builds
# GSO skbs even with gso off and netem drops whole skbs, so gso_max_segs 1
# is what makes a netem loss rate a per-segment rate.
tw_no_offload()
{
	ip netns exec "$1" ethtool -K "$2" tso off gso off >/dev/null ||
		tw_bail "ethtool -K $2 failed in $1"
	ip -n "$1" link set dev "$2" gso_max_segs 1 ||
		tw_bail "ip link set $2 gso_max_segs 1 failed in $1"
}

# tw_dmesg_mark, then tw_dmesg_check DESC: one case, failed by any kernel
# splat logged since the mark (shown as diagnostics).
tw_dmesg_mark() { _tw_dmesg_mark=$(dmesg | wc -l); }
tw_dmesg_bad()
{
	dmesg | tail -n +"$((_tw_dmesg_mark + 1))" |
		grep -E -e 'WARNING:|BUG:|Oops|general protection|Call Trace|refcount_t' \
			-e 'KASAN|UBSAN|list_(add|del) corruption|INFO: task .* blocked' || true
}
tw_dmesg_check()
{
	_bad=$(tw_dmesg_bad)
	if [ -z "$_bad" ]; then
		ktap_pass "$1"
	else
		echo "$_bad" | head -40 | sed 's/^/# /'
		ktap_fail "$1"
	fi
}

tw_cleanup()
{
	for _ns in $_tw_netns; do
		ip netns pids "$_ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$_ns" 2>/dev/null
	done
	_tw_netns=""
}
trap tw_cleanup EXIT
# A runner timeout (SIGTERM) or ^C still removes the namespaces.
trap 'exit 1' TERM INT
