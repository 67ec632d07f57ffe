#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# wardenctl doctor (wardenctl-doctor(8)) on a healthy host, then on each
# failure it claims to detect that can be produced here: the module not
# loaded, not installed, installed but not the loaded build; the agent not
# running, tracefs not mounted, routes with ssthresh, congctl cubic or
# cwnd N lock, tcp_no_ssthresh_metrics_save=0, conntrack, warden as the
# default. What the kernel would refuse (module.sig_enforce, lockdown,
# Secure Boot, and a signing key it does not hold) and a kernel without
# BTF cannot be switched on and back off in one boot: those are shown to
# doctor in a private mount namespace, with the files it reads replaced.
. "$(dirname "$0")/lib.sh"
tw_require_root
[ -x "$TW_CTL" ] || tw_bail "$TW_CTL not built; run make tools"
[ -r "$TW_KO" ] || tw_bail "$TW_KO not built"
command -v unshare > /dev/null || tw_bail "unshare (util-linux) missing"

REL=$(uname -r)
INST=/lib/modules/$REL/updates/tcpwarden-test/tcp_warden.ko
TMP=$(mktemp -d /tmp/doctor.XXXXXX)
# modprobe's index of the whole tree takes depmod a minute under TCG; one
# of our module alone takes none. The tree's own index is put back after.
mkdir -p "$TMP/index"
cp -p /lib/modules/"$REL"/modules.* "$TMP/index/" || tw_bail "cannot keep modprobe's index"
index_ours() { depmod "$REL" "$INST" || tw_bail "depmod failed"; }
index_restore() { cp -p "$TMP"/index/modules.* /lib/modules/"$REL"/; }
ROUTES="10.97.0.0/16 10.98.0.0/16 10.99.0.0/16"
cleanup()
{
	"$TW_CTL" agent stop > /dev/null 2>&1
	for r in $ROUTES; do ip route del "$r" 2>/dev/null; done
	ip -6 route del 2001:db8:97::/48 table 100 2>/dev/null
	sysctl -qw net.ipv4.tcp_no_ssthresh_metrics_save=1 net.ipv4.tcp_congestion_control=cubic
	mountpoint -q /sys/kernel/tracing || mount -t tracefs tracefs /sys/kernel/tracing
	tw_module_unload
	rm -rf "$(dirname "$INST")"
	index_restore
	rm -rf "$TMP"
}
trap cleanup EXIT
ktap_plan 45

# doctor [ENV...]: wardenctl -j doctor into $TMP/json, its exit in $rc, and
# the text form into $TMP/text (one run each).
doctor()
{
	"$TW_CTL" -j doctor > "$TMP/json" 2> "$TMP/err"
	rc=$?
	"$TW_CTL" doctor > "$TMP/text" 2>&1
}

# level CHECK [REGEX]: the levels of CHECK's findings (whose message
# matches REGEX), space-separated.
level()
{
	"$TW_PY" - "$TMP/json" "$1" "${2:-}" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
print(" ".join(f["level"] for f in d["findings"]
               if f["check"] == sys.argv[2] and re.search(sys.argv[3], f["message"])))
PY
}

# esc TEXT: TEXT as a regular expression matching itself ("7.2.13+deb14").
esc() { printf '%s' "$1" | sed 's/[][\\.*^$+?(){}|]/\\&/g'; }

# expect DESC RC CHECK LEVEL [REGEX]: the exit status, and CHECK's finding.
expect()
{
	_got="$rc $(level "$3" "${5:-}")"
	if [ "$_got" = "$2 $4" ]; then
		ktap_pass "$1"
	else
		echo "#   got '$_got', want '$2 $4'"
		grep -E "^[a-z]+ +$3 " "$TMP/text" | sed 's/^/# /'
		ktap_fail "$1"
	fi
}

# ---- loaded from a file that is not installed (insmod from the build tree)
tw_module_unload || tw_bail "cannot unload tcp_warden"
rm -rf "$(dirname "$INST")"
insmod "$TW_KO" || tw_bail "insmod $TW_KO failed"
doctor
expect "loaded by insmod, not installed: a warning, still fit" 0 module warning "not installed for kernel $(esc "$REL")"

