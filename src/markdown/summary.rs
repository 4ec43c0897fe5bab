//! The page's summary (the text of its first paragraph) and its word count, for listings and
//! reading-time estimates. Heading and code text count for neither.

use super::transform::{Spanned, Transform};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::VecDeque;

/// Collects into `summary` and `word_count`; passes every event on unchanged.
pub(crate) struct Summary<'s> {
    summary: &'s mut String,
    word_count: &'s mut usize,
    in_first_paragraph: bool,
    done: bool,
    /// Inside a heading or a code block.
    skip_depth: usize,
}

impl<'s> Summary<'s> {
    pub(crate) fn new(summary: &'s mut String, word_count: &'s mut usize) -> Self {
        Summary {
            summary,
            word_count,
            in_first_paragraph: false,
            done: false,
            skip_depth: 0,
        }
    }
}

impl<'a> Transform<'a> for Summary<'_> {
    fn event(&mut self, spanned: Spanned<'a>, out: &mut VecDeque<Spanned<'a>>) {
        match &spanned.0 {
            Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_)) => self.skip_depth += 1,
            Event::End(TagEnd::Heading(_) | TagEnd::CodeBlock) => {
                self.skip_depth = self.skip_depth.saturating_sub(1)
            }
            Event::Start(Tag::Paragraph) if !self.done => self.in_first_paragraph = true,
            Event::End(TagEnd::Paragraph) if self.in_first_paragraph => {
                self.in_first_paragraph = false;
                self.done = !self.summary.trim().is_empty();
            }
            Event::Text(t) | Event::Code(t) if self.skip_depth == 0 => {
                *self.word_count += t.split_whitespace().count();
                if self.in_first_paragraph {
                    self.summary.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak if self.in_first_paragraph => {
                self.summary.push(' ')
            }
            _ => {}
        }
        out.push_back(spanned);
    }

    fn finish(&mut self, _out: &mut VecDeque<Spanned<'a>>) {
        *self.summary = self
            .summary
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
    }
}
