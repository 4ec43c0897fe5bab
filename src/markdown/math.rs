//! Math, as GitHub reads it: `$…$` and `` $`…`$ `` inline, `$$…$$` and ```` ```math ```` fences
//! as blocks. Rendered to MathML at build time (pulldown-latex), so a page needs no script, no
//! web font and no network: browsers lay MathML out themselves (Chromium since 109, Firefox,
//! Safari), with the reader's math font.
//!
//! A formula that does not parse as LaTeX is shown as written, in a `code` element, and reported
//! once at its line (GitHub shows an error box there instead).

use super::transform::{Spanned, Transform};
use super::{Notice, escape_text};
use crate::diagnostic::Code;
use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, Parser as Markdown, Tag, TagEnd, TextMergeWithOffset,
};
use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage};
use std::collections::VecDeque;

/// The math transform: math events and math fences become MathML, and dollar signs that are not
/// math become prose again.
///
/// pulldown-cmark reads some prices and shell as formulas; two rules take them back: Pandoc's,
/// that a closing `$` followed by a digit closes nothing ("pay of $7.5K … the remaining
/// ($22.5K)"), and a span with a double quote in it, which TeX math does not use and shell does
/// ("prefer "$@" over "$\*""). The parser has already read such a span as one formula,
/// swallowing any emphasis or link in it, so its source is parsed again as Markdown without
/// math, and those events take its place. The transform runs right after the raw-HTML rule of
/// `unsafe_html: false`, which it applies to those events itself, so that they pass every other
/// step (balancing, link rewriting) while its MathML is not taken for the author's HTML.
pub(crate) struct Math<'a, 'm> {
    body: &'a str,
    /// `unsafe_html: false`: raw HTML in a span parsed again is text.
    safe: bool,
    notices: &'m mut Vec<Notice>,
    /// Inside a ```` ```math ```` fence: its text so far and where it starts.
    fence: Option<(String, usize)>,
}

impl<'a, 'm> Math<'a, 'm> {
    pub(crate) fn new(body: &'a str, safe: bool, notices: &'m mut Vec<Notice>) -> Self {
        Math {
            body,
            safe,
            notices,
            fence: None,
        }
    }

    /// Whether `body` may hold math: a dollar sign or a `math` fence.
    pub(crate) fn applies(body: &str) -> bool {
        body.contains('$') || body.contains("math")
    }

    /// Whether the formula at `range` is prose by the rules above.
    fn is_prose(&self, tex: &str, range: &std::ops::Range<usize>) -> bool {
        self.body[range.end..].starts_with(|c: char| c.is_ascii_digit()) || tex.contains('"')
    }

    /// The events of the source at `range` parsed as Markdown without math.
    fn as_prose(&self, range: std::ops::Range<usize>, out: &mut VecDeque<Spanned<'a>>) {
        let source = &self.body[range.clone()];
        let options = super::options() - pulldown_cmark::Options::ENABLE_MATH;
        let parser = Markdown::new_ext(source, options).into_offset_iter();
        for (event, r) in TextMergeWithOffset::new(parser) {
            let event = match event {
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => continue,
                Event::Html(html) | Event::InlineHtml(html) if self.safe => Event::Text(html),
                other => other,
            };
            out.push_back((event, range.start + r.start..range.start + r.end));
        }
    }

    fn formula(&mut self, tex: &str, display: DisplayMode, offset: usize) -> String {
        match to_mathml(tex, display) {
            Ok(mathml) => mathml,
            Err(error) => {
                self.notices.push(Notice {
                    offset,
                    code: Code::InvalidMath,
                    message: format!("this formula is not LaTeX math that can be read: {error}"),
                    help: "it is shown as written; check its braces and command names (a literal dollar sign is written `\\$`)".to_string(),
                });
                let class = match display {
                    DisplayMode::Inline => "math math-error",
                    DisplayMode::Block => "math math-error math-display",
                };
                format!("<code class=\"{class}\">{}</code>", escape_text(tex.trim()))
            }
        }
    }
}

impl<'a> Transform<'a> for Math<'a, '_> {
    fn event(&mut self, (event, range): Spanned<'a>, out: &mut VecDeque<Spanned<'a>>) {
        if let Some((text, start)) = self.fence.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (text, start) = (std::mem::take(text), *start);
                    self.fence = None;
                    let mathml = self.formula(&text, DisplayMode::Block, start);
                    let html = format!("<div class=\"math-block\">{mathml}</div>\n");
                    out.push_back((Event::Html(CowStr::from(html)), start..range.end));
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some("math") =>
            {
                self.fence = Some((String::new(), range.start));
            }
            Event::InlineMath(tex) if self.is_prose(&tex, &range) => self.as_prose(range, out),
            Event::InlineMath(tex) => {
                // GitLab's and GitHub's `` $`…`$ `` form reaches here with its backticks.
                let tex = tex
                    .strip_prefix('`')
                    .and_then(|t| t.strip_suffix('`'))
                    .unwrap_or(&tex);
                let html = self.formula(tex, DisplayMode::Inline, range.start);
                out.push_back((Event::InlineHtml(CowStr::from(html)), range));
            }
            Event::DisplayMath(tex) => {
                let html = self.formula(&tex, DisplayMode::Block, range.start);
                out.push_back((Event::InlineHtml(CowStr::from(html)), range));
            }
            other => out.push_back((other, range)),
        }
    }
}

