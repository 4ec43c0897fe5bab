//! The one rewrite before parsing, for syntaxes that pulldown-cmark cannot see as events: MkDocs
//! admonitions and content tabs (their bodies are indented, which CommonMark reads as code),
//! Docusaurus `:::` blocks (paragraphs of `:::`), Hugo shortcodes (whose `{{<` may be cut into
//! HTML events) and GitLab's `[[_TOC_]]` (a wiki link otherwise), and Liquid as Jekyll, Eleventy
//! and GitBook pages carry it (`{% raw %}`, `{% comment %}` and `{% include %}` span or replace
//! text; other tags are read as shortcodes) with kramdown's attribute lists (`{: .note }`,
//! `1. TOC` + `{:toc}`), and the MDX of a Docusaurus docs folder (module lines, comments and JSX
//! components: see [`mdx`]). The rewritten text keeps a map back to the source
//! ([`Rewritten`]), so every line and column reported stays the author's.
//!
//! Bodies without any of these markers are not copied at all.

use super::admonitions;
use super::kramdown;
use super::mdx;
use super::shortcodes::{self, Replacement, Syntax};
use super::source_map::Rewritten;
use super::{Notice, ShortcodeHost};
use crate::diagnostic::Code;

/// The HTML comment that stands for an inline table of contents until the headings are known.
pub(crate) const TOC_MARKER: &str = "<!-- handbook:toc -->";

/// A body with the other tools' syntax rewritten, and what was noticed on the way.
pub(crate) struct Prepared {
    /// The text to parse, with its map back to the body.
    pub text: Rewritten,
    /// Unknown shortcodes, once per name.
    pub notices: Vec<Notice>,
}

/// True when the body may hold something [`prepare`] rewrites.
pub(crate) fn needed(body: &str) -> bool {
    [
        "{{",
        "{%",
        "{:",
        "!!!",
        "???",
        "===",
        ":::",
        "[[_TOC_]]",
        "[TOC]",
    ]
    .iter()
    .any(|m| body.contains(m))
}

/// A block opened and not yet closed.
struct Open {
    /// MkDocs: the indent of its body; Docusaurus: `None` (closed by `:::`).
    indent: Option<usize>,
    /// The HTML that closes it.
    close: &'static str,
    /// A group of MkDocs content tabs, whose `indent` is one more than its `===` lines': the
    /// next `===` line at that indent is its next tab, any other line there ends it.
    tab_group: bool,
}

/// A Liquid block that spans lines: its text is copied untouched, or left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LiquidBlock {
    /// `{% raw %}` … `{% endraw %}`: shown as written.
    Raw,
    /// `{% comment %}` … `{% endcomment %}`: not shown.
    Comment,
}

impl LiquidBlock {
    fn of(tag: &shortcodes::Tag) -> Option<Self> {
        match (tag.syntax, tag.name.as_str(), tag.closing) {
            (Syntax::Liquid, "raw", false) => Some(LiquidBlock::Raw),
            (Syntax::Liquid, "comment", false) => Some(LiquidBlock::Comment),
            _ => None,
        }
    }

    /// The range of this block's end tag in `text`.
    fn end_in(self, text: &str) -> Option<std::ops::Range<usize>> {
        let name = match self {
            LiquidBlock::Raw => "raw",
            LiquidBlock::Comment => "comment",
        };
        shortcodes::find_tags(text)
            .into_iter()
            .find(|t| t.syntax == Syntax::Liquid && t.closing && t.name == name)
            .map(|t| t.range)
    }
}

/// How deep includes may nest (an include of itself stops there).
const MAX_INCLUDE_DEPTH: usize = 4;

/// Rewrites `body` (see the module comment); `includes` reads the files of `readfile` shortcodes.
pub(crate) fn prepare(body: &str, host: &dyn ShortcodeHost) -> Prepared {
    prepare_at(body, host, 0)
}

