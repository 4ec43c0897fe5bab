//! Watching the handbook folder: OS events (notify, or polling with `--poll`), debounced, turned
//! into a [`ChangeSet`] by the pure [`classify`].
//!
//! Events come in bursts: an editor's save is several (Vim renames the page to a backup, writes
//! a new one, deletes the backup). A burst is handed over at once when it holds a completed save
//! (a page written and closed, or renamed into place: inotify says so on Linux), and otherwise
//! after [`DEBOUNCE`] without events (the other systems' notifications, and events that end
//! nothing, such as a file created but still open). With `--poll`, notify-debouncer-full joins
//! the events. Whatever comes out, the rebuild looks at the disk again for each path, so a
//! temporary file that is already gone, or a folder that was renamed, is handled the same way as
//! a plain edit.

use crate::config::CONFIG_FILE;
use crate::load::{self, STATIC_DIR, TEMPLATES_DIR};
use crate::session::{ChangeKind, ChangeSet};
use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{EventKind, RecursiveMode, Watcher as _};
use notify_debouncer_full::{DebounceEventResult, new_debouncer_opt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Quiet time before a burst of events that holds no completed save is handed over. Editors'
/// saves finish well within it, and the whole edit-to-reload budget is 100 ms.
pub const DEBOUNCE: Duration = Duration::from_millis(25);

/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(200);

/// What [`classify`] needs to know of the handbook's configuration.
#[derive(Debug, Clone, Default)]
pub struct WatchContext {
    /// The output folder relative to the root, when it is inside it.
    pub out_rel: Option<String>,
    /// The `theme:` folder relative to the root.
    pub theme_dir: Option<String>,
    /// The `exclude` globs, as the loader applies them.
    pub excludes: load::Excludes,
}

impl WatchContext {
    /// The context for a handbook at `root` whose output folder is `out_dir`, with the
    /// `theme` and `exclude` of its config.
    pub fn new(root: &Path, out_dir: &Path, theme: Option<&str>, exclude: &[String]) -> Self {
        let root_abs = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let out_abs = if out_dir.is_absolute() {
            out_dir.to_path_buf()
        } else {
            std::env::current_dir()
                .map(|d| d.join(out_dir))
                .unwrap_or_default()
        };
        let out_abs = out_abs.canonicalize().unwrap_or(out_abs);
        let out_rel = out_abs
            .strip_prefix(&root_abs)
            .ok()
            .map(|p| load::rel_path_of(Path::new(""), p))
            .filter(|p| !p.is_empty());
        WatchContext {
            out_rel,
            theme_dir: theme.map(|t| t.trim_matches('/').to_string()),
            excludes: load::excludes(exclude),
        }
    }
}

/// What a changed path (relative to the root, `/`-separated) means for the build; `None` for
/// paths that cannot change the site: hidden files and folders (`.git`, editors' swap files),
/// editors' temporary and backup files, the output folder, `node_modules`, `target` and what
/// the `exclude` globs leave out (the loader's own test, [`load::is_excluded`]).
pub fn classify(rel_path: &str, context: &WatchContext) -> Option<ChangeKind> {
    let rel = rel_path.trim_matches('/');
    if rel.is_empty() {
        return None;
    }
    let segments: Vec<&str> = rel.split('/').collect();
    let name = segments[segments.len() - 1];
    // GitBook's uploads folder is content (its images), though hidden.
    let hidden = |(i, s): (usize, &&str)| {
        s.starts_with('.')
            && !(*s == crate::load::foreign::gitbook::GITBOOK_DIR && i + 1 < segments.len())
    };
    if segments.iter().enumerate().any(hidden)
        || segments
            .iter()
            .any(|s| *s == "node_modules" || *s == "target")
        || is_temporary(name)
    {
        return None;
    }
    if let Some(out) = &context.out_rel
        && (rel == out || rel.starts_with(&format!("{out}/")))
    {
        return None;
    }
    if rel == CONFIG_FILE {
        return Some(ChangeKind::Config);
    }
    if load::is_excluded(&context.excludes, rel) {
        return None;
    }
    if let Some(theme) = &context.theme_dir
        && let Some(inside) = rel
            .strip_prefix(theme.as_str())
            .filter(|r| r.is_empty() || r.starts_with('/'))
    {
        let inside = inside.trim_start_matches('/');
        return Some(if inside == STATIC_DIR || inside.starts_with("static/") {
            ChangeKind::Static
        } else {
            ChangeKind::Template
        });
    }
    match segments[0] {
        // Translation tables are part of the theme: the templates read them.
        TEMPLATES_DIR | crate::i18n::I18N_DIR => return Some(ChangeKind::Template),
        STATIC_DIR => return Some(ChangeKind::Static),
        _ => {}
    }
    Some(if load::is_markdown(rel) {
        ChangeKind::Page
    } else {
        ChangeKind::Asset
    })
}

/// Editors' temporary and backup files (Vim's `4913` probe and `~` backups, Emacs' `#autosave#`,
/// JetBrains' `___jb_tmp___`, Chrome's `.crswap`, `.swp`, `.tmp`).
fn is_temporary(name: &str) -> bool {
    name == "4913"
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [
            ".swp",
            ".swx",
            ".tmp",
            ".crswap",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|s| name.ends_with(s))
}

/// Turns debounced events into a change set: every path of every event but reads.
pub fn change_set(
    root: &Path,
    paths: impl IntoIterator<Item = PathBuf>,
    context: &WatchContext,
) -> ChangeSet {
    let mut changes = ChangeSet::new();
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let rel = load::rel_path_of(Path::new(""), rel);
        if let Some(kind) = classify(&rel, context) {
            changes.insert(rel, kind);
        }
    }
    changes
}

