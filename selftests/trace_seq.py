#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Scripted TCP connection sequence for the tracing selftests, and the
checker that compares `wardenctl trace ... --json` output against it.

  trace_seq.py run OUT.json --port P --closed-port Q --blackhole ADDR
      connect+transfer+active close (TIME_WAIT), a passive close left in
      CLOSE_WAIT, a connect refused by a closed port, a SYN to a blackhole
      (one retransmit); writes the ports used to OUT.json, then OUT.json.done,
      and holds the CLOSE_WAIT socket until stdin reaches EOF.
  trace_seq.py check OUT.json DIR [--nosk-resets]
      prints "PASS desc" / "FAIL desc: why" lines for DIR/{states,resets,
      retrans,handshake}.jsonl.
  trace_seq.py attribute OUT.json DIR
      after a failed check: compares DIR/states.jsonl and retrans.jsonl with
      the witness's counts (DIR/witness.txt) and with the sequence; exits 0
      only when the kernel gave every BPF program other events than the
      sequence makes and wardenctl traced exactly those.
  trace_seq.py check-attribution OUT.json DIR
      PASS/FAIL lines: on a passing round, the witness counted what wardenctl
      traced, and the attribution decides right on copies with an edge taken
      away from both, or from wardenctl only.
"""
import json
import os
from collections import Counter
import socket
import struct
import sys
import time

BULK = 256 * 1024


def bound_socket(addr="127.0.0.1"):
    """A socket whose local port is known before connect()."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((addr, 0))
    return s


def recv_exact(s, n):
    got = 0
    while got < n:
        b = s.recv(min(65536, n - got))
        if not b:
            raise RuntimeError("early EOF")
        got += len(b)


def run(out, port, closed_port, blackhole):
    desc = {"pid": os.getpid(), "port": port, "closed_port": closed_port,
            "blackhole": blackhole}
    lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lst.bind(("127.0.0.1", port))
    lst.listen(8)

    # 1: connect, transfer, active close that ends in TIME_WAIT.
    c1 = socket.create_connection(("127.0.0.1", port))
    s1, _ = lst.accept()
    c1.sendall(b"x" * BULK)
    recv_exact(s1, BULK)
    c1.shutdown(socket.SHUT_WR)
    if s1.recv(1) != b"":
        raise RuntimeError("no EOF on conn 1")
    time.sleep(0.1)
    s1.close()
    time.sleep(0.1)
    desc["conn1"] = c1.getsockname()[1]
    c1.close()

    # 2: the peer closes, this side never does: stuck in CLOSE_WAIT.
    c2 = socket.create_connection(("127.0.0.1", port))
    s2, _ = lst.accept()
    desc["conn2"] = c2.getsockname()[1]
    c2.sendall(b"hello")
    recv_exact(s2, 5)
    c2.close()
    if s2.recv(1) != b"":
        raise RuntimeError("no EOF on conn 2")

    # 5: a reset in FIN_WAIT2 (the peer aborts): a close, not a hand-off.
    c5 = socket.create_connection(("127.0.0.1", port))
    s5, _ = lst.accept()
    desc["conn5"] = c5.getsockname()[1]
    c5.shutdown(socket.SHUT_WR)
    if s5.recv(1) != b"":
        raise RuntimeError("no EOF on conn 5")
    time.sleep(0.1)
    s5.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s5.close()
    time.sleep(0.1)
    c5.close()

    # 3: a closed port answers the SYN with a reset.
    c3 = bound_socket()
    desc["conn3"] = c3.getsockname()[1]
    try:
        c3.connect(("127.0.0.1", closed_port))
        raise RuntimeError("connect to a closed port succeeded")
    except ConnectionRefusedError:
        pass
    c3.close()

    # 4: a SYN into a blackhole: the first retransmit comes after 1 s
    # (TCP_TIMEOUT_INIT), the second after 3 s; give up in between.
    c4 = bound_socket("0.0.0.0")
    desc["conn4"] = c4.getsockname()[1]
    c4.setblocking(False)
    try:
        c4.connect((blackhole, 80))
    except BlockingIOError:
        pass
    time.sleep(1.8)
    c4.close()

    lst.close()
    time.sleep(0.1)
    with open(out, "w") as f:
        json.dump(desc, f)
    open(out + ".done", "w").close()
    sys.stdin.read()
    s2.close()