/// `tex` as a MathML `<math>` element, its source kept as an annotation (for copying, and for
/// assistive technology that reads TeX); `Err` with the parser's message when it does not parse.
fn to_mathml(tex: &str, display: DisplayMode) -> Result<String, String> {
    let storage = Storage::new();
    let expanded = with_logos(tex);
    let events: Vec<_> = Parser::new(&expanded, &storage).collect();
    if let Some(Err(error)) = events.iter().find(|e| e.is_err()) {
        return Err(first_line(&error.to_string()));
    }
    let mut mathml = String::new();
    let config = RenderConfig {
        display_mode: display,
        annotation: Some(tex.trim()),
        ..RenderConfig::default()
    };
    pulldown_latex::push_mathml(&mut mathml, events.into_iter(), config)
        .map_err(|e| e.to_string())?;
    Ok(unescape_text_mode(&mathml))
}

/// `\TeX` and `\LaTeX`, which KaTeX and MathJax (so GitHub) know and pulldown-latex does not,
/// as their names in text.
fn with_logos(tex: &str) -> std::borrow::Cow<'_, str> {
    if !tex.contains("TeX") {
        return std::borrow::Cow::Borrowed(tex);
    }
    let mut out = String::with_capacity(tex.len() + 16);
    let mut rest = tex;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let name_len = after
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        match &after[..name_len] {
            name @ ("TeX" | "LaTeX") => out.push_str(&format!("\\text{{{name}}}")),
            name => {
                out.push('\\');
                out.push_str(name);
            }
        }
        rest = &after[name_len..];
        // `\\` and `\{`: the escaped character is kept as it is.
        if name_len == 0
            && let Some(c) = rest.chars().next()
        {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// TeX's escapes in text mode (`\text{min\_freq}`), which pulldown-latex copies into `<mtext>`
/// as written; KaTeX and MathJax, and so GitHub, show the character.
fn unescape_text_mode(mathml: &str) -> String {
    const ESCAPES: &[(&str, &str)] = &[
        ("\\_", "_"),
        ("\\&amp;", "&amp;"),
        ("\\%", "%"),
        ("\\$", "$"),
        ("\\#", "#"),
        ("\\{", "{"),
        ("\\}", "}"),
    ];
    let mut out = String::with_capacity(mathml.len());
    let mut rest = mathml;
    while let Some(open) = rest.find("<mtext") {
        let Some(close) = rest[open..].find("</mtext>").map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..open]);
        let mut text = rest[open..close].to_string();
        if text.contains('\\') {
            for (escaped, plain) in ESCAPES {
                text = text.replace(escaped, plain);
            }
        }
        out.push_str(&text);
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// The parser's messages draw the formula with a caret under the fault over several lines;
/// a diagnostic has one line, which already points at the formula.
fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::super::render;

    fn html(body: &str) -> String {
        render(body, None, |_| (None, ())).html
    }

    #[test]
    fn dollar_math_becomes_mathml_with_its_source_kept() {
        let out = html("Users active in the last $M$ months, with $\\lambda_{LB}$.\n");
        assert!(out.contains("<math"), "{out}");
        assert!(out.contains("<mi>M</mi>"), "{out}");
        assert!(out.contains("\\lambda_{LB}</annotation>"), "{out}");
        assert!(!out.contains("<em>"), "the underscores stay math: {out}");
    }

    #[test]
    fn backtick_math_display_math_and_math_fences_are_read_as_github_does() {
        let out = html("A $`\\text{min\\_freq}`$ value.\n\n$$\n\\frac{1}{2}\n$$\n");
        assert!(out.contains("<mtext>min_freq</mtext>"), "{out}");
        assert!(out.contains("display=\"block\""), "{out}");
        assert!(out.contains("<mfrac>"), "{out}");
        let fence = html("```math\n\\sqrt{x}\n```\n");
        assert!(fence.contains("<div class=\"math-block\"><math"), "{fence}");
        assert!(fence.contains("<msqrt>"), "{fence}");
        assert!(!fence.contains("<pre"), "{fence}");
    }

    #[test]
    fn a_dollar_span_closed_before_a_digit_is_prose_with_its_markup() {
        let out = html("Pay of $7.5K, **see** [the table](t.md), or ($22.5K).\n");
        assert!(!out.contains("<math"), "{out}");
        assert!(
            out.contains(
                "Pay of $7.5K, <strong>see</strong> <a href=\"t.md\">the table</a>, or ($22.5K)."
            ),
            "{out}"
        );
    }

    #[test]
    fn prices_and_shell_variables_are_not_math() {
        for body in [
            "It costs $5 a month, or $50 a year.\n",
            "US$5 and US$7.\n",
            "Set `$HOME` and $PATH first.\n",
            "Prefer \"$@\" over \"$\\*\" in scripts.\n",
        ] {
            assert!(!html(body).contains("<math"), "{body}");
        }
    }

    #[test]
    fn tex_logos_are_their_names() {
        let out = html("Written in $\\LaTeX$ and $\\TeX\\{x\\}$, not $\\TeXt$.\n");
        assert!(out.contains("<mtext>LaTeX</mtext>"), "{out}");
        assert!(out.contains("<mtext>TeX</mtext>"), "{out}");
        assert!(out.contains("math-error\">\\TeXt</code>"), "{out}");
    }

    #[test]
    fn a_formula_that_does_not_parse_is_shown_as_written_and_reported() {
        let out = render("Intro.\n\nSee $\\frac{1}$ here.\n", None, |_| (None, ()));
        assert!(
            out.html
                .contains("<code class=\"math math-error\">\\frac{1}</code>"),
            "{}",
            out.html
        );
        let [notice] = out.notices.as_slice() else {
            panic!("one notice: {:?}", out.notices)
        };
        assert_eq!(notice.code, crate::diagnostic::Code::InvalidMath);
        assert_eq!(notice.offset, "Intro.\n\nSee ".len());
    }
}
