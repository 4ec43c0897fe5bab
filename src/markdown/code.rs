//! Code blocks: highlighted at build time, with an optional title and highlighted lines from the
//! fence's info string (```` ```rust title="main.rs" {3-5} ````); ```` ```mermaid ```` is kept
//! as text for the theme's diagram script.
//!
//! HTML: `<pre class="code" data-lang="rust"><code class="language-rust">…</code></pre>`, each
//! highlighted line wrapped in `<span class="line-highlight">…</span>`, and with a title the whole
//! inside `<figure class="code-block"><figcaption class="code-title">main.rs</figcaption>…</figure>`.

use super::transform::{Spanned, Transform};
use super::{Notice, escape_attr, escape_text, highlight};
use crate::diagnostic::Code;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use std::collections::VecDeque;
use std::ops::{Range, RangeInclusive};

/// What a fence's info string says.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct FenceInfo {
    /// The language: the first word.
    pub(crate) lang: String,
    /// `title="…"`.
    pub(crate) title: Option<String>,
    /// `{3-5}` / `{1,3}`: 1-based line numbers.
    pub(crate) lines: Vec<RangeInclusive<usize>>,
}

impl FenceInfo {
    pub(crate) fn parse(info: &str) -> FenceInfo {
        let info = info.trim();
        let lang = info
            .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
            .next()
            .unwrap_or("")
            .to_string();
        FenceInfo {
            lang,
            title: title_of(info),
            lines: highlighted_lines(info),
        }
    }

    fn is_highlighted(&self, line: usize) -> bool {
        self.lines.iter().any(|r| r.contains(&line))
    }
}

/// `title="a b"`, `title='a'` or `title=a`.
fn title_of(info: &str) -> Option<String> {
    let at = info
        .match_indices("title=")
        .find(|(i, _)| *i == 0 || info[..*i].ends_with([' ', '\t', ',', '{']))?
        .0;
    let rest = &info[at + "title=".len()..];
    let title = match rest.chars().next()? {
        quote @ ('"' | '\'') => {
            let rest = &rest[1..];
            &rest[..rest.find(quote)?]
        }
        _ => rest.split(|c: char| c.is_whitespace() || c == '}').next()?,
    };
    (!title.is_empty()).then(|| title.to_string())
}

/// The first `{…}` made only of line numbers, commas and ranges.
fn highlighted_lines(info: &str) -> Vec<RangeInclusive<usize>> {
    let mut rest = info;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let inside = &after[..close];
        if let Some(lines) = parse_line_list(inside) {
            return lines;
        }
        rest = &after[close + 1..];
    }
    Vec::new()
}

fn parse_line_list(list: &str) -> Option<Vec<RangeInclusive<usize>>> {
    let mut lines = Vec::new();
    for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let range = match part.split_once('-') {
            Some((a, b)) => a.trim().parse().ok()?..=b.trim().parse().ok()?,
            None => {
                let n: usize = part.parse().ok()?;
                n..=n
            }
        };
        lines.push(range);
    }
    (!lines.is_empty()).then_some(lines)
}

/// The code-block transform; sets `has_mermaid` when it meets a diagram.
pub(crate) struct CodeBlocks<'m> {
    has_mermaid: &'m mut bool,
    /// Where a block ran out of highlighting time (it is then shown plainly).
    notices: &'m mut Vec<Notice>,
    /// Whether code is highlighted (else written as plain escaped text).
    highlight: bool,
    open: Option<(FenceInfo, String, usize)>,
}

impl<'m> CodeBlocks<'m> {
    pub(crate) fn new(
        has_mermaid: &'m mut bool,
        notices: &'m mut Vec<Notice>,
        highlight: bool,
    ) -> Self {
        CodeBlocks {
            has_mermaid,
            notices,
            highlight,
            open: None,
        }
    }
}

impl<'a> Transform<'a> for CodeBlocks<'_> {
    fn event(&mut self, (event, range): Spanned<'a>, out: &mut VecDeque<Spanned<'a>>) {
        if let Some((info, text, start)) = self.open.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let mut html = String::new();
                    if write_code_block(&mut html, info, text, self.highlight).is_err() {
                        self.notices.push(Notice {
                            offset: *start,
                            code: Code::HighlightTimeout,
                            message: format!(
                                "this code block took longer than {} s to highlight; it is shown without colours",
                                highlight::BUDGET.as_secs()
                            ),
                            help: "the language's grammar backtracks on this text (very long lines, deep nesting); shorten the line or drop the language after the fence".to_string(),
                        });
                    }
                    if info.lang == "mermaid" {
                        *self.has_mermaid = true;
                    }
                    let span: Range<usize> = *start..range.end;
                    out.push_back((Event::Html(CowStr::from(html)), span));
                    self.open = None;
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => FenceInfo::parse(&info),
                    CodeBlockKind::Indented => FenceInfo::default(),
                };
                self.open = Some((info, String::new(), range.start));
            }
            other => out.push_back((other, range)),
        }
    }
}

