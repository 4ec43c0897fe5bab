//! Which pages a piece of work looked at: while [`recording`] runs, every [`Site::page`] call on
//! its thread notes the page. `serve` records what each page's template variables were built
//! from, so that after a save only the pages that looked at a changed page are worked out again
//! (see `render::reuse`).
//!
//! [`Site::page`]: super::Site::page

use super::PageId;
use std::cell::RefCell;

thread_local! {
    /// The pages noted so far, while a recording runs on this thread.
    static READS: RefCell<Option<Vec<u32>>> = const { RefCell::new(None) };
}

/// Notes that `id` was looked at, when a recording runs on this thread.
#[inline]
pub(crate) fn note(id: PageId) {
    READS.with(|reads| {
        if let Some(reads) = reads.borrow_mut().as_mut() {
            reads.push(id.0 as u32);
        }
    });
}

/// Runs `work`, returning with its value the pages it looked at, sorted, each once.
pub(crate) fn recording<T>(work: impl FnOnce() -> T) -> (T, Vec<u32>) {
    let outer = READS.with(|reads| reads.replace(Some(Vec::new())));
    let value = work();
    let mut pages = READS.with(|reads| reads.replace(outer)).unwrap_or_default();
    pages.sort_unstable();
    pages.dedup();
    (value, pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recording_keeps_each_page_once_and_sees_no_other_recording() {
        let (((), inner), outer) = recording(|| {
            note(PageId(3));
            let inner = recording(|| {
                note(PageId(7));
                note(PageId(7));
            });
            note(PageId(1));
            inner
        });
        assert_eq!(inner, vec![7]);
        assert_eq!(outer, vec![1, 3]);
        note(PageId(9));
        assert_eq!(recording(|| ()).1, Vec::<u32>::new());
    }
}
