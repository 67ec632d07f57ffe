#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# wardenctl trace cwnd: a Reno transfer through a small tbf bottleneck
# (on a router) saw-tooths; the JSON shows the losses and the decrease, and --plot writes
# a valid SVG and PNG. Runs on any kernel with BTF (host and VM).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/trace_lib.sh"

A=twpa-$$
B=twpb-$$
PORT=7201

tw_trace_setup
trap 'tw_tracers_kill; tw_cleanup; rm -rf "$TW_TMP"' EXIT
ktap_plan 10

# A -> R -> B, the bottleneck on the router: a drop there is a real loss
# to A (a drop in A's own qdisc would only be local congestion, CWR).
R=twpr-$$
tw_netns "$A" "$R" "$B"
tw_veth "$A" "$R" 10.98.1.1 10.98.1.2
tw_veth "$R" "$B" 10.98.2.1 10.98.2.2
ip -n "$A" route add default via 10.98.1.2
ip -n "$B" route add default via 10.98.2.1
ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1
ip netns exec "$R" tc qdisc add dev "v-$B" root tbf rate 20mbit burst 16k limit 24k ||
	tw_bail "tbf qdisc unavailable"

tw_tracer svg cwnd --netns "$A" --port $PORT --plot "$TW_TMP/cwnd.svg"
tw_tracer png cwnd --netns "$A" --port $PORT --plot "$TW_TMP/cwnd.png"
# in text, a plot run prints nothing on stdout: its summary goes to stderr
TW_TRACER_TEXT=1 tw_tracer text cwnd --netns "$A" --port $PORT --plot "$TW_TMP/text.svg"

# transfer PORT CC: 4 s of bulk data from A to B.
transfer()
{
	ip netns exec "$B" python3 -c '
import socket, sys
l = socket.socket(); l.bind(("10.98.2.2", int(sys.argv[1]))); l.listen(1)
l.settimeout(60)
s, _ = l.accept()
s.settimeout(60)
while s.recv(1 << 16):
    pass
' "$1" &
	_srv=$!
	sleep 0.5
	ip netns exec "$A" python3 -c '
import socket, sys, time
for _ in range(300):	# the server may still be starting
    c = socket.socket()
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, sys.argv[2].encode())
    try:
        c.connect(("10.98.2.2", int(sys.argv[1])))
        break
    except ConnectionRefusedError:
        c.close()
        time.sleep(0.1)
buf = b"x" * (1 << 16)
end = time.time() + 4
while time.time() < end:
    c.sendall(buf)
c.close()
' "$1" "$2" || kill $_srv 2>/dev/null
	wait $_srv
}
transfer $PORT reno

tw_tracer_stop svg
ktap_eq "trace cwnd --plot FILE.svg exits 0" $? 0
tw_tracer_stop png
ktap_eq "trace cwnd --plot FILE.png exits 0" $? 0
tw_tracer_stop text
ktap_check "trace cwnd --plot without --json: nothing on stdout" test ! -s "$TW_TMP/text.txt"

ktap_check "SVG is well-formed with plotted paths" python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag.endswith("svg"), root.tag
paths = [e for e in root.iter() if e.tag.endswith("path")]
assert len(paths) > 10, len(paths)
' "$TW_TMP/cwnd.svg"
ktap_check "PNG has a PNG signature and an IHDR" python3 -c '
import sys
d = open(sys.argv[1], "rb").read()
assert d[:8] == b"\x89PNG\r\n\x1a\n" and d[12:16] == b"IHDR", d[:16]
' "$TW_TMP/cwnd.png"

# The data behind the picture: the sender's samples, with losses.
check_json()
{
	python3 - "$TW_TMP/svg.jsonl" "$1" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
summ = [e for e in ev if e["type"] == "summary"][0]
cw = [e for e in ev if e["type"] == "cwnd" and e["dport"] == 7201]
what = sys.argv[2]
if what == "samples":
    assert len(cw) > 20 and summ["lost"] == 0 and summ["missed"] == 0, (len(cw), summ)
elif what == "loss":
    rec = [i for i, e in enumerate(cw) if e["ca-state"] in ("Recovery", "Loss")]
    assert rec, "no Recovery/Loss sample"
elif what == "decrease":
    # Reno halves on loss: after a loss ssthresh is below the peak cwnd.
    peak = max(e["cwnd"] for e in cw)
    ss = [e["ssthresh"] for e in cw if e["ssthresh"] < 0x7fffffff]
    assert ss and min(ss) <= peak // 2 + 1, (peak, ss[:5])
PY
}
ktap_check "cwnd samples of the flow, none lost or missed" check_json samples
ktap_check "loss recovery seen (tbf drops)" check_json loss
ktap_check "multiplicative decrease: ssthresh <= peak cwnd / 2" check_json decrease
cp "$TW_TMP/cwnd.svg" "$TW_TMP/cwnd.png" "${TW_PLOT_KEEP:-/nonexistent}" 2>/dev/null

# With tcp_warden.ko, its warden_ssthresh tracepoint joins the samples.
if [ -e /proc/modules ] && [ -r "$TW_KO" ]; then
	tw_module_load
	tw_tracer warden cwnd --netns "$A" --port 7202 --plot "$TW_TMP/warden.svg"
	transfer 7202 warden
	tw_tracer_stop warden
	ktap_check "warden_ssthresh attached while the module is loaded" python3 -c '
import json, sys
s = [json.loads(l) for l in open(sys.argv[1])][-1]
assert s["type"] == "summary" and s["warden-tracepoint"] is True, s
' "$TW_TMP/warden.jsonl"
	ktap_check "warden_ssthresh events: loss decreases below the old cwnd" python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
w = [e for e in ev if e["type"] == "warden_ssthresh" and e["dport"] == 7202]
assert w, "no warden_ssthresh events"
assert all(e["reason"] in ("loss", "rto", "ecn") for e in w), w[:3]
assert any(e["reason"] == "loss" and e["ssthresh"] < e["cwnd"] for e in w), w[:3]
' "$TW_TMP/warden.jsonl"
	cp "$TW_TMP/warden.svg" "${TW_PLOT_KEEP:-/nonexistent}" 2>/dev/null
	tw_module_unload
else
	ktap_skip "warden_ssthresh attached while the module is loaded" "kernel cannot load modules"
	ktap_skip "warden_ssthresh events: loss decreases below the old cwnd" "kernel cannot load modules"
fi
ktap_finish