fn prepare_at(body: &str, host: &dyn ShortcodeHost, depth: usize) -> Prepared {
    // MDX's module lines and comments become spaces in place, so offsets stay the author's.
    let mdx = host.mdx();
    let blanked = if mdx {
        mdx::blank_module_lines(body)
    } else {
        std::borrow::Cow::Borrowed(body)
    };
    let body: &str = &blanked;
    // The indents of the JSX components open at this line (`<Tabs>`, `<TabItem>`).
    let mut jsx_open: Vec<usize> = Vec::new();
    let mut components = mdx::Components::default();
    let mut out = Rewritten::default();
    let mut opens: Vec<Open> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut notices = Vec::new();
    let mut liquid_block: Option<LiquidBlock> = None;
    // The end of a callout that a kramdown `{: .note }` opened; the next blank line closes it.
    let mut ial_callout: Option<&'static str> = None;
    // Whether that callout is a quote whose `>` markers are left out.
    let mut ial_quote = false;
    // The end of a paired user shortcode whose inner text its template already used.
    let mut skip_to = 0;
    let mut offset = 0;
    while offset < body.len() {
        let mut start = offset;
        offset = body[start..]
            .find('\n')
            .map_or(body.len(), |i| start + i + 1);
        let mut line = &body[start..offset];
        if offset <= skip_to {
            continue;
        }
        // A Liquid tag written over several lines (`{% include "x.html"` … `%}`) is read with
        // the lines it spans, as one.
        if fence.is_none()
            && liquid_block.is_none()
            && start >= skip_to
            && fence_opener(line.trim()).is_none()
            && let Some(end) = liquid_tag_end(body, start, offset)
        {
            line = &body[start..end];
            offset = end;
        } else if mdx
            && fence.is_none()
            && start >= skip_to
            && fence_opener(line.trim()).is_none()
            && let Some(end) = mdx::tag_end(body, start, offset)
        {
            // A component's tag written over several lines is read with the lines it spans.
            line = &body[start..end];
            offset = end;
        }
        if start < skip_to {
            line = &line[skip_to - start..];
            start = skip_to;
        }
        if let Some(block) = liquid_block {
            let Some(end) = block.end_in(line) else {
                if block == LiquidBlock::Raw {
                    out.copy(body, start..offset);
                }
                continue;
            };
            if block == LiquidBlock::Raw {
                out.copy(body, start..start + end.start);
            }
            liquid_block = None;
            // What follows the end tag on its line is read as usual; a bare end tag takes its
            // line along.
            line = &line[end.end..];
            start += end.end;
            if line.trim().is_empty() {
                continue;
            }
        }
        let blank = line.trim().is_empty();
        let indent = leading_spaces(line);
        // A line indented less than an MkDocs body ends it (blank lines do not).
        if !blank {
            while let Some(open) = opens.last() {
                match open.indent {
                    Some(i)
                        if open.tab_group
                            && indent + 1 == i
                            && admonitions::mkdocs_tab_opener(line.trim_start()).is_some() =>
                    {
                        break;
                    }
                    Some(i) if indent < i => {
                        out.insert("\n", start);
                        out.insert(open.close, start);
                        opens.pop();
                    }
                    _ => break,
                }
            }
        }
        let strip = opens
            .iter()
            .rev()
            .find_map(|o| o.indent)
            .unwrap_or(0)
            .min(indent);
        // MDX reads no indented code: the indent of a component's content is not code.
        let strip = match jsx_open.last() {
            Some(&tag_indent) => strip.max((tag_indent + 2).min(indent)),
            None => strip,
        };
        let strip = strip_bytes(line, strip);
        let content_start = start + strip;
        let content = &line[strip..];
        let trimmed = content.trim();

        if let Some((c, n)) = fence {
            if trimmed.starts_with(&c.to_string().repeat(n)) && trimmed.chars().all(|x| x == c) {
                fence = None;
            }
            copy_with_escaped_shortcodes(&mut out, body, content_start, content);
            continue;
        }
        if blank && let Some(close) = ial_callout.take() {
            out.insert(close, start);
        }
        if let Some(f) = fence_opener(trimmed) {
            fence = Some(f);
            out.copy(body, content_start..offset);
            continue;
        }
        if let Some((marker, name, title)) = admonitions::mkdocs_opener(content) {
            let kind = admonitions::kind_of(name);
            let title = title.unwrap_or_else(|| admonitions::default_title(name));
            let (html, close) = if marker == "!!!" {
                (admonitions::open(kind, &title), "</div>\n\n")
            } else {
                (
                    admonitions::open_collapsible(kind, &title, marker == "???+"),
                    "</details>\n\n",
                )
            };
            out.insert(&html, content_start);
            opens.push(Open {
                indent: Some(strip + leading_spaces(content) + 4),
                close,
                tab_group: false,
            });
            continue;
        }
        // MkDocs Material's content tabs (pymdownx.tabbed): `=== "macOS"`, its body indented.
        if let Some(title) = admonitions::mkdocs_tab_opener(content) {
            let at = strip + leading_spaces(content);
            let in_group = opens
                .last()
                .is_some_and(|o| o.tab_group && o.indent == Some(at + 1));
            if !in_group {
                out.insert(shortcodes::TABPANE_OPEN, content_start);
                opens.push(Open {
                    indent: Some(at + 1),
                    close: "</div>\n\n",
                    tab_group: true,
                });
            }
            out.insert(&shortcodes::tab_open(&title), content_start);
            opens.push(Open {
                indent: Some(at + 4),
                close: shortcodes::TAB_CLOSE,
                tab_group: false,
            });
            continue;
        }
        if admonitions::is_docusaurus_close(trimmed) && opens.iter().any(|o| o.indent.is_none()) {
            while let Some(open) = opens.pop() {
                out.insert("\n", content_start);
                out.insert(open.close, content_start);
                if open.indent.is_none() {
                    break;
                }
            }
            continue;
        }
        if let Some((name, title)) = admonitions::docusaurus_opener(trimmed) {
            let title = title.unwrap_or_else(|| admonitions::default_title(name));
            out.insert(
                &admonitions::open(admonitions::kind_of(name), &title),
                content_start,
            );
            opens.push(Open {
                indent: None,
                close: "</div>\n\n",
                tab_group: false,
            });
            continue;
        }
        if trimmed == "[[_TOC_]]" || trimmed == "[TOC]" {
            out.insert(TOC_MARKER, content_start);
            out.insert("\n", content_start);
            continue;
        }
        // kramdown (Jekyll): `1. TOC` then `{:toc}` is the table of contents.
        if kramdown::is_toc_item(trimmed) {
            let next_end = body[offset..]
                .find('\n')
                .map_or(body.len(), |i| offset + i + 1);
            if kramdown::is_toc_ial(body[offset..next_end].trim()) {
                out.insert(TOC_MARKER, content_start);
                out.insert("\n", content_start);
                skip_to = next_end;
                continue;
            }
        }
        // A kramdown attribute list on its own line styles the block next to it: dropped, but
        // Just the Docs' callout classes (`{: .note }`) before a block (after a blank line) make
        // it a callout. One after its block (no blank line between) is dropped: the block is
        // already written.
        if let Some(classes) = kramdown::block_ial(trimmed) {
            let after_blank = body[..start]
                .trim_end_matches([' ', '\t'])
                .ends_with("\n\n")
                || body[..start].trim().is_empty();
            if ial_callout.is_none()
                && after_blank
                && let Some(kind) = kramdown::callout_kind(classes)
            {
                let next_end = body[offset..]
                    .find('\n')
                    .map_or(body.len(), |i| offset + i + 1);
                let next = &body[offset..next_end];
                // `{: .note-title }` takes its title from the quote's first line.
                let title = match kramdown::quoted(next) {
                    Some(text) if classes.contains("-title") && !text.trim().is_empty() => {
                        skip_to = next_end;
                        text.trim().to_string()
                    }
                    _ => admonitions::default_title(kind),
                };
                out.insert(&admonitions::open(kind, &title), content_start);
                out.insert("\n", content_start);
                ial_callout = Some("\n</div>\n\n");
                ial_quote = kramdown::quoted(next).is_some();
            }
            continue;
        }
        // The quote a callout class styles is the callout: its `>` markers go.
        if ial_callout.is_some()
            && ial_quote
            && let Some(text) = kramdown::quoted(content)
        {
            let at = content_start + (content.len() - text.len());
            let mut context = Context::new(&mut notices, host, depth, body);
            rewrite_shortcodes(&mut out, body, at, text, &mut context);
            skip_to = skip_to.max(context.skip_to);
            liquid_block = context.liquid_block;
            continue;
        }
        // An attribute list alone on a quote's line (`> {: .highlight }`) is left out, line and all.
        if let Some(text) = kramdown::quoted(content)
            && kramdown::block_ial(text.trim()).is_some()
        {
            continue;
        }
        let mut context = Context::new(&mut notices, host, depth, body);
        if mdx {
            let tags = mdx::find_tags(content, &code_spans(content));
            if !tags.is_empty() {
                let mut at = 0;
                for tag in &tags {
                    let gap = &content[at..tag.range.start];
                    if !gap.trim().is_empty() {
                        rewrite_shortcodes(&mut out, body, content_start + at, gap, &mut context);
                    }
                    let tag_at = content_start + tag.range.start;
                    match components.html_of(tag) {
                        Some(html) => out.insert(&html, tag_at),
                        None if !tag.closing => context.notices.push(mdx::unknown(tag, tag_at)),
                        None => {}
                    }
                    if tag.is_block() && tag.closing {
                        jsx_open.pop();
                    } else if tag.is_block() {
                        jsx_open.push(indent);
                    }
                    at = tag.range.end;
                }
                let rest = &content[at..];
                rewrite_shortcodes(&mut out, body, content_start + at, rest, &mut context);
                skip_to = skip_to.max(context.skip_to);
                liquid_block = context.liquid_block;
                continue;
            }
        }
        // Inline attribute lists (`[x](y){:target="_blank"}`) are left out.
        let ials = kramdown::inline_ials(content);
        let ends = ials.iter().map(|r| r.start).chain([content.len()]);
        let starts = std::iter::once(0).chain(ials.iter().map(|r| r.end));
        for (from, to) in starts.zip(ends) {
            let segment = &content[from..to];
            rewrite_shortcodes(&mut out, body, content_start + from, segment, &mut context);
            // A pair or a Liquid block that runs past this line took the rest of it along.
            if context.skip_to > 0 || context.liquid_block.is_some() {
                break;
            }
        }
        skip_to = skip_to.max(context.skip_to);
        liquid_block = context.liquid_block;
    }
    if let Some(close) = ial_callout {
        out.insert(close, body.len());
    }
    for open in opens.into_iter().rev() {
        out.insert("\n", body.len());
        out.insert(open.close, body.len());
    }
    Prepared { text: out, notices }
}

