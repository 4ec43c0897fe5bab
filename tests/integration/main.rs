//! The integration tests: each module drives the real `handbook` binary on small handbooks and
//! asserts on the files it writes and the diagnostics it prints.

#![allow(
    unreachable_pub,
    reason = "the test binary is its own crate; `pub` only shares helpers between its modules"
)]

// Shared harness: temp handbooks, running the binary, reading the output.
mod support;

// The build cache: nothing changed, nothing done; any edit, a clean build's bytes.
mod cache;
// `handbook build`: pages, URLs, navigation, Markdown, assets, themes, safe writing.
mod build;
// Bring your own docs: folders written for other tools (Hugo, MkDocs, GitHub, log4brains) build as they are.
mod byod;
// `handbook check` and the link graph: broken links, fragments, backlinks, report formats.
mod check;
// `check --external`: http(s) links against a local server, the cache, what fails and what does not.
mod external;
// Decision records: formats, logs, chains, the real corpora, `decisions`/`new`/`check --base`.
mod decisions;
// Keeping it alive: review notices, the health page and report, git dates, changes, feeds.
mod health;
// Fuzzing every parser for a bounded time (longer with bench/fuzz.sh).
mod fuzz;
// Install without compiling: release profile, workflow, action, container file.
mod packaging;
// Hostile input and faults: links, hangs, huge pages, full disks, killed builds.
mod hostile;
// `handbook init`: the scaffold builds and nothing is overwritten.
mod init;
// Languages: detection, translated interface, right-to-left, multilingual handbooks.
mod languages;
// The Markdown dialect in built pages, and the repairs it reports.
mod markdown;
// The search index: what is in it, what is not, and its filters.
mod search;
// Snapshots of the rendered HTML of each kind of page, reviewed on change.
mod snapshots;
// `handbook serve`: live reload, rebuilds, the error overlay, safe paths.
mod serve;
