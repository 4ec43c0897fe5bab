//! Markdown -> HTML, in one pass that also collects what the model needs: headings (with stable
//! ids) for the table of contents and fragment checks, every link with its position, and a
//! plain-text summary.
//!
//! Links are rewritten through a callback owned by the model, so this module knows nothing of
//! URLs or of other pages.

pub mod anchors;
pub mod highlight;

use anchors::AnchorSet;
use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use std::ops::Range;

/// The Markdown dialect: CommonMark plus the GitHub extensions handbooks are written in.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
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
}

/// A heading being read: level, explicit id, classes and the buffered inline events.
type OpenHeading<'a> = (u8, Option<String>, Vec<String>, Vec<Event<'a>>);

/// Renders `body` to HTML. `skip` is a byte range left out of the output (the leading title,
/// which templates show themselves). `rewrite` gets every link and returns the href to write
/// (`None` keeps the destination as written) plus a value kept in [`Rendered::links`].
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
    mut rewrite: impl FnMut(&LinkRef) -> (Option<String>, R),
) -> Rendered<R> {
    let mut out = Rendered {
        html: String::with_capacity(body.len() * 3 / 2),
        headings: Vec::new(),
        links: Vec::new(),
        summary: String::new(),
        has_mermaid: false,
        word_count: 0,
    };
    let mut anchors = AnchorSet::default();
    // Explicit `{#id}`s are reserved first so that generated ids never collide with them.
    // (An extra parse, so only for bodies that can have one.)
    if body.contains("{#") {
        for event in Parser::new_ext(body, options()) {
            if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
                anchors.reserve(&id);
            }
        }
    }

    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading: Option<OpenHeading<'_>> = None;
    let mut code: Option<(String, String)> = None;
    let mut in_first_paragraph = false;
    let mut summary_done = false;
    // A wiki link's label is its target unless `|label` is given; pulldown-cmark gives both.
    let mut parser = Parser::new_ext(body, options())
        .into_offset_iter()
        .peekable();
    while let Some((event, range)) = parser.next() {
        if skip
            .as_ref()
            .is_some_and(|s| range.start >= s.start && range.end <= s.end)
        {
            continue;
        }
        // Inside a heading: buffer the inline events to learn the text before writing the id.
        if heading.is_some() {
            match event {
                Event::End(TagEnd::Heading(_)) => {
                    let (level, explicit_id, classes, inner) =
                        heading.take().expect("checked above");
                    let text = plain_text(&inner);
                    let id = explicit_id.unwrap_or_else(|| anchors.unique(&text));
                    let mut inner_html = String::new();
                    pulldown_cmark::html::push_html(&mut inner_html, inner.into_iter());
                    let class_attr = if classes.is_empty() {
                        String::new()
                    } else {
                        format!(" class=\"{}\"", escape_attr(&classes.join(" ")))
                    };
                    out.html.push_str(&format!(
                        "<h{level} id=\"{id}\"{class_attr}>{inner_html}<a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a></h{level}>\n",
                        id = escape_attr(&id),
                    ));
                    out.headings.push(Heading { level, id, text });
                }
                Event::Start(Tag::Link { .. }) => {
                    let link = rewrite_link(&mut rewrite, &mut out.links, event, range.start);
                    heading.as_mut().expect("checked above").3.push(link);
                }
                other => heading.as_mut().expect("checked above").3.push(other),
            }
            continue;
        }
        // Inside fenced code: gather the text, then highlight it whole.
        if let Some((lang, text)) = code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, text) = (std::mem::take(lang), std::mem::take(text));
                    code = None;
                    flush(&mut out.html, &mut events);
                    write_code_block(&mut out.html, &lang, &text, highlight);
                    if lang == "mermaid" {
                        out.has_mermaid = true;
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                flush(&mut out.html, &mut events);
                heading = Some((
                    level as u8,
                    id.map(|s| s.to_string()),
                    classes.iter().map(|c| c.to_string()).collect(),
                    Vec::new(),
                ));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                        .next()
                        .unwrap_or("")
                        .to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::Link { .. }) => {
                events.push(rewrite_link(
                    &mut rewrite,
                    &mut out.links,
                    event,
                    range.start,
                ));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let link = LinkRef {
                    dest: dest_url.to_string(),
                    offset: range.start,
                    kind: LinkKind::Image,
                };
                let (href, value) = rewrite(&link);
                out.links.push((link, value));
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: href.map_or(dest_url, CowStr::from),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Table(_)) => {
                events.push(Event::Html(CowStr::Borrowed("<div class=\"table-wrap\">")));
                events.push(event);
            }
            Event::End(TagEnd::Table) => {
                events.push(event);
                events.push(Event::Html(CowStr::Borrowed("</div>")));
            }
            Event::TaskListMarker(done) => {
                let label = if done { "done" } else { "not done" };
                let checked = if done { " checked" } else { "" };
                events.push(Event::Html(CowStr::from(format!(
                    "<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> "
                ))));
            }
            Event::Start(Tag::Paragraph) => {
                if !summary_done {
                    in_first_paragraph = true;
                }
                events.push(event);
            }
            Event::End(TagEnd::Paragraph) => {
                if in_first_paragraph {
                    in_first_paragraph = false;
                    summary_done = !out.summary.is_empty();
                }
                events.push(event);
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                out.word_count += t.split_whitespace().count();
                if in_first_paragraph {
                    out.summary.push_str(t);
                }
                events.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                if in_first_paragraph {
                    out.summary.push(' ');
                }
                events.push(event);
            }
            other => events.push(other),
        }
        // Keep memory flat on long pages: write out what is complete.
        if events.len() > 256 && parser.peek().is_some() {
            flush(&mut out.html, &mut events);
        }
    }
    flush(&mut out.html, &mut events);
    out.summary = out.summary.split_whitespace().collect::<Vec<_>>().join(" ");
    out
}