/// What rewriting shortcodes needs besides the line.
struct Context<'c> {
    notices: &'c mut Vec<Notice>,
    host: &'c dyn ShortcodeHost,
    depth: usize,
    /// The whole body, where a paired shortcode's closing tag is looked for.
    body: &'c str,
    /// Set past the closing tag of a paired user shortcode that ends on a later line.
    skip_to: usize,
    /// Set when a `{% raw %}` or `{% comment %}` of the line ends on a later line.
    liquid_block: Option<LiquidBlock>,
}

impl<'c> Context<'c> {
    fn new(
        notices: &'c mut Vec<Notice>,
        host: &'c dyn ShortcodeHost,
        depth: usize,
        body: &'c str,
    ) -> Self {
        Context {
            notices,
            host,
            depth,
            body,
            skip_to: 0,
            liquid_block: None,
        }
    }

    /// Says that handbook does not know a tag (each use is a notice; the site's report says it
    /// once, with the count: see [`Code::once_per_site`]). Closing tags are not counted.
    fn unknown(&mut self, tag: &shortcodes::Tag, at: usize) {
        if tag.closing {
            return;
        }
        let notice = match tag.syntax {
            Syntax::LiquidOutput => Notice {
                offset: at,
                code: Code::UnknownShortcode,
                message: format!("Liquid variable `{}` is not read: it is left out", tag.name),
                help: "only paths (`{{ '/a/' | relative_url }}`) and the base URL (`{{ site.baseurl }}`) are read; write the text itself".to_string(),
            },
            syntax => {
                let shown = match syntax {
                    // Each include of another file is its own thing.
                    Syntax::Liquid if tag.name.starts_with("include") => format!(
                        "{{% {} {} %}}",
                        tag.name,
                        tag.arg("file", 0).unwrap_or_default()
                    ),
                    Syntax::Liquid => format!("{{% {} %}}", tag.name),
                    _ => tag.name.clone(),
                };
                Notice {
                    offset: at,
                    code: Code::UnknownShortcode,
                    message: format!(
                        "unknown shortcode `{shown}`: its tags are left out and its content kept"
                    ),
                    help: format!(
                        "handbook reads {}; for your own, add the template `templates/shortcodes/{}.html`",
                        shortcodes::KNOWN,
                        tag.name
                    ),
                }
            }
        };
        self.notices.push(notice);
    }
}

