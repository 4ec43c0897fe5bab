//! Callouts: GitHub alerts (`> [!NOTE]`) and Obsidian callouts (`> [!info] Optional title`),
//! written as the project's one callout component. After GitHub's own capitalised markers the
//! rest of the line is content, not a title (`> [!NOTE] Read this first.`, which GitHub itself
//! shows as a plain quote), since that is what authors writing for GitHub mean. Other syntaxes (MkDocs admonitions,
//! Docusaurus `:::tip`) reuse [`CalloutKind::from_name`], [`open_html`] and [`CLOSE_HTML`] so that
//! every callout looks the same:
//!
//! ```html
//! <div class="callout callout-KIND" role="note"><p class="callout-title"><span class="callout-icon" aria-hidden="true"></span>TITLE</p>
//! …content…
//! </div>
//! ```

use super::escape_text;
use super::transform::{Spanned, Transform};
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};
use std::collections::VecDeque;

/// The five kinds of callout; every dialect's names map onto these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalloutKind {
    /// Useful information (GitHub's `NOTE`; Obsidian's `info`, `abstract`, `question`, ...).
    Note,
    /// Advice (`TIP`; `success`, `hint`, `check`, ...).
    Tip,
    /// What a reader must know (`IMPORTANT`).
    Important,
    /// Needs attention (`WARNING`; `attention`).
    Warning,
    /// Risk of harm or loss (`CAUTION`; `danger`, `error`, `bug`, `failure`, ...).
    Caution,
}

impl CalloutKind {
    /// A kind from its name in any dialect, case-insensitively: GitHub's five, and Obsidian's
    /// and MkDocs' others (`info` -> note, `success` -> tip, `danger` -> caution, ...). `None`
    /// for a name no dialect uses.
    pub(crate) fn from_name(name: &str) -> Option<CalloutKind> {
        let kind = match name.to_ascii_lowercase().as_str() {
            "note" | "info" | "abstract" | "summary" | "tldr" | "todo" | "question" | "help"
            | "faq" | "example" | "quote" | "cite" | "seealso" => CalloutKind::Note,
            "tip" | "hint" | "success" | "check" | "done" => CalloutKind::Tip,
            "important" => CalloutKind::Important,
            "warning" | "attention" => CalloutKind::Warning,
            "caution" | "danger" | "error" | "bug" | "failure" | "fail" | "missing" => {
                CalloutKind::Caution
            }
            _ => return None,
        };
        Some(kind)
    }

    /// `note`, `tip`, ...: the `callout-KIND` class.
    pub fn as_str(self) -> &'static str {
        match self {
            CalloutKind::Note => "note",
            CalloutKind::Tip => "tip",
            CalloutKind::Important => "important",
            CalloutKind::Warning => "warning",
            CalloutKind::Caution => "caution",
        }
    }

    /// The title shown when none is given: `Note`, `Tip`, ...
    pub(crate) fn default_title(self) -> &'static str {
        match self {
            CalloutKind::Note => "Note",
            CalloutKind::Tip => "Tip",
            CalloutKind::Important => "Important",
            CalloutKind::Warning => "Warning",
            CalloutKind::Caution => "Caution",
        }
    }

    fn from_gfm(kind: BlockQuoteKind) -> CalloutKind {
        match kind {
            BlockQuoteKind::Note => CalloutKind::Note,
            BlockQuoteKind::Tip => CalloutKind::Tip,
            BlockQuoteKind::Important => CalloutKind::Important,
            BlockQuoteKind::Warning => CalloutKind::Warning,
            BlockQuoteKind::Caution => CalloutKind::Caution,
        }
    }
}

/// The opening HTML of a callout, down to its title; `title` is plain text (escaped here), the
/// kind's name when `None` or blank.
pub(crate) fn open_html(kind: CalloutKind, title: Option<&str>) -> String {
    let title = title
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(kind.default_title());
    format!(
        "<div class=\"callout callout-{}\" role=\"note\"><p class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span>{}</p>\n",
        kind.as_str(),
        escape_text(title)
    )
}

/// The closing HTML of a callout.
pub const CLOSE_HTML: &str = "</div>\n";

/// `[!kind]` (with Obsidian's optional `+`/`-` fold mark) opening `text`: the kind and the rest
/// of the line, which is the title.
fn marker(text: &str) -> Option<(CalloutKind, &str)> {
    let rest = text.strip_prefix("[!")?;
    let close = rest.find(']')?;
    let kind = CalloutKind::from_name(&rest[..close])?;
    let title = rest[close + 1..].trim_start_matches(['+', '-']);
    if !title.is_empty() && !title.starts_with([' ', '\t']) {
        return None;
    }
    Some((kind, title.trim_start()))
}

/// `[!NOTE]` and GitHub's other four, in capitals as GitHub writes them.
fn is_github_marker(text: &str) -> bool {
    [
        "[!NOTE]",
        "[!TIP]",
        "[!IMPORTANT]",
        "[!WARNING]",
        "[!CAUTION]",
    ]
    .iter()
    .any(|m| text.starts_with(m))
}

