#!/usr/bin/env python3
"""GitHub's own Markdown renderer (cmark-gfm, through the `cmarkgfm` package) over files.

Reads file paths, one a line, on stdin; prints one JSON object mapping each path to its HTML.
Used by the parity test in src/markdown/parity.rs. Exits 3 when `cmarkgfm` is not installed
(`pip install cmarkgfm`), so the test can say it was skipped.
"""
import json
import sys

try:
    import cmarkgfm
    from cmarkgfm.cmark import Options
except ImportError:
    sys.exit(3)

# As github.com renders a file: its extensions, footnotes, raw HTML kept (GitHub then
# sanitises it, which is out of scope here).
OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES

out = {}
for line in sys.stdin:
    path = line.rstrip("\n")
    if not path:
        continue
    with open(path, encoding="utf-8", errors="replace") as f:
        out[path] = cmarkgfm.github_flavored_markdown_to_html(f.read(), options=OPTIONS)
json.dump(out, sys.stdout)