/// When the line `body[start..line_end]` opens a Liquid tag that closes on a later line, the end
/// of that later line. A tag does not span a blank line, nor more than a few lines.
fn liquid_tag_end(body: &str, start: usize, line_end: usize) -> Option<usize> {
    const MAX_LINES: usize = 12;
    let line = &body[start..line_end];
    let open = line.rfind("{%")?;
    if line[open..].contains("%}") {
        return None;
    }
    let mut end = line_end;
    for next in body[line_end..].split_inclusive('\n').take(MAX_LINES) {
        if next.trim().is_empty() {
            return None;
        }
        end += next.len();
        if next.contains("%}") {
            return Some(end);
        }
    }
    None
}

/// Jekyll's `{% include name.html content="…" %}` of a callout include (`note.html`,
/// `warning.html`, … as documentation themes ship them): the callout with that content.
fn callout_include(tag: &shortcodes::Tag) -> Option<String> {
    let file = tag.arg("file", 0)?;
    let stem = file.rsplit('/').next()?.split('.').next()?;
    let kind = match stem {
        "note" | "info" | "callout" => "note",
        "tip" | "hint" => "tip",
        "important" => "important",
        "warning" | "alert" => "warning",
        "caution" | "danger" => "caution",
        _ => return None,
    };
    let content = tag.arg("content", usize::MAX).unwrap_or_default();
    let title = tag
        .arg("title", usize::MAX)
        .map(String::from)
        .unwrap_or_else(|| admonitions::default_title(kind));
    Some(format!(
        "{}\n{content}\n\n</div>\n\n",
        admonitions::open(kind, &title)
    ))
}

