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
//! `safe_html` (`unsafe_html: false`), `math` (LaTeX to MathML; prices are not formulas),
//! `obsidian` (a vault's comments and highlights),
//! `balance` (raw HTML left open), `citations` (`[[1]](url)`), `callout` (GitHub alerts,
//! Obsidian callouts), `emoji`, `summary` (first paragraph, word count), `autolink` (bare URLs),
//! `links` (the model's rewrite and the link list), `code` (highlighting, titles, marked lines,
//! mermaid), `headings` (ids, anchors), `block_ids` (Obsidian's `^id`), `raw_html` (third-party scripts, raw mermaid),
//! `wrappers` (tables, task lists), `footnotes` (GitHub's numbering, gathered at the end).

mod admonitions;
pub mod anchors;
mod autolink;
mod balance;
mod block_ids;
pub mod callout;
mod citations;
mod code;
mod emoji;
mod footnotes;
mod headings;
pub mod highlight;
mod html_urls;
mod kramdown;
mod links;
mod math;
mod mdx;
mod obsidian;
mod prepare;
mod raw_html;
mod safe_html;
mod shortcodes;
mod source_map;
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
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, TextMergeWithOffset};
use raw_html::RawHtml;
use safe_html::SafeHtml;
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
        | Options::ENABLE_MATH
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
    /// `![[diagram.png]]`: a file named by its name, found in any folder (Obsidian's embeds).
    WikiFile,
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

/// `body` with MDX's module lines and comments blanked in place (see [`mdx`]), for reading its
/// leading title as Docusaurus does.
pub(crate) fn without_mdx_modules(body: &str) -> std::borrow::Cow<'_, str> {
    mdx::blank_module_lines(body)
}

/// Finds the heading that opens a body, if the first block is a heading of any level: many
/// GitHub-style pages open with `## Title`.
pub fn leading_title(body: &str) -> Option<LeadingTitle> {
    let mut parser = Parser::new_ext(body, options()).into_offset_iter();
    let (first, range) = parser.next()?;
    if !matches!(first, Event::Start(Tag::Heading { .. })) {
        return None;
    }
    // Images in a title are mostly a README's badges (`# Tool [![CI](badge.svg)](ci)`): their
    // alt text is left out, unless the heading is nothing but images.
    let (mut text, mut alt) = (String::new(), String::new());
    let mut in_image = 0usize;
    for (event, r) in parser {
        match event {
            Event::End(TagEnd::Heading(_)) => {
                let text = match text.trim() {
                    "" => alt.trim(),
                    text => text,
                };
                return Some(LeadingTitle {
                    text: text.to_string(),
                    range: range.start..r.end,
                });
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if in_image > 0 => alt.push_str(&t),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => text.push_str(&t),
            _ => {}
        }
    }
    None
}

/// Something in a body worth telling its author (the model turns it into a diagnostic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Byte offset in the body.
    pub offset: usize,
    /// What kind of problem (its severity is the code's usual one).
    pub code: crate::diagnostic::Code,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
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
    /// Problems to report, at byte offsets of the body.
    pub notices: Vec<Notice>,
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
    render_with(body, skip, &NoHost, RenderOptions::default(), rewrite)
}

/// What the page's site gives shortcodes: the Markdown files a page may include (Hugo's
/// `readfile` and `include`) and the user's own shortcodes (`templates/shortcodes/NAME.html`).
pub trait ShortcodeHost {
    /// The text of the file `path` (as written in the shortcode), when the handbook has it.
    fn include(&self, path: &str) -> Option<String>;
    /// Whether `name` is one of the user's shortcodes.
    fn has_shortcode(&self, name: &str) -> bool;
    /// The user's shortcode `name` rendered with its arguments (`(key, value)`, `None` for a
    /// positional one) and, when paired, its inner text; `Err` with what went wrong.
    fn shortcode(
        &self,
        name: &str,
        args: &[(Option<String>, String)],
        inner: Option<&str>,
    ) -> Result<String, String>;
    /// Whether the page is MDX (a Docusaurus docs folder): module lines, `{/* comments */}` and
    /// JSX components are read as [`mdx`] says. No default: a host that wraps another must pass
    /// it on.
    fn mdx(&self) -> bool;
}

