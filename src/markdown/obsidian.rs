//! What Obsidian adds to Markdown in a vault (a folder with `.obsidian/`), where many personal
//! decision folders are kept: `%%comments%%`, inline or over lines and paragraphs, are left out
//! of the page, and `==highlights==` are `<mark>`. Off elsewhere: GitHub shows both as written.
//! (Its wiki links, embeds, callouts and block ids are read everywhere: see `links`, `callout`,
//! `block_ids`.)

use super::transform::{Spanned, Transform};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::VecDeque;

/// The Obsidian transform.
pub(crate) struct Obsidian<'a> {
    /// Inside a `%%` comment.
    in_comment: bool,
    /// A paragraph's start, held until it shows content (a paragraph that was only a comment is
    /// left out whole).
    held_paragraph: Option<Spanned<'a>>,
}

impl Obsidian<'_> {
    /// Whether `body` has anything this transform reads.
    pub(crate) fn applies(body: &str) -> bool {
        body.contains("%%") || body.contains("==")
    }

    pub(crate) fn new() -> Self {
        Obsidian {
            in_comment: false,
            held_paragraph: None,
        }
    }
}

/// Whether `event` is inline content (what a comment hides).
fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::InlineMath(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Superscript
                | Tag::Subscript
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::Superscript
                | TagEnd::Subscript
        ),
        _ => false,
    }
}

impl<'a> Obsidian<'a> {
    /// Pushes `event`, after the paragraph start held for it.
    fn emit(&mut self, event: Spanned<'a>, out: &mut VecDeque<Spanned<'a>>) {
        if let Some(start) = self.held_paragraph.take() {
            out.push_back(start);
        }
        out.push_back(event);
    }

    /// A text's parts outside comments, with its highlights as `<mark>`.
    fn text(&mut self, text: &str, range: std::ops::Range<usize>, out: &mut VecDeque<Spanned<'a>>) {
        let mut rest = text;
        while !rest.is_empty() {
            if self.in_comment {
                match rest.find("%%") {
                    Some(end) => {
                        self.in_comment = false;
                        rest = &rest[end + 2..];
                    }
                    None => return,
                }
                continue;
            }
            let (visible, after) = match rest.find("%%") {
                Some(start) => {
                    self.in_comment = true;
                    (&rest[..start], &rest[start + 2..])
                }
                None => (rest, ""),
            };
            for (part, marked) in highlights(visible) {
                if part.is_empty() {
                    continue;
                }
                let part = CowStr::from(part.to_string());
                if marked {
                    self.emit((Event::InlineHtml("<mark>".into()), range.clone()), out);
                    out.push_back((Event::Text(part), range.clone()));
                    out.push_back((Event::InlineHtml("</mark>".into()), range.clone()));
                } else {
                    self.emit((Event::Text(part), range.clone()), out);
                }
            }
            rest = after;
        }
    }
}

/// `text` cut at its `==highlights==` (an opening `==` before a non-space, a closing one after
/// a non-space): (part, whether it is highlighted).
fn highlights(text: &str) -> Vec<(&str, bool)> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("==") {
        let inner_start = open + 2;
        let opens = rest[inner_start..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '=');
        let close = opens
            .then(|| rest[inner_start..].find("==").map(|c| inner_start + c))
            .flatten()
            .filter(|&c| !rest[..c].ends_with(char::is_whitespace));
        match close {
            Some(close) => {
                parts.push((&rest[..open], false));
                parts.push((&rest[inner_start..close], true));
                rest = &rest[close + 2..];
            }
            None => {
                parts.push((&rest[..inner_start], false));
                rest = &rest[inner_start..];
            }
        }
    }
    parts.push((rest, false));
    parts
}

impl<'a> Transform<'a> for Obsidian<'a> {
    fn event(&mut self, (event, range): Spanned<'a>, out: &mut VecDeque<Spanned<'a>>) {
        match event {
            Event::Start(Tag::Paragraph) => {
                if let Some(start) = self.held_paragraph.replace((event, range)) {
                    out.push_back(start);
                }
            }
            Event::End(TagEnd::Paragraph) if self.held_paragraph.is_some() => {
                // Nothing was shown: the paragraph goes with its comment.
                self.held_paragraph = None;
            }
            // Most texts hold neither marker: passed on as they are.
            Event::Text(text)
                if !self.in_comment && !text.contains("%%") && !text.contains("==") =>
            {
                self.emit((Event::Text(text), range), out)
            }
            Event::Text(text) => self.text(&text, range, out),
            event if self.in_comment && is_inline(&event) => {}
            event => self.emit((event, range), out),
        }
    }

    fn finish(&mut self, out: &mut VecDeque<Spanned<'a>>) {
        if let Some(start) = self.held_paragraph.take() {
            out.push_back(start);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{NoHost, RenderOptions, render_with};

    fn html(body: &str, obsidian: bool) -> String {
        let options = RenderOptions {
            obsidian,
            ..RenderOptions::default()
        };
        render_with(body, None, &NoHost, options, |_| (None, ())).html
    }

    #[test]
    fn comments_are_left_out_and_highlights_marked_in_a_vault() {
        let body = "Keep ==this== and %%not *this* [link](x.md)%% that.\n\n%%\nA block\n\nover paragraphs\n%%\n\nAfter, a == b == c.\n";
        let out = html(body, true);
        assert!(
            out.contains("<p>Keep <mark>this</mark> and  that.</p>"),
            "{out}"
        );
        assert!(!out.contains("block") && !out.contains("link"), "{out}");
        assert!(out.contains("<p>After, a == b == c.</p>"), "{out}");
        assert_eq!(out.matches("<p>").count(), 2, "{out}");
        // Outside a vault, as on GitHub.
        let plain = html(body, false);
        assert!(
            plain.contains("==this==") && plain.contains("%%"),
            "{plain}"
        );
    }
}