def load(path):
    """Parse JSON Lines: (events, summary, error)."""
    events, summary = [], None
    with open(path) as f:
        for n, line in enumerate(f, 1):
            try:
                obj = json.loads(line)
            except ValueError as e:
                return None, None, "%s:%d: %s" % (path, n, e)
            if obj.get("type") == "summary":
                summary = obj
            else:
                events.append(obj)
    if summary is None:
        return None, None, "%s: no summary line" % path
    return events, summary, None


class Checker:
    def __init__(self):
        self.failed = 0

    def result(self, desc, ok, why=""):
        if ok:
            print("PASS %s" % desc)
        else:
            self.failed += 1
            print("FAIL %s: %s" % (desc, why))

    def eq(self, desc, got, want):
        self.result(desc, got == want, "got %r, want %r" % (got, want))


def state_plan(d):
    """Per socket of the sequence: how to find it, and its transitions
    (old, new, timewait substate) in order."""
    port = d["port"]
    est = [("closed", "syn-sent", None), ("syn-sent", "established", None),
           ("established", "fin-wait-1", None), ("fin-wait-1", "fin-wait-2", None)]
    return {
        "listener": (lambda e: e["sport"] == port and e["newstate"] == "listen",
                     [("closed", "listen", None), ("listen", "closed", None)]),
        "client 1 (active close)": (lambda e: e["sport"] == d["conn1"],
                                    est + [("fin-wait-2", "closed", "time-wait")]),
        "server 1 (passive close)": (lambda e: e["dport"] == d["conn1"],
                                     [("listen", "syn-recv", None),
                                      ("syn-recv", "established", None),
                                      ("established", "close-wait", None),
                                      ("close-wait", "last-ack", None),
                                      ("last-ack", "closed", None)]),
        "client 2 (orphaned FIN_WAIT2)": (lambda e: e["sport"] == d["conn2"],
                                          est + [("fin-wait-2", "closed", "fin-wait-2")]),
        "server 2 (left in CLOSE_WAIT)": (lambda e: e["dport"] == d["conn2"],
                                          [("listen", "syn-recv", None),
                                           ("syn-recv", "established", None),
                                           ("established", "close-wait", None)]),
        "client 5 (reset in FIN_WAIT2)": (lambda e: e["sport"] == d["conn5"],
                                          est + [("fin-wait-2", "closed", None)]),
        "server 5 (aborts with SO_LINGER 0)": (lambda e: e["dport"] == d["conn5"],
                                               [("listen", "syn-recv", None),
                                                ("syn-recv", "established", None),
                                                ("established", "close-wait", None),
                                                ("close-wait", "closed", None)]),
        "client 3 (closed port)": (lambda e: e["sport"] == d["conn3"],
                                   [("closed", "syn-sent", None), ("syn-sent", "closed", None)]),
        "client 4 (blackhole)": (lambda e: e["sport"] == d["conn4"],
                                 [("closed", "syn-sent", None), ("syn-sent", "closed", None)]),
    }


def check_states(ck, d, ev):
    socks = {}
    for e in ev:
        if e["type"] != "state":
            ck.result("states: only state events", False, repr(e))
            return
        socks.setdefault(e["cookie"], []).append(e)

    def edges(lst):
        return [(e["oldstate"], e["newstate"], e.get("timewait")) for e in lst]

    def find(pred):
        hits = [c for c, lst in socks.items() if any(pred(e) for e in lst)]
        return hits[0] if len(hits) == 1 else None

    want = state_plan(d)
    seen = set()
    for name, (pred, edges_want) in want.items():
        c = find(pred)
        if c is None:
            ck.result("states: %s" % name, False, "socket not found exactly once")
            continue
        seen.add(c)
        ck.eq("states: %s transitions" % name, edges(socks[c]), edges_want)
        lst = socks[c]
        # Time in the old state is the gap since the socket's previous
        # transition, exactly; the first one seen has none.
        ok = lst[0]["in-old-ns"] is None and all(
            e["in-old-ns"] == e["ts-ns"] - p["ts-ns"] for p, e in zip(lst, lst[1:]))
        ck.result("states: %s time in old state" % name, ok,
                  [(e["ts-ns"], e["in-old-ns"]) for e in lst])
    extra = [edges(lst) for c, lst in socks.items() if c not in seen]
    ck.eq("states: no unexpected sockets", extra, [])

    c1 = find(want["client 1 (active close)"][0])
    if c1 is not None:
        first = socks[c1][0]
        ck.eq("states: connect() charged to the caller",
              (first["pid"], first["comm"]), (d["pid"], "python3"))
    s1 = find(want["server 1 (passive close)"][0])
    if s1 is not None:
        est_ev = [e for e in socks[s1] if e["newstate"] == "established"]
        ck.eq("states: softirq handshake not charged to a task",
              [e["pid"] for e in est_ev], [None])


