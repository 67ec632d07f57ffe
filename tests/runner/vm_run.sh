#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Tests of scripts/vm-run itself: exit status, root, timeout, a boot that
# never reaches the command, a guest that stalls, and the detector of kernel
# splats in the log.
top=$(cd "$(dirname "$0")/../.." && pwd)
run=$top/scripts/vm-run
n=0
failed=0
t()
{
	n=$((n + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $n $3"
	else
		echo "#   got '$1', want '$2'"
		echo "not ok $n $3"
		failed=1
	fi
}
echo "TAP version 13"
echo "1..11"

out=$("$run" --timeout 120 -- sh -c 'echo "guest $(uname -r)"; exit 7')
t $? 7 "the command's exit status is vm-run's"
t "$out" "guest $("$top/scripts/kernels" get 6.1 release)" \
	"the guest runs the matrix's 6.1 by default and its output streams back"

# Another kernel of the matrix, with its own modules where modprobe looks.
v=$("$top/scripts/kernels" vers | tail -n 1)
out=$("$run" --kernel "$v" --timeout 120 -- sh -c \
	'echo "$(uname -r) $(modprobe -n -v veth >/dev/null 2>&1 && echo veth)"')
t "$out" "$("$top/scripts/kernels" get "$v" release) veth" \
	"--kernel $v boots that kernel, with its modules at /lib/modules/\$(uname -r)"

err=$("$run" --kernel 9.99 -- true 2>&1)
t "$?:$(echo "$err" | wc -l):$(echo "$err" | grep -c 'unknown kernel')" "125:1:1" \
	"an unknown --kernel fails with 125 and one line naming the matrix"

out=$(cd "$top/kmod" && "$run" --timeout 120 -- sh -c 'echo "$(pwd) uid=$(id -u)"; test -r Kbuild')
t "$?:$out" "0:$top/kmod uid=0" "the command runs as root from the caller's directory, repo at the same path"

# No init in the initramfs: the kernel panics before any command runs.
err=$("$run" --timeout 120 --append rdinit=/nonexistent -- true 2>&1 >/dev/null)
t "$?:$(echo "$err" | grep -c 'did not reach the command')" "125:1" \
	"a boot that never reaches the command fails with 125 and says so"

"$run" --timeout 4 -- sleep 600 2>/dev/null
t $? 124 "a command that outruns --timeout fails with 124"

# A guest that reports a lockup is stopped soon, not at --timeout.
start=$(date +%s)
err=$(VM_RUN_WEDGE_GRACE=2 "$run" --timeout 600 -- sh -c \
	'echo "<0>watchdog: BUG: soft lockup - CPU#0 stuck for 26s! [test:1]" > /dev/kmsg; sleep 600' 2>&1 >/dev/null)
rc=$?
took=$(($(date +%s) - start))
t "$rc:$(echo "$err" | grep -c 'kernel stalled'):$([ $took -lt 300 ] && echo soon)" "124:1:soon" \
	"a soft lockup on the console stops the run with 124 and says so"

log=$(mktemp)
printf '[    1.0] ok\n[    2.0] WARNING: CPU: 0 PID: 1 at net/x.c:1 f+0x1/0x2\n' > "$log"
"$run" --check-log "$log" 2>/dev/null
t $? 1 "a WARN on the kernel console fails the run"
printf '[    1.0] Oops: 0002 [#1] SMP\n' > "$log"
"$run" --check-log "$log" 2>/dev/null
t $? 1 "an Oops on the kernel console fails the run"
printf '[    1.0] fine\n==== command output (ttyS1) ====\nOops, WARNING: CPU is only test output\n' > "$log"
"$run" --check-log "$log" 2>/dev/null
t $? 0 "words in the command's own output are not kernel splats"
rm -f "$log"
exit $failed
