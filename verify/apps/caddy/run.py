"""Take the `(cors)` snippet out of the generated Caddyfile, then run Caddy on site.caddy.

The generated Caddyfile defines the snippet and shows an example site on :8080; its notes say
to `import cors` at the top of each site block. The snippet is written verbatim to
cors-snippet.caddy (which site.caddy imports); the example site is left out.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def snippet(text):
    lines = text.splitlines()
    try:
        start = lines.index("(cors) {")
        end = lines.index("}", start)
    except ValueError:
        sys.exit("the generated Caddyfile has no top-level `(cors) {` ... `}` snippet")
    return "\n".join(lines[start : end + 1]) + "\n"


def main():
    with open(os.path.join(HERE, "Caddyfile"), encoding="utf-8") as f:
        text = snippet(f.read())
    with open(os.path.join(HERE, "cors-snippet.caddy"), "w", encoding="utf-8") as f:
        f.write(text)
    # Caddy's data and config directories stay inside the app directory.
    os.environ["XDG_DATA_HOME"] = os.path.join(HERE, "data")
    os.environ["XDG_CONFIG_HOME"] = os.path.join(HERE, "config")
    caddy = os.path.join(os.path.dirname(sys.executable), "caddy")
    sys.stdout.flush()
    os.execv(
        caddy,
        [caddy, "run", "--config", os.path.join(HERE, "site.caddy"), "--adapter", "caddyfile"],
    )


main()