def check_resets(ck, d, ev, nosk):
    rx = [e for e in ev if e["type"] == "reset-received"]
    tx = [e for e in ev if e["type"] == "reset-sent"]
    rxs = sorted((e["sport"], e["dport"], e["state"], e["cause"]) for e in rx)
    ck.eq("resets: refused connect seen in SYN_SENT, abort seen in FIN_WAIT2", rxs,
          sorted([(d["conn3"], d["closed_port"], "syn-sent", "refused: closed port"),
                  (d["conn5"], d["port"], "fin-wait-2", "peer reset while closing")]))
    txs = [(e["sport"], e["dport"], e["state"], e["syn"], e["active"], e["cause"]) for e in tx]
    abort = (d["port"], d["conn5"], "closed", False, True,
             "local abort: close with unread data or SO_LINGER 0")
    ck.result("resets: SO_LINGER 0 close is a local abort", abort in txs, txs)
    want_tx = [(d["closed_port"], d["conn3"], None, True, False,
                "closed port: no listener")] if nosk else []
    ck.eq("resets: closed port's reply (%s)" % ("traced" if nosk else "not traced by this kernel"),
          [t for t in txs if t != abort], want_tx)


def check_retrans(ck, d, ev):
    evs = [e for e in ev if e["type"] != "flow"]
    flows = [e for e in ev if e["type"] == "flow"]
    ck.eq("retrans: one SYN retransmit to the blackhole",
          [(e["type"], e["sport"], e["daddr"], e["dport"], e["state"], e["count"]) for e in evs],
          [("retransmit", d["conn4"], d["blackhole"], 80, "syn-sent", 1)])
    ck.eq("retrans: per-flow count",
          [(e["sport"], e["dport"], e["retransmits"]) for e in flows], [(d["conn4"], 80, 1)])


def check_handshake(ck, d, ev):
    hs = [e for e in ev if e["type"] == "handshake"]
    hists = [e for e in ev if e["type"] == "histogram"]
    ck.eq("handshake: client and server side of the three connections",
          sorted((e["side"], e["sport"] if e["side"] == "server" else e["dport"]) for e in hs),
          [("client", d["port"])] * 3 + [("server", d["port"])] * 3)
    ck.result("handshake: latencies positive", all(e["latency-ns"] > 0 for e in hs),
              [e["latency-ns"] for e in hs])
    ck.eq("handshake: histograms",
          sorted((h["side"], h["port"], h["count"], sum(b["count"] for b in h["buckets"]))
                 for h in hists),
          [("client", d["port"], 3, 3), ("server", d["port"], 3, 3)])


# The kernel's TCP state numbers (include/net/tcp_states.h), by the words
# wardenctl's JSON names them with (those `sockets state` takes).
TCP_STATES = [None, "established", "syn-sent", "syn-recv", "fin-wait-1", "fin-wait-2",
              "time-wait", "closed", "close-wait", "last-ack", "listen", "closing",
              "new-syn-recv"]
# ... and by the kernel's own names, which the text output shows.
TCP_KERNEL_NAMES = [None, "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
                    "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING",
                    "NEW_SYN_RECV"]


def load_attribution(descf, outdir):
    """(sequence, witness counts, witness's skipped runs, wardenctl's
    counts, error): counts by ("state", old, new) and ("retransmit", state)."""
    with open(descf) as f:
        d = json.load(f)
    wit, missed = Counter(), None
    with open(os.path.join(outdir, "witness.txt")) as f:
        for line in f:
            w = line.split()
            if w[0] == "state":
                wit[("state", TCP_STATES[int(w[1])], TCP_STATES[int(w[2])])] += int(w[3])
            elif w[0] == "retransmit":
                wit[("retransmit", TCP_STATES[int(w[1])])] += int(w[2])
            elif w[0] == "missed":
                missed = int(w[1])
    ours = Counter()
    for name in ("states", "retrans"):
        ev, _, err = load(os.path.join(outdir, name + ".jsonl"))
        if err:
            return d, wit, missed, ours, err
        ours.update(("state", e["oldstate"], e["newstate"]) if e["type"] == "state" else
                    ("retransmit", e["state"]) for e in ev
                    if e["type"] in ("state", "retransmit"))
    return d, wit, missed, ours, None


