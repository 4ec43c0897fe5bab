#!/usr/bin/env bash
# Does the cost of a page stay flat as a handbook grows? Builds generated handbooks of several
# sizes, one after another, and prints per page: wall and CPU time, peak memory and output
# bytes, for a searchable build, a build without search, and `check`; plus the rebuild with
# nothing changed (the build cache) as a whole.
#
# usage: bench/per_page.sh [PAGES...]      default: 1000 2000 5000 (decisions: a fifth of pages)
#   e.g. bench/per_page.sh 1000 10000 50000
#
# Needs ../shared/bench/gen_handbook.py (or GEN) and a release build (built here if missing).
# Every build writes into a folder that does not exist yet (a cold output, as CI builds: the last
# one is moved aside, and all are removed when the script ends, since deleting files right
# before a build makes this machine's journal-less ext4 skip every recently deleted inode: the
# next size's builds paid for the last size's outputs); figures are medians
# of RUNS runs (default 3). Compare rows within one run of the script: the machine's load
# changes raw figures, not the shape of the curve.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
gen=${GEN:-$repo/../shared/bench/gen_handbook.py}
work=${WORK:-/tmp/handbook-per-page}
runs=${RUNS:-3}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 2000 5000)
[ -f "$gen" ] || { echo "bench/per_page.sh: $gen not found (set GEN)" >&2; exit 2; }
(cd "$repo" && cargo build --release --quiet)
bin="$repo/target/release/handbook"
mkdir -p "$work"

# One measured command: prints "wall cpu peak_kib" (seconds, seconds, KiB).
measure() {
  local log
  log=$(mktemp)
  /usr/bin/time -f '%e %U %S %M' -o "$log" "$@" >/dev/null 2>&1 || true
  # A build that reports errors exits non-zero, and time(1) then writes a line saying so
  # before its figures.
  grep -v '^Command ' "$log" | awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }'
  rm -f "$log"
}

# Moves an output folder out of the way (into `$work/aside`, removed when the script ends).
move_aside() {
  mkdir -p "$work/aside"
  if [ -e "$1" ]; then mv "$1" "$work/aside/$(basename "$1")-$(date +%s%N)"; fi
}

# Median of RUNS measurements of a command, with `prepare` run before each.
median_of() {
  local prepare=$1; shift
  for _ in $(seq "$runs"); do
    eval "$prepare"
    measure "$@"
  done | sort -n | awk -v n="$runs" 'NR == int((n + 1) / 2)'
}

printf '%-8s %-18s %9s %9s %9s %10s %9s\n' pages what "wall ms" "cpu ms" "peak KiB" "out bytes" "peak MiB"
printf '%-8s %-18s %9s %9s %9s %10s %9s\n' "" "" "a page" "a page" "a page" "a page" "in all"
for pages in "${sizes[@]}"; do
  src="$work/$pages"
  if [ ! -d "$src/native" ]; then
    python3 "$gen" --pages "$pages" --decisions $((pages / 5)) "$src/native" >/dev/null 2>&1
    cp -r "$src/native" "$src/nosearch"
    printf '\nsearch: false\n' >> "$src/nosearch/handbook.yml"
  fi
  docs=$(find "$src/native" -name '*.md' | wc -l)
  row() {
    local what=$1 out=$2; shift 2
    read -r wall cpu peak <<<"$(median_of "move_aside $out; rm -rf $src/native/.handbook-cache $src/nosearch/.handbook-cache; sync" "$@")"
    local bytes=0
    [ -d "$out" ] && bytes=$(du -sb "$out" | cut -f1)
    awk -v p="$docs" -v w="$wall" -v c="$cpu" -v m="$peak" -v b="$bytes" -v what="$what" \
      'BEGIN { printf "%-8d %-18s %9.2f %9.2f %9.1f %10.0f %9.0f\n", p, what, w * 1000 / p, c * 1000 / p, m / p, b / p, m / 1024 }'
  }
  row "build, search" "$work/out" "$bin" build "$src/native" --out "$work/out" --quiet
  row "build, no search" "$work/out" "$bin" build "$src/nosearch" --out "$work/out" --quiet
  row "check" "$work/none" "$bin" check "$src/native"
  # The build cache: the same build again, nothing changed (whole run, not per page).
  "$bin" build "$src/native" --out "$work/out" --quiet >/dev/null 2>&1 || true
  read -r wall cpu peak <<<"$(median_of true "$bin" build "$src/native" --out "$work/out" --quiet)"
  printf '%-8d %-18s %9s %9s %9s %10s   (whole run: %s s wall, %s s CPU, %s KiB)\n' \
    "$docs" "rebuild, unchanged" - - - - "$wall" "$cpu" "$peak"
done
rm -rf "$work/aside"
