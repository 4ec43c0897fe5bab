//! Every link and image goes through the model's callback, which says what href to write and
//! keeps what it made of the link (for checks and backlinks): Markdown's, and the URLs of the
//! author's raw HTML (`<img src>`, `<a href>`, see [`super::html_urls`]). E-mail links are not
//! references into the site and are left alone.

use super::html_urls;
use super::source_map::Rewritten;
use super::transform::{Spanned, Transform};
use super::{LinkKind, LinkRef};
use pulldown_cmark::{CowStr, Event, LinkType, Tag};
use std::collections::VecDeque;

/// The link-rewriting transform.
pub(crate) struct Rewrite<'c, F, R> {
    rewrite: F,
    links: &'c mut Vec<(LinkRef, R)>,
    /// What the rewrite of other tools' syntax made up: its HTML is the handbook's own, with
    /// URLs already made for the site.
    rewritten: Option<&'c Rewritten>,
    html_state: html_urls::State,
}

impl<'c, F, R> Rewrite<'c, F, R>
where
    F: FnMut(&LinkRef) -> (Option<String>, R),
{
    pub(crate) fn new(
        rewrite: F,
        links: &'c mut Vec<(LinkRef, R)>,
        rewritten: Option<&'c Rewritten>,
    ) -> Self {
        Rewrite {
            rewrite,
            links,
            rewritten,
            html_state: html_urls::State::default(),
        }
    }

    /// The author's raw HTML with its URLs rewritten; `None` when none changed.
    fn raw_html(&mut self, html: &str, range: &std::ops::Range<usize>) -> Option<String> {
        if self.rewritten.is_some_and(|r| r.is_inserted(range.start)) {
            return None;
        }
        // An event's HTML is its source text unless a container's prefix (`> `, a list's
        // indent) was taken out of it; then its links point at its start.
        let exact = range.len() == html.len();
        let mut state = self.html_state;
        let out = html_urls::rewrite(html, &mut state, |url, at, kind| {
            let link = LinkRef {
                dest: url.to_string(),
                offset: if exact { range.start + at } else { range.start },
                kind,
            };
            let (href, value) = (self.rewrite)(&link);
            self.links.push((link, value));
            href
        });
        self.html_state = state;
        out
    }

    fn record<'a>(&mut self, dest: CowStr<'a>, offset: usize, kind: LinkKind) -> CowStr<'a> {
        let link = LinkRef {
            dest: dest.to_string(),
            offset,
            kind,
        };
        let (href, value) = (self.rewrite)(&link);
        self.links.push((link, value));
        href.map_or(dest, CowStr::from)
    }
}

impl<'a, F, R> Transform<'a> for Rewrite<'_, F, R>
where
    F: FnMut(&LinkRef) -> (Option<String>, R),
{
    fn event(&mut self, (event, range): Spanned<'a>, out: &mut VecDeque<Spanned<'a>>) {
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if link_type != LinkType::Email => {
                let kind = if matches!(link_type, LinkType::WikiLink { .. }) {
                    LinkKind::Wiki
                } else {
                    LinkKind::Link
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: self.record(dest_url, range.start, kind),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: self.record(dest_url, range.start, LinkKind::Image),
                title,
                id,
            }),
            Event::Html(html) => match self.raw_html(&html, &range) {
                Some(rewritten) => Event::Html(CowStr::from(rewritten)),
                None => Event::Html(html),
            },
            Event::InlineHtml(html) => match self.raw_html(&html, &range) {
                Some(rewritten) => Event::InlineHtml(CowStr::from(rewritten)),
                None => Event::InlineHtml(html),
            },
            other => other,
        };
        out.push_back((event, range));
    }
}
