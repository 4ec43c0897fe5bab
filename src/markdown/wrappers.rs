//! Small HTML around GFM blocks: a table scrolls inside `<div class="table-wrap">`, and a task
//! list's checkbox gets a label screen readers can say.

use super::transform::{Spanned, Transform};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::VecDeque;

/// The table and task-list transform.
pub(crate) struct Wrappers;

impl<'a> Transform<'a> for Wrappers {
    fn event(&mut self, (event, range): Spanned<'a>, out: &mut VecDeque<Spanned<'a>>) {
        match event {
            Event::Start(Tag::Table(_)) => {
                let at = range.start..range.start;
                out.push_back((
                    Event::Html(CowStr::Borrowed("<div class=\"table-wrap\">")),
                    at,
                ));
                out.push_back((event, range));
            }
            Event::End(TagEnd::Table) => {
                let at = range.end..range.end;
                out.push_back((event, range));
                out.push_back((Event::Html(CowStr::Borrowed("</div>\n")), at));
            }
            Event::TaskListMarker(done) => {
                let html = if done {
                    "<input type=\"checkbox\" disabled checked aria-label=\"done\"> "
                } else {
                    "<input type=\"checkbox\" disabled aria-label=\"not done\"> "
                };
                out.push_back((Event::InlineHtml(CowStr::Borrowed(html)), range));
            }
            other => out.push_back((other, range)),
        }
    }
}
