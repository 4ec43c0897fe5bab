#!/usr/bin/env bash
# The whole test suite, from a fresh machine: Rust unit and integration tests, then the browser
# tests (tests/browser/) in Debian's headless Chromium against the built example handbook.
#   bash scripts/test.sh
# Exits non-zero on any failure; the last lines are the test runners' own summaries.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Chromium comes from Debian; the suite never downloads a browser.
if [ ! -x /usr/bin/chromium ]; then
  step "installing chromium with apt-get"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
fi

if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null; then
  echo "scripts/test.sh: the browser tests need Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 2
fi

# The GitHub parity test (src/markdown/differential.rs) renders the corpora with cmark-gfm, from
# Python; without the package it says it was skipped.
if ! python3 -c 'import cmarkgfm' 2>/dev/null; then
  step "pip install cmarkgfm"
  python3 -m pip install --quiet --user cmarkgfm 2>/dev/null ||
    python3 -m pip install --quiet --user --break-system-packages cmarkgfm ||
    echo "scripts/test.sh: could not install cmarkgfm; the GitHub parity test will be skipped" >&2
fi

step "cargo test --all-targets"
skip_log=target/skipped-tests.txt # whole-corpus tests append their name here when they skip
mkdir -p target && rm -f "$skip_log"
cargo test --all-targets
if [ -s "$skip_log" ]; then
  echo "skipped: $(sort -u "$skip_log" | wc -l) corpus tests (../shared/corpora not found): $(sort -u "$skip_log" | tr '\n' ' ')"
fi
cargo build --quiet --bin handbook # the binary the browser tests drive (normally already built above)

# npm ci only when the lock file changed since the last install.
lock_sum="$(sha256sum tests/browser/package-lock.json | cut -d' ' -f1)"
stamp=tests/browser/node_modules/.lock-sha256
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  step "npm ci --prefix tests/browser"
  npm ci --prefix tests/browser --no-audit --no-fund
  echo "$lock_sum" > "$stamp"
fi

step "node --test tests/browser/"
export HANDBOOK_BIN="$PWD/target/debug/handbook"
exec node --test --test-reporter=spec --test-concurrency=2 tests/browser/
