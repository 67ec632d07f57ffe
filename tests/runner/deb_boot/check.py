#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Verdicts of tests/runner/deb_boot.sh that need more than grep.

  check.py prom FILE       FILE is valid Prometheus text exposition format
                           with tcpwarden_sockets samples
  check.py config FACTS    the state of deb_boot/tcpwarden.conf is in force,
                           from the guest's "@@ NAME JSON" facts; prints one
                           line per aspect: NAME ok|fail WHY
Exit status 0 when every verdict holds.
"""
import json
import re
import sys

NAME = r'[a-zA-Z_:][a-zA-Z0-9_:]*'
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"'
SAMPLE = re.compile(r'^(%s)(\{(?:%s)(?:,(?:%s))*,?\})? (\S+)( -?\d+)?$' % (NAME, LABEL, LABEL))
TYPES = {'counter', 'gauge', 'histogram', 'summary', 'untyped'}


def prom(path):
    typed = {}
    samples = 0
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line:
                continue
            if line.startswith('#'):
                m = re.match(r'^# (HELP|TYPE) (%s) ?(.*)$' % NAME, line)
                if m and m.group(1) == 'TYPE':
                    if m.group(3) not in TYPES:
                        return 'line %d: unknown type %r' % (n, m.group(3))
                    typed[m.group(2)] = m.group(3)
                continue
            m = SAMPLE.match(line)
            if not m:
                return 'line %d is not a sample: %r' % (n, line)
            try:
                float(m.group(3))
            except ValueError:
                return 'line %d: value %r is not a number' % (n, m.group(3))
            if m.group(1) not in typed:
                return 'line %d: %s has no TYPE line before it' % (n, m.group(1))
            if m.group(1) == 'tcpwarden_sockets':
                samples += 1
    if not samples:
        return 'no tcpwarden_sockets sample'
    return None


def facts(path):
    out = {}
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\r\n')
            if line.startswith('@@ '):
                name, _, value = line[3:].partition(' ')
                out[name] = value
    return out


def norm(v):
    """JSON with '-' in every key (the spec's spelling; '_' accepted too)."""
    if isinstance(v, dict):
        return {k.replace('_', '-'): norm(x) for k, x in v.items()}
    if isinstance(v, list):
        return [norm(x) for x in v]
    return v


def load(f, name):
    if name not in f:
        raise ValueError('the guest printed no %s' % name)
    try:
        return norm(json.loads(f[name]))
    except ValueError:
        raise ValueError('%s is not JSON: %s' % (name, f[name][:200]))


def beta(frac):
    return round(frac * 1024)


def has_policy(lst, prefix, **want):
    for p in lst.get('policies', []):
        if p.get('prefix') != prefix:
            continue
        for k, v in want.items():
            got = p.get(k)
            if k == 'beta' and isinstance(got, int) and abs(got - v) <= 1:
                continue
            if got != v:
                return '%s: %s is %r, not %r' % (prefix, k, got, v)
        return None
    return 'no policy for %s' % prefix


def config(path):
    f = facts(path)
    verdicts = []

    def check(name, fn):
        try:
            why = fn()
        except ValueError as e:
            why = str(e)
        verdicts.append((name, why))

    def policies():
        lst = load(f, 'policy-list')
        for why in (has_policy(lst, '10.0.0.0/8', **{'port-min': 443, 'port-max': 443,
                                                     'beta': beta(0.7), 'min-ssthresh': 4,
                                                     'growth': 'cubic'}),
                    has_policy(lst, '192.0.2.0/24', beta=beta(0.9), **{'min-ssthresh': 16})):
            if why:
                return why
        if len(lst.get('policies', [])) != 2:
            return '%d policies, not 2' % len(lst.get('policies', []))
        d = load(f, 'policy-default').get('default', {})
        if abs(d.get('beta', -9) - beta(0.6)) > 1:
            return 'default beta is %r, not %d' % (d.get('beta'), beta(0.6))
        return None

    def syn():
        s = load(f, 'syn-status')
        want = {'mode': 'enforce', 'threshold': 3000, 'src-rate': 15, 'src-burst': 30}
        for k, v in want.items():
            if s.get(k) != v:
                return 'syn status %s is %r, not %r' % (k, s.get(k), v)
        lists = {(e.get('list'), e.get('prefix')) for e in load(f, 'syn-list')}
        for e in (('allow', '192.0.2.0/24'), ('deny', '198.51.100.0/24')):
            if e not in lists:
                return 'syn list has no %s %s' % e
        return None

    def netns():
        lst = load(f, 'blue-policy-list')
        why = has_policy(lst, '10.1.0.0/16', beta=beta(0.8))
        if why:
            return 'netns blue: ' + why
        if len(lst.get('policies', [])) != 1:
            return 'netns blue has %d policies, not 1' % len(lst.get('policies', []))
        mode = load(f, 'blue-syn-status').get('mode')
        return None if mode == 'monitor' else 'netns blue: syn mode is %r, not monitor' % mode

    def reload():
        if f.get('reload-rc') != '0':
            return 'systemctl reload tcpwarden exited %s' % f.get('reload-rc')
        return has_policy(load(f, 'reload-policy-list'), '203.0.113.0/24', beta=beta(0.6))

    check('policies', policies)
    check('syn', syn)
    check('netns', netns)
    check('reload', reload)
    for name, why in verdicts:
        print(name, 'fail' if why else 'ok', why or '')
    return 0 if all(why is None for _, why in verdicts) else 1


def main():
    if len(sys.argv) == 3 and sys.argv[1] == 'prom':
        why = prom(sys.argv[2])
        print(why or 'ok')
        return 1 if why else 0
    if len(sys.argv) == 3 and sys.argv[1] == 'config':
        return config(sys.argv[2])
    print(__doc__.strip(), file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main())
