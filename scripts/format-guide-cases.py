#!/usr/bin/env python3
"""Formats crates/corsfix-web/guide/cases/*.json the one way the guide stores them: two-space
indents, and a header pair (`["Name", "value"]`) or a flat object of strings on one line."""
import json, pathlib, sys

def dump(v, ind=0):
    pad = "  " * ind
    if isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, dict) and v and all(isinstance(x, str) for x in v.values()) and len(json.dumps(v)) < 70:
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, dict):
        if not v:
            return "{}"
        items = [f'{pad}  {json.dumps(k)}: {dump(x, ind + 1)}' for k, x in v.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(v, list):
        if not v:
            return "[]"
        items = [f"{pad}  {dump(x, ind + 1)}" for x in v]
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    return json.dumps(v, ensure_ascii=False)

root = pathlib.Path(__file__).resolve().parent.parent / "crates/corsfix-web/guide/cases"
check = "--check" in sys.argv
bad = 0
for p in sorted(root.glob("*.json")):
    text = dump(json.loads(p.read_text())) + "\n"
    if p.read_text() != text:
        if check:
            print(f"{p.name} is not formatted (scripts/format-guide-cases.py)")
            bad += 1
        else:
            p.write_text(text)
sys.exit(1 if bad else 0)
