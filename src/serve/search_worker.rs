//! `serve`'s search index: built on its own thread from a snapshot of the pages once edits have
//! been quiet, then handed to the HTTP side. A reload never waits for it; while it is being
//! built, the previous index stays served. A newer snapshot cancels the index being built: only
//! the index of the newest build is ever published.

use super::http::Shared;
use crate::model::Site;
use crate::output::Output;
use crate::search::{self, SearchInput};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};

/// The indexing thread, fed snapshots of the site.
pub(super) struct SearchWorker {
    queue: Queue<SearchInput>,
}

impl SearchWorker {
    /// Starts the thread; it ends when the worker is dropped.
    pub(super) fn start(shared: Arc<Shared>) -> std::io::Result<Self> {
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
        let queue = Queue::start(
            move |input, cancelled| {
                // A failed or cancelled index leaves the last one served; `build` reports
                // such failures.
                let (index, _diagnostics) =
                    pool.install(|| search::build_index_unless(input, || {}, cancelled));
                (!index.files.is_empty()).then(|| {
                    let mut files = Output::default();
                    index.add_to(&mut files);
                    files
                })
            },
            move |files| shared.set_search(files),
        )?;
        Ok(SearchWorker { queue })
    }

    /// Gives up the index being built, if any (a save came: the site it indexes is out of date,
    /// and it would take a core from the save's rebuild). Returns whether one was given up: the
    /// caller asks for a new one once edits are quiet.
    pub(super) fn cancel(&self) -> bool {
        self.queue.cancel()
    }

    /// Asks for an index of the site as it is now (the snapshot shares the pages' bytes); an
    /// index still being built for an older snapshot is given up.
    pub(super) fn request(&self, site: &Site, output: &Output) {
        self.queue.request(SearchInput::new(site, output));
    }
}

/// A thread that works on the newest request only: a request supersedes the ones before it,
/// queued or under way, and a superseded result is never published.
struct Queue<T> {
    requests: mpsc::Sender<(u64, T)>,
    /// The number of the newest request.
    newest: Arc<AtomicU64>,
    /// The number of the last request worked on to the end (published, given up or failed).
    finished: Arc<AtomicU64>,
}

