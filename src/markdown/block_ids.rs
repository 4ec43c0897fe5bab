//! Obsidian's block ids: a paragraph or list item ending in ` ^a1b2` is the target of
//! `[[Note#^a1b2]]`. The marker is left out of the text and becomes the block's `id`, so the link
//! lands on it (and is checked like a heading's).
//!
//! Only bodies with a ` ^` are looked at ([`BlockIds::applies`]); in those, a paragraph or an
//! item's text is held back until its end shows whether it carries a marker.

use super::escape_attr;
use super::transform::{Spanned, Transform};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::VecDeque;

/// The block-id transform.
pub(crate) struct BlockIds<'a> {
    /// The block being held back: its events from its start tag on.
    held: Vec<Spanned<'a>>,
}

impl BlockIds<'_> {
    /// Whether `body` may have a block marker.
    pub(crate) fn applies(body: &str) -> bool {
        body.contains(" ^")
    }

    pub(crate) fn new() -> Self {
        BlockIds { held: Vec::new() }
    }
}

impl<'a> BlockIds<'a> {
    /// Writes what is held; when its last event is text ending in a marker, the block's start
    /// tag carries the marker's id and the text goes without it.
    fn flush(&mut self, out: &mut VecDeque<Spanned<'a>>) {
        let mut held = std::mem::take(&mut self.held);
        let found = match held.last() {
            Some((Event::Text(text), _)) => {
                marker(text).map(|(before, id)| (before.to_string(), id.to_string()))
            }
            _ => None,
        };
        if let Some((before, id)) = found
            && held.len() > 1
        {
            let tag = match held[0].0 {
                Event::Start(Tag::Paragraph) => "p",
                _ => "li",
            };
            held[0].0 = Event::Html(CowStr::from(format!(
                "<{tag} id=\"^{}\">",
                escape_attr(&id)
            )));
            let last = held.len() - 1;
            held[last].0 = Event::Text(CowStr::from(before));
        }
        out.extend(held);
    }
}

/// `text` without a trailing ` ^id` (letters, digits, `-`), and the id.
fn marker(text: &str) -> Option<(&str, &str)> {
    let trimmed = text.trim_end();
    let (before, id) = trimmed.rsplit_once('^')?;
    let valid = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    (valid && before.ends_with([' ', '\t'])).then(|| (before.trim_end(), id))
}

/// Whether `event` ends the text of a held paragraph or item: its end, or a block inside it.
fn ends_held(event: &Event<'_>) -> bool {
    match event {
        Event::End(TagEnd::Paragraph | TagEnd::Item) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Paragraph
                | Tag::Item
                | Tag::List(_)
                | Tag::CodeBlock(_)
                | Tag::BlockQuote(_)
                | Tag::Heading { .. }
                | Tag::Table(_)
                | Tag::HtmlBlock
                | Tag::DefinitionList
        ),
        Event::Html(_) => true,
        _ => false,
    }
}

impl<'a> Transform<'a> for BlockIds<'a> {
    fn event(&mut self, spanned: Spanned<'a>, out: &mut VecDeque<Spanned<'a>>) {
        if !self.held.is_empty() && ends_held(&spanned.0) {
            self.flush(out);
        }
        if matches!(spanned.0, Event::Start(Tag::Paragraph | Tag::Item)) || !self.held.is_empty() {
            self.held.push(spanned);
        } else {
            out.push_back(spanned);
        }
    }

    fn finish(&mut self, out: &mut VecDeque<Spanned<'a>>) {
        self.flush(out);
    }
}

#[cfg(test)]
mod tests {
    use super::super::render;

    fn html(body: &str) -> String {
        render(body, None, |_| (None, ())).html
    }

    #[test]
    fn a_trailing_block_marker_becomes_the_blocks_id() {
        let out = html(
            "We need a **database**. ^why-db\n\n- first ^item-1\n- second\n  - nested ^n2\n\nCosts 5^2 and x ^ y.\n",
        );
        assert!(
            out.contains("<p id=\"^why-db\">We need a <strong>database</strong>.</p>"),
            "{out}"
        );
        assert!(out.contains("<li id=\"^item-1\">first</li>"), "{out}");
        assert!(out.contains("<li id=\"^n2\">nested</li>"), "{out}");
        assert!(out.contains("<p>Costs 5^2 and x ^ y.</p>"), "{out}");
    }
}
