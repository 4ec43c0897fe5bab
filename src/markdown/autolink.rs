//! GFM autolink literals: bare `https://…`, `http://…`, `www.…` and e-mail addresses in text
//! become links, as on GitHub (the `linkify` crate finds them, with GitHub's rules for trailing
//! punctuation and parentheses). Text inside links, images, code and raw `<a>` is left alone. The
//! links made here go through the link rewrite like any other, so they are checked too.

use super::transform::{Spanned, Transform};
use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use std::collections::VecDeque;

/// The autolink transform.
pub(crate) struct Autolinks<'a> {
    body: &'a str,
    finder: LinkFinder,
    /// Inside a link, an image or a code block.
    depth: usize,
    /// Inside a raw `<a …>` written in HTML.
    in_html_anchor: bool,
}

impl<'a> Autolinks<'a> {
    pub(crate) fn new(body: &'a str) -> Self {
        let mut finder = LinkFinder::new();
        finder
            .kinds(&[LinkKind::Url, LinkKind::Email])
            .url_must_have_scheme(false);
        Autolinks {
            body,
            finder,
            depth: 0,
            in_html_anchor: false,
        }
    }

    /// Splits one text event around the links in it.
    fn link_text(
        &self,
        text: CowStr<'a>,
        range: std::ops::Range<usize>,
        out: &mut VecDeque<Spanned<'a>>,
    ) {
        // The text is the source as written unless it held escapes or entities; only then can
        // a link's own offset be known.
        let exact = self.body.get(range.clone()) == Some(&*text);
        let mut last = 0;
        for link in self.finder.links(&text) {
            let found = link.as_str();
            let (dest, link_type) = match link.kind() {
                LinkKind::Email => (found.to_string(), LinkType::Email),
                _ if starts_with_ignore_case(found, "http://")
                    || starts_with_ignore_case(found, "https://")
                    || starts_with_ignore_case(found, "ftp://") =>
                {
                    (found.to_string(), LinkType::Autolink)
                }
                // `www.` only after whitespace, the start, or `*_~(`, as GFM has it.
                _ if starts_with_ignore_case(found, "www.")
                    && text[..link.start()]
                        .chars()
                        .next_back()
                        .is_none_or(|c| c.is_whitespace() || "*_~(".contains(c)) =>
                {
                    (format!("http://{found}"), LinkType::Autolink)
                }
                _ => continue,
            };
            let at = |offset: usize| {
                if exact {
                    range.start + offset..range.start + offset
                } else {
                    range.start..range.start
                }
            };
            if link.start() > last {
                out.push_back((Event::Text(slice(&text, last, link.start())), at(last)));
            }
            let span = if exact {
                range.start + link.start()..range.start + link.end()
            } else {
                range.clone()
            };
            out.push_back((
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest.into(),
                    title: CowStr::Borrowed(""),
                    id: CowStr::Borrowed(""),
                }),
                span.clone(),
            ));
            out.push_back((
                Event::Text(slice(&text, link.start(), link.end())),
                span.clone(),
            ));
            out.push_back((Event::End(TagEnd::Link), span));
            last = link.end();
        }
        if last == 0 {
            out.push_back((Event::Text(text), range));
        } else if last < text.len() {
            out.push_back((Event::Text(slice(&text, last, text.len())), at_end(&range)));
        }
    }
}

fn at_end(range: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    range.end..range.end
}

/// A part of a text event, borrowed from the body when the event was.
fn slice<'a>(text: &CowStr<'a>, from: usize, to: usize) -> CowStr<'a> {
    match text {
        CowStr::Borrowed(s) => CowStr::Borrowed(&s[from..to]),
        other => CowStr::from(other[from..to].to_string()),
    }
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// Whether a text can hold a link at all (`@`, `://` or `www.`): a cheap test before the real
/// search, since most text holds none. Each search is for one byte (memchr, in the standard
/// library), then a look at its neighbours.
fn may_hold_link(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.contains(&b'@')
        || text
            .match_indices(':')
            .any(|(i, _)| bytes[i + 1..].starts_with(b"//"))
        || text
            .match_indices('.')
            .any(|(i, _)| i >= 3 && bytes[i - 3..i].eq_ignore_ascii_case(b"www"))
}

impl<'a> Transform<'a> for Autolinks<'a> {
    fn event(&mut self, (event, range): Spanned<'a>, out: &mut VecDeque<Spanned<'a>>) {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                self.depth += 1
            }
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                self.depth = self.depth.saturating_sub(1)
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                let lower = html.trim_start().as_bytes();
                if lower.len() >= 2 && lower[0] == b'<' {
                    if lower[1].eq_ignore_ascii_case(&b'a')
                        && lower
                            .get(2)
                            .is_none_or(|c| c.is_ascii_whitespace() || *c == b'>')
                    {
                        self.in_html_anchor = true;
                    } else if lower.len() >= 3
                        && lower[1] == b'/'
                        && lower[2].eq_ignore_ascii_case(&b'a')
                        && lower
                            .get(3)
                            .is_none_or(|c| c.is_ascii_whitespace() || *c == b'>')
                    {
                        self.in_html_anchor = false;
                    }
                }
            }
            Event::Text(text) if self.depth == 0 && !self.in_html_anchor && may_hold_link(text) => {
                let Event::Text(text) = event else {
                    unreachable!("matched above")
                };
                self.link_text(text, range, out);
                return;
            }
            _ => {}
        }
        out.push_back((event, range));
    }
}

#[cfg(test)]
mod tests {
    use super::may_hold_link;

    #[test]
    fn cheap_test_lets_every_kind_through() {
        assert!(may_hold_link("see https://x.org"));
        assert!(may_hold_link("WWW.x.org"));
        assert!(may_hold_link("a@b.c"));
        assert!(!may_hold_link("plain words: nothing. wow"));
    }
}
