#!/usr/bin/env bash
# The build cache: what a build costs with nothing changed, and after a 5-page edit (4 bodies,
# 1 title) with the cache and without it (output folder kept), with search on and off.
#
# usage: bench/cache.sh [PAGES] [DECISIONS]   (default 2000 400, the README's figures)
#
# Needs ../shared/bench/gen_handbook.py (set SHARED otherwise) and a release build. Works in
# $WORK (default /tmp/bench-cache). Prints wall and CPU time and peak memory of each build.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
shared=${SHARED:-$repo/../shared}
pages=${1:-2000}
decisions=${2:-400}
work=${WORK:-/tmp/bench-cache}
gen="$shared/bench/gen_handbook.py"
[ -f "$gen" ] || { echo "bench/cache.sh: $gen not found (set SHARED)" >&2; exit 2; }
(cd "$repo" && cargo build --release --quiet)
bin="$repo/target/release/handbook"

mkdir -p "$work"
python3 "$gen" --pages "$pages" --decisions "$decisions" --seed 1 --force "$work/src" >/dev/null

timed() {
  /usr/bin/time -f "    %e s wall, %U s user, %S s system, %M KB peak" "$bin" build "$1" 2>&1 |
    grep -E '^Built|s wall' | sed 's/^Built/    Built/'
}

# Five pages spread over the handbook (no section pages, no records): the first gets a new
# title, the others a line at the end of their body.
edit() {
  local n=0
  for f in $targets; do
    n=$((n + 1))
    if [ "$n" = 1 ]; then
      sed -i "0,/^title: /s/^title: \(.*\)/title: \1 ($2)/" "$f"
    else
      printf '\nEdited (%s).\n' "$2" >>"$f"
    fi
  done
}

for search in on off; do
  hb="$work/$search"
  rm -rf "$hb"
  cp -r "$work/src" "$hb"
  [ "$search" = off ] && printf 'search: false\n' >"$hb/handbook.yml"
  targets=$(find "$hb" -name '*.md' -not -path '*/decisions/*' -not -name index.md | sort |
    awk 'NR % 300 == 7' | head -5)
  echo "== search $search"
  echo "  first build (no cache, no output folder)"
  timed "$hb"
  echo "  the same build again (nothing changed)"
  timed "$hb"
  edit "$hb" one
  echo "  5 pages edited, with the cache"
  timed "$hb"
  edit "$hb" two
  rm -rf "$hb/.handbook-cache"
  echo "  5 pages edited, cache deleted, output folder kept (every page worked out again)"
  timed "$hb"
  edit "$hb" three
  echo "  5 pages edited, with the cache"
  timed "$hb"
done
