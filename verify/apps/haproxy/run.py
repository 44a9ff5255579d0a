"""Merge the generated frontend lines into haproxy.cfg, then run HAProxy in the foreground.

The generated haproxy-cors.cfg is a whole example (`frontend api` with its own bind and
default_backend); its notes say to merge the frontend's lines into your frontend, before any
auth rule and the backend. That is done here, line for line: only `bind` and `default_backend`
stay the skeleton's.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MARK = "    # @CORS: the generated frontend lines go here.\n"


def frontend_lines(text):
    lines, inside = [], False
    for line in text.splitlines():
        if line.startswith("frontend "):
            inside = True
            continue
        if inside and line.strip() and not line[0].isspace():
            break
        if inside and line.split()[:1] not in (["bind"], ["default_backend"]):
            lines.append(line)
    return lines


def main():
    with open(os.path.join(HERE, "haproxy-cors.cfg"), encoding="utf-8") as f:
        lines = frontend_lines(f.read())
    if not any(line.strip() for line in lines):
        sys.exit("haproxy-cors.cfg has no frontend lines to merge")
    with open(os.path.join(HERE, "haproxy.cfg.in"), encoding="utf-8") as f:
        skeleton = f.read()
    if MARK not in skeleton:
        sys.exit("haproxy.cfg.in lost its merge mark")
    cfg = os.path.join(HERE, "haproxy.cfg")
    with open(cfg, "w", encoding="utf-8") as f:
        f.write(skeleton.replace(MARK, "\n".join(lines) + "\n"))
    sys.stdout.flush()
    os.execvp("haproxy", ["haproxy", "-db", "-f", cfg])


main()
