//! The one rewrite before parsing, for syntaxes that pulldown-cmark cannot see as events: MkDocs
//! admonitions (their bodies are indented, which CommonMark reads as code), Docusaurus `:::`
//! blocks (paragraphs of `:::`), Hugo shortcodes (whose `{{<` may be cut into HTML events) and
//! GitLab's `[[_TOC_]]` (a wiki link otherwise). The rewritten text keeps a map back to the
//! source ([`Rewritten`]), so every line and column reported stays the author's.
//!
//! Bodies without any of these markers are not copied at all.

use super::admonitions;
use super::shortcodes::{self, Replacement};
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
    ["{{<", "{{%", "!!!", "???", ":::", "[[_TOC_]]", "[TOC]"]
        .iter()
        .any(|m| body.contains(m))
}

/// A block opened and not yet closed.
struct Open {
    /// MkDocs: the indent of its body; Docusaurus: `None` (closed by `:::`).
    indent: Option<usize>,
    /// The HTML that closes it.
    close: &'static str,
}

/// How deep includes may nest (an include of itself stops there).
const MAX_INCLUDE_DEPTH: usize = 4;

/// Rewrites `body` (see the module comment); `includes` reads the files of `readfile` shortcodes.
pub(crate) fn prepare(body: &str, host: &dyn ShortcodeHost) -> Prepared {
    prepare_at(body, host, 0)
}

fn prepare_at(body: &str, host: &dyn ShortcodeHost, depth: usize) -> Prepared {
    let mut out = Rewritten::default();
    let mut opens: Vec<Open> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut unknown: Vec<(String, usize, usize)> = Vec::new();
    let mut notices = Vec::new();
    // The end of a paired user shortcode whose inner text its template already used.
    let mut skip_to = 0;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let mut start = offset;
        let mut line = line;
        offset += line.len();
        if offset <= skip_to {
            continue;
        }
        if start < skip_to {
            line = &line[skip_to - start..];
            start = skip_to;
        }
        let blank = line.trim().is_empty();
        let indent = leading_spaces(line);
        // A line indented less than an MkDocs body ends it (blank lines do not).
        if !blank {
            while let Some(open) = opens.last() {
                match open.indent {
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
            });
            continue;
        }
        if trimmed == "[[_TOC_]]" || trimmed == "[TOC]" {
            out.insert(TOC_MARKER, content_start);
            out.insert("\n", content_start);
            continue;
        }
        let mut context = Context {
            unknown: &mut unknown,
            notices: &mut notices,
            host,
            depth,
            body,
            skip_to: 0,
        };
        rewrite_shortcodes(&mut out, body, content_start, content, &mut context);
        skip_to = context.skip_to;
    }
    for open in opens.into_iter().rev() {
        out.insert("\n", body.len());
        out.insert(open.close, body.len());
    }
    notices.extend(unknown.into_iter().map(|(name, first, count)| Notice {
        offset: first,
        code: Code::UnknownShortcode,
        message: format!(
            "unknown shortcode `{name}`{}: its tags are left out and its content kept",
            if count > 1 {
                format!(" ({count} times)")
            } else {
                String::new()
            }
        ),
        help: format!(
            "handbook reads {}; for your own, add the template `templates/shortcodes/{name}.html`",
            shortcodes::KNOWN
        ),
    }));
    Prepared { text: out, notices }
}

/// What rewriting shortcodes needs besides the line.
struct Context<'c> {
    /// Unknown shortcodes: (name, first offset, count).
    unknown: &'c mut Vec<(String, usize, usize)>,
    notices: &'c mut Vec<Notice>,
    host: &'c dyn ShortcodeHost,
    depth: usize,
    /// The whole body, where a paired shortcode's closing tag is looked for.
    body: &'c str,
    /// Set past the closing tag of a paired user shortcode that ends on a later line.
    skip_to: usize,
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
    let tags = shortcodes::find_tags(line);
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
        let replacement = match tag.name.as_str() {
            _ if tag.escaped || tag.closing => shortcodes::replace(tag),
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
            "readfile" | "include" => Some(Replacement::Block(format!(
                "{}\n\n",
                include(tag, tag_start, context)
            ))),
            _ => shortcodes::replace(tag),
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
            None => {
                if !tag.closing {
                    match context.unknown.iter_mut().find(|(n, _, _)| *n == tag.name) {
                        Some(entry) => entry.2 += 1,
                        None => context.unknown.push((tag.name.clone(), tag_start, 1)),
                    }
                }
            }
        }
        at = end;
    }
    if alone_block {
        // The block's own text ends its line (and a dropped tag takes its line along).
        return;
    }
    out.copy(body, start + at..start + line.len());
}

/// Inside a code fence only escaped shortcodes change (`{{</* x */>}}` shows `{{< x >}}`).
fn copy_with_escaped_shortcodes(out: &mut Rewritten, body: &str, start: usize, line: &str) {
    if !line.contains("/*") {
        out.copy(body, start..start + line.len());
        return;
    }
    let mut at = 0;
    for tag in shortcodes::find_tags(line)
        .into_iter()
        .filter(|t| t.escaped)
    {
        out.copy(body, start + at..start + tag.range.start);
        out.insert(&tag.text, start + tag.range.start);
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