/// Records a link (`Start(Tag::Link)`) through the model's callback and returns the event with
/// its destination rewritten. The same for links in headings and in the body.
fn rewrite_link<'a, R>(
    rewrite: &mut impl FnMut(&LinkRef) -> (Option<String>, R),
    links: &mut Vec<(LinkRef, R)>,
    event: Event<'a>,
    offset: usize,
) -> Event<'a> {
    let Event::Start(Tag::Link {
        link_type,
        dest_url,
        title,
        id,
    }) = event
    else {
        return event;
    };
    // Email autolinks are not references into the site.
    if link_type == LinkType::Email {
        return Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        });
    }
    let kind = if matches!(link_type, LinkType::WikiLink { .. }) {
        LinkKind::Wiki
    } else {
        LinkKind::Link
    };
    let link = LinkRef {
        dest: dest_url.to_string(),
        offset,
        kind,
    };
    let (href, value) = rewrite(&link);
    links.push((link, value));
    Event::Start(Tag::Link {
        link_type,
        dest_url: href.map_or(dest_url, CowStr::from),
        title,
        id,
    })
}

fn flush(html: &mut String, events: &mut Vec<Event<'_>>) {
    if !events.is_empty() {
        pulldown_cmark::html::push_html(html, events.drain(..));
    }
}

fn write_code_block(html: &mut String, lang: &str, code: &str, highlight: bool) {
    if lang == "mermaid" {
        // Rendered to SVG in the browser by the theme's copy of mermaid.
        html.push_str("<pre class=\"mermaid\">");
        html.push_str(&escape_text(code));
        html.push_str("</pre>\n");
        return;
    }
    let highlighted = (highlight && !lang.is_empty())
        .then(|| highlight::highlight(code, lang))
        .flatten();
    if lang.is_empty() {
        html.push_str("<pre class=\"code\"><code>");
    } else {
        html.push_str(&format!(
            "<pre class=\"code\" data-lang=\"{0}\"><code class=\"language-{0}\">",
            escape_attr(lang)
        ));
    }
    match highlighted {
        Some(h) => html.push_str(&h),
        None => html.push_str(&escape_text(code)),
    }
    html.push_str("</code></pre>\n");
}

fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// Escapes text for an HTML text node.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape_html(&mut out, s);
    out
}

/// Escapes text for a double-quoted HTML attribute.
pub fn escape_attr(s: &str) -> String {
    escape_text(s).replace('"', "&quot;")
}

fn pulldown_cmark_escape_html(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests;