/// A host with no files and no shortcodes of its own.
struct NoHost;

/// [`NoHost`] for an MDX page, for tests of what MDX gets.
#[cfg(test)]
pub(crate) struct MdxHost;

impl ShortcodeHost for NoHost {
    fn include(&self, _: &str) -> Option<String> {
        None
    }
    fn has_shortcode(&self, _: &str) -> bool {
        false
    }
    fn shortcode(
        &self,
        _: &str,
        _: &[(Option<String>, String)],
        _: Option<&str>,
    ) -> Result<String, String> {
        Err("no shortcodes".to_string())
    }
    fn mdx(&self) -> bool {
        false
    }
}

#[cfg(test)]
impl ShortcodeHost for MdxHost {
    fn include(&self, path: &str) -> Option<String> {
        NoHost.include(path)
    }
    fn has_shortcode(&self, _: &str) -> bool {
        false
    }
    fn shortcode(
        &self,
        name: &str,
        args: &[(Option<String>, String)],
        inner: Option<&str>,
    ) -> Result<String, String> {
        NoHost.shortcode(name, args, inner)
    }
    fn mdx(&self) -> bool {
        true
    }
}

/// How a body is rendered, beyond its text.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    /// `unsafe_html: false`: the author's raw HTML is shown as text, and links whose scheme
    /// runs code (`javascript:`, `vbscript:`, `data:`) lead nowhere.
    pub safe: bool,
    /// Fenced code highlighted; when false, written as plain escaped text: commands that print
    /// no page (`check`, `health`) skip the costliest part.
    pub highlight: bool,
    /// Definition lists (`Term` / `: definition`), which Hugo, Jekyll and MkDocs read and GitHub
    /// does not.
    pub definition_lists: bool,
    /// The handbook is an Obsidian vault: `%%comments%%` and `==highlights==` are read.
    pub obsidian: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            safe: false,
            highlight: true,
            definition_lists: false,
            obsidian: false,
        }
    }
}

