#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DKMS, as a user's machine would run it: for each kernel of the matrix,
# `dkms add` and `dkms build` the tree (scripts/dkms-src) against that
# kernel's unpacked headers (--kernelsourcedir), in the same environment
# scripts/kbuild uses for it (the host, or the kernel's own suite's chroot
# with that suite's dkms), then boot the kernel and load what DKMS built.
#   tests/runner/dkms.sh [VER...]     (default: the whole matrix)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
kernels=$top/scripts/kernels
[ $# -gt 0 ] || set -- $("$kernels" vers)
ver=$("$top/scripts/version") || exit 1

echo "TAP version 13"
echo "1..$(($# * 2))"
n=0
rc=0
result()
{
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		rc=1
	fi
}

for v in "$@"; do
	rel=$("$kernels" get "$v" release) || { result 1 "dkms build for $v"; result 1 "load for $v"; continue; }
	kdir=$("$kernels" get "$v" kdir)
	out=$top/build/dkms-test/$rel
	rm -rf "$out"
	mkdir -p "$out"
	if [ "$("$kernels" get "$v" build)" = host ]; then
		base=$out
		inner=$out
		kdir_in=$kdir
		run() { "$@"; }
	else
		base=$("$kernels" get "$v" chroot)/build/dkms-test
		inner=/build/dkms-test
		kdir_in=$("$kernels" get "$v" kdir-chroot)
		run() { "$top/scripts/kchroot" run "$v" "$@"; }
	fi
	rm -rf "$base/src" "$base/tree"
	mkdir -p "$base/src" "$base/tree"
	"$top/scripts/dkms-src" "$base/src" >/dev/null
	# dkms before 3 "prepares" a --kernelsourcedir (make mrproper) unless
	# told not to, which wrecks a headers tree; 3.x ignores the option.
	opts=(--dkmstree "$inner/tree" --sourcetree "$inner/src" --no-prepare-kernel)
	log=$out/dkms.log
	if run dkms add -m tcpwarden -v "$ver" "${opts[@]}" > "$log" 2>&1 &&
	   run dkms build -m tcpwarden -v "$ver" -k "$rel" --kernelsourcedir "$kdir_in" \
		"${opts[@]}" >> "$log" 2>&1; then
		ko=$(find "$base/tree/tcpwarden/$ver/$rel" -name 'tcp_warden.ko*' | head -n 1)
	else
		ko=""
	fi
	case "$ko" in
	*.ko.xz) xz -dc "$ko" > "$out/tcp_warden.ko" ;;
	*.ko.zst) zstd -dcq "$ko" > "$out/tcp_warden.ko" ;;
	*.ko) cp "$ko" "$out/tcp_warden.ko" ;;
	esac
	if [ -s "$out/tcp_warden.ko" ] &&
	   [ "$(modinfo -F vermagic "$out/tcp_warden.ko" | cut -d' ' -f1)" = "$rel" ]; then
		result 0 "dkms add + build for $v ($rel) with --kernelsourcedir"
	else
		sed 's/^/# /' "$log" | tail -n 30
		result 1 "dkms add + build for $v ($rel) with --kernelsourcedir"
		result 1 "the DKMS-built module loads in $v # not built"
		continue
	fi
	# shellcheck disable=SC2016
	got=$("$top/scripts/vm-run" --kernel "$v" --timeout 300 --log "$out/serial.log" -- \
		sh -c 'insmod "$1" && sysctl -qw net.ipv4.tcp_congestion_control=warden &&
		       cat /proc/sys/net/ipv4/tcp_congestion_control &&
		       sysctl -qw net.ipv4.tcp_congestion_control=cubic && rmmod tcp_warden' \
		sh "$out/tcp_warden.ko" 2> "$out/vm.err")
	vrc=$?
	if [ $vrc = 0 ] && [ "$got" = warden ]; then
		result 0 "the DKMS-built module loads in $v, registers warden and unloads"
	else
		echo "$got" | cat - "$out/vm.err" | sed 's/^/# /'
		result 1 "the DKMS-built module loads in $v, registers warden and unloads"
	fi
done
exit $rc
