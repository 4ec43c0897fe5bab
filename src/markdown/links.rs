//! Every link and image goes through the model's callback, which says what href to write and
//! keeps what it made of the link (for checks and backlinks): Markdown's, and the URLs of the
//! author's raw HTML (`<img src>`, `<a href>`, see [`super::html_urls`]). E-mail links are not
//! references into the site and are left alone.

use super::html_urls;
use super::source_map::Rewritten;
use super::transform::{Spanned, Transform};
use super::{LinkKind, LinkRef};
use crate::load::rel_path;
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use std::collections::VecDeque;

/// The link-rewriting transform.
pub(crate) struct Rewrite<'c, F, R> {
    rewrite: F,
    links: &'c mut Vec<(LinkRef, R)>,
    /// What the rewrite of other tools' syntax made up: its HTML is the handbook's own, with
    /// URLs already made for the site.
    rewritten: Option<&'c Rewritten>,
    html_state: html_urls::State,
    /// Inside an Obsidian embed (`![[…]]`), until its image ends.
    embed: Option<Embed>,
}

/// An Obsidian embed being read.
enum Embed {
    /// `![[diagram.png|300]]`: its href, file name and text so far, written as one `<img>`.
    Image {
        href: String,
        name: String,
        text: String,
    },
    /// `![[Other note]]`, `![[spec.pdf]]`: written as a link to it.
    Link,
}

/// File extensions an embed shows as an image (the others are linked to).
const IMAGE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp", "ico",
];

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
            embed: None,
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
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                title,
                id,
            }) => {
                let path = dest_url.split(['#', '|']).next().unwrap_or_default().trim();
                let name = rel_path::file_name(path).to_string();
                let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
                let is_image = extension
                    .as_deref()
                    .is_some_and(|e| IMAGE_EXTENSIONS.contains(&e));
                // A note is found as a wiki link is (by title, path or name); a file by name.
                let kind =
                    if extension.is_none() || rel_path::without_page_extension(&name).is_some() {
                        LinkKind::Wiki
                    } else {
                        LinkKind::WikiFile
                    };
                let href = self.record(dest_url, range.start, kind);
                if is_image {
                    self.embed = Some(Embed::Image {
                        href: href.to_string(),
                        name,
                        text: String::new(),
                    });
                    return;
                }
                self.embed = Some(Embed::Link);
                Event::Start(Tag::Link {
                    link_type: LinkType::WikiLink { has_pothole },
                    dest_url: href,
                    title,
                    id,
                })
            }
            Event::Text(text) | Event::Code(text)
                if matches!(self.embed, Some(Embed::Image { .. })) =>
            {
                if let Some(Embed::Image { text: alt, .. }) = &mut self.embed {
                    alt.push_str(&text);
                }
                return;
            }
            Event::End(TagEnd::Image) if self.embed.is_some() => match self.embed.take() {
                Some(Embed::Image { href, name, text }) => {
                    Event::InlineHtml(CowStr::from(embedded_image(&href, &name, &text)))
                }
                _ => Event::End(TagEnd::Link),
            },
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

/// The `<img>` of `![[name|text]]`: Obsidian reads a text of `300` or `300x200` as the size,
/// any other as the alternative text; without one, the file's name is.
fn embedded_image(href: &str, name: &str, text: &str) -> String {
    let text = text.trim();
    let size = text
        .split_once('x')
        .map_or((text, None), |(w, h)| (w, Some(h)));
    let is_size = |n: &str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
    let (alt, width, height) = match size {
        (w, None) if is_size(w) => (name, Some(w), None),
        (w, Some(h)) if is_size(w) && is_size(h) => (name, Some(w), Some(h)),
        _ if text.is_empty() || text == name => (name, None, None),
        _ => (text, None, None),
    };
    let mut html = format!(
        "<img src=\"{}\" alt=\"{}\"",
        super::escape_href(href),
        super::escape_attr(alt)
    );
    if let Some(width) = width {
        html.push_str(&format!(" width=\"{width}\""));
    }
    if let Some(height) = height {
        html.push_str(&format!(" height=\"{height}\""));
    }
    html.push_str(" />");
    html
}