/// What the transform holds back while it decides whether a quote is a callout.
enum Pending<'a> {
    None,
    /// A plain `>` quote has started.
    Quote(Spanned<'a>),
    /// ... and its first paragraph.
    Paragraph(Spanned<'a>, Spanned<'a>),
    /// ... which opened with a marker: the kind and the title read so far.
    Title(CalloutKind, String, Spanned<'a>),
}

/// The callout transform.
pub(crate) struct Callouts<'a> {
    pending: Pending<'a>,
    /// For each open quote: whether it is a callout.
    quotes: Vec<bool>,
}

impl Callouts<'_> {
    pub(crate) fn new() -> Self {
        Callouts {
            pending: Pending::None,
            quotes: Vec::new(),
        }
    }
}

impl<'a> Transform<'a> for Callouts<'a> {
    fn event(&mut self, (event, range): Spanned<'a>, out: &mut VecDeque<Spanned<'a>>) {
        let at = range.start..range.start;
        match std::mem::replace(&mut self.pending, Pending::None) {
            Pending::None => {}
            Pending::Quote(quote) => {
                if let Event::Start(Tag::Paragraph) = event {
                    self.pending = Pending::Paragraph(quote, (event, range));
                    return;
                }
                self.quotes.push(false);
                out.push_back(quote);
            }
            Pending::Paragraph(quote, paragraph) => {
                if let Event::Text(text) = &event
                    && let Some((kind, rest)) = marker(text)
                {
                    if is_github_marker(text) {
                        // `> [!NOTE] Some text`: GitHub has no titles, so the line is content.
                        self.quotes.push(true);
                        out.push_back((Event::Html(open_html(kind, None).into()), quote.1));
                        out.push_back(paragraph);
                        if !rest.is_empty() {
                            let start = range.end - rest.len().min(range.len());
                            let rest = Event::Text(rest.to_string().into());
                            out.push_back((rest, start..range.end));
                        }
                        return;
                    }
                    self.pending = Pending::Title(kind, rest.to_string(), quote);
                    return;
                }
                self.quotes.push(false);
                out.push_back(quote);
                out.push_back(paragraph);
            }
            Pending::Title(kind, mut title, quote) => match event {
                // The title ends with its line: the rest of the paragraph is content.
                Event::SoftBreak | Event::HardBreak => {
                    self.quotes.push(true);
                    out.push_back((Event::Html(open_html(kind, Some(&title)).into()), quote.1));
                    out.push_back((Event::Start(Tag::Paragraph), at));
                    return;
                }
                Event::End(TagEnd::Paragraph) => {
                    self.quotes.push(true);
                    out.push_back((Event::Html(open_html(kind, Some(&title)).into()), quote.1));
                    return;
                }
                Event::Text(t) | Event::Code(t) => {
                    title.push_str(&t);
                    self.pending = Pending::Title(kind, title, quote);
                    return;
                }
                // Markup in a title is kept as its text.
                _ => {
                    self.pending = Pending::Title(kind, title, quote);
                    return;
                }
            },
        }
        match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                self.quotes.push(true);
                let html = open_html(CalloutKind::from_gfm(kind), None);
                out.push_back((Event::Html(CowStr::from(html)), range));
            }
            Event::Start(Tag::BlockQuote(None)) => self.pending = Pending::Quote((event, range)),
            Event::End(TagEnd::BlockQuote(_)) if self.quotes.pop() == Some(true) => {
                out.push_back((Event::Html(CowStr::Borrowed(CLOSE_HTML)), range));
            }
            other => out.push_back((other, range)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_onto_five_kinds() {
        assert_eq!(CalloutKind::from_name("NOTE"), Some(CalloutKind::Note));
        assert_eq!(CalloutKind::from_name("info"), Some(CalloutKind::Note));
        assert_eq!(CalloutKind::from_name("success"), Some(CalloutKind::Tip));
        assert_eq!(CalloutKind::from_name("Danger"), Some(CalloutKind::Caution));
        assert_eq!(CalloutKind::from_name("bug"), Some(CalloutKind::Caution));
        assert_eq!(CalloutKind::from_name("nonsense"), None);
    }

    #[test]
    fn markers() {
        assert_eq!(marker("[!tip]"), Some((CalloutKind::Tip, "")));
        assert_eq!(marker("[!faq]- Why? "), Some((CalloutKind::Note, "Why? ")));
        assert_eq!(marker("[!tip]x"), None);
        assert_eq!(marker("[!nonsense] x"), None);
        assert_eq!(marker("[1] x"), None);
    }

    #[test]
    fn open_html_follows_the_contract() {
        assert_eq!(
            open_html(CalloutKind::Warning, Some("A <b>")),
            "<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span>A &lt;b&gt;</p>\n"
        );
        assert!(open_html(CalloutKind::Tip, None).contains("</span>Tip</p>"));
    }
}
