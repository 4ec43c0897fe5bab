//! The hook every Markdown transform plugs into.
//!
//! A [`Transform`] sees the parser's events one at a time, each with its byte range in the body,
//! and pushes what should be written instead onto a queue: nothing to drop an event, several to
//! expand it, or it keeps some back and pushes them later (a whole heading, a code block, the
//! footnote definitions at the end). [`Through::through`] turns a transform into an iterator
//! adaptor, so `render` chains them and hands the result to one HTML writer, once.
//!
//! To add a syntax (shortcodes, another callout dialect): write a type implementing
//! [`Transform`] in its own module and add one `.through(...)` line (or `.through_if(...)`, when
//! a marker in the body says whether it has anything to do) to the chain in
//! [`super::render`], before the transforms whose input it produces (for example before
//! `links::Rewrite` when it makes links that should be checked). Events a transform makes up
//! carry the range of the source they stand for (an empty range at the right place when there is
//! none), so later transforms can still report file:line.

use pulldown_cmark::Event;
use std::collections::VecDeque;
use std::ops::Range;

/// An event with the byte range of the body it came from.
pub(crate) type Spanned<'a> = (Event<'a>, Range<usize>);

/// One step of the Markdown stage.
pub(crate) trait Transform<'a> {
    /// Takes one event and pushes onto `out` what to write in its place.
    fn event(&mut self, event: Spanned<'a>, out: &mut VecDeque<Spanned<'a>>);

    /// Called once after the last event: push anything still held back.
    fn finish(&mut self, _out: &mut VecDeque<Spanned<'a>>) {}
}

/// A [`Transform`] applied to an event iterator.
pub(crate) struct Adapt<'a, I, T> {
    inner: I,
    transform: T,
    queue: VecDeque<Spanned<'a>>,
    finished: bool,
}

impl<'a, I, T> Iterator for Adapt<'a, I, T>
where
    I: Iterator<Item = Spanned<'a>>,
    T: Transform<'a>,
{
    type Item = Spanned<'a>;

    fn next(&mut self) -> Option<Spanned<'a>> {
        loop {
            if let Some(event) = self.queue.pop_front() {
                return Some(event);
            }
            if self.finished {
                return None;
            }
            match self.inner.next() {
                Some(event) => self.transform.event(event, &mut self.queue),
                None => {
                    self.finished = true;
                    self.transform.finish(&mut self.queue);
                }
            }
        }
    }
}

/// `events.through(transform)`: chains a transform onto an event iterator.
pub(crate) trait Through<'a>: Iterator<Item = Spanned<'a>> + Sized {
    fn through<T: Transform<'a>>(self, transform: T) -> Adapt<'a, Self, T> {
        Adapt {
            inner: self,
            transform,
            queue: VecDeque::new(),
            finished: false,
        }
    }

    /// `events.through_if(applies, make)`: the transform made by `make` where `applies` (the
    /// body has what it reads); elsewhere the events go straight on, without the queue a
    /// transform costs on every event.
    fn through_if<T: Transform<'a>>(
        self,
        applies: bool,
        make: impl FnOnce() -> T,
    ) -> Optional<'a, Self, T> {
        if applies {
            Optional::On(self.through(make()))
        } else {
            Optional::Off(self)
        }
    }
}

impl<'a, I: Iterator<Item = Spanned<'a>>> Through<'a> for I {}

/// A transform that applies to this body, or none (see [`Through::through_if`]).
pub(crate) enum Optional<'a, I, T> {
    On(Adapt<'a, I, T>),
    Off(I),
}

impl<'a, I, T> Iterator for Optional<'a, I, T>
where
    I: Iterator<Item = Spanned<'a>>,
    T: Transform<'a>,
{
    type Item = Spanned<'a>;

    fn next(&mut self) -> Option<Spanned<'a>> {
        match self {
            Optional::On(adapted) => adapted.next(),
            Optional::Off(events) => events.next(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::CowStr;

    /// Doubles every text event and holds one back to the end.
    struct Twice {
        held: Option<Spanned<'static>>,
    }

    impl Transform<'static> for Twice {
        fn event(&mut self, event: Spanned<'static>, out: &mut VecDeque<Spanned<'static>>) {
            if self.held.is_none() {
                self.held = Some(event);
                return;
            }
            out.push_back(event.clone());
            out.push_back(event);
        }
        fn finish(&mut self, out: &mut VecDeque<Spanned<'static>>) {
            out.extend(self.held.take());
        }
    }

    #[test]
    fn transforms_expand_drop_and_hold_back() {
        let events = ["a", "b", "c"]
            .into_iter()
            .enumerate()
            .map(|(i, t)| (Event::Text(CowStr::Borrowed(t)), i..i + 1));
        let out: Vec<_> = events
            .through(Twice { held: None })
            .map(|(e, _)| match e {
                Event::Text(t) => t.to_string(),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(out, ["b", "b", "c", "c", "a"]);
    }
}
