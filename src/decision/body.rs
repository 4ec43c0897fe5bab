//! The Markdown structure of a decision body, as every format parser needs it.
//!
//! One pulldown-cmark pass collects headings, paragraphs and list items with their source
//! ranges, so the format parsers look up sections by name instead of matching lines with
//! regexes, and every value can be traced back to a file line. Code blocks and HTML comments
//! are skipped: a `## Status` inside a fenced block is not a section.

use crate::diagnostic::LineIndex;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// A heading of the body.
#[derive(Debug, Clone)]
pub(crate) struct Heading {
    /// 1 to 6.
    pub(crate) level: u8,
    /// Plain text, without inline HTML (so `# <!-- title -->` is empty).
    pub(crate) text: String,
    /// Source range in the body.
    pub(crate) range: Range<usize>,
}

/// Whether a block is a paragraph or a list item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    Paragraph,
    Item,
}

/// A paragraph (outside lists) or a list item, with its own text only (nested items are
/// separate blocks).
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub(crate) kind: BlockKind,
    /// List nesting depth of an item (0 for a top-level item and for paragraphs).
    pub(crate) depth: usize,
    /// Plain text; soft line breaks are kept as `\n`.
    pub(crate) text: String,
    /// Source range in the body.
    pub(crate) range: Range<usize>,
}

/// A parsed body plus what is needed to turn body offsets into file lines.
pub(crate) struct Body<'a> {
    /// The Markdown body (after the front matter).
    pub(crate) src: &'a str,
    file_text: &'a str,
    base: usize,
    index: LineIndex,
    pub(crate) headings: Vec<Heading>,
    pub(crate) blocks: Vec<Block>,
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

impl<'a> Body<'a> {
    /// Parses the body of `file_text` starting at byte `body_offset` (clamped to the text).
    pub(crate) fn parse(file_text: &'a str, body_offset: usize) -> Self {
        let (base, src) = match file_text.get(body_offset..) {
            Some(src) => (body_offset, src),
            None => (0, file_text),
        };
        let mut headings = Vec::new();
        let mut blocks = Vec::new();
        let mut heading: Option<(u8, usize, String)> = None;
        let mut para: Option<(usize, String)> = None;
        let mut items: Vec<(usize, String)> = Vec::new();
        let mut in_code = false;
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS;
        for (event, range) in Parser::new_ext(src, options).into_offset_iter() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    heading = Some((level_number(level), range.start, String::new()));
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((level, start, text)) = heading.take() {
                        headings.push(Heading {
                            level,
                            text: collapse(&text),
                            range: start..range.end,
                        });
                    }
                }
                Event::Start(Tag::Paragraph) if items.is_empty() && heading.is_none() => {
                    para = Some((range.start, String::new()));
                }
                Event::End(TagEnd::Paragraph) => {
                    if let Some((start, text)) = para.take() {
                        blocks.push(Block {
                            kind: BlockKind::Paragraph,
                            depth: 0,
                            text: text.trim().to_string(),
                            range: start..range.end,
                        });
                    } else if let Some(item) = items.last_mut() {
                        item.1.push('\n');
                    }
                }
                Event::Start(Tag::Item) => items.push((range.start, String::new())),
                Event::End(TagEnd::Item) => {
                    if let Some((start, text)) = items.pop() {
                        blocks.push(Block {
                            kind: BlockKind::Item,
                            depth: items.len(),
                            text: text.trim().to_string(),
                            range: start..range.end,
                        });
                    }
                }
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(TagEnd::CodeBlock) => in_code = false,
                Event::Text(t) | Event::Code(t) if !in_code => {
                    push_text(&mut heading, &mut items, &mut para, &t);
                }
                Event::SoftBreak | Event::HardBreak => {
                    push_text(&mut heading, &mut items, &mut para, "\n");
                }
                _ => {}
            }
        }
        blocks.sort_by_key(|b| b.range.start);
        Body {
            src,
            file_text,
            base,
            index: LineIndex::new(file_text),
            headings,
            blocks,
        }
    }

    /// The 1-based file line of a body offset.
    pub(crate) fn line(&self, body_offset: usize) -> u32 {
        self.index
            .line_col(self.file_text, self.base + body_offset)
            .0
    }

    /// The title heading: the first heading, when it is an H1.
    pub(crate) fn title_index(&self) -> Option<usize> {
        self.headings.first().filter(|h| h.level == 1).map(|_| 0)
    }

    /// The heading's source line without the `#` markers (keeps inline HTML comments).
    pub(crate) fn heading_source(&self, i: usize) -> &str {
        let Some(h) = self.headings.get(i) else {
            return "";
        };
        let raw = self.src.get(h.range.clone()).unwrap_or("");
        let first = raw.lines().next().unwrap_or("");
        first
            .trim()
            .trim_start_matches('#')
            .trim()
            .trim_end_matches('#')
            .trim()
    }

    /// The body range between the title (or the start) and the next heading: where MADR 2 and
    /// log4brains keep their metadata bullets and adr-tools its `Date:` line.
    pub(crate) fn preamble(&self) -> Range<usize> {
        let (start, next) = match self.title_index() {
            Some(t) => (self.headings[t].range.end, t + 1),
            None => (0, 0),
        };
        let end = self
            .headings
            .get(next)
            .map_or(self.src.len(), |h| h.range.start);
        start..end.max(start)
    }

    /// The source lines of a body range, with their body offsets.
    pub(crate) fn lines_in(&self, range: Range<usize>) -> Vec<(usize, &'a str)> {
        let src = self.src;
        let Some(text) = src.get(range.clone()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut offset = range.start;
        let mut in_fence = false;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = !in_fence;
            } else if !in_fence {
                out.push((offset, line.trim_end_matches(['\n', '\r'])));
            }
            offset += line.len();
        }
        out
    }

    /// The index of the first heading (after the title) whose normalised text is one of `names`.
    pub(crate) fn find_section(&self, names: &[&str]) -> Option<usize> {
        let skip = usize::from(self.title_index().is_some());
        (skip..self.headings.len())
            .find(|&i| names.contains(&section_key(&self.headings[i].text).as_str()))
    }

    /// All headings (after the title) whose normalised text is one of `names`.
    pub(crate) fn find_sections(&self, names: &[&str]) -> Vec<usize> {
        let skip = usize::from(self.title_index().is_some());
        (skip..self.headings.len())
            .filter(|&i| names.contains(&section_key(&self.headings[i].text).as_str()))
            .collect()
    }

    /// The content range of heading `i`: up to the next heading of the same or a higher level
    /// (an H1 section such as a stray `# Status` ends at the next H2 as well).
    pub(crate) fn section_range(&self, i: usize) -> Range<usize> {
        let Some(h) = self.headings.get(i) else {
            return 0..0;
        };
        let limit = h.level.max(2);
        let end = self.headings[i + 1..]
            .iter()
            .find(|n| n.level <= limit)
            .map_or(self.src.len(), |n| n.range.start);
        h.range.end..end.max(h.range.end)
    }

    /// The content of heading `i` before its first sub-heading.
    pub(crate) fn section_lead(&self, i: usize) -> Range<usize> {
        let r = self.section_range(i);
        let end = self
            .headings
            .get(i + 1)
            .map_or(r.end, |n| n.range.start.min(r.end));
        r.start..end.max(r.start)
    }

    /// Sub-headings one level below heading `i`, inside its section.
    pub(crate) fn subheadings(&self, i: usize) -> Vec<usize> {
        let Some(h) = self.headings.get(i) else {
            return Vec::new();
        };
        let r = self.section_range(i);
        let level = self.headings[i + 1..]
            .iter()
            .filter(|n| n.range.start < r.end && n.level > h.level)
            .map(|n| n.level)
            .min();
        (i + 1..self.headings.len())
            .filter(|&j| {
                let n = &self.headings[j];
                n.range.start < r.end && Some(n.level) == level
            })
            .collect()
    }

    /// Blocks inside a body range.
    pub(crate) fn blocks_in(&self, range: Range<usize>) -> impl Iterator<Item = &Block> {
        self.blocks
            .iter()
            .filter(move |b| b.range.start >= range.start && b.range.start < range.end)
    }

    /// The texts of the shallowest list items inside a range.
    pub(crate) fn top_items(&self, range: Range<usize>) -> Vec<&Block> {
        let items: Vec<&Block> = self
            .blocks_in(range)
            .filter(|b| b.kind == BlockKind::Item)
            .collect();
        let Some(min) = items.iter().map(|b| b.depth).min() else {
            return Vec::new();
        };
        items.into_iter().filter(|b| b.depth == min).collect()
    }
}