/// [`render`], with what the site gives shortcodes ([`ShortcodeHost`]) and [`RenderOptions`].
pub(crate) fn render_with<R>(
    body: &str,
    skip: Option<Range<usize>>,
    host: &dyn ShortcodeHost,
    render_options: RenderOptions,
    mut rewrite: impl FnMut(&LinkRef) -> (Option<String>, R),
) -> Rendered<R> {
    let RenderOptions {
        safe,
        highlight,
        definition_lists,
        obsidian,
    } = render_options;
    let rewrite = move |link: &LinkRef| {
        let (href, value) = rewrite(link);
        if safe && runs_code(&link.dest) {
            (Some("#".to_string()), value)
        } else {
            (href, value)
        }
    };
    let mut headings = Vec::new();
    let mut links = Vec::new();
    let mut summary = String::new();
    let mut word_count = 0;
    let mut has_mermaid = false;
    let mut html = String::with_capacity(body.len() * 3 / 2);
    let mut notices = Vec::new();
    // Balancing and raw-HTML checks both report; each gets its own list while the chain runs.
    let mut balance_notices = Vec::new();
    let mut code_notices = Vec::new();
    let mut math_notices = Vec::new();
    let mut raw_mermaid = false;

    // Other tools' syntax (shortcodes, admonitions) is rewritten first; offsets map back.
    let prepared = (host.mdx() || prepare::needed(body)).then(|| prepare::prepare(body, host));
    let body = prepared.as_ref().map_or(body, |p| p.text.text.as_str());
    let skip = match (&prepared, skip) {
        (Some(p), Some(s)) => {
            Some(p.text.rewritten_offset(s.start)..p.text.rewritten_offset(s.end))
        }
        (_, skip) => skip,
    };

    // The order matters where one transform makes what another reads: raw HTML is balanced
    // before transforms add HTML of their own; links are made (citations, autolinks) before
    // they are rewritten; footnote definitions are gathered last, fully rendered.
    let mut dialect = options();
    dialect.set(Options::ENABLE_DEFINITION_LIST, definition_lists);
    let parser = Parser::new_ext(body, dialect).into_offset_iter();
    let events = TextMergeWithOffset::new(parser)
        .filter(|(_, range)| {
            !skip
                .as_ref()
                .is_some_and(|s| range.start >= s.start && range.end <= s.end)
        })
        .through(SafeHtml::new(safe, prepared.as_ref().map(|p| &p.text)))
        .through_if(math::Math::applies(body), || {
            math::Math::new(body, safe, &mut math_notices)
        })
        .through_if(obsidian && obsidian::Obsidian::applies(body), || {
            obsidian::Obsidian::new()
        })
        // Each transform below that reads one syntax runs only on bodies that have its marker.
        .through_if(body.contains('<'), || {
            Balance::new(body, &mut balance_notices)
        })
        .through_if(body.contains("[["), || Citations::new(body))
        .through_if(body.contains("[!"), Callouts::new)
        .through(emoji::Emoji::default())
        .through(Summary::new(&mut summary, &mut word_count))
        .through(Autolinks::new(body))
        .through(links::Rewrite::new(
            rewrite,
            &mut links,
            prepared.as_ref().map(|p| &p.text),
        ))
        .through(CodeBlocks::new(
            &mut has_mermaid,
            &mut code_notices,
            highlight,
        ))
        .through(Headings::new(body, &mut headings))
        .through_if(block_ids::BlockIds::applies(body), block_ids::BlockIds::new)
        .through_if(body.contains('<'), || {
            RawHtml::new(&mut notices, &mut raw_mermaid)
        })
        .through(Wrappers)
        .through_if(body.contains("[^"), Footnotes::default);
    pulldown_cmark::html::push_html(&mut html, events.map(|(event, _)| event));
    has_mermaid |= raw_mermaid;
    notices.append(&mut balance_notices);
    notices.append(&mut code_notices);
    notices.append(&mut math_notices);

    if let Some(prepared) = prepared {
        for (link, _) in &mut links {
            link.offset = prepared.text.source_offset(link.offset);
        }
        for notice in &mut notices {
            notice.offset = prepared.text.source_offset(notice.offset);
        }
        notices.extend(prepared.notices);
        if html.contains(prepare::TOC_MARKER) {
            html = html.replace(prepare::TOC_MARKER, &inline_toc(&headings));
        }
    }

    Rendered {
        html,
        headings,
        links,
        summary,
        has_mermaid,
        word_count,
        notices,
    }
}

/// True for a link destination whose scheme runs code in the browser (`javascript:`, ...),
/// however it is spaced or cased.
fn runs_code(dest: &str) -> bool {
    let scheme: String = dest
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| scheme.starts_with(s))
}

/// Text written with Hugo shortcodes (a front matter `description`), without them: `ref`s become
/// their paths, other tags are left out, so no `{{<` is ever shown.
pub(crate) fn strip_shortcodes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for tag in shortcodes::find_tags(text) {
        out.push_str(&text[at..tag.range.start]);
        if let Some(shortcodes::Replacement::Inline(s)) = shortcodes::replace(&tag) {
            out.push_str(&s);
        }
        at = tag.range.end;
    }
    out.push_str(&text[at..]);
    out.trim().to_string()
}

/// GitLab's `[[_TOC_]]`: the headings of levels 2 and 3 as a list of links.
fn inline_toc(headings: &[Heading]) -> String {
    let mut html = String::from("<nav class=\"toc-inline\" aria-label=\"Contents\"><ul>");
    for h in headings.iter().filter(|h| (2..=3).contains(&h.level)) {
        html.push_str(&format!(
            "<li class=\"toc-level-{}\"><a href=\"#{}\">{}</a></li>",
            h.level,
            escape_attr(&h.id),
            escape_text(&h.text)
        ));
    }
    html.push_str("</ul></nav>");
    html
}

/// Escapes text for an HTML text node.
pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).expect("writing to a String cannot fail");
    out
}

/// Escapes text for a double-quoted HTML attribute.
pub(crate) fn escape_attr(s: &str) -> String {
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
pub(crate) mod differential;
#[cfg(test)]
mod tests;
