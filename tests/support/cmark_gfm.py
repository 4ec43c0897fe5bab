#!/usr/bin/env python3
"""GitHub's own Markdown renderer (cmark-gfm, through the `cmarkgfm` package) over files.

Reads one JSON object mapping names to Markdown texts on stdin; prints one JSON object mapping
each name to its HTML. Used by the parity test in src/markdown/differential.rs. Exits 3 when `cmarkgfm` is not installed
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

texts = json.load(sys.stdin)
out = {
    name: cmarkgfm.github_flavored_markdown_to_html(text, options=OPTIONS)
    for name, text in texts.items()
}
json.dump(out, sys.stdout)