/// Whether an include names a Markdown file (Hugo's `readfile`, Jekyll's include of a `.md`).
fn includes_markdown(tag: &shortcodes::Tag) -> bool {
    tag.arg("file", 0).is_some_and(|f| {
        let f = f.to_ascii_lowercase();
        f.ends_with(".md") || f.ends_with(".markdown")
    })
}

/// The byte ranges of a line's code spans, where Liquid is text (documentation about
/// templates writes `{% if %}` there; Jekyll itself needs `{% raw %}` for it).
pub(super) fn code_spans(line: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = line.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let open = i;
        while i < bytes.len() && bytes[i] == b'`' {
            i += 1;
        }
        let run = i - open;
        let mut j = i;
        let mut closed = None;
        while j < bytes.len() {
            if bytes[j] == b'`' {
                let k = j;
                while j < bytes.len() && bytes[j] == b'`' {
                    j += 1;
                }
                if j - k == run {
                    closed = Some(j);
                    break;
                }
            } else {
                j += 1;
            }
        }
        match closed {
            Some(end) => {
                spans.push(open..end);
                i = end;
            }
            None => i = open + run,
        }
    }
    spans
}

/// A path-like first argument of a tag written as a link's destination (`[x]({% page "/a/" %})`,
/// `[x]: {% page "/a/" %}`):
/// whatever the tag does, on its site it stood for that page. Such tags join the path to the
/// site's root (as Hugo's `ref` and Jekyll's `link` do), so the path is read from the root.
fn link_destination(line: &str, tag: &shortcodes::Tag) -> Option<String> {
    let before = &line[..tag.range.start];
    // `[text](…)`, or a reference definition `[label]: …`.
    let reference = before.trim_start().starts_with('[') && before.trim_end().ends_with("]:");
    if !before.ends_with("](") && !reference {
        return None;
    }
    let path = tag.arg("path", 0)?;
    if path.contains("://") || path.starts_with('/') {
        return Some(path.to_string());
    }
    (path.starts_with('.') || path.contains('/'))
        .then(|| format!("/{}", path.trim_start_matches("./")))
}