/// Watches a folder until dropped, sending the changed paths (absolute) of each debounced burst.
pub struct Watcher {
    _inner: Box<dyn std::any::Any + Send>,
}

/// Starts watching `root` (absolute, canonical) recursively; `poll` uses notify's polling
/// watcher, for file systems without change notifications (network mounts, some containers).
/// `waiting` is set before each burst is sent, for work that can give up between steps to see
/// that a save waits (the receiver clears it when it takes the bursts).
pub fn watch(
    root: &Path,
    poll: bool,
    sender: mpsc::Sender<Vec<PathBuf>>,
    waiting: Arc<AtomicBool>,
) -> anyhow::Result<Watcher> {
    let send = move |paths: Vec<PathBuf>| {
        if !paths.is_empty() {
            waiting.store(true, Ordering::SeqCst);
            let _ = sender.send(paths);
        }
    };
    let inner: Box<dyn std::any::Any + Send> = if poll {
        let handler = move |result: DebounceEventResult| {
            // Errors (a watch that could not be added) are not actionable here; the next event
            // still arrives, and the writer sees the site stop updating.
            let Ok(events) = result else { return };
            send(
                events
                    .into_iter()
                    .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                    .flat_map(|e| e.event.paths)
                    .collect(),
            );
        };
        let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
        let mut debouncer =
            new_debouncer_opt::<_, notify::PollWatcher, notify_debouncer_full::NoCache>(
                DEBOUNCE,
                None,
                handler,
                notify_debouncer_full::NoCache,
                config,
            )?;
        debouncer.watch(root, RecursiveMode::Recursive)?;
        Box::new(debouncer)
    } else {
        let (events_tx, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(events_tx)?;
        watcher.watch(root, RecursiveMode::Recursive)?;
        // Ends when the watcher (which holds the sending end) is dropped.
        std::thread::Builder::new()
            .name("handbook-watch".to_string())
            .spawn(move || hand_over_bursts(&events, send))?;
        Box::new(watcher)
    };
    Ok(Watcher { _inner: inner })
}

/// The events of one burst, gathered until it is handed over.
#[derive(Debug, Default)]
struct Burst {
    paths: Vec<PathBuf>,
    /// `paths` as a set: a branch switch is a burst of thousands of paths.
    seen: std::collections::HashSet<PathBuf>,
    /// When it is handed over unless another event comes first.
    due: Option<Instant>,
}

impl Burst {
    /// Adds an event's paths; true when the event completes a save: a file written and closed,
    /// or renamed into place, that is not an editor's temporary or hidden file (Vim renames the
    /// page to `a.md~` before writing the new one: that rename completes nothing).
    fn add(&mut self, event: notify::Event, now: Instant) -> bool {
        let completes = match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)) => event
                .paths
                .last()
                .and_then(|p| p.file_name())
                .and_then(|n| n.to_str())
                .is_some_and(|name| !name.starts_with('.') && !is_temporary(name)),
            // Opening and reading change nothing.
            EventKind::Access(_) => return false,
            _ => false,
        };
        for path in event.paths {
            if self.seen.insert(path.clone()) {
                self.paths.push(path);
            }
        }
        self.due = Some(now + DEBOUNCE);
        completes
    }

    fn take(&mut self) -> Vec<PathBuf> {
        self.due = None;
        self.seen.clear();
        std::mem::take(&mut self.paths)
    }
}

