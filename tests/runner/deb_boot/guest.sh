#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the booted test root as tcpwarden-boottest.service (systemd is
# PID 1): waits until the boot is over, prints what deb_boot.sh judges, one
# "@@ NAME VALUE" line per fact (JSON on one line) on the second serial
# port, then powers the machine off.
exec > /dev/ttyS1 2>&1
stty raw -echo 2>/dev/null
fact() { printf '@@ %s %s\n' "$1" "$(printf '%s' "$2" | tr '\n' ' ')"; }

# Type=simple: this unit's own start job is done, so the wait ends when
# every other job has.
fact system "$(timeout 240 systemctl is-system-running --wait)"
fact failed "$(systemctl list-units --failed --plain --no-legend | awk '{ print $1 }')"
fact ordering-cycles "$(journalctl -b -o cat --no-pager | grep -ci 'ordering cycle')"
for u in tcpwarden.service tcpwarden-agent.service tcpwarden-prometheus.timer; do
	fact "active-$u" "$(systemctl is-active "$u")"
done
fact result-tcpwarden "$(systemctl show -p Result --value tcpwarden.service)"
fact module-state "$(cat /sys/module/tcp_warden/initstate 2>&1)"
# the loaded module's build ID note, in hex (the ID is its last 20 bytes)
fact module-build-id "$(od -An -tx1 /sys/module/tcp_warden/notes/.note.gnu.build-id 2>&1 | tr -d ' \n')"
fact module-file "$(modinfo -n tcp_warden 2>&1)"
fact modules-load "$(grep -rls tcp_warden /etc/modules-load.d /usr/lib/modules-load.d /etc/modules 2>/dev/null)"
fact cc-available "$(cat /proc/sys/net/ipv4/tcp_available_congestion_control)"
fact journal-tcpwarden "$(journalctl -b -u tcpwarden.service -o cat --no-pager | tail -n 5)"
fact version "$(wardenctl -V 2>&1)"
fact agent "$(wardenctl -j agent status 2>&1)"

# The timer's first run is 15 s after boot (OnBootSec).
prom=/var/lib/prometheus/node-exporter/tcpwarden.prom
i=0
while [ ! -s "$prom" ] && [ $i -lt 90 ]; do sleep 1; i=$((i + 1)); done
fact textfile-wait "$i"
fact textfile-service "$(systemctl show -p Result --value tcpwarden-prometheus.service)"

fact policy-list "$(wardenctl -j policy list 2>&1)"
fact policy-default "$(wardenctl -j policy default 2>&1)"
fact syn-status "$(wardenctl -j syn status 2>&1)"
fact syn-list "$(wardenctl -j syn list 2>&1)"
fact blue-policy-list "$(wardenctl -n blue -j policy list 2>&1)"
fact blue-syn-status "$(wardenctl -n blue -j syn status 2>&1)"
# an edit takes effect on reload (at the top: the file ends in the
# "netns blue" section)
sed -i '1i policy add 203.0.113.0/24 beta 0.6' /etc/tcpwarden/tcpwarden.conf
systemctl reload tcpwarden.service
fact reload-rc "$?"
fact reload-policy-list "$(wardenctl -j policy list 2>&1)"
said=$(wardenctl doctor 2>&1)
drc=$?
fact doctor "$said"
fact doctor-rc "$drc"
fact doctor-summary "$(echo "$said" | tail -n 1)"
fact boot-time "$(systemd-analyze time 2>&1 | head -n 1)"
fact finished yes
sync
systemctl poweroff
