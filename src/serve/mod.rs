//! `handbook serve`: build once, serve the site from memory, watch the folder, rebuild on every
//! change through [`Session::rebuild`], and tell the open pages what changed.
//!
//! Three threads: the watcher's (notify + debouncer, in `watch.rs`), the rebuild loop (owns the
//! [`Session`]; one rebuild at a time, changes that arrive meanwhile are merged into the next),
//! and the tokio runtime serving HTTP (`http.rs`). They share only the [`http::Shared`] state:
//! the output being served and the event channel to the browsers.
//!
//! A rebuild with new errors (any error not already there in the site being served, or an
//! error that leaves no site at all) is not served: the last good site stays, and the pages
//! show an overlay with the diagnostics until a rebuild without them comes.
//!
//! The library never prints: what the terminal shows is handed to the caller as [`Notice`]s.

pub mod http;
mod search_worker;
pub mod watch;

use crate::diagnostic::{Diagnostic, Diagnostics, Report, ReportFormat, Severity, plural};
use crate::session::{Build, ChangeSet, Rebuild, Session, SessionOptions};
use anyhow::Context as _;
use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

/// How long changes must be quiet before the deferred outputs are brought up to date.
const DEFERRED_DELAY: Duration = Duration::from_millis(500);

/// Over this many changed pages, every open page reloads (cheaper than matching).
const RELOAD_ALL_OVER: usize = 1000;

/// How many ports above the requested one are tried when it is taken.
const PORT_ATTEMPTS: u16 = 20;

/// What `handbook serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The handbook folder.
    pub root: PathBuf,
    /// The address to listen on (loopback unless asked otherwise).
    pub bind: IpAddr,
    /// The port (0: any free one).
    pub port: u16,
    /// Poll the files instead of relying on change notifications.
    pub poll: bool,
}

/// Something the terminal should show.
#[derive(Debug, Clone)]
pub enum Notice {
    /// The server is up.
    Listening {
        /// The URL to open.
        url: String,
        /// The port asked for, when it was taken and another one was chosen.
        port_taken: Option<u16>,
        /// The first build's summary line.
        summary: String,
    },
    /// Diagnostics, already formatted by [`Report`].
    Diagnostics(String),
    /// One line about a rebuild.
    Rebuilt(String),
    /// The server stopped (Ctrl-C).
    Stopped,
}