/// Writes one block (plainly unless `highlight`); `Err` when highlighting ran out of time and
/// the block is shown plainly.
fn write_code_block(
    html: &mut String,
    info: &FenceInfo,
    code: &str,
    highlight: bool,
) -> Result<(), highlight::OutOfTime> {
    let lang = info.lang.as_str();
    if lang == "mermaid" {
        // Rendered to SVG in the browser by the theme's copy of mermaid.
        html.push_str("<pre class=\"mermaid\">");
        html.push_str(&escape_text(code));
        html.push_str("</pre>\n");
        return Ok(());
    }
    if let Some(title) = &info.title {
        html.push_str("<figure class=\"code-block\"><figcaption class=\"code-title\">");
        html.push_str(&escape_text(title));
        html.push_str("</figcaption>");
    }
    if lang.is_empty() {
        html.push_str("<pre class=\"code\"><code>");
    } else {
        let lang = escape_attr(lang);
        html.push_str("<pre class=\"code\" data-lang=\"");
        html.push_str(&lang);
        html.push_str("\"><code class=\"language-");
        html.push_str(&lang);
        html.push_str("\">");
    }
    let highlighted = if lang.is_empty() || !highlight {
        Ok(None)
    } else {
        highlight::highlight(code, lang)
    };
    let body = match &highlighted {
        Ok(Some(h)) => h.clone(),
        Ok(None) | Err(_) => escape_text(code),
    };
    if info.lines.is_empty() {
        html.push_str(&body);
    } else {
        mark_lines(html, &body, info);
    }
    html.push_str("</code></pre>");
    if info.title.is_some() {
        html.push_str("</figure>");
    }
    html.push('\n');
    highlighted.map(|_| ())
}

/// Wraps the highlighted lines of `code` (HTML) in `<span class="line-highlight">`. The
/// highlighter's spans may run across lines, so each line closes the spans still open at its end
/// and the next line reopens them: every line is then a balanced fragment.
fn mark_lines(html: &mut String, code: &str, info: &FenceInfo) {
    let mut open: Vec<&str> = Vec::new();
    for (index, line) in code.split_inclusive('\n').enumerate() {
        let (content, newline) = match line.strip_suffix('\n') {
            Some(content) => (content, "\n"),
            None => (line, ""),
        };
        let marked = info.is_highlighted(index + 1);
        if marked {
            html.push_str("<span class=\"line-highlight\">");
        }
        for tag in &open {
            html.push_str(tag);
        }
        html.push_str(content);
        track_spans(content, &mut open);
        for _ in &open {
            html.push_str("</span>");
        }
        if marked {
            html.push_str("</span>");
        }
        html.push_str(newline);
    }
}

/// Updates the stack of open `<span …>` tags after `html` (escaped text and spans only).
fn track_spans<'h>(html: &'h str, open: &mut Vec<&'h str>) {
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let tail = &rest[lt..];
        let Some(gt) = tail.find('>') else { break };
        let tag = &tail[..=gt];
        if tag.starts_with("</") {
            open.pop();
        } else {
            open.push(tag);
        }
        rest = &tail[gt + 1..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_string() {
        let info = FenceInfo::parse("rust title=\"src/main.rs\" {3-5,8}");
        assert_eq!(info.lang, "rust");
        assert_eq!(info.title.as_deref(), Some("src/main.rs"));
        assert_eq!(info.lines, vec![3..=5, 8..=8]);
        let info = FenceInfo::parse("js{1,3} title='a b'");
        assert_eq!(info.lang, "js");
        assert_eq!(info.title.as_deref(), Some("a b"));
        assert_eq!(info.lines, vec![1..=1, 3..=3]);
        let info = FenceInfo::parse("python");
        assert_eq!(
            info,
            FenceInfo {
                lang: "python".into(),
                ..FenceInfo::default()
            }
        );
        assert_eq!(FenceInfo::parse("{.rust}").lines, Vec::new());
    }

    #[test]
    fn highlighted_lines_stay_balanced_across_multiline_spans() {
        let info = FenceInfo::parse("x {2}");
        let mut html = String::new();
        mark_lines(&mut html, "<span class=\"c\">a\nb</span>\nc\n", &info);
        assert_eq!(
            html,
            "<span class=\"c\">a</span>\n<span class=\"line-highlight\"><span class=\"c\">b</span></span>\nc\n"
        );
    }
}
