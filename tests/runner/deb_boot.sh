#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The packages as a user's machine gets them: build them (scripts/deb-build),
# lint them, install both with apt-get into a copy of a Debian bookworm root
# (scripts/deb-root: debootstrap, with the matrix's 6.1 kernel and headers)
# in a chroot, so that DKMS builds the module natively; write a config,
# boot that root under QEMU with systemd as PID 1 and check the services
# from inside; then upgrade, remove and purge in the chroot.
#   tests/runner/deb_boot.sh        (TAP; needs root; one QEMU guest)
# Work files and logs: build/deb-test/ (kept until the next run).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/runner/deb_boot
out=$top/build/deb-test
kver=6.1
newver_suffix=+upgradetest1

echo "TAP version 13"
echo "1..22"
n=0
rc=0
ok() { n=$((n + 1)); echo "ok $n $*"; }
notok() { n=$((n + 1)); echo "not ok $n $*"; rc=1; }
diag() { sed 's/^/# /'; }
# After a failure that leaves nothing to test: every case left fails.
fail_rest() {
	while [ $n -lt 22 ]; do notok "not reached: $1"; done
	exit 1
}
result() { if [ "$1" = 0 ]; then ok "$2"; else notok "$2"; fi; }

[ "$(id -u)" = 0 ] || { notok "deb_boot needs root (chroot, debootstrap, 9p passthrough)"; fail_rest "not root"; }
rm -rf "$out"
mkdir -p "$out"

# ---- 1, 2: the packages and lintian
t0=$SECONDS
if "$top/scripts/deb-build" "$out/debs" > "$out/deb-build.log" 2>&1; then
	ok "scripts/deb-build (make deb): tcpwarden-dkms and tcpwarden built in $((SECONDS - t0)) s"
else
	diag < "$out/deb-build.log"
	notok "scripts/deb-build (make deb) built the packages"
	fail_rest "no packages"
fi
ver=$("$top/scripts/version" --package)
modver=$("$top/scripts/version")
dkms_deb=$(ls "$out"/debs/tcpwarden-dkms_*_all.deb)
tool_deb=$(ls "$out"/debs/tcpwarden_*_amd64.deb)

lintian -I "$out"/debs/tcpwarden_*.changes > "$out/lintian.log" 2>&1
lrc=$?
grep -E '^[EW]: ' "$out/lintian.log" | diag
if [ $lrc -le 1 ] && ! grep -q '^E: ' "$out/lintian.log" && grep -q . "$out/debs/"*.changes; then
	ok "lintian on the .changes (.dsc and both .debs): no errors ($(grep -c '^W: ' "$out/lintian.log") warnings)"
else
	[ $lrc = 127 ] && echo "lintian missing; run scripts/deps" | diag
	notok "lintian on the .changes (.dsc and both .debs): no errors (exit $lrc; $out/lintian.log)"
fi

# ---- 3: the cached root, with what the packages depend on
deps=$(dpkg-deb -f "$tool_deb" Depends | tr ',' '\n' | sed 's/(.*//; s/|.*//; s/ //g' | sort -u)
t0=$SECONDS
# shellcheck disable=SC2086
if "$top/scripts/deb-root" prepare $deps > "$out/deb-root.log" 2>&1; then
	ok "bookworm root with the $kver kernel: $(tail -n 1 "$out/deb-root.log" | sed 's/^deb-root: //')"
else
	diag < "$out/deb-root.log"
	notok "bookworm root with the $kver kernel ready"
	fail_rest "no root"
fi
rel=$("$top/scripts/kernels" get "$kver" release)
root=$out/root
cp -a "$("$top/scripts/deb-root" path)" "$root"
inroot() { "$top/scripts/deb-root" run "$root" "$@"; }