/// Builds, serves and watches until Ctrl-C. `on_notice` gets what the terminal should show.
pub fn run(
    options: ServeOptions,
    on_notice: impl FnMut(Notice) + Send + 'static,
) -> anyhow::Result<()> {
    let mut on_notice = on_notice;
    let root = options
        .root
        .canonicalize()
        .with_context(|| format!("failed to read `{}`", options.root.display()))?;
    if !root.is_dir() {
        anyhow::bail!("`{}` is not a folder", options.root.display());
    }
    let (listener, port_taken) = bind(options.bind, options.port)?;
    let addr = listener
        .local_addr()
        .context("failed to read the bound address")?;
    let url = display_url(addr);

    // Work spread over rayon's global pool (what Pagefind runs outside the search worker's own
    // pool, the outputs brought up to date once edits are quiet) yields to the rebuild of a save,
    // which has a pool of its own at normal priority. Fails only if the pool already exists.
    let _ = rayon::ThreadPoolBuilder::new()
        .start_handler(|_| search_worker::lower_priority())
        .build_global();
    let rebuild_pool = rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("handbook-rebuild-{i}"))
        .build()
        .context("failed to start the rebuild threads")?;
    let mut session = Session::new(SessionOptions {
        root: root.clone(),
        base_url: Some(url.clone()),
        // The session builds no index: `search_worker` does, on its own thread, off the reload path.
        no_search: true,
        body_end_snippet: Some(http::snippet()),
        ..SessionOptions::default()
    })?;
    let first = rebuild_pool.install(|| session.rebuild(&ChangeSet::new()))?;
    let build = session.current().expect("a rebuild leaves a build");
    let context = watch::WatchContext::new(
        &root,
        &session.out_dir(&build.config),
        build.config.theme.as_deref(),
        &build.config.exclude,
    );
    let mut allowed = vec![root.clone()];
    allowed.extend(build.config.theme.as_deref().map(|t| root.join(t)));

    let shared = http::Shared::new(build.output.clone(), allowed);
    // The index is built on its own thread, so neither the first page nor any reload waits.
    let search = match build.config.search {
        true => Some(
            search_worker::SearchWorker::start(shared.clone())
                .context("failed to start the search indexer")?,
        ),
        false => None,
    };
    if let Some(search) = &search
        && !build.is_fatal()
    {
        search.request(&build.site, &build.output);
    }
    let mut lp = Loop {
        baseline: error_keys(&build.diagnostics),
        blocked: false,
        printed: Diagnostics::new(),
        deferred_pending: false,
        search,
        search_stale: false,
        save_waiting: Arc::new(AtomicBool::new(false)),
        rebuild_pool,
    };
    lp.print_diagnostics(build, &mut on_notice);
    if build.is_fatal() {
        lp.blocked = true;
        shared.set_overlay(Some(overlay_payload(&build.diagnostics)));
    }
    on_notice(Notice::Listening {
        url,
        port_taken,
        summary: summary_line(build, &first),
    });

    let (tx, rx) = mpsc::channel();
    let _watcher = watch::watch(&root, options.poll, tx, lp.save_waiting.clone())?;
    let loop_shared = shared.clone();
    std::thread::Builder::new()
        .name("handbook-rebuild".into())
        .spawn(move || lp.run(&root, session, context, rx, &loop_shared, &mut on_notice))
        .context("failed to start the rebuild thread")?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("failed to start the HTTP server")?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let app = http::router(shared.clone(), http::Hosts::for_bind(options.bind));
        http::serve_until_ctrl_c(listener, app, shared).await;
        std::io::Result::Ok(())
    })?;
    Ok(())
}

/// Binds the requested port, or the next free one when it is taken (0 lets the OS choose).
fn bind(ip: IpAddr, port: u16) -> anyhow::Result<(std::net::TcpListener, Option<u16>)> {
    match std::net::TcpListener::bind(SocketAddr::new(ip, port)) {
        Ok(listener) => return Ok((listener, None)),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port != 0 => {}
        Err(e) => {
            return Err(e)
                .with_context(|| format!("cannot listen on {}", SocketAddr::new(ip, port)));
        }
    }
    for next in (1..=PORT_ATTEMPTS).filter_map(|i| port.checked_add(i)) {
        if let Ok(listener) = std::net::TcpListener::bind(SocketAddr::new(ip, next)) {
            return Ok((listener, Some(port)));
        }
    }
    anyhow::bail!(
        "port {port} and the {PORT_ATTEMPTS} after it are taken; choose another with --port (0 picks any free port)"
    )
}

fn display_url(addr: SocketAddr) -> String {
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "localhost".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    format!("http://{host}:{}/", addr.port())
}

/// What identifies an error across rebuilds (lines move as the writer types above it).
type ErrorKey = (String, &'static str, String);

fn error_keys(diagnostics: &Diagnostics) -> BTreeSet<ErrorKey> {
    diagnostics
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.file.clone(), d.code.name(), d.message.clone()))
        .collect()
}