/// The text a `readfile` / `include` shortcode stands for: the file, its front matter left out,
/// its own shortcodes rewritten; a notice when there is no such file.
fn include(tag: &shortcodes::Tag, at: usize, context: &mut Context<'_>) -> String {
    let path = tag.arg("file", 0).unwrap_or_default();
    let Some(text) = context
        .host
        .include(path)
        .filter(|_| context.depth < MAX_INCLUDE_DEPTH)
    else {
        context.notices.push(Notice {
            offset: at,
            code: Code::BrokenInclude,
            message: format!("`{}` of `{path}`: there is no such Markdown file in the handbook", tag.name),
            help: "name a Markdown file inside the handbook, relative to the page or to the site's root".to_string(),
        });
        return String::new();
    };
    let body = without_front_matter(&text);
    let inner = prepare_at(body, context.host, context.depth + 1);
    // What the included file says about itself is said at the shortcode.
    context.notices.extend(
        inner
            .notices
            .into_iter()
            .map(|n| Notice { offset: at, ..n }),
    );
    inner.text.text
}

/// A user shortcode's output, and for a paired one the end of its closing tag (absolute): the
/// inner text is the template's to show (`{{ inner }}`).
fn user_shortcode(
    tag: &shortcodes::Tag,
    after: usize,
    at: usize,
    context: &mut Context<'_>,
) -> (String, Option<usize>) {
    let rest = &context.body[after..];
    let close = shortcodes::find_tags(rest)
        .into_iter()
        .find(|t| t.closing && t.name == tag.name && !t.escaped);
    let inner = close
        .as_ref()
        .map(|c| rest[..c.range.start].trim_matches('\n'));
    let close_end = close.map(|c| after + c.range.end);
    match context.host.shortcode(&tag.name, &tag.args, inner) {
        Ok(html) => (html, close_end),
        Err(message) => {
            context.notices.push(Notice {
                offset: at,
                code: Code::ShortcodeError,
                message: format!("shortcode `{}` failed: {message}", tag.name),
                help: format!(
                    "fix `templates/shortcodes/{}.html`; its content is shown instead",
                    tag.name
                ),
            });
            (inner.unwrap_or_default().to_string(), close_end)
        }
    }
}

/// A file's text after its `---` / `+++` front matter.
fn without_front_matter(text: &str) -> &str {
    for fence in ["---", "+++"] {
        if let Some(rest) = text.strip_prefix(fence).and_then(|r| r.strip_prefix('\n'))
            && let Some(end) = rest.find(&format!("\n{fence}"))
        {
            let after = &rest[end + 1 + fence.len()..];
            return after.strip_prefix('\n').unwrap_or(after);
        }
    }
    text
}

