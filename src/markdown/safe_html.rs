//! `unsafe_html: false`: the author's raw HTML is shown as text instead of being passed through
//! (for handbooks that take pages from people they do not trust). HTML the rewrite of other
//! tools' syntax made up (a callout's frame, a shortcode's output) is the handbook's own and stays.

use super::source_map::Rewritten;
use super::transform::{Spanned, Transform};
use pulldown_cmark::Event;
use std::collections::VecDeque;

/// The raw-HTML transform; does nothing unless `safe`.
pub(crate) struct SafeHtml<'r> {
    safe: bool,
    rewritten: Option<&'r Rewritten>,
}

impl<'r> SafeHtml<'r> {
    pub(crate) fn new(safe: bool, rewritten: Option<&'r Rewritten>) -> Self {
        SafeHtml { safe, rewritten }
    }

    fn is_authors(&self, offset: usize) -> bool {
        !self.rewritten.is_some_and(|r| r.is_inserted(offset))
    }
}

impl<'a> Transform<'a> for SafeHtml<'_> {
    fn event(&mut self, (event, range): Spanned<'a>, out: &mut VecDeque<Spanned<'a>>) {
        let event = match event {
            Event::Html(html) | Event::InlineHtml(html)
                if self.safe && self.is_authors(range.start) =>
            {
                // Written as text, so the writer escapes it: the reader sees the markup.
                Event::Text(html)
            }
            other => other,
        };
        out.push_back((event, range));
    }
}

#[cfg(test)]
mod tests {
    use super::super::{NoHost, render_with};

    fn safe(body: &str) -> String {
        render_with(
            body,
            None,
            &NoHost,
            super::super::RenderOptions {
                safe: true,
                highlight: true,
                definition_lists: false,
                obsidian: false,
            },
            |_| (None, ()),
        )
        .html
    }

    #[test]
    fn raw_html_is_shown_as_text_and_script_links_lead_nowhere() {
        let html = safe("<script>alert(1)</script>\n\nA <b>bold</b> [x](javascript:alert(1)).\n");
        assert!(
            !html.contains("<script>") && html.contains("&lt;script&gt;"),
            "{html}"
        );
        assert!(html.contains("&lt;b&gt;bold"), "{html}");
        assert!(html.contains("href=\"#\""), "{html}");
    }

    #[test]
    fn callouts_made_from_other_syntax_keep_their_html() {
        let html = safe("!!! note \"Heads up\"\n    Body <i>x</i>.\n");
        assert!(
            html.contains("<div class=\"callout callout-note\""),
            "{html}"
        );
        assert!(html.contains("&lt;i&gt;x"), "{html}");
    }
}