# ---- 4-6: install with apt in the chroot: DKMS builds for the root's kernel
mkdir -p "$root/tmp/debs"
cp "$out"/debs/*.deb "$root/tmp/debs/"
t0=$SECONDS
# no package lists in the root (deb-root): apt cannot download, so a
# dependency the root lacks fails here
if inroot apt-get install -y -q --no-install-recommends \
	"/tmp/debs/$(basename "$dkms_deb")" "/tmp/debs/$(basename "$tool_deb")" \
	> "$out/install.log" 2>&1; then
	ok "apt-get install ./tcpwarden-dkms ./tcpwarden in the chroot, offline ($((SECONDS - t0)) s with the DKMS build)"
else
	tail -n 30 "$out/install.log" | diag
	notok "apt-get install ./tcpwarden-dkms ./tcpwarden in the chroot, offline"
	fail_rest "not installed"
fi
ko=$root/lib/modules/$rel/updates/dkms/tcp_warden.ko
st=$(inroot dkms status -m tcpwarden -v "$modver" -k "$rel" 2>&1)
signer=$(modinfo -F signer "$ko" 2>/dev/null)
if [ -s "$ko" ] && [ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$rel" ] &&
   echo "$st" | grep -q ': installed' && [ "$signer" = "DKMS module signing key" ]; then
	ok "DKMS built, signed (MOK $(basename "$(ls "$root"/var/lib/dkms/mok.pub)")) and installed tcp_warden $modver for $rel"
else
	{ echo "dkms status: $st"; echo "signer: '$signer'"; ls -l "$ko"; } 2>&1 | diag
	notok "DKMS built, signed and installed tcp_warden $modver for $rel"
fi
build_id=$(readelf -n "$ko" 2>/dev/null | sed -n 's/^ *Build ID: //p')
wants=$root/etc/systemd/system
# shellcheck disable=SC2016
conff=$(inroot dpkg-query -W -f='${Conffiles}' tcpwarden 2>&1)
if [ -L "$wants/sysinit.target.wants/tcpwarden.service" ] &&
   [ -L "$wants/multi-user.target.wants/tcpwarden-agent.service" ] &&
   [ -L "$wants/timers.target.wants/tcpwarden-prometheus.timer" ] &&
   echo "$conff" | grep -q ' /etc/tcpwarden/tcpwarden.conf ' &&
   echo "$conff" | grep -q ' /etc/sysctl.d/60-tcpwarden.conf ' &&
   grep -q '^#net.ipv4.tcp_congestion_control = warden$' "$root/etc/sysctl.d/60-tcpwarden.conf"; then
	ok "units enabled (tcpwarden.service, tcpwarden-agent.service, tcpwarden-prometheus.timer), config files are conffiles, the sysctl.d line is commented out"
else
	{ ls -R "$wants"; echo "conffiles: $conff"; } 2>&1 | diag
	notok "units enabled, config files are conffiles, the sysctl.d line is commented out"
fi

# ---- the boot: the test's config, a netns for its "netns" section, the
# collector's directory (as prometheus-node-exporter makes it), the check
cp "$here/tcpwarden.conf" "$root/etc/tcpwarden/tcpwarden.conf"
mkdir -p "$root/var/lib/prometheus/node-exporter"
install -m 0755 "$here/guest.sh" "$root/usr/local/sbin/tcpwarden-boottest"
cat > "$root/etc/systemd/system/tcpwarden-boottest.service" <<-'UNIT'
	[Unit]
	Description=deb_boot.sh: report the boot's outcome, then power off
	After=multi-user.target
	[Service]
	Type=simple
	ExecStart=/usr/local/sbin/tcpwarden-boottest
	[Install]
	WantedBy=multi-user.target
UNIT
cat > "$root/etc/systemd/system/tcpwarden-boottest-netns.service" <<-'UNIT'
	[Unit]
	Description=deb_boot.sh: the network namespace of the config's netns section
	DefaultDependencies=no
	Before=tcpwarden.service
	[Service]
	Type=oneshot
	RemainAfterExit=yes
	ExecStart=/sbin/ip netns add blue
	[Install]
	WantedBy=sysinit.target
UNIT
ln -s /etc/systemd/system/tcpwarden-boottest.service "$wants/multi-user.target.wants/"
# Flushing the journal to /var/log over 9p takes 20 s under TCG: keep it
# in memory.
mkdir -p "$root/etc/systemd/journald.conf.d"
printf '[Journal]\nStorage=volatile\n' > "$root/etc/systemd/journald.conf.d/deb-boot.conf"
ln -s /etc/systemd/system/tcpwarden-boottest-netns.service "$wants/sysinit.target.wants/"

# A busybox initramfs that mounts the root read-write over 9p (as vm-run
# mounts the host's) and hands over to systemd: the kernel's virtio and 9p
# drivers are modules, from the root's own /lib/modules.
moddir=$root/lib/modules/$rel
stage=$out/initrd
mkdir -p "$stage"/{bin,dev,proc,sys,newroot,modules}
cp /bin/busybox "$stage/bin/busybox"
for app in sh mount umount insmod switch_root echo; do ln -s busybox "$stage/bin/$app"; done
mods=""
for want in virtio_pci 9pnet_virtio 9p; do
	line=$(grep -E "/$want\.ko(\.xz|\.zst)?:" "$moddir/modules.dep" | head -n 1)
	[ -n "$line" ] || continue	# builtin
	for rel_ko in $(echo "${line#*:}" | tr ' ' '\n' | tac) ${line%%:*}; do
		m=$(basename "$rel_ko")
		m=${m%%.ko*}
		case " $mods " in *" $m "*) continue ;; esac
		case "$rel_ko" in
		*.ko.xz) xz -dc "$moddir/$rel_ko" > "$stage/modules/$m.ko" ;;
		*.ko.zst) zstd -dcq "$moddir/$rel_ko" > "$stage/modules/$m.ko" ;;
		*) cp "$moddir/$rel_ko" "$stage/modules/$m.ko" ;;
		esac
		mods="$mods $m"
	done
done
cat > "$stage/init" <<-INIT
	#!/bin/sh
	mount -t proc proc /proc
	mount -t sysfs sys /sys
	mount -t devtmpfs dev /dev
	for m in $mods; do insmod /modules/\$m.ko; done
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=loose twroot /newroot ||
		{ echo "deb_boot init: cannot mount the root over 9p"; echo o > /proc/sysrq-trigger; }
	umount /proc /sys /dev
	exec switch_root /newroot /sbin/init
INIT
chmod +x "$stage/init"
(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) > "$out/initrd.gz"

# KVM only where vm-run found that it boots (its cached probe), else TCG.
accel=${VM_RUN_TCG:-tcg,thread=single}
[ "$(cat "$top/build/vm/kvm-probe-$(cat /proc/sys/kernel/random/boot_id)-$rel" 2>/dev/null)" = yes ] && accel=kvm
: > "$out/facts"
t0=$SECONDS
timeout 400 qemu-system-x86_64 -machine pc -accel "$accel" -cpu max -smp 2 -m 1024 \
	-nodefaults -display none -no-reboot \
	-kernel "$root/boot/vmlinuz-$rel" -initrd "$out/initrd.gz" \
	-append "console=ttyS0 loglevel=4 panic=-1 tsc=reliable rw" \
	-serial "file:$out/console.log" -serial "file:$out/facts" \
	-fsdev "local,id=twroot,path=$root,security_model=passthrough,multidevs=remap" \
	-device virtio-9p-pci,fsdev=twroot,mount_tag=twroot \
	-device virtio-rng-pci < /dev/null > "$out/qemu.log" 2>&1
qrc=$?
boot_s=$((SECONDS - t0))
tr -d '\r' < "$out/facts" > "$out/facts.txt"
fact() { sed -n "s/^@@ $1 //p" "$out/facts.txt" | tail -n 1; }

# ---- 7-18: what the guest saw
# A failed unit makes the state "degraded": the next cases but one say which.
state=$(fact system)
if [ "$(fact finished)" = yes ] && { [ "$state" = running ] || [ "$state" = degraded ]; }; then
	ok "booted with systemd as PID 1 to '$state', checked and powered off in $boot_s s ($(fact boot-time | sed 's/^Startup finished in //'))"
else
	{ echo "qemu exit $qrc; is-system-running: '$state'"; cat "$out/qemu.log"
	  tail -n 40 "$out/console.log" | sed 's/\x1b\[[0-9;]*[a-zA-Z]//g'; } | diag
	notok "booted with systemd as PID 1, checked and powered off (console: $out/console.log)"
fi
if "$top/scripts/vm-run" --check-log "$out/console.log" 2>&1 | diag; then
	ok "the guest kernel's log has no WARN, BUG, Oops or panic"
else
	notok "the guest kernel's log has no WARN, BUG, Oops or panic"
fi
failed=$(fact failed)
cycles=$(fact ordering-cycles)
result "$([ "$(fact finished)" = yes ] && [ -z "$failed" ] && [ "$cycles" = 0 ]; echo $?)" \
	"systemctl --failed is empty${failed:+: $failed}; the journal names no ordering cycle (${cycles:-?} lines)"
if [ "$(fact module-state)" = live ] && [ "$(fact result-tcpwarden)" = success ] &&
   [ "$(fact module-file)" = "/lib/modules/$rel/updates/dkms/tcp_warden.ko" ] &&
   [ -n "$build_id" ] && fact module-build-id | grep -q "$build_id\$" &&
   [ -z "$(fact modules-load)" ] && fact cc-available | grep -qw warden; then
	ok "tcp_warden loaded by tcpwarden.service from DKMS's file, warden available"
else
	{ echo "DKMS's file has build ID '$build_id'"
	  grep -E '^@@ (module|result|modules-load|cc-|journal)' "$out/facts.txt"; } | diag
	notok "tcp_warden loaded by tcpwarden.service from DKMS's file, warden available"
fi
if [ "$(fact active-tcpwarden.service)" = active ] && [ "$(fact active-tcpwarden-agent.service)" = active ] &&
   [ "$(fact active-tcpwarden-prometheus.timer)" = active ] &&
   fact agent | grep -q '"running": *true'; then
	ok "tcpwarden, tcpwarden-agent and tcpwarden-prometheus.timer active; the agent's programs are pinned"
else
	grep -E '^@@ (active|agent)' "$out/facts.txt" | diag
	notok "tcpwarden, tcpwarden-agent and tcpwarden-prometheus.timer active; the agent's programs are pinned"
fi
prom=$root/var/lib/prometheus/node-exporter/tcpwarden.prom
sed '0,/^tcpwarden_sockets/s//tcpwarden sockets/' "$prom" > "$out/broken.prom" 2>/dev/null
why=$("$here/check.py" prom "$prom" 2>&1)
# --all-netns: the sandboxed unit must see the namespace "blue" as well
if [ "$why" = ok ] && ! "$here/check.py" prom "$out/broken.prom" > /dev/null 2>&1 &&
   [ "$(stat -c %a "$prom")" = 644 ] && grep -q '^tcpwarden_sockets{netns="blue"' "$prom"; then
	ok "the timer wrote $(grep -c '^tcpwarden_' "$prom") metrics, netns blue's included, to the textfile ($(fact textfile-wait) s after the check began); they parse"
else
	{ echo "$why"; grep -E '^@@ textfile' "$out/facts.txt"; } | diag
	notok "the timer wrote the textfile for node_exporter and it parses"
fi
result "$([ "$(fact version)" = "wardenctl $ver" ]; echo $?)" "wardenctl -V in the guest is the package's version ($(fact version))"
"$here/check.py" config "$out/facts.txt" > "$out/config.verdicts" 2>&1
for aspect in policies:"the config's policies and default policy are in force" \
	      syn:"the config's SYN guard settings and allow/deny lists are in force" \
	      netns:"the config's netns section is in force in that namespace" \
	      reload:"systemctl reload tcpwarden applies an edit"; do
	v=$(grep "^${aspect%%:*} " "$out/config.verdicts")
	if [ "$(echo "$v" | cut -d' ' -f2)" = ok ]; then
		ok "${aspect#*:}"
	else
		echo "${v:-no verdict: $(cat "$out/config.verdicts")}" | diag
		notok "${aspect#*:}"
	fi
done
if [ "$(fact doctor-rc)" = 0 ]; then
	ok "wardenctl doctor finds the booted host fit ($(fact doctor-summary))"
else
	echo "exit $(fact doctor-rc): $(fact doctor)" | diag
	notok "wardenctl doctor finds the booted host fit"
fi

# ---- 19, 20: a newer version over this one keeps the user's edits
echo "# edited by deb_boot.sh" >> "$root/etc/tcpwarden/tcpwarden.conf"
sed -i 's/^#net.ipv4/net.ipv4/' "$root/etc/sysctl.d/60-tcpwarden.conf"
edited=$(md5sum < "$root/etc/tcpwarden/tcpwarden.conf")
sysctl_edited=$(md5sum < "$root/etc/sysctl.d/60-tcpwarden.conf")
newver=$ver$newver_suffix
t0=$SECONDS
# from the first build's source package: the same tree, even if the
# working tree changed meanwhile
rm -rf "$out/src"
if dpkg-source -x "$(ls "$out"/debs/tcpwarden_*.dsc)" "$out/src" > "$out/deb-build-new.log" 2>&1 &&
   "$top/scripts/deb-build" --version "$newver" --tree "$out/src" "$out/debs-new" \
	>> "$out/deb-build-new.log" 2>&1; then
	rm -rf "$root/tmp/debs"
	mkdir -p "$root/tmp/debs"
	cp "$out"/debs-new/*.deb "$root/tmp/debs/"
	inroot sh -c 'apt-get install -y -q --no-install-recommends /tmp/debs/*.deb' \
		> "$out/upgrade.log" 2>&1
	urc=$?
else
	diag < "$out/deb-build-new.log"
	urc=1
fi
st=$(inroot dkms status -m tcpwarden 2>&1)
# shellcheck disable=SC2016
got=$(inroot dpkg-query -W -f='${Version} ' tcpwarden tcpwarden-dkms 2>&1)
if [ $urc = 0 ] && [ "$got" = "$newver $newver " ] &&
   [ "$(echo "$st" | grep -c .)" = 1 ] && echo "$st" | grep -q "^tcpwarden/$newver, $rel, .*: installed" &&
   [ "$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)" = "$rel" ]; then
	ok "upgrade to $newver with apt-get install ./*.deb: DKMS removed $modver and built $newver for $rel ($((SECONDS - t0)) s)"
else
	{ echo "exit $urc; versions: $got; dkms status: $st"; tail -n 20 "$out/upgrade.log"; } | diag
	notok "upgrade to $newver with apt-get install ./*.deb: DKMS removed $modver and built $newver for $rel"
fi
if [ "$(md5sum < "$root/etc/tcpwarden/tcpwarden.conf")" = "$edited" ] &&
   [ "$(md5sum < "$root/etc/sysctl.d/60-tcpwarden.conf")" = "$sysctl_edited" ] &&
   ! ls "$root"/etc/tcpwarden/*.dpkg-* "$root"/etc/sysctl.d/*.dpkg-* > /dev/null 2>&1; then
	ok "the upgrade kept the edited /etc/tcpwarden/tcpwarden.conf and sysctl.d line"
else
	tail -n 5 "$root/etc/tcpwarden/tcpwarden.conf" | diag
	notok "the upgrade kept the edited /etc/tcpwarden/tcpwarden.conf and sysctl.d line"
fi

# ---- 21, 22: remove, then purge
echo "tcpwarden_sockets 1" > "$prom"
inroot apt-get remove -y -q tcpwarden tcpwarden-dkms > "$out/remove.log" 2>&1
rrc=$?
left=$( { find "$root/lib/modules" "$root/var/lib/dkms" "$root/usr/src" -name '*tcp_warden*' -o -name 'tcpwarden*';
	  ls "$prom" 2>/dev/null; } | sed "s|^$root||")
if [ $rrc = 0 ] && [ -z "$left" ] && [ -e "$root/etc/tcpwarden/tcpwarden.conf" ]; then
	ok "apt-get remove: no module, DKMS tree, sources or textfile left; the config stays until purge"
else
	{ echo "exit $rrc; left: $left"; tail -n 10 "$out/remove.log"; } | diag
	notok "apt-get remove: no module, DKMS tree, sources or textfile left; the config stays until purge"
fi
inroot apt-get purge -y -q tcpwarden tcpwarden-dkms > "$out/purge.log" 2>&1
prc=$?
left=$( { find "$root/etc" "$root/lib/systemd" "$root/usr/lib/systemd" "$root/var/lib/systemd" \
	  -name 'tcpwarden-boottest*' -prune -o \
	  \( -name 'tcpwarden*' -o -name '*tcpwarden.conf' \) -print;
	  # shellcheck disable=SC2016
	  inroot dpkg-query -W -f='${Package} ${Status}\n' 'tcpwarden*' 2>/dev/null; } | sed "s|^$root||")
if [ $prc = 0 ] && [ -z "$left" ]; then
	ok "apt-get purge: no unit, enable link, /etc/tcpwarden, sysctl.d file or dpkg record left"
else
	{ echo "exit $prc; left:"; echo "$left"; tail -n 10 "$out/purge.log"; } | diag
	notok "apt-get purge: no unit, enable link, /etc/tcpwarden, sysctl.d file or dpkg record left"
fi
[ $n = 22 ] || { notok "deb_boot.sh ran $n cases, not 22"; }
# the copy is kept for a look only when something failed
[ $rc = 0 ] && rm -rf "$root"
exit $rc