/// The rebuild loop's memory.
struct Loop {
    /// Errors of the site being served: a rebuild with only these is served.
    baseline: BTreeSet<ErrorKey>,
    /// The last rebuild was not served.
    blocked: bool,
    /// The diagnostics last printed (printed again only when they change).
    printed: Diagnostics,
    /// Deferred work is waiting for edits to be quiet.
    deferred_pending: bool,
    /// The search indexer (when the config asks for search).
    search: Option<search_worker::SearchWorker>,
    /// Pages were served that the search index has not seen.
    search_stale: bool,
    /// Set by the watcher when it sends a save, cleared when the loop takes it: the deferred
    /// outputs give up between two pages when it is set.
    save_waiting: Arc<AtomicBool>,
    /// Where a save's rebuild spreads its work: at normal priority, while the search index and
    /// the deferred outputs run at the lowest (a whole-site rebuild at 10,000 pages waited
    /// behind the index on a shared pool).
    rebuild_pool: rayon::ThreadPool,
}

impl Loop {
    fn run(
        mut self,
        root: &Path,
        mut session: Session,
        mut context: watch::WatchContext,
        rx: mpsc::Receiver<Vec<PathBuf>>,
        shared: &http::Shared,
        on_notice: &mut impl FnMut(Notice),
    ) {
        // A save that came while the last one's later pages were rendered.
        let mut carried: Option<Vec<PathBuf>> = None;
        loop {
            let first = if let Some(paths) = carried.take() {
                paths
            } else if self.deferred_pending {
                match rx.recv_timeout(DEFERRED_DELAY) {
                    Ok(paths) => paths,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        match crate::timings::stage("serve/deferred", || {
                            self.finish_deferred(&mut session, shared, &rx)
                        }) {
                            // A save came meanwhile: it is rebuilt now, the rest waits.
                            Some(paths) => paths,
                            None => continue,
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            } else {
                match rx.recv() {
                    Ok(paths) => paths,
                    Err(_) => return,
                }
            };
            // Whatever else arrived meanwhile goes into the same rebuild.
            let mut paths = first;
            while let Ok(more) = rx.try_recv() {
                paths.extend(more);
            }
            // Cleared once the saves are taken: set, it always means a save is on its way (the
            // watcher sets it just before sending), so work that gives up for it never spins.
            // A save sent between the last `try_recv` and this is still in `rx`.
            self.save_waiting.store(false, Ordering::SeqCst);
            let changes = watch::change_set(root, paths, &context);
            if changes.is_empty() {
                continue;
            }
            // The index under way is of a site this save changes, and it would share the
            // cores with the rebuild: given up, and asked for again once edits are quiet.
            if let Some(search) = &self.search
                && search.cancel()
            {
                self.search_stale = true;
                self.deferred_pending = true;
            }
            match self.rebuild_pool.install(|| session.rebuild(&changes)) {
                Ok(report) => {
                    let build = session.current().expect("a rebuild leaves a build");
                    context = watch::WatchContext::new(
                        root,
                        &session.out_dir(&build.config),
                        build.config.theme.as_deref(),
                        &build.config.exclude,
                    );
                    self.publish(build, &report, &changes, shared, on_notice);
                    if session.has_later_pages() {
                        carried = self.finish_later_pages(&mut session, shared, &rx);
                    }
                }
                Err(e) => on_notice(Notice::Rebuilt(format!("rebuild failed: {e:#}"))),
            }
        }
    }

    /// Serves a rebuild (or keeps the last good site) and tells the pages.
    fn publish(
        &mut self,
        build: &Build,
        report: &Rebuild,
        changes: &ChangeSet,
        shared: &http::Shared,
        on_notice: &mut impl FnMut(Notice),
    ) {
        self.print_diagnostics(build, on_notice);
        let what = describe_changes(changes);
        let new_errors = error_keys(&build.diagnostics)
            .difference(&self.baseline)
            .count();
        if build.is_fatal() || new_errors > 0 {
            self.blocked = true;
            shared.set_overlay(Some(overlay_payload(&build.diagnostics)));
            on_notice(Notice::Rebuilt(format!(
                "{what}: {} in {} ms; still serving the last good site",
                plural(new_errors.max(1), "new error"),
                report.elapsed.as_millis()
            )));
            return;
        }
        let served = shared.site();
        let mut changed = report.changed.clone();
        if self.blocked {
            // The pages show the site from before the failed rebuilds: compare with that.
            changed.extend(served.changed_paths(&build.output));
            changed.sort();
            changed.dedup();
        }
        shared.set_site(Arc::new(build.output.clone()));
        self.baseline = error_keys(&build.diagnostics);
        if std::mem::take(&mut self.blocked) {
            shared.set_overlay(None);
        }
        shared.send(reload_event(&changed));
        self.deferred_pending = true;
        self.search_stale |= !changed.is_empty();
        let how = match report.full {
            Some(reason) => format!(" (whole site: {reason})"),
            None => String::new(),
        };
        on_notice(Notice::Rebuilt(format!(
            "{what}: {} rendered, {} changed in {} ms{how}",
            plural(report.rendered, "page"),
            plural(changed.len(), "file"),
            report.elapsed.as_millis()
        )));
    }

    /// The decision log views a save's rebuild left for later, rendered right after its pages
    /// were served, at the save's priority. A save that comes meanwhile stops it between two
    /// views (the rest waits for the next quiet moment): its paths are returned.
    fn finish_later_pages(
        &mut self,
        session: &mut Session,
        shared: &http::Shared,
        rx: &mpsc::Receiver<Vec<PathBuf>>,
    ) -> Option<Vec<PathBuf>> {
        let waiting = self.save_waiting.clone();
        let stop = move || waiting.load(Ordering::SeqCst);
        let changed = self
            .rebuild_pool
            .install(|| session.finish_later_pages(&stop));
        self.publish_deferred(session, shared, &changed);
        rx.try_recv().ok()
    }

    /// Serves the outputs a deferred step changed, unless the served site is the last good
    /// one (a rebuild with new errors is not served).
    fn publish_deferred(&self, session: &Session, shared: &http::Shared, changed: &[String]) {
        if self.blocked || changed.is_empty() {
            return;
        }
        if let Some(build) = session.current() {
            crate::timings::stage("serve/publish", || {
                shared.set_site(Arc::new(build.output.clone()));
                shared.send(reload_event(changed));
            });
        }
    }

    /// Work kept off the reload path, run once changes have been quiet for a moment: the pages
    /// that follow the whole site (health, changes, feeds, links.json) after patched edits, and
    /// a new search index. A save that comes meanwhile stops it between steps (the rest stays
    /// pending, for the next quiet moment): its paths are returned, to be rebuilt at once.
    fn finish_deferred(
        &mut self,
        session: &mut Session,
        shared: &http::Shared,
        rx: &mpsc::Receiver<Vec<PathBuf>>,
    ) -> Option<Vec<PathBuf>> {
        self.deferred_pending = false;
        let mut changed = Vec::new();
        let mut interrupted = None;
        let waiting = self.save_waiting.clone();
        let stop = move || waiting.load(Ordering::SeqCst);
        while let Some(step) = session.finish_deferred_step_unless(&stop) {
            changed.extend(step);
            if let Ok(paths) = rx.try_recv() {
                self.deferred_pending = true;
                interrupted = Some(paths);
                break;
            }
        }
        self.publish_deferred(session, shared, &changed);
        if self.blocked {
            return interrupted;
        }
        let Some(build) = session.current() else {
            return interrupted;
        };
        if interrupted.is_none()
            && let Some(search) = &self.search
            && std::mem::take(&mut self.search_stale)
            && build.config.search
        {
            // The snapshot is taken on the rebuild's pool: the global one, where the index is
            // built at the lowest priority, may be busy with the last request (it held the loop,
            // and the next save, for seconds).
            crate::timings::stage("serve/search request", || {
                self.rebuild_pool
                    .install(|| search.request(&build.site, &build.output))
            });
        }
        interrupted
    }

    fn print_diagnostics(&mut self, build: &Build, on_notice: &mut impl FnMut(Notice)) {
        if build.diagnostics != self.printed {
            self.printed = build.diagnostics.clone();
            let text = Report::new(&build.diagnostics, ReportFormat::Text).render();
            if !text.is_empty() {
                on_notice(Notice::Diagnostics(text));
            }
        }
    }
}

fn summary_line(build: &Build, first: &Rebuild) -> String {
    let problems = Report::new(&build.diagnostics, ReportFormat::Text)
        .summary()
        .map(|s| format!(" ({s})"))
        .unwrap_or_default();
    format!(
        "Built {} in {} ms{problems}",
        plural(build.page_count(), "page"),
        first.elapsed.as_millis()
    )
}

/// `guide/a.md`, `guide/a.md and 2 more`.
fn describe_changes(changes: &ChangeSet) -> String {
    let mut paths = changes.paths.keys();
    match (paths.next(), changes.paths.len()) {
        (Some(first), 1) => first.clone(),
        (Some(first), n) => format!("{first} and {} more", n - 1),
        (None, _) => "nothing".to_string(),
    }
}

/// The `reload` event: changed page URLs, changed stylesheets, and whether every page should
/// reload (a script or image changed, or too many pages to list).
pub fn reload_event(changed: &[String]) -> http::LiveEvent {
    let mut paths = Vec::new();
    let mut css = Vec::new();
    let mut all = changed.len() > RELOAD_ALL_OVER;
    for path in changed {
        match path.rsplit_once('.').map(|(_, e)| e) {
            Some("html") => paths.push(http::url_of(path)),
            Some("css") => css.push(http::url_of(path)),
            Some("xml" | "txt") => {}
            _ => all = true,
        }
    }
    if all {
        paths.clear();
    }
    let data = serde_json::json!({ "paths": paths, "css": css, "all": all }).to_string();
    http::LiveEvent {
        name: "reload",
        data,
    }
}

/// The overlay's payload: the errors, and the same text the terminal shows.
pub fn overlay_payload(diagnostics: &Diagnostics) -> String {
    let errors: Vec<&Diagnostic> = diagnostics
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let mut only_errors = Diagnostics::new();
    only_errors.extend(errors.iter().map(|d| (*d).clone()));
    let text = Report::new(&only_errors, ReportFormat::Text).render();
    let list: Vec<serde_json::Value> = errors
        .iter()
        .map(|d| serde_json::json!({ "location": d.location(), "code": d.code, "message": d.message, "help": d.help }))
        .collect();
    serde_json::json!({ "errors": list, "text": text }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reload_event_lists_pages_and_stylesheets() {
        let e = reload_event(&[
            "guide/a/index.html".into(),
            "index.html".into(),
            "assets/style.css".into(),
            "sitemap.xml".into(),
        ]);
        assert_eq!(e.name, "reload");
        assert_eq!(
            e.data,
            r#"{"paths":["/guide/a/","/"],"css":["/assets/style.css"],"all":false}"#
        );
        let e = reload_event(&["guide/a/index.html".into(), "img/x.png".into()]);
        assert_eq!(e.data, r#"{"paths":[],"css":[],"all":true}"#);
    }

    #[test]
    fn urls_for_any_bind_address() {
        assert_eq!(
            display_url("127.0.0.1:3000".parse().unwrap()),
            "http://127.0.0.1:3000/"
        );
        assert_eq!(
            display_url("0.0.0.0:3000".parse().unwrap()),
            "http://localhost:3000/"
        );
        assert_eq!(
            display_url("[::1]:3000".parse().unwrap()),
            "http://[::1]:3000/"
        );
    }

    #[test]
    fn a_taken_port_moves_to_the_next() {
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        let (listener, note) = bind("127.0.0.1".parse().unwrap(), port).unwrap();
        assert_eq!(note, Some(port));
        assert_ne!(listener.local_addr().unwrap().port(), port);
    }
}