# ---- the healthy host: installed, loaded by modprobe, agent running
rmmod tcp_warden
mkdir -p "$(dirname "$INST")"
cp "$TW_KO" "$INST"
index_ours
modprobe tcp_warden || tw_bail "modprobe tcp_warden failed"
agent=no
"$TW_CTL" agent start > /dev/null 2>&1 && agent=yes
doctor
sed 's/^/# /' "$TMP/text"
ktap_eq "a healthy host: exit 0, nothing on stderr" "$rc:$(cat "$TMP/err")" "0:"
expect "the module: loaded, from the file modprobe loads" 0 module ok "loaded, from $(esc "$INST")\$"
ktap_eq "the text ends with the verdict" "$(tail -n 1 "$TMP/text" | cut -d: -f1)" "fit"
"$TW_PY" - "$TMP/json" > "$TMP/shape" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
key = re.compile(r"^[a-z]+(-[a-z]+)*$")
bad = [f for f in d["findings"] if set(f) != {"check", "level", "message", "action"} or
       not key.match(f["check"]) or f["level"] not in ("ok", "info", "warning", "error") or
       not (f["action"] is None or f["action"])]
errors = sum(f["level"] == "error" for f in d["findings"])
warnings = sum(f["level"] == "warning" for f in d["findings"])
print(d["fit"] is True and d["errors"] == errors == 0 and d["warnings"] == warnings and not bad)
PY
ktap_eq "--json: fit true, the counts, every finding with check, level, message, action" "$(cat "$TMP/shape")" True
ktap_eq "the text has one line per finding, and the verdict" \
	"$(($(wc -l < "$TMP/text") - 1))" "$("$TW_PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$TMP/json")"
expect "warden is available" 0 warden ok
expect "no route overrides a policy" 0 route ok
expect "tcp_no_ssthresh_metrics_save=1: ok" 0 metrics-save ok
expect "the module file is unsigned, and this kernel loads it: info" 0 signature info "is unsigned; this kernel loads it"
expect "no EFI here: Secure Boot does not apply (info)" 0 secure-boot info "no EFI"
if [ $agent = yes ]; then
	expect "the agent runs: ok" 0 agent ok
	expect "kernel BTF: ok" 0 btf ok
	"$TW_CTL" agent stop > /dev/null
	doctor
	expect "the agent not running: a warning, still fit" 0 agent warning "not running"
else
	expect "no agent on a kernel that cannot trace (before 5.12): a warning, still fit" 0 agent warning
	expect "and its BTF is not enough to trace: a warning, still fit" 0 btf warning
	ktap_skip "the agent not running: a warning" "the agent cannot run on $REL"
fi
if [ -e /sys/kernel/btf/tcp_warden ]; then
	expect "module BTF: ok" 0 module-btf ok
else
	expect "no module BTF (before 5.11): info, still fit" 0 module-btf info
fi

# ---- the default congestion control: info, then ok
sysctl -qw net.ipv4.tcp_congestion_control=cubic
doctor
expect "warden not the default: info, still fit" 0 default-cc info "is cubic"
sysctl -qw net.ipv4.tcp_congestion_control=warden
doctor
expect "warden the default: ok" 0 default-cc ok
sysctl -qw net.ipv4.tcp_congestion_control=cubic

# ---- tracefs not mounted: info (wardenctl does not need it)
umount /sys/kernel/tracing
doctor
expect "tracefs not mounted: info, still fit" 0 tracefs info "not mounted"
mount -t tracefs tracefs /sys/kernel/tracing

# ---- routes that override or bypass a policy
ip route add 10.97.0.0/16 dev lo ssthresh 20
ip route add 10.98.0.0/16 dev lo congctl cubic
ip route add 10.99.0.0/16 dev lo cwnd lock 10
ip -6 route add 2001:db8:97::/48 dev lo table 100 congctl reno
doctor
expect "a route with ssthresh, ignored while tcp_no_ssthresh_metrics_save=1: info" 0 route info "10.97.0.0/16 \\(table main\\) sets ssthresh 20"
expect "a route with congctl cubic: a warning" 0 route warning "10.98.0.0/16 \\(table main\\) sets congctl cubic"
expect "a route with cwnd 10 lock: a warning" 0 route warning "10.99.0.0/16 \\(table main\\) locks cwnd at 10"
expect "an IPv6 route in another table, congctl reno: a warning" 0 route warning "2001:db8:97::/48 \\(table 100\\) sets congctl reno"
ip route add 10.96.0.0/16 dev lo congctl warden
ip route add 10.95.0.0/16 dev lo cwnd 10
doctor
expect "congctl warden and an unlocked cwnd are no finding" 0 route "" "10\\.9[56]\\."
ip route del 10.96.0.0/16
ip route del 10.95.0.0/16