/// Copies one line, turning its shortcodes into what they stand for.
fn rewrite_shortcodes(
    out: &mut Rewritten,
    body: &str,
    start: usize,
    line: &str,
    context: &mut Context<'_>,
) {
    let spans = code_spans(line);
    let tags: Vec<_> = shortcodes::find_tags(line)
        .into_iter()
        .filter(|t| {
            // In a code span only `{% raw %}` and a quoted string's output count (Jekyll and
            // Eleventy sites write Liquid's braces in code with them).
            t.syntax == Syntax::Hugo
                || LiquidBlock::of(t) == Some(LiquidBlock::Raw)
                || shortcodes::is_literal_output(t)
                || !spans
                    .iter()
                    .any(|s| s.start <= t.range.start && t.range.end <= s.end)
        })
        .collect();
    if tags.is_empty() {
        out.copy(body, start..start + line.len());
        return;
    }
    // A tag alone on its line is a block: the line is replaced, newline included.
    let alone = tags.len() == 1 && line.trim() == &line[tags[0].range.clone()];
    let mut alone_block = false;
    let mut at = 0;
    for tag in &tags {
        if tag.range.start < at {
            // Inside a paired user shortcode already rendered.
            continue;
        }
        out.copy(body, start + at..start + tag.range.start);
        let tag_start = start + tag.range.start;
        let mut end = tag.range.end;
        if let Some(block) = LiquidBlock::of(tag) {
            let rest = &line[tag.range.end..];
            match block.end_in(rest) {
                Some(close) => {
                    if block == LiquidBlock::Raw {
                        out.copy(
                            body,
                            start + tag.range.end..start + tag.range.end + close.start,
                        );
                    }
                    at = tag.range.end + close.end;
                }
                None => {
                    if block == LiquidBlock::Raw && !rest.trim().is_empty() {
                        out.copy(body, start + tag.range.end..start + line.len());
                    }
                    context.liquid_block = Some(block);
                    return;
                }
            }
            continue;
        }
        let replacement = match tag.name.as_str() {
            _ if tag.escaped || tag.closing => shortcodes::replace(tag),
            _ if tag.syntax == Syntax::LiquidOutput => shortcodes::replace(tag),
            name if context.host.has_shortcode(name) => {
                let (html, close_end) =
                    user_shortcode(tag, start + tag.range.end, tag_start, context);
                if let Some(close_end) = close_end {
                    if close_end > start + line.len() {
                        // The pair ends on a later line: the rest of this one is inner text.
                        out.insert(&format!("\n\n{html}\n\n"), tag_start);
                        context.skip_to = close_end;
                        return;
                    }
                    end = close_end - start;
                }
                Some(Replacement::Block(format!("{html}\n\n")))
            }
            // mkdocs-include-markdown-plugin's `{% include-markdown "x.md" %}` too.
            "readfile" | "include" | "include_relative" | "include-markdown"
                if tag.syntax == Syntax::Hugo
                    || tag.name == "include-markdown"
                    || includes_markdown(tag) =>
            {
                Some(Replacement::Block(format!(
                    "{}\n\n",
                    include(tag, tag_start, context)
                )))
            }
            "include" | "include_relative" => callout_include(tag).map(Replacement::Block),
            _ => shortcodes::replace(tag)
                .or_else(|| link_destination(line, tag).map(Replacement::Inline)),
        };
        alone_block = alone && !matches!(replacement, Some(Replacement::Inline(_)));
        match replacement {
            Some(Replacement::Inline(text)) => out.insert(&text, tag_start),
            Some(Replacement::Block(text)) => {
                if !alone {
                    out.insert("\n\n", tag_start);
                }
                out.insert(&text, tag_start);
            }
            None => context.unknown(tag, tag_start),
        }
        at = end;
    }
    if alone_block {
        // The block's own text ends its line (and a dropped tag takes its line along).
        return;
    }
    out.copy(body, start + at..start + line.len());
}

/// Inside a code fence only escaped shortcodes change (`{{</* x */>}}` shows `{{< x >}}`), and
/// Liquid's `{% raw %}` / `{% endraw %}` markers go (Jekyll needs them around code with braces).
fn copy_with_escaped_shortcodes(out: &mut Rewritten, body: &str, start: usize, line: &str) {
    if !line.contains("/*") && !line.contains("raw") {
        out.copy(body, start..start + line.len());
        return;
    }
    let tags: Vec<_> = shortcodes::find_tags(line)
        .into_iter()
        .filter(|t| t.escaped || (t.syntax == Syntax::Liquid && t.name == "raw"))
        .collect();
    // A marker alone on its line takes the line along.
    if let [tag] = tags.as_slice()
        && !tag.escaped
        && line.trim() == &line[tag.range.clone()]
    {
        return;
    }
    let mut at = 0;
    for tag in tags {
        out.copy(body, start + at..start + tag.range.start);
        if tag.escaped {
            out.insert(&tag.text, start + tag.range.start);
        }
        at = tag.range.end;
    }
    out.copy(body, start + at..start + line.len());
}

/// ```` ``` ```` or `~~~` (three or more) opening a fence: (character, length).
fn fence_opener(trimmed: &str) -> Option<(char, usize)> {
    let c = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = trimmed.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

/// The bytes of leading whitespace that make up `width` columns (a tab counting as four).
fn strip_bytes(line: &str, width: usize) -> usize {
    let mut columns = 0;
    for (i, c) in line.char_indices() {
        if columns >= width {
            return i;
        }
        match c {
            ' ' => columns += 1,
            '\t' => columns += 4,
            _ => return i,
        }
    }
    line.len()
}

/// Leading spaces of a line, a tab counting as four.
fn leading_spaces(line: &str) -> usize {
    let mut n = 0;
    for c in line.chars() {
        match c {
            ' ' => n += 1,
            '\t' => n += 4,
            _ => break,
        }
    }
    n
}
