//! Raw HTML that breaks the site's promises or needs the theme's help: a `<script src>` or a
//! stylesheet from another host is reported (the site promises no third-party requests), and a
//! `<pre class="mermaid">` / `<div class="mermaid">` loads the bundled mermaid like a fence does.

use super::Notice;
use super::transform::{Spanned, Transform};
use crate::diagnostic::Code;
use pulldown_cmark::Event;
use std::collections::VecDeque;

/// The raw-HTML transform.
pub(crate) struct RawHtml<'n> {
    notices: &'n mut Vec<Notice>,
    has_mermaid: &'n mut bool,
}

impl<'n> RawHtml<'n> {
    pub(crate) fn new(notices: &'n mut Vec<Notice>, has_mermaid: &'n mut bool) -> Self {
        RawHtml {
            notices,
            has_mermaid,
        }
    }
}

impl<'a> Transform<'a> for RawHtml<'_> {
    fn event(&mut self, (event, range): Spanned<'a>, out: &mut VecDeque<Spanned<'a>>) {
        if let Event::Html(html) | Event::InlineHtml(html) = &event {
            let lower = html.to_ascii_lowercase();
            if lower.contains("class=\"mermaid\"") || lower.contains("class='mermaid'") {
                *self.has_mermaid = true;
            }
            for (tag, attr, what) in [
                ("<script", "src", "script"),
                ("<link", "href", "stylesheet"),
            ] {
                let mut from = 0;
                while let Some(i) = lower[from..].find(tag).map(|i| i + from) {
                    let end = lower[i..].find('>').map_or(lower.len(), |e| i + e);
                    let element = &lower[i..end];
                    from = end;
                    if what == "stylesheet" && !element.contains("stylesheet") {
                        continue;
                    }
                    if let Some(url) = external_attr(element, attr) {
                        let original = &html[i..end];
                        let url = original
                            .to_ascii_lowercase()
                            .find(&url)
                            .map_or(url.clone(), |at| original[at..at + url.len()].to_string());
                        self.notices.push(Notice {
                            offset: range.start,
                            code: Code::ExternalResource,
                            message: format!("raw HTML loads a {what} from another host: `{url}`"),
                            help: "the site promises no third-party requests: copy the file into `static/` and link it from there, or remove it".to_string(),
                        });
                    }
                }
            }
        }
        out.push_back((event, range));
    }
}

/// The value of `attr` in an element when it points at another host (`https://`, `//`).
fn external_attr(element: &str, attr: &str) -> Option<String> {
    let at = element.find(&format!("{attr}="))? + attr.len() + 1;
    let rest = &element[at..];
    let value = match rest.chars().next()? {
        q @ ('"' | '\'') => rest[1..].split(q).next()?,
        _ => rest.split(|c: char| c.is_whitespace() || c == '>').next()?,
    };
    let external =
        value.starts_with("http://") || value.starts_with("https://") || value.starts_with("//");
    external.then(|| value.to_string())
}
