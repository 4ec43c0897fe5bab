//! Headings: a unique id on each (explicit `{#id}` or GitHub's slug), an anchor link after the
//! text, and the list the table of contents is built from. The heading's inline events are held
//! back until its end, because the id depends on the whole text.
//!
//! `{…}` at the end of a heading is attributes only when it is valid attribute syntax
//! (`{#id .class key=value}`); otherwise (`# {short title}`, from templates) it is heading text,
//! as on GitHub.

use super::anchors::AnchorSet;
use super::transform::{Spanned, Transform};
use super::{Heading, escape_attr, options};
use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};
use std::collections::VecDeque;
use std::ops::Range;

/// A heading being read.
struct Open<'a> {
    level: u8,
    id: Option<String>,
    classes: Vec<String>,
    range: Range<usize>,
    inner: Vec<Spanned<'a>>,
}

/// The heading transform; fills `headings` as it goes.
pub(crate) struct Headings<'a, 'h> {
    body: &'a str,
    anchors: AnchorSet,
    headings: &'h mut Vec<Heading>,
    open: Option<Open<'a>>,
}

impl<'a, 'h> Headings<'a, 'h> {
    pub(crate) fn new(body: &'a str, headings: &'h mut Vec<Heading>) -> Self {
        let mut anchors = AnchorSet::default();
        // Explicit `{#id}`s are reserved first so that generated ids never collide with them,
        // even with a later heading's. (An extra parse, so only for bodies that can have one.)
        if body.contains("{#") {
            for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
                if let Event::Start(Tag::Heading { id: Some(id), .. }) = event
                    && attribute_block(body, &range).is_none_or(|b| b.valid)
                {
                    anchors.reserve(&id);
                }
            }
        }
        Headings {
            body,
            anchors,
            headings,
            open: None,
        }
    }

    fn close(&mut self, open: Open<'a>, end: Range<usize>, out: &mut VecDeque<Spanned<'a>>) {
        let Open {
            level,
            mut id,
            mut classes,
            range,
            mut inner,
        } = open;
        if let Some(block) = attribute_block(self.body, &range)
            && !block.valid
            && inner.iter().all(|(_, r)| r.end <= block.start)
        {
            // Not attributes after all: give the braces back to the text.
            id = None;
            classes.clear();
            let from = inner
                .iter()
                .map(|(_, r)| r.end)
                .filter(|&e| e <= block.start)
                .max()
                .unwrap_or(block.start);
            let text = &self.body[from.max(range.start)..block.end];
            let text = if inner.is_empty() {
                text.trim_start()
            } else {
                text
            };
            inner.push((Event::Text(CowStr::Borrowed(text)), block.start..block.end));
        }
        let text = plain_text(&inner);
        let id = id.unwrap_or_else(|| self.anchors.unique(&text));
        let class_attr = if classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape_attr(&classes.join(" ")))
        };
        let id_attr = escape_attr(&id);
        // Named after its heading (as GitHub's "Permalink: ..."), so a list of a page's links
        // in a screen reader says where each one goes.
        let label_attr = escape_attr(&format!("Permalink: {text}"));
        out.push_back((
            Event::Html(format!("<h{level} id=\"{id_attr}\"{class_attr}>").into()),
            range.start..range.start,
        ));
        out.extend(inner);
        out.push_back((
            Event::Html(format!(
                "<a class=\"heading-anchor\" href=\"#{id_attr}\" aria-label=\"{label_attr}\">#</a></h{level}>\n"
            ).into()),
            end,
        ));
        self.headings.push(Heading { level, id, text });
    }
}

impl<'a> Transform<'a> for Headings<'a, '_> {
    fn event(&mut self, (event, range): Spanned<'a>, out: &mut VecDeque<Spanned<'a>>) {
        if let Some(open) = self.open.as_mut() {
            if let Event::End(TagEnd::Heading(_)) = event {
                let open = self.open.take().expect("checked above");
                self.close(open, range, out);
            } else {
                open.inner.push((event, range));
            }
            return;
        }
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                self.open = Some(Open {
                    level: level as u8,
                    id: id.map(|s| s.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    range,
                    inner: Vec::new(),
                });
            }
            other => out.push_back((other, range)),
        }
    }
}

/// The `{…}` block closing a heading's source, and whether it is valid attribute syntax.
struct AttributeBlock {
    start: usize,
    end: usize,
    valid: bool,
}

/// Finds the trailing `{…}` of the heading at `range` (an ATX heading's closing `#`s and a
/// setext underline aside).
fn attribute_block(body: &str, range: &Range<usize>) -> Option<AttributeBlock> {
    let source = &body[range.clone()];
    // A setext heading's text is the lines before its underline; an ATX heading is one line.
    let source = source.trim_end();
    let last_line_start = source.rfind('\n').map_or(0, |i| i + 1);
    let last_line = &source[last_line_start..];
    let text_end = if !last_line.is_empty()
        && last_line.trim().chars().all(|c| c == '=' || c == '-')
        && last_line_start > 0
    {
        source[..last_line_start].trim_end().len()
    } else {
        let trimmed = source.trim_end_matches('#');
        if trimmed.len() < source.len() && trimmed.ends_with([' ', '\t']) {
            trimmed.trim_end().len()
        } else {
            source.len()
        }
    };
    let text = &source[..text_end];
    if !text.ends_with('}') {
        return None;
    }
    let open = text.rfind('{')?;
    let inside = &text[open + 1..text.len() - 1];
    Some(AttributeBlock {
        start: range.start + open,
        end: range.start + text_end,
        valid: valid_attributes(inside),
    })
}

/// `#id`, `.class` and `key=value`, separated by spaces; at least one.
pub(crate) fn valid_attributes(inside: &str) -> bool {
    let mut any = false;
    for token in inside.split_ascii_whitespace() {
        any = true;
        let ok = if let Some(rest) = token.strip_prefix(['#', '.']) {
            !rest.is_empty()
        } else if let Some((key, value)) = token.split_once('=') {
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == ':')
                && !value.is_empty()
        } else {
            false
        };
        if !ok {
            return false;
        }
    }
    any
}

fn plain_text(events: &[Spanned<'_>]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_syntax() {
        assert!(valid_attributes("#id"));
        assert!(valid_attributes("#id .wide data-x=1"));
        assert!(!valid_attributes("short title of solved problem"));
        assert!(!valid_attributes(""));
        assert!(!valid_attributes("#"));
    }
}