impl<T: Send + 'static> Queue<T> {
    /// `work` gets each request and a question, "has a newer request come?", to ask as it goes
    /// (it gives up when so); `publish` gets what it made, unless a newer request came meanwhile.
    fn start<R>(
        work: impl Fn(T, &(dyn Fn() -> bool + Sync)) -> Option<R> + Send + 'static,
        publish: impl Fn(R) + Send + 'static,
    ) -> std::io::Result<Self> {
        let (requests, incoming) = mpsc::channel::<(u64, T)>();
        let newest = Arc::new(AtomicU64::new(0));
        let latest = newest.clone();
        let finished = Arc::new(AtomicU64::new(0));
        let finishing = finished.clone();
        std::thread::Builder::new()
            .name("handbook-search".into())
            .spawn(move || {
                while let Ok(mut request) = incoming.recv() {
                    while let Ok(newer) = incoming.try_recv() {
                        request = newer;
                    }
                    let (number, input) = request;
                    let superseded = || latest.load(Ordering::SeqCst) != number;
                    if !superseded()
                        && let Some(result) = work(input, &superseded)
                        && !superseded()
                    {
                        publish(result);
                    }
                    finishing.store(number, Ordering::SeqCst);
                }
            })?;
        Ok(Queue {
            requests,
            newest,
            finished,
        })
    }

    /// Gives up the request under way or waiting, as a newer request would, with none to
    /// follow. Returns whether there was one (its result will never be published).
    fn cancel(&self) -> bool {
        let finished = self.finished.load(Ordering::SeqCst);
        let newest = self.newest.load(Ordering::SeqCst);
        if finished == newest {
            return false;
        }
        // A number no request has: whatever is under way now sees itself superseded.
        self.newest.fetch_add(1, Ordering::SeqCst);
        true
    }

    fn request(&self, input: T) {
        let number = self.newest.fetch_add(1, Ordering::SeqCst) + 1;
        let _ = self.requests.send((number, input));
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use std::time::Duration;

    /// Requests build 1, whose work waits until build 2 has been requested, then finishes
    /// (or gives up when `heeds_cancel` and asked to). Returns the builds given up and published.
    fn superseded_while_working(heeds_cancel: bool) -> (Vec<u32>, Vec<u32>) {
        let (started_tx, started) = mpsc::channel::<u32>();
        let (go_on_tx, go_on) = mpsc::channel::<()>();
        let go_on = Mutex::new(go_on);
        let gave_up = Arc::new(Mutex::new(Vec::new()));
        let published = Arc::new(Mutex::new(Vec::new()));
        let (gave_up_in, published_in) = (gave_up.clone(), published.clone());
        let (done_tx, done) = mpsc::channel::<()>();
        let queue = Queue::start(
            move |build: u32, cancelled| {
                started_tx.send(build).unwrap();
                if build == 1 {
                    // Indexing the first build until told to go on, as a long index would.
                    go_on.lock().unwrap().recv().unwrap();
                    if heeds_cancel && cancelled() {
                        gave_up_in.lock().unwrap().push(build);
                        return None;
                    }
                }
                Some(build)
            },
            move |build| {
                published_in.lock().unwrap().push(build);
                done_tx.send(()).unwrap();
            },
        )
        .unwrap();
        queue.request(1);
        assert_eq!(started.recv_timeout(Duration::from_secs(10)), Ok(1));
        // A newer save while build 1 is being indexed.
        queue.request(2);
        go_on_tx.send(()).unwrap();
        assert_eq!(started.recv_timeout(Duration::from_secs(10)), Ok(2));
        done.recv_timeout(Duration::from_secs(10)).unwrap();
        let gave_up = gave_up.lock().unwrap().clone();
        let published = published.lock().unwrap().clone();
        (gave_up, published)
    }

    /// A save while an index is being built: the old index is given up and never published;
    /// the new one is.
    #[test]
    fn a_superseded_index_is_not_published() {
        assert_eq!(superseded_while_working(true), (vec![1], vec![2]));
    }

    /// A save cancels the index under way with no newer request: it is given up, not
    /// published; with nothing under way, cancelling does nothing.
    #[test]
    fn a_cancelled_index_is_given_up() {
        let (started_tx, started) = mpsc::channel::<u32>();
        let (go_on_tx, go_on) = mpsc::channel::<()>();
        let go_on = Mutex::new(go_on);
        let (ended_tx, ended) = mpsc::channel::<(u32, bool)>();
        let ended = Mutex::new(ended);
        let published = Arc::new(Mutex::new(Vec::new()));
        let published_in = published.clone();
        let queue = Queue::start(
            move |build: u32, cancelled| {
                started_tx.send(build).unwrap();
                go_on.lock().unwrap().recv().unwrap();
                let given_up = cancelled();
                ended_tx.send((build, given_up)).unwrap();
                (!given_up).then_some(build)
            },
            move |build| published_in.lock().unwrap().push(build),
        )
        .unwrap();
        let wait = Duration::from_secs(10);
        queue.request(1);
        assert_eq!(started.recv_timeout(wait), Ok(1));
        assert!(queue.cancel(), "build 1 was under way");
        go_on_tx.send(()).unwrap();
        assert_eq!(ended.lock().unwrap().recv_timeout(wait), Ok((1, true)));
        // The next request is worked on and published as usual.
        queue.request(2);
        assert_eq!(started.recv_timeout(wait), Ok(2));
        go_on_tx.send(()).unwrap();
        assert_eq!(ended.lock().unwrap().recv_timeout(wait), Ok((2, false)));
        let deadline = std::time::Instant::now() + wait;
        while queue.finished.load(Ordering::SeqCst) != 2 && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(!queue.cancel(), "nothing was under way");
        assert_eq!(*published.lock().unwrap(), vec![2]);
    }

    /// Even an index that finishes after a newer request came is not published.
    #[test]
    fn a_finished_but_out_of_date_index_is_not_published() {
        assert_eq!(superseded_while_working(false), (vec![], vec![2]));
    }
}
