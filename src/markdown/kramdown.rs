//! kramdown's attribute lists, as Jekyll pages (and Just the Docs' in particular) carry them:
//! `{: .no_toc }` under a heading, `{:target="_blank"}` after a link, `1. TOC` + `{:toc}` for a
//! table of contents, `{: .note }` before a paragraph for a callout. CommonMark has no such
//! syntax, so without this they are printed as text.

use std::ops::Range;

/// The inside of a block attribute list alone on its line (`{: .note }` -> `.note`).
pub(crate) fn block_ial(trimmed: &str) -> Option<&str> {
    let inner = trimmed.strip_prefix("{:")?.strip_suffix('}')?;
    (!inner.contains(['{', '}'])).then(|| inner.trim())
}

/// `{:toc}` (also `{: toc}`), which turns the list item before it into the table of contents.
pub(crate) fn is_toc_ial(trimmed: &str) -> bool {
    block_ial(trimmed) == Some("toc")
}

/// The list item kramdown replaces with the table of contents: `* TOC`, `- TOC`, `1. TOC`.
pub(crate) fn is_toc_item(trimmed: &str) -> bool {
    let item = trimmed.strip_prefix(['*', '-', '+']).or_else(|| {
        let digits = trimmed.trim_start_matches(|c: char| c.is_ascii_digit());
        (digits.len() < trimmed.len())
            .then(|| digits.strip_prefix(['.', ')']))
            .flatten()
    });
    item.is_some_and(|rest| rest.trim() == "TOC")
}

/// The callout a block's classes ask for, as Just the Docs styles them (`.note`,
/// `.warning-title`, `.highlight`, `.new`).
pub(crate) fn callout_kind(classes: &str) -> Option<&'static str> {
    classes.split_whitespace().find_map(|class| {
        let name = class.strip_prefix('.')?;
        let name = name.strip_suffix("-title").unwrap_or(name);
        Some(match name {
            "note" | "highlight" => "note",
            "tip" | "new" => "tip",
            "important" => "important",
            "warning" => "warning",
            "caution" | "danger" => "caution",
            _ => return None,
        })
    })
}

/// The text of a quote line after its `>` marker (and one space), or `None` for a line that is
/// not quoted.
pub(crate) fn quoted(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches([' ', '\t']).strip_prefix('>')?;
    Some(rest.strip_prefix(' ').unwrap_or(rest))
}

/// Inline attribute lists right after a link or image (`){:target="_blank"}`), as byte ranges
/// of the line to leave out.
pub(crate) fn inline_ials(line: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(i) = line[from..].find("){:").map(|i| i + from) {
        let open = i + 1;
        match line[open..].find('}') {
            Some(close) if !line[open + 1..open + close].contains('{') => {
                ranges.push(open..open + close + 1);
                from = open + close + 1;
            }
            _ => from = open + 1,
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_lists() {
        assert_eq!(block_ial("{: .no_toc }"), Some(".no_toc"));
        assert_eq!(block_ial("{:toc}"), Some("toc"));
        assert_eq!(block_ial("{ .x }"), None);
        assert!(is_toc_ial("{:toc}") && is_toc_ial("{: toc }"));
        assert!(is_toc_item("1. TOC") && is_toc_item("* TOC") && is_toc_item("- TOC"));
        assert!(!is_toc_item("1. Table of contents") && !is_toc_item("TOC"));
        assert_eq!(callout_kind(".note"), Some("note"));
        assert_eq!(callout_kind(".warning-title .fs-3"), Some("warning"));
        assert_eq!(callout_kind(".no_toc .text-delta"), None);
        let line = "[a](b){:target=\"_blank\"} and ![c](d){: .img } and (x){y}";
        let ranges = inline_ials(line);
        assert_eq!(ranges.len(), 2);
        assert_eq!(&line[ranges[0].clone()], "{:target=\"_blank\"}");
        assert_eq!(&line[ranges[1].clone()], "{: .img }");
    }
}