# ---- tcp_no_ssthresh_metrics_save=0
sysctl -qw net.ipv4.tcp_no_ssthresh_metrics_save=0
doctor
expect "tcp_no_ssthresh_metrics_save=0: a warning" 0 metrics-save warning "=0"
expect "and then a route's ssthresh is a warning" 0 route warning "10.97.0.0/16 .*ssthresh 20.*is 0"
sysctl -qw net.ipv4.tcp_no_ssthresh_metrics_save=1
for r in $ROUTES; do ip route del "$r"; done
ip -6 route del 2001:db8:97::/48 table 100
doctor
expect "the routes gone: ok again" 0 route ok

# ---- conntrack: the guard judges fragments either way; doctor says how
index_restore
modprobe -r nf_conntrack nf_defrag_ipv4 nf_defrag_ipv6 2>/dev/null
if [ -e /sys/module/nf_conntrack ]; then
	ktap_skip "without conntrack: info about first fragments" "nf_conntrack is in use here"
else
	doctor
	expect "without conntrack: info about first fragments" 0 conntrack info "judges a fragmented SYN by its first fragment"
fi
modprobe nf_conntrack
doctor
expect "with conntrack: info about reassembly before the guard" 0 conntrack info "is loaded.*reassembled before the guard"
index_ours

# ---- the installed file is another build than the loaded one
cp "$INST" "$TMP/orig.ko"
"$TW_PY" - "$INST" <<'PY'
import sys
note = open("/sys/module/tcp_warden/notes/.note.gnu.build-id", "rb").read()
data = open(sys.argv[1], "rb").read()
i = data.find(note)
assert i >= 0, "no build ID note in the module"
j = i + len(note) - 1
data = data[:j] + bytes([data[j] ^ 0xff]) + data[j + 1:]
open(sys.argv[1], "wb").write(data)
PY
doctor
expect "the installed file is not the loaded build: a warning, still fit" 0 module warning "not from $(esc "$INST")"
cp "$TMP/orig.ko" "$INST"

# ---- not loaded: unfit
"$TW_CTL" agent stop > /dev/null 2>&1
rmmod tcp_warden || tw_bail "rmmod tcp_warden failed"
doctor
expect "not loaded: an error, unfit (exit 1)" 1 module error "not loaded \\(modprobe would load $(esc "$INST")\\)"
ktap_eq "the text's verdict says unfit" "$(tail -n 1 "$TMP/text" | cut -d: -f1)" "unfit"
ktap_eq "--json says fit false" \
	"$("$TW_PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["fit"], d["errors"] >= 1)' "$TMP/json")" \
	"False True"
mv "$INST" "$TMP/away.ko"
doctor
expect "neither loaded nor installed: an error naming what to install" 1 module error "neither loaded nor installed for kernel $(esc "$REL")"
mv "$TMP/away.ko" "$INST"
modprobe tcp_warden || tw_bail "modprobe tcp_warden failed"

# ---- what the kernel would refuse, shown in a private mount namespace
# ns_doctor SETUP: run SETUP (replacing what doctor reads), then doctor,
# inside a mount namespace of its own.
ns_doctor()
{
	unshare -m --propagation private sh -c "$1
		\"$TW_CTL\" -j doctor > \"$TMP/json\" 2> \"$TMP/err\"; echo \$? > \"$TMP/rc\"
		\"$TW_CTL\" doctor > \"$TMP/text\" 2>&1"
	rc=$(cat "$TMP/rc")
}

echo Y > "$TMP/sig_enforce"
ns_doctor "mount --bind $TMP/sig_enforce /sys/module/module/parameters/sig_enforce"
expect "module.sig_enforce=Y and an unsigned module: an error, unfit" 1 signature error "refuses unsigned modules \\(module.sig_enforce=Y\\)"
expect "and sig-enforce says so" 1 sig-enforce info "=Y: unsigned modules are refused"

