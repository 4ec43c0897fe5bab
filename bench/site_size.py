#!/usr/bin/env python3
"""HTML bytes a page of a handbook build against a Hugo build of the same handbook, and where
handbook's bytes go (issue #15's site-size goal: at most 2x Hugo's bytes a page).

    python3 bench/site_size.py HANDBOOK_OUT HUGO_OUT

Bytes a page is every `*.html` file's size summed and divided by their count (what
`find OUT -name '*.html' -printf '%s\\n'` gives), for both outputs alike. The breakdown splits
each page of the default theme into its parts by their markup; the sidebar's shared fragments
(`assets/nav/`) are counted as files of their own.
"""

import os
import sys
from collections import Counter

# Each part by where it starts and ends in the default theme's markup, in page order.
PARTS = [
    ("head", "<head>", "</head>"),
    ("site header", '<header class="site-header">', "</header>"),
    ("sidebar", '<nav id="sidebar"', "</nav>"),
    ("breadcrumbs", '<nav class="breadcrumbs"', "</nav>"),
    ("search data", '<div class="search-data"', "</div>"),
    ("site footer and scripts", '<footer class="site-footer">', "</body>"),
]


def html_files(out):
    for root, _dirs, files in os.walk(out):
        for name in files:
            if name.endswith(".html"):
                path = os.path.join(root, name)
                yield os.path.relpath(path, out), path


def bytes_a_page(out):
    sizes = [os.path.getsize(path) for _rel, path in html_files(out)]
    return sum(sizes), len(sizes)


def span(text, start, end):
    i = text.find(start)
    if i < 0:
        return 0
    j = text.find(end, i)
    return j + len(end) - i if j >= 0 else 0


def breakdown(out):
    parts = Counter()
    for rel, path in html_files(out):
        data = open(path, "rb").read()
        if rel.startswith("assets/nav/"):
            parts["sidebar fragments (assets/nav/)"] += len(data)
            continue
        found = {name: span(data, start.encode(), end.encode()) for name, start, end in PARTS}
        # <main> without the breadcrumbs and search data inside it.
        found["main (the page's own text, listings, metadata)"] = (
            span(data, b"<main", b"</main>") - found["breadcrumbs"] - found["search data"]
        )
        found["the rest (doctype, layout)"] = len(data) - sum(found.values())
        parts.update(found)
    return parts


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    ours, hugo = sys.argv[1], sys.argv[2]
    total, count = bytes_a_page(ours)
    hugo_total, hugo_count = bytes_a_page(hugo)
    print(f"handbook: {total / 1e6:.1f} MB of HTML in {count} files, {total / count:,.0f} bytes a page")
    print(f"Hugo:     {hugo_total / 1e6:.1f} MB of HTML in {hugo_count} files, {hugo_total / hugo_count:,.0f} bytes a page")
    print(f"ratio:    {(total / count) / (hugo_total / hugo_count):.2f}x Hugo's bytes a page")
    print("\nhandbook's bytes a page, by part (averaged over every HTML file):")
    for name, size in breakdown(ours).most_common():
        print(f"  {size / count:8,.0f}  {name}")


if __name__ == "__main__":
    main()
