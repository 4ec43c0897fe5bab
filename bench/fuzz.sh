#!/usr/bin/env bash
# Fuzzes every parser for longer than the test suite does (tests/integration/fuzz.rs), on an
# optimised build: `bash bench/fuzz.sh [seconds per target, default 60] [seed]`. A panic or a
# slow input is saved under target/fuzz-crashes/ and named in the failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export HANDBOOK_FUZZ_SECS="${1:-60}"
if [[ -n "${2:-}" ]]; then
  export HANDBOOK_FUZZ_SEED="$2"
fi
cargo test --release --test integration fuzz:: -- --nocapture --test-threads 1
