//! `[[1]](https://…)` is a link with the text `[1]` (a citation, as on GitHub), not a wiki link
//! to "1" followed by a literal `(https://…)`: the wiki-link syntax only applies when no
//! destination follows.

use super::transform::{Spanned, Transform};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use std::collections::VecDeque;
use std::ops::Range;

/// The citation transform.
pub(crate) struct Citations<'a> {
    body: &'a str,
    /// A wiki link being read: its events and its range.
    held: Vec<Spanned<'a>>,
    wiki: Option<Range<usize>>,
    /// The wiki link has ended: the next event decides what it was.
    ended: bool,
}

impl<'a> Citations<'a> {
    pub(crate) fn new(body: &'a str) -> Self {
        Citations {
            body,
            held: Vec::new(),
            wiki: None,
            ended: false,
        }
    }
}

/// `(dest)` at the start of `text`: the destination and the length taken.
fn destination(text: &str) -> Option<(&str, usize)> {
    let rest = text.strip_prefix('(')?;
    let mut depth = 0usize;
    for (i, c) in rest.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => {
                let dest = &rest[..i];
                return (!dest.is_empty()).then_some((dest, i + 2));
            }
            ')' => depth -= 1,
            c if c.is_whitespace() => return None,
            _ => {}
        }
    }
    None
}

impl<'a> Transform<'a> for Citations<'a> {
    fn event(&mut self, (event, range): Spanned<'a>, out: &mut VecDeque<Spanned<'a>>) {
        if self.ended {
            self.ended = false;
            let wiki = self.wiki.take().expect("set with ended");
            if let Event::Text(text) = &event
                && range.start == wiki.end
                && let Some((dest, taken)) = destination(text)
                && self.body[range.start..].starts_with(&text[..taken])
                && self.body[wiki.clone()].starts_with("[[")
            {
                let link = wiki.start..range.start + taken;
                let label = &self.body[wiki.start + 1..wiki.end - 1];
                out.push_back((
                    Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: CowStr::from(dest.to_string()),
                        title: CowStr::Borrowed(""),
                        id: CowStr::Borrowed(""),
                    }),
                    link.clone(),
                ));
                out.push_back((Event::Text(CowStr::Borrowed(label)), wiki.clone()));
                out.push_back((Event::End(TagEnd::Link), link));
                self.held.clear();
                if taken < text.len() {
                    let rest = CowStr::from(text[taken..].to_string());
                    out.push_back((Event::Text(rest), range.start + taken..range.end));
                }
                return;
            }
            out.extend(self.held.drain(..));
        }
        if self.wiki.is_some() {
            let end = matches!(event, Event::End(TagEnd::Link));
            self.held.push((event, range));
            self.ended = end;
            return;
        }
        if let Event::Start(Tag::Link {
            link_type: LinkType::WikiLink { .. },
            ..
        }) = &event
        {
            self.wiki = Some(range.clone());
            self.held.push((event, range));
            return;
        }
        out.push_back((event, range));
    }

    fn finish(&mut self, out: &mut VecDeque<Spanned<'a>>) {
        out.extend(self.held.drain(..));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations() {
        assert_eq!(
            destination("(https://x.org/a_(b)) more"),
            Some(("https://x.org/a_(b)", 21))
        );
        assert_eq!(destination("(two words)"), None);
        assert_eq!(destination("()"), None);
        assert_eq!(destination("no"), None);
    }
}
