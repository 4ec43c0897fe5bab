//! Footnotes as GitHub renders them: numbered in the order of their first reference, the
//! definitions gathered at the end in `<section class="footnotes">` with links back to each
//! reference; a definition nothing refers to is dropped. Definitions are held back as they are
//! met, so where they were written does not matter.

use super::transform::{Spanned, Transform};
use super::{escape_attr, escape_href};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::{HashMap, VecDeque};

/// A footnote that has been referred to.
struct Referenced {
    /// The label as first written, for ids.
    label: String,
    /// How many references so far.
    references: usize,
}

/// The footnote transform.
#[derive(Default)]
pub(crate) struct Footnotes<'a> {
    /// By normalised label; the number is the index + 1.
    numbers: HashMap<String, usize>,
    referenced: Vec<Referenced>,
    /// By normalised label: the definition's events (the first definition wins).
    definitions: HashMap<String, Vec<Spanned<'a>>>,
    open: Option<(String, Vec<Spanned<'a>>)>,
    end: usize,
}

/// Labels match case-insensitively and with inner whitespace collapsed, as link labels do.
fn normalise(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The id fragment for a label: `fn-<label>`, `fnref-<label>`.
fn id_part(label: &str) -> String {
    escape_attr(&escape_href(label))
}

impl<'a> Transform<'a> for Footnotes<'a> {
    fn event(&mut self, (event, range): Spanned<'a>, out: &mut VecDeque<Spanned<'a>>) {
        self.end = self.end.max(range.end);
        let event = match event {
            Event::FootnoteReference(label) => {
                let key = normalise(&label);
                let number = *self.numbers.entry(key).or_insert_with(|| {
                    self.referenced.push(Referenced {
                        label: label.to_string(),
                        references: 0,
                    });
                    self.referenced.len()
                });
                let note = &mut self.referenced[number - 1];
                note.references += 1;
                let id = id_part(&note.label);
                let suffix = match note.references {
                    1 => String::new(),
                    n => format!("-{n}"),
                };
                Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-ref\"><a href=\"#fn-{id}\" id=\"fnref-{id}{suffix}\" data-footnote-ref>{number}</a></sup>"
                )))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.open = Some((normalise(&label), Vec::new()));
                return;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((key, events)) = self.open.take() {
                    self.definitions.entry(key).or_insert(events);
                }
                return;
            }
            other => other,
        };
        match self.open.as_mut() {
            Some((_, events)) => events.push((event, range)),
            None => out.push_back((event, range)),
        }
    }

    fn finish(&mut self, out: &mut VecDeque<Spanned<'a>>) {
        let at = self.end..self.end;
        let mut notes = Vec::new();
        for (index, note) in self.referenced.iter().enumerate() {
            if let Some(events) = self.definitions.remove(&normalise(&note.label)) {
                notes.push((index + 1, note, events));
            }
        }
        if notes.is_empty() {
            return;
        }
        let html = |s: String| (Event::Html(CowStr::from(s)), at.clone());
        out.push_back(html(
            "<section class=\"footnotes\" data-footnotes>\n<ol>\n".into(),
        ));
        for (number, note, mut events) in notes {
            let id = id_part(&note.label);
            out.push_back(html(format!("<li id=\"fn-{id}\">\n")));
            let backrefs = backrefs(&id, number, note.references);
            // The links back go at the end of the last paragraph, as on GitHub.
            if matches!(events.last(), Some((Event::End(TagEnd::Paragraph), _))) {
                let end = events.pop().expect("checked above");
                events.push((Event::InlineHtml(CowStr::from(backrefs)), at.clone()));
                events.push(end);
                out.extend(events);
            } else {
                out.extend(events);
                out.push_back(html(format!("<p>{}</p>\n", backrefs.trim_start())));
            }
            out.push_back(html("</li>\n".into()));
        }
        out.push_back(html("</ol>\n</section>\n".into()));
    }
}

/// ` <a …>↩</a>` for each reference to footnote `number`.
fn backrefs(id: &str, number: usize, references: usize) -> String {
    let mut html = String::new();
    for n in 1..=references {
        let (suffix, mark) = match n {
            1 => (String::new(), String::new()),
            n => (
                format!("-{n}"),
                format!("<sup class=\"footnote-ref\">{n}</sup>"),
            ),
        };
        html.push_str(&format!(
            " <a href=\"#fnref-{id}{suffix}\" class=\"footnote-backref\" data-footnote-backref data-footnote-backref-idx=\"{number}{suffix}\" aria-label=\"Back to reference {number}{suffix}\">↩{mark}</a>"
        ));
    }
    html
}
