//! `serve`'s search index: built on its own thread from a snapshot of the pages once edits have
//! been quiet, then handed to the HTTP side. A reload never waits for it; while it is being
//! built, the previous index stays served.

use super::http::Shared;
use crate::model::Site;
use crate::output::Output;
use crate::search::{self, SearchInput};
use std::sync::{Arc, mpsc};

/// The indexing thread, fed snapshots of the site.
pub(super) struct SearchWorker {
    requests: mpsc::Sender<SearchInput>,
}

impl SearchWorker {
    /// Starts the thread; it ends when the worker is dropped.
    pub(super) fn start(shared: Arc<Shared>) -> std::io::Result<Self> {
        let (requests, incoming) = mpsc::channel::<SearchInput>();
        // Pagefind parses on rayon's pool. A pool of its own, one thread short of the machine,
        // keeps the shared pool (and a core) free for the rebuild of the next save.
        let threads =
            std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("handbook-search-{i}"))
            .start_handler(|_| lower_priority())
            .build()
            .map_err(std::io::Error::other)?;
        std::thread::Builder::new()
            .name("handbook-search".into())
            .spawn(move || {
                while let Ok(mut input) = incoming.recv() {
                    // Only the newest snapshot matters.
                    while let Ok(newer) = incoming.try_recv() {
                        input = newer;
                    }
                    // A failed index leaves the last one served; `build` reports such failures.
                    let (index, _diagnostics) = pool.install(|| search::build_index(input));
                    if !index.files.is_empty() {
                        let mut files = Output::default();
                        index.add_to(&mut files);
                        shared.set_search(files);
                    }
                }
            })?;
        Ok(SearchWorker { requests })
    }

    /// Asks for an index of the site as it is now (the snapshot shares the pages' bytes).
    pub(super) fn request(&self, site: &Site, output: &Output) {
        let _ = self.requests.send(SearchInput::new(site, output));
    }
}

/// Makes the calling thread the last to get the CPU when others want it (Linux: per-thread
/// nice 19). Elsewhere the threads keep their priority; the separate pool still applies.
pub(super) fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority with PRIO_PROCESS and 0 only changes the calling thread's nice value
    // on Linux (threads are tasks); it touches no memory of ours.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 19);
    }
}
