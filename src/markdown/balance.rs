//! The body is always a balanced HTML fragment, whatever raw HTML the author wrote: an element
//! left open is closed (inline HTML at the end of the paragraph, heading or cell it was opened
//! in, block HTML at the end of the page or footnote), and a closing tag that closes nothing
//! open is left out, each with a warning at the tag. Otherwise the page template's own closing
//! tags pair with the author's and the layout breaks.
//!
//! This reads tags, not a full HTML parse: comments, `<script>`/`<style>`/`<textarea>` contents,
//! quoted attributes and void elements are understood; elements whose end tag HTML lets you
//! leave out (`<p>`, `<li>`, `<td>`, ...) are closed quietly.

use super::Warning;
use super::transform::{Spanned, Transform};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::VecDeque;

/// Elements with no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose end tag may be left out: closed without a warning.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rb", "rt", "rp", "rtc",
];

/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title"];

/// An element the author opened.
struct OpenElement {
    name: String,
    offset: usize,
    /// Opened by inline HTML at this nesting depth of Markdown containers.
    inline_depth: Option<usize>,
}

/// The balancing transform; pushes a [`Warning`] per element it closes or tag it drops.
pub(crate) struct Balance<'a, 'w> {
    body: &'a str,
    warnings: &'w mut Vec<Warning>,
    open: Vec<OpenElement>,
    /// Where the open footnote definition's elements start in `open`.
    footnote_base: Option<usize>,
    depth: usize,
    in_comment: bool,
    /// Inside `<script>` and the like: the name whose end tag ends it.
    raw_text: Option<String>,
    /// A start tag whose `>` is on a later line: its name, offset, whether inline, quote state.
    pending: Option<(String, usize, bool, Option<u8>)>,
    end: usize,
}

impl<'a, 'w> Balance<'a, 'w> {
    pub(crate) fn new(body: &'a str, warnings: &'w mut Vec<Warning>) -> Self {
        Balance {
            body,
            warnings,
            open: Vec::new(),
            footnote_base: None,
            depth: 0,
            in_comment: false,
            raw_text: None,
            pending: None,
            end: 0,
        }
    }

    /// Closes every element above `keep` in the stack, warning for those that need an end tag.
    fn close_down_to(&mut self, keep: usize, at: usize, out: &mut VecDeque<Spanned<'a>>) {
        while self.open.len() > keep {
            let element = self.open.pop().expect("length checked");
            if !OPTIONAL_END.contains(&element.name.as_str()) {
                self.warnings.push(Warning {
                    offset: element.offset,
                    code: "unclosed-html",
                    message: format!("`<{}>` is never closed", element.name),
                    help: format!(
                        "add `</{}>` where the element should end (it was closed for you here)",
                        element.name
                    ),
                });
            }
            out.push_back((
                Event::Html(CowStr::from(format!("</{}>", element.name))),
                at..at,
            ));
        }
        if self.raw_text.is_some()
            && !self
                .open
                .iter()
                .any(|e| Some(&e.name) == self.raw_text.as_ref())
        {
            self.raw_text = None;
        }
    }

    /// Reads the tags of one piece of raw HTML; returns it with stray end tags cut out.
    fn scan(&mut self, html: CowStr<'a>, start: usize, exact: bool, inline: bool) -> CowStr<'a> {
        let bytes = html.as_bytes();
        let offset = |i: usize| if exact { start + i } else { start };
        let mut cuts: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if self.in_comment {
                match html[i..].find("-->") {
                    Some(p) => {
                        self.in_comment = false;
                        i += p + 3;
                        continue;
                    }
                    None => break,
                }
            }
            if let Some((name, at, was_inline, quote)) = self.pending.take() {
                match find_tag_end(&bytes[i..], quote) {
                    Ok((p, self_closing)) => {
                        i += p + 1;
                        self.opened(name, at, was_inline, self_closing);
                        continue;
                    }
                    Err(quote) => {
                        self.pending = Some((name, at, was_inline, quote));
                        break;
                    }
                }
            }
            let Some(p) = html[i..].find('<') else { break };
            let lt = i + p;
            let rest = &html[lt..];
            if let Some(raw) = &self.raw_text {
                // Only the raw-text element's own end tag means anything here.
                let tail = rest.as_bytes();
                if tail.len() > raw.len() + 2
                    && tail[1] == b'/'
                    && tail[2..2 + raw.len()].eq_ignore_ascii_case(raw.as_bytes())
                {
                    self.raw_text = None;
                } else {
                    i = lt + 1;
                    continue;
                }
            }
            if rest.starts_with("<!--") {
                self.in_comment = true;
                i = lt + 4;
            } else if rest.starts_with("<!") || rest.starts_with("<?") {
                i = rest.find('>').map_or(bytes.len(), |p| lt + p + 1);
            } else if let Some(name) = rest.strip_prefix("</").and_then(tag_name) {
                let close = rest.find('>').map_or(bytes.len(), |p| lt + p + 1);
                let name = name.to_ascii_lowercase();
                if !self.closed(&name) && !VOID.contains(&name.as_str()) {
                    self.warnings.push(Warning {
                        offset: offset(lt),
                        code: "unmatched-html-close",
                        message: format!("`</{name}>` closes no open `<{name}>`"),
                        help: format!(
                            "remove it, or add the `<{name}>` it should close (it was left out of the page)"
                        ),
                    });
                    cuts.push((lt, close));
                }
                i = close;
            } else if let Some(name) = rest.strip_prefix('<').and_then(tag_name) {
                let name = name.to_ascii_lowercase();
                let after = lt + 1 + name.len();
                match find_tag_end(&bytes[after..], None) {
                    Ok((p, self_closing)) => {
                        i = after + p + 1;
                        self.opened(name, offset(lt), inline, self_closing);
                    }
                    Err(quote) => {
                        self.pending = Some((name, offset(lt), inline, quote));
                        break;
                    }
                }
            } else {
                i = lt + 1;
            }
        }
        if cuts.is_empty() {
            return html;
        }
        let mut kept = String::with_capacity(html.len());
        let mut from = 0;
        for (a, b) in cuts {
            kept.push_str(&html[from..a]);
            from = b;
        }
        kept.push_str(&html[from..]);
        CowStr::from(kept)
    }

