#!/usr/bin/env bash
# Installs everything the full test suite needs on a fresh Debian machine (run it as root, or
# with sudo): the three real browsers used as oracles and the Node packages that drive them;
# man-db and groff (the `corsfix man` page is rendered by `man -l` in a test) and util-linux's
# `script` (the 80-column pty test); the regex engines the origin-regex property test runs
# (crates/corsfix-gen/tests/regex_engines.rs: Ruby, PHP PCRE2, nginx and Apache httpd; Node,
# Python, Go and Java come with the machine), ruff and Prettier (crates/corsfix-gen/tests/formatted.rs);
# wrk (scripts/bench-proxy.sh). openssl makes the throw-away certificate of the https page in
# the Local Network Access differential test (crates/corsfix-difftest/tests/lna.rs).
# Idempotent: skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
for pkg in chromium chromium-driver firefox-esr webkit2gtk-driver xvfb xauth man-db groff-base bsdutils \
  ruby php-cli nginx apache2 python3-venv wrk openssl; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if ((${#need_apt[@]})); then
  if ((EUID != 0)); then
    echo "setup: installing ${need_apt[*]} needs root: run it as root, or with sudo" >&2
    exit 1
  fi
  echo "setup: apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# ruff: generated Python must be as `ruff format` leaves it (crates/corsfix-gen/tests/formatted.rs).
if ! command -v ruff >/dev/null 2>&1; then
  echo "setup: pip install ruff"
  python3 -m pip install --quiet --disable-pip-version-check ruff==0.17.6
fi

# Node drivers for the browsers (never download a browser: the system ones are used).
export PUPPETEER_SKIP_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# tests/format: Prettier for crates/corsfix-gen/tests/formatted.rs (generated JS/TS).
for dir in tests/browser tests/web-e2e tests/mcp tests/format verify/node; do
  if [[ -f "$dir/package.json" ]]; then
    if [[ -f "$dir/package-lock.json" ]]; then
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    else
      (cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
    fi
  fi
done
# The official Python MCP SDK for the `corsfix mcp` client test (tests/mcp/client.py), in a
# venv of its own; the TypeScript SDK came with tests/mcp's package-lock above.
if [[ ! -x tests/mcp/.venv/bin/python ]]; then
  python3 -m venv tests/mcp/.venv
fi
tests/mcp/.venv/bin/pip install -q --disable-pip-version-check -r tests/mcp/requirements.txt
echo "setup: done"