mkdir -p "$TMP/security"
echo "none [integrity] confidentiality" > "$TMP/security/lockdown"
ns_doctor "mount --bind $TMP/security /sys/kernel/security"
expect "lockdown integrity and an unsigned module: an error, unfit" 1 signature error "refuses unsigned modules \\(lockdown\\)"
expect "and lockdown says so" 1 lockdown info "'integrity'"

# Secure Boot on: the SecureBoot variable's attributes, then 1.
mkdir -p "$TMP/fw/efi/efivars"
printf '\006\000\000\000\001' > "$TMP/fw/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"
ns_doctor "mount --bind $TMP/fw /sys/firmware"
expect "Secure Boot on: ok, it is read from efivars" 1 secure-boot ok "on \\(efivars\\)"
expect "Secure Boot on and an unsigned module: an error, unfit" 1 signature error "\\(Secure Boot\\)"

# A module signed by a key the kernel does not hold: DKMS's key not enrolled.
# sign-file from the kernel matrix: the first that runs here signs.
signed=no
if command -v openssl > /dev/null &&
   openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=tcpwarden doctor test key/" \
	-keyout "$TMP/key.pem" -outform DER -out "$TMP/mok.der" > /dev/null 2>&1; then
	for sf in "$TW_TOP/build/kernels/${TW_KVER:-6.1}"/root/usr/lib/linux-kbuild-*/scripts/sign-file \
		  "$TW_TOP"/build/kernels/*/root/usr/lib/linux-kbuild-*/scripts/sign-file; do
		[ -x "$sf" ] && "$sf" sha256 "$TMP/key.pem" "$TMP/mok.der" "$INST" 2>/dev/null &&
			{ signed=yes; break; }
	done
fi
if [ $signed = yes ]; then
	mkdir -p "$TMP/dkms" "$TMP/bin"
	cp "$TMP/mok.der" "$TMP/dkms/mok.pub"
	# mokutil as it answers when the key is not enrolled, then when it is
	printf '#!/bin/sh\necho "%s is not enrolled"\n' /var/lib/dkms/mok.pub > "$TMP/bin/mokutil"
	chmod +x "$TMP/bin/mokutil"
	ns_doctor "mount --bind $TMP/fw /sys/firmware"
	expect "signed, Secure Boot on, no mok.pub: an error" 1 mok error "holds no key 'tcpwarden doctor test key'"
	expect "the signature itself: ok" 1 signature ok "signed by 'tcpwarden doctor test key'"
	mkdir -p /var/lib/dkms
	ns_doctor "mount --bind $TMP/fw /sys/firmware; mount --bind $TMP/dkms /var/lib/dkms; export PATH=$TMP/bin:\$PATH"
	expect "DKMS's key not enrolled: an error" 1 mok error "/var/lib/dkms/mok.pub, which signed the module, is not enrolled"
	ktap_eq "its action is the mokutil --import step" \
		"$("$TW_PY" -c 'import json,sys; print([f["action"] for f in json.load(open(sys.argv[1]))["findings"] if f["check"] == "mok"][0])' "$TMP/json")" \
		"enrol DKMS's key: mokutil --import /var/lib/dkms/mok.pub, reboot, and confirm it in the MOK manager"
	printf '#!/bin/sh\necho "%s is already enrolled"\n' /var/lib/dkms/mok.pub > "$TMP/bin/mokutil"
	ns_doctor "mount --bind $TMP/fw /sys/firmware; mount --bind $TMP/dkms /var/lib/dkms; export PATH=$TMP/bin:\$PATH"
	expect "enrolled but not yet held by the kernel: a warning to reboot, fit" 0 mok warning "enrolled, but the kernel does not hold it yet"
	cp "$TMP/orig.ko" "$INST"
else
	for d in "signed, Secure Boot on, no mok.pub: an error" "the signature itself: ok" \
		 "DKMS's key not enrolled: an error" "its action is the mokutil --import step" \
		 "enrolled but not yet held by the kernel: a warning"; do
		ktap_skip "$d" "no sign-file from the kernel matrix, or no openssl"
	done
fi

# No kernel BTF (as on kernels built without it): a warning, never unfit alone.
ns_doctor "mount -t tmpfs tmpfs /sys/kernel/btf"
expect "no kernel BTF: a warning, still fit" 0 btf warning "no kernel BTF"

ktap_finish