    fn opened(&mut self, name: String, offset: usize, inline: bool, self_closing: bool) {
        if self_closing || VOID.contains(&name.as_str()) {
            return;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            self.raw_text = Some(name.clone());
        }
        self.open.push(OpenElement {
            name,
            offset,
            inline_depth: inline.then_some(self.depth),
        });
    }

    /// An end tag: closes the innermost open element of that name (and, as a browser would,
    /// whatever was opened inside it). False when there is none to close.
    fn closed(&mut self, name: &str) -> bool {
        let floor = self.footnote_base.unwrap_or(0);
        match self.open[floor..].iter().rposition(|e| e.name == name) {
            Some(p) => {
                self.open.truncate(floor + p);
                true
            }
            None => false,
        }
    }
}

/// The `>` ending a start tag in `bytes` (quotes respected), and whether it is `/>`; or the
/// quote still open when the text ends first.
fn find_tag_end(bytes: &[u8], mut quote: Option<u8>) -> Result<(usize, bool), Option<u8>> {
    for (i, &b) in bytes.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Ok((i, i > 0 && bytes[i - 1] == b'/')),
            None => {}
        }
    }
    Err(quote)
}

/// The tag name at the start of `s`: a letter, then letters, digits and `-`.
fn tag_name(s: &str) -> Option<&str> {
    if !s.as_bytes().first()?.is_ascii_alphabetic() {
        return None;
    }
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
        .unwrap_or(s.len());
    Some(&s[..end])
}

impl<'a> Transform<'a> for Balance<'a, '_> {
    fn event(&mut self, (event, range): Spanned<'a>, out: &mut VecDeque<Spanned<'a>>) {
        self.end = self.end.max(range.end);
        let event = match event {
            Event::Html(html) => {
                let exact = self.body.get(range.start..range.start + html.len()) == Some(&*html);
                Event::Html(self.scan(html, range.start, exact, false))
            }
            Event::InlineHtml(html) => {
                let exact = self.body.get(range.start..range.start + html.len()) == Some(&*html);
                Event::InlineHtml(self.scan(html, range.start, exact, true))
            }
            Event::Start(tag) => {
                if matches!(tag, Tag::FootnoteDefinition(_)) {
                    self.footnote_base = Some(self.open.len());
                }
                self.depth += 1;
                Event::Start(tag)
            }
            Event::End(tag) => {
                self.depth = self.depth.saturating_sub(1);
                // Inline HTML left open inside this container is closed with it.
                let keep = self
                    .open
                    .iter()
                    .rposition(|e| e.inline_depth.is_none_or(|d| d <= self.depth))
                    .map_or(0, |p| p + 1)
                    .max(self.footnote_base.unwrap_or(0));
                let keep = if tag == TagEnd::FootnoteDefinition {
                    self.footnote_base.take().unwrap_or(keep)
                } else {
                    keep
                };
                self.close_down_to(keep, range.end, out);
                Event::End(tag)
            }
            other => other,
        };
        out.push_back((event, range));
    }

    fn finish(&mut self, out: &mut VecDeque<Spanned<'a>>) {
        self.close_down_to(0, self.end, out);
    }
}
