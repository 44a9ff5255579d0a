#!/usr/bin/env python3
"""Compare `corsfix simulate --browser all --json` with the recorded engine runs in
shared/reference/chromium-sample. Prints every disagreement; exit 1 if any."""
import json, subprocess, sys, os
root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'reference', 'chromium-sample')
binary = sys.argv[2] if len(sys.argv) > 2 else 'target/debug/corsfix'
def load(f): return [json.loads(l) for l in open(os.path.join(root, f))]
bad = 0
for prefix in ['', 'redirects-']:
    cases = load(prefix + 'cases.jsonl')
    ch = {j['id']: j for j in load(prefix + 'chromium-156.jsonl')}
    ff = {j['id']: j for j in load(prefix + 'firefox-153.jsonl')}
    wk = {j['id']: j for j in load(prefix + 'webkit-2.50.jsonl')}
    out = subprocess.run([binary, 'simulate', '--json', '--browser', 'all'], input='\n'.join(json.dumps(c) for c in cases), capture_output=True, text=True)
    for line in out.stdout.splitlines():
        r = json.loads(line); i = r['id']; c = r['chrome']; e = ch[i]
        got = {'allowed': c['allowed'], 'preflight_sent': c['preflight']['sent'],
               'preflight_request_headers': c['preflight']['request_headers'] if c['preflight']['sent'] else None,
               'actual_sent': c['actual_sent'], 'chrome': c['lines'][0] if c['lines'] else None,
               'status': c['response']['status'] if c['response'] else None,
               'readable_headers': c['response']['readable_headers'] if c['response'] else None}
        for k in got:
            if got[k] != e[k]:
                bad += 1; print(f'{i} chrome.{k}: want {e[k]!r}\n{" "*len(i)}         got  {got[k]!r}')
        for name, rec, key in [('firefox', ff, 'firefox'), ('safari', wk, 'safari')]:
            v = r[name]; want = rec[i]
            if v['allowed'] != want['allowed']:
                bad += 1; print(f'{i} {name}.allowed: want {want["allowed"]} got {v["allowed"]}')
            wl = want[key]; gl = v['lines']
            if (wl[:1] != gl[:1]) or (wl != gl and '--lines' in sys.argv):
                bad += 1; print(f'{i} {name}.lines: want {wl!r}\n{" "*len(i)}         got  {gl!r}')
print(f'{bad} disagreements', file=sys.stderr)
sys.exit(1 if bad else 0)