def diff(a, b):
    """What count a lacks against b, and has beyond it."""
    return "missing %r, extra %r" % (sorted((b - a).elements()), sorted((a - b).elements()))


def attribution(d, wit, missed, ours):
    """(True, why) when the kernel gave every BPF program other events than
    the sequence makes and wardenctl traced exactly those; else (False, why)."""
    want = Counter(("state", o, n) for _, edges in state_plan(d).values() for o, n, _ in edges)
    want[("retransmit", "syn-sent")] = 1
    if missed != 0:
        return False, "witness incomplete (%s nested runs skipped): the failure stands" % missed
    if ours != wit:
        return False, ("wardenctl differs from what the kernel gave BPF (%s): "
                       "the failure is wardenctl's" % diff(ours, wit))
    if wit == want:
        return False, "the kernel gave BPF the sequence's exact events: the failure is wardenctl's"
    return True, ("every BPF program on the tracepoints got other events than the sequence "
                  "makes (%s), and wardenctl traced exactly those" % diff(wit, want))


def attribute(descf, outdir):
    d, wit, missed, ours, err = load_attribution(descf, outdir)
    if err:
        print("witness: %s: the failure stands" % err)
        return 1
    kernel, why = attribution(d, wit, missed, ours)
    print("witness: " + why)
    return 0 if kernel else 1


def check_attribution(descf, outdir):
    """The attribution itself, on a passing round's real counts and on
    copies with one transition taken away."""
    ck = Checker()
    d, wit, missed, ours, err = load_attribution(descf, outdir)
    ck.result("witness: counted the same events as wardenctl",
              err is None and missed == 0 and wit == ours,
              err or "witness skipped %s runs; %s" % (missed, diff(wit, ours)))
    if ck.failed:
        return 1
    edge = Counter([("state", "fin-wait-1", "fin-wait-2")])
    for desc, w, m, o, want in (
            ("exact events: wardenctl's", wit, 0, ours, False),
            ("an edge missing from both: the kernel's", wit - edge, 0, ours - edge, True),
            ("an edge missing from wardenctl only: wardenctl's", wit, 0, ours - edge, False),
            ("both missing it, witness skipped a run: stands", wit - edge, 1, ours - edge, False)):
        got, why = attribution(d, w, m, o)
        ck.eq("witness: attribution, %s" % desc, got, want)
    return 1 if ck.failed else 0


def check(descf, outdir, nosk):
    ck = Checker()
    with open(descf) as f:
        d = json.load(f)
    progs = {"states": check_states, "resets": None, "retrans": check_retrans,
             "handshake": check_handshake}
    for name in progs:
        ev, summary, err = load(os.path.join(outdir, name + ".jsonl"))
        ck.result("%s: --json output parses" % name, err is None, err)
        if err:
            continue
        ck.eq("%s: summary counts every event, none lost or missed" % name,
              (summary["events"], summary["lost"], summary["missed"]),
              (len([e for e in ev if e["type"] not in ("flow", "histogram")]), 0, 0))
        if name == "resets":
            check_resets(ck, d, ev, nosk)
        else:
            progs[name](ck, d, ev)
    return 1 if ck.failed else 0


def main(argv):
    if len(argv) >= 3 and argv[1] == "run":
        opts = dict(zip(argv[3::2], argv[4::2]))
        run(argv[2], int(opts["--port"]), int(opts["--closed-port"]), opts["--blackhole"])
        return 0
    if len(argv) >= 4 and argv[1] == "check":
        return check(argv[2], argv[3], "--nosk-resets" in argv[4:])
    if len(argv) == 4 and argv[1] == "attribute":
        return attribute(argv[2], argv[3])
    if len(argv) == 4 and argv[1] == "check-attribution":
        return check_attribution(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