/// Gathers `events` into bursts and gives each to `send`: at once when one completes a save
/// (with whatever else has arrived by then), else after [`DEBOUNCE`] without events.
fn hand_over_bursts(
    events: &mpsc::Receiver<notify::Result<notify::Event>>,
    send: impl Fn(Vec<PathBuf>),
) {
    let mut burst = Burst::default();
    loop {
        let next = match burst.due {
            None => events
                .recv()
                .map_err(|_| mpsc::RecvTimeoutError::Disconnected),
            Some(due) => events.recv_timeout(due.saturating_duration_since(Instant::now())),
        };
        let event = match next {
            Ok(event) => event,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                send(burst.take());
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        // Errors (a watch that could not be added) are not actionable here; the next event
        // still arrives, and the writer sees the site stop updating.
        let Ok(event) = event else { continue };
        if burst.add(event, Instant::now()) {
            while let Ok(more) = events.try_recv() {
                if let Ok(event) = more {
                    burst.add(event, Instant::now());
                }
            }
            send(burst.take());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> WatchContext {
        WatchContext {
            out_rel: Some("public".into()),
            theme_dir: Some("mytheme".into()),
            excludes: load::excludes(&["drafts".into(), "**/*.wip.md".into()]),
        }
    }

    #[test]
    fn content_files() {
        assert_eq!(classify("guide/a.md", &ctx()), Some(ChangeKind::Page));
        assert_eq!(classify("guide/A.Markdown", &ctx()), Some(ChangeKind::Page));
        assert_eq!(classify("guide/img.png", &ctx()), Some(ChangeKind::Asset));
        assert_eq!(
            classify("guide/new-folder", &ctx()),
            Some(ChangeKind::Asset)
        );
    }

    #[test]
    fn config_templates_and_static() {
        assert_eq!(classify("handbook.yml", &ctx()), Some(ChangeKind::Config));
        assert_eq!(
            classify("guide/handbook.yml", &ctx()),
            Some(ChangeKind::Asset)
        );
        assert_eq!(
            classify("templates/page.html", &ctx()),
            Some(ChangeKind::Template)
        );
        assert_eq!(classify("templates", &ctx()), Some(ChangeKind::Template));
        assert_eq!(
            classify("static/assets/style.css", &ctx()),
            Some(ChangeKind::Static)
        );
        assert_eq!(
            classify("guide/static/x.css", &ctx()),
            Some(ChangeKind::Asset)
        );
        assert_eq!(
            classify("mytheme/templates/base.html", &ctx()),
            Some(ChangeKind::Template)
        );
        assert_eq!(
            classify("mytheme/static/app.js", &ctx()),
            Some(ChangeKind::Static)
        );
        assert_eq!(classify("mythemes/x.md", &ctx()), Some(ChangeKind::Page));
    }

    #[test]
    fn ignored_paths() {
        for path in [
            "",
            "public",
            "public/index.html",
            ".git/index",
            "guide/.a.md.swp",
            "guide/a.md~",
            "guide/#a.md#",
            "guide/4913",
            "guide/a.md.tmp",
            "guide/a.md___jb_tmp___",
            "node_modules/x/readme.md",
            "docs/target/x.md",
            "drafts",
            "drafts/idea.md",
            "drafts/deep/img.png",
            "guide/plan.wip.md",
        ] {
            assert_eq!(classify(path, &ctx()), None, "{path}");
        }
        assert_eq!(classify("publication.md", &ctx()), Some(ChangeKind::Page));
        // GitBook's uploads are content; the rest of what is hidden is not.
        assert_eq!(
            classify(".gitbook/assets/org chart.png", &ctx()),
            Some(ChangeKind::Asset)
        );
        assert_eq!(classify(".gitbook/assets/.DS_Store", &ctx()), None);
        assert_eq!(classify(".git/index", &ctx()), None);
    }

    fn event(kind: EventKind, paths: &[&str]) -> notify::Event {
        let mut event = notify::Event::new(kind);
        for path in paths {
            event = event.add_path(PathBuf::from(path));
        }
        event
    }

    /// A burst goes at once when it holds a completed save, and otherwise after the quiet time;
    /// Vim's save (backup rename, new file, written and closed) is one burst.
    #[test]
    fn bursts_go_when_a_save_is_complete() {
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let (tx, rx) = mpsc::channel();
        let (out_tx, out) = mpsc::channel();
        let worker = std::thread::spawn(move || {
            hand_over_bursts(&rx, |paths| out_tx.send((paths, Instant::now())).unwrap())
        });
        let started = Instant::now();
        for e in [
            event(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &["/hb/a.md", "/hb/a.md~"],
            ),
            event(
                EventKind::Create(notify::event::CreateKind::File),
                &["/hb/a.md"],
            ),
            event(EventKind::Modify(ModifyKind::Any), &["/hb/a.md"]),
            event(closed, &["/hb/a.md"]),
        ] {
            tx.send(Ok(e)).unwrap();
        }
        let (paths, at) = out.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(
            paths,
            [PathBuf::from("/hb/a.md"), PathBuf::from("/hb/a.md~")]
        );
        // Handed over at the close, not a quiet time later (generous: a busy test machine).
        assert!(at - started < DEBOUNCE + Duration::from_millis(500));
        // A file created and still open: handed over after the quiet time.
        tx.send(Ok(event(
            EventKind::Create(notify::event::CreateKind::File),
            &["/hb/b.md"],
        )))
        .unwrap();
        let sent = Instant::now();
        let (paths, at) = out.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(paths, [PathBuf::from("/hb/b.md")]);
        assert!(at - sent >= DEBOUNCE);
        // A temporary file closed completes nothing; reads are not changes.
        tx.send(Ok(event(closed, &["/hb/.a.md.swp"]))).unwrap();
        tx.send(Ok(event(
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            &["/hb/c.md"],
        )))
        .unwrap();
        let sent = Instant::now();
        let (paths, at) = out.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(paths, [PathBuf::from("/hb/.a.md.swp")]);
        assert!(at - sent >= DEBOUNCE);
        drop(tx);
        worker.join().unwrap();
        assert!(out.try_recv().is_err());
    }

    #[test]
    fn events_become_a_change_set() {
        let root = Path::new("/hb");
        let changes = change_set(
            root,
            [
                PathBuf::from("/hb/a.md"),
                PathBuf::from("/hb/.git/x"),
                PathBuf::from("/elsewhere/b.md"),
            ],
            &ctx(),
        );
        assert_eq!(
            changes.paths.into_iter().collect::<Vec<_>>(),
            vec![("a.md".to_string(), ChangeKind::Page)]
        );
    }
}
