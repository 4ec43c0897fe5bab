//! Every link and image goes through the model's callback, which says what href to write and
//! keeps what it made of the link (for checks and backlinks). E-mail links are not references
//! into the site and are left alone.

use super::transform::{Spanned, Transform};
use super::{LinkKind, LinkRef};
use pulldown_cmark::{CowStr, Event, LinkType, Tag};
use std::collections::VecDeque;

/// The link-rewriting transform.
pub(crate) struct Rewrite<'c, F, R> {
    rewrite: F,
    links: &'c mut Vec<(LinkRef, R)>,
}

impl<'c, F, R> Rewrite<'c, F, R>
where
    F: FnMut(&LinkRef) -> (Option<String>, R),
{
    pub(crate) fn new(rewrite: F, links: &'c mut Vec<(LinkRef, R)>) -> Self {
        Rewrite { rewrite, links }
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
            other => other,
        };
        out.push_back((event, range));
    }
}