fn push_text(
    heading: &mut Option<(u8, usize, String)>,
    items: &mut [(usize, String)],
    para: &mut Option<(usize, String)>,
    text: &str,
) {
    if let Some((_, _, h)) = heading {
        h.push_str(text);
    } else if let Some((_, t)) = items.last_mut() {
        t.push_str(text);
    } else if let Some((_, t)) = para {
        t.push_str(text);
    }
}

/// Collapses all whitespace (line breaks included) to single spaces.
pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A heading's text as a lookup key: lowercase, no numbering, no trailing colon or "(optional)".
pub(crate) fn section_key(text: &str) -> String {
    let mut t = collapse(text).to_lowercase();
    for suffix in ["(optional)", ":"] {
        if let Some(s) = t.strip_suffix(suffix) {
            t = s.trim().to_string();
        }
    }
    strip_numbering(&t).to_string()
}

/// Removes a leading `1.`, `1)` or `Option 1:` from an option or section title.
pub(crate) fn strip_numbering(t: &str) -> &str {
    let t = t.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0
        && let Some(rest) = t[digits..].strip_prefix(['.', ')'])
    {
        return rest.trim_start();
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_lists_and_lines() {
        let text = "---\na: 1\n---\n# Title\n\n* Status: x\n\n## Context\n\nSome\ncontext.\n\n```\n## Status\n```\n\n## Considered Options\n\n* One\n  * nested\n* Two\n";
        let body = Body::parse(text, 12);
        assert_eq!(body.headings.len(), 3);
        assert_eq!(body.line(body.headings[0].range.start), 4);
        let ctx = body.find_section(&["context"]).unwrap_or(99);
        let para = body
            .blocks_in(body.section_range(ctx))
            .next()
            .map(|b| collapse(&b.text));
        assert_eq!(para.as_deref(), Some("Some context."));
        let opts = body.find_section(&["considered options"]).unwrap_or(99);
        let items: Vec<_> = body
            .top_items(body.section_range(opts))
            .iter()
            .map(|b| b.text.clone())
            .collect();
        assert_eq!(items, ["One", "Two"]);
        let pre = body.lines_in(body.preamble());
        assert!(pre.iter().any(|(_, l)| *l == "* Status: x"));
    }

    #[test]
    fn bad_offsets_do_not_panic() {
        let body = Body::parse("é", 1);
        assert_eq!(body.src, "é");
        assert_eq!(section_key("1. Options:"), "options");
    }
}
