//! Markdown -> HTML, in one pass that also collects what the model needs: headings (with stable
//! ids) for the table of contents and fragment checks, every link with its position, and a
//! plain-text summary.
//!
//! Links are rewritten through a callback owned by the model, so this module knows nothing of
//! URLs or of other pages.
//!
//! The parser's events go through a chain of small transforms, one module each, and are then
//! written by pulldown-cmark's HTML writer once, so nothing depends on where one part of a page
//! ends (see [`transform`] for the hook, and how to add a syntax such as shortcodes). In order:
//! `balance` (raw HTML left open), `citations` (`[[1]](url)`), `callout` (GitHub alerts,
//! Obsidian callouts), `summary` (first paragraph, word count), `autolink` (bare URLs), `links`
//! (the model's rewrite and the link list), `code` (highlighting, titles, marked lines,
//! mermaid), `headings` (ids, anchors), `wrappers` (tables, task lists), `footnotes` (GitHub's
//! numbering, gathered at the end).

pub mod anchors;
mod autolink;
mod balance;
pub mod callout;
mod citations;
mod code;
mod footnotes;
mod headings;
pub mod highlight;
mod links;
mod summary;
mod transform;
mod wrappers;

use autolink::Autolinks;
use balance::Balance;
use callout::Callouts;
use citations::Citations;
use code::CodeBlocks;
use footnotes::Footnotes;
use headings::Headings;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, TextMergeWithOffset};
use std::ops::Range;
use summary::Summary;
use transform::Through;
use wrappers::Wrappers;

/// The Markdown dialect: CommonMark plus the GitHub extensions handbooks are written in.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_GFM
}

/// What kind of reference a link is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](dest)` or an autolink.
    Link,
    /// `![alt](src)`.
    Image,
    /// `[[target]]` or `[[target|label]]`.
    Wiki,
}

/// A link found in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// The destination as written.
    pub dest: String,
    /// Byte offset of the link in the body.
    pub offset: usize,
    /// Link, image or wiki link.
    pub kind: LinkKind,
}

/// A heading of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The unique id (`parental-leave`).
    pub id: String,
    /// The heading's text, without markup.
    pub text: String,
}

/// The leading `# Title` of a body, when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadingTitle {
    /// The heading's text.
    pub text: String,
    /// Byte range of the heading in the body.
    pub range: Range<usize>,
}

/// Finds the `# Title` that opens a body, if the first block is a level-1 heading.
pub fn leading_title(body: &str) -> Option<LeadingTitle> {
    let mut parser = Parser::new_ext(body, options()).into_offset_iter();
    let (first, range) = parser.next()?;
    if !matches!(
        first,
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        })
    ) {
        return None;
    }
    let mut text = String::new();
    for (event, r) in parser {
        match event {
            Event::End(TagEnd::Heading(_)) => {
                return Some(LeadingTitle {
                    text: text.trim().to_string(),
                    range: range.start..r.end,
                });
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            _ => {}
        }
    }
    None
}

/// The result of rendering one body.
#[derive(Debug, Clone)]
pub struct Rendered<R> {
    /// The body as HTML.
    pub html: String,
    /// Every heading, in order (the leading title excluded when it was skipped).
    pub headings: Vec<Heading>,
    /// Every link, with what the callback made of it.
    pub links: Vec<(LinkRef, R)>,
    /// The text of the first paragraph, for summaries.
    pub summary: String,
    /// True when the body has a ```` ```mermaid ```` diagram.
    pub has_mermaid: bool,
    /// Number of words of prose, for reading-time estimates.
    pub word_count: usize,
    /// Problems in the body the output had to work around (raw HTML left open, ...).
    pub warnings: Vec<Warning>,
}

/// A problem in a body, at a byte offset; the model reports it at file:line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Byte offset in the body.
    pub offset: usize,
    /// The diagnostic code (`unclosed-html`, ...).
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// Renders `body` to HTML. `skip` is a byte range left out of the output (the leading title,
/// which templates show themselves). `rewrite` gets every link and returns the href to write
/// (`None` keeps the destination as written) plus a value kept in [`Rendered::links`].
///
/// The parser's events go through a chain of [`transform::Transform`]s and are written by one
/// HTML writer in one pass, so no output depends on where one part of the page ends.
pub fn render<R>(
    body: &str,
    skip: Option<Range<usize>>,
    rewrite: impl FnMut(&LinkRef) -> (Option<String>, R),
) -> Rendered<R> {
    render_with(body, skip, true, rewrite)
}

/// [`render`], with fenced code highlighted or, when `highlight` is false, written as plain
/// escaped text: commands that print no page (`check`, `health`) skip the costliest part.
pub fn render_with<R>(
    body: &str,
    skip: Option<Range<usize>>,
    highlight: bool,
    rewrite: impl FnMut(&LinkRef) -> (Option<String>, R),
) -> Rendered<R> {
    let mut headings = Vec::new();
    let mut links = Vec::new();
    let mut summary = String::new();
    let mut word_count = 0;
    let mut has_mermaid = false;
    let mut warnings = Vec::new();
    let mut html = String::with_capacity(body.len() * 3 / 2);

    // The order matters where one transform makes what another reads: raw HTML is balanced
    // before transforms add HTML of their own; links are made (citations, autolinks) before
    // they are rewritten; footnote definitions are gathered last, fully rendered.
    let parser = Parser::new_ext(body, options()).into_offset_iter();
    let events = TextMergeWithOffset::new(parser)
        .filter(|(_, range)| {
            !skip
                .as_ref()
                .is_some_and(|s| range.start >= s.start && range.end <= s.end)
        })
        .through(Balance::new(body, &mut warnings))
        .through(Citations::new(body))
        .through(Callouts::new())
        .through(Summary::new(&mut summary, &mut word_count))
        .through(Autolinks::new(body))
        .through(links::Rewrite::new(rewrite, &mut links))
        .through(CodeBlocks::new(&mut has_mermaid, highlight))
        .through(Headings::new(body, &mut headings))
        .through(Wrappers)
        .through(Footnotes::default());
    pulldown_cmark::html::push_html(&mut html, events.map(|(event, _)| event));

    Rendered {
        html,
        headings,
        links,
        summary,
        has_mermaid,
        word_count,
        warnings,
    }
}

/// Escapes text for an HTML text node.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).expect("writing to a String cannot fail");
    out
}

/// Escapes text for a double-quoted HTML attribute.
pub fn escape_attr(s: &str) -> String {
    // `escape_html` escapes `"` too, so its output is safe in either place.
    escape_text(s)
}

/// Percent-escapes what may not appear in a URL, as the HTML writer does for `href`.
fn escape_href(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_href(&mut out, s).expect("writing to a String cannot fail");
    out
}

#[cfg(test)]
mod conformance;
#[cfg(test)]
mod differential;
#[cfg(test)]
mod tests;
