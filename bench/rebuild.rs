//! What one save costs `serve`, inside the process: wall time and CPU time (of the whole
//! process, all threads) of `Session::rebuild` for each kind of save, on a copy of a handbook.
//! CPU time does not depend on what else the machine runs, so two builds of `handbook` can be
//! compared on a busy machine; `bench/serve.sh` measures the edit-to-page latency a writer sees.
//!
//! usage: cargo run --release --example rebuild -- HANDBOOK [EDITS] [KINDS...]
//!        (KINDS: title front-matter new-page delete decision-status body; default all)
//! The handbook is copied to a temporary folder first; the first content page (not an index,
//! not a record) and the first decision record are the ones edited, as in `bench/serve.sh`.

use handbook::session::{ChangeKind, ChangeSet, Session, SessionOptions};
use std::path::Path;
use std::time::{Duration, Instant};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(source) = args.first() else {
        anyhow::bail!("usage: rebuild HANDBOOK [EDITS] [KINDS...]");
    };
    let edits: usize = args.get(1).map_or(Ok(10), |n| n.parse())?;
    let mut kinds: Vec<&str> = args.iter().skip(2).map(String::as_str).collect();
    if kinds.is_empty() {
        kinds = vec![
            "title",
            "front-matter",
            "new-page",
            "delete",
            "decision-status",
            "body",
        ];
    }
    let work = std::env::temp_dir().join(format!("handbook-rebuild-bench-{}", std::process::id()));
    copy_tree(Path::new(source), &work)?;
    let result = run(&work, edits, &kinds);
    let _ = std::fs::remove_dir_all(&work);
    result
}

fn run(root: &Path, edits: usize, kinds: &[&str]) -> anyhow::Result<()> {
    let page = first_file(root, |rel| {
        !rel.ends_with("index.md") && !rel.starts_with("decisions/") && rel.ends_with(".md")
    })
    .ok_or_else(|| anyhow::anyhow!("no content page"))?;
    let record = first_file(root, |rel| {
        rel.starts_with("decisions/0") && rel.ends_with(".md")
    })
    .ok_or_else(|| anyhow::anyhow!("no decision record"))?;
    let folder = page.rsplit_once('/').map_or("", |(f, _)| f).to_string();
    let mut session = Session::new(SessionOptions {
        root: root.to_path_buf(),
        base_url: Some("http://127.0.0.1:3000/".into()),
        no_search: true,
        body_end_snippet: Some("<script>reload</script>".into()),
        ..SessionOptions::default()
    })?;
    let started = Instant::now();
    session.rebuild(&ChangeSet::new())?;
    println!(
        "{}: first build {} ms; editing {page} and {record}",
        root.display(),
        started.elapsed().as_millis()
    );
    println!("| save | median wall | median CPU | pages worked out | then log views, wall |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for &kind in kinds {
        let mut walls = Vec::new();
        let mut cpus = Vec::new();
        let mut worked = 0;
        let mut laters = Vec::new();
        for i in 0..edits {
            let marker = format!("bench-edit-{i}");
            let mut changes = ChangeSet::new();
            match kind {
                "title" | "front-matter" => {
                    let key = if kind == "title" {
                        "title"
                    } else {
                        "description"
                    };
                    let text = std::fs::read_to_string(root.join(&page))?;
                    let (head, rest) = text.split_once("\n---\n").unwrap_or(("", &text));
                    let mut lines: Vec<String> = head
                        .lines()
                        .filter(|l| !l.starts_with(&format!("{key}:")))
                        .map(String::from)
                        .collect();
                    lines.push(format!("{key}: Edited {marker}"));
                    std::fs::write(
                        root.join(&page),
                        format!("{}\n---\n{rest}", lines.join("\n")),
                    )?;
                    changes.insert(page.clone(), ChangeKind::Page);
                }
                "new-page" | "delete" => {
                    let rel = format!("{folder}/bench-new-{i}.md");
                    if kind == "delete" {
                        // The page to delete, built first (not timed).
                        std::fs::write(root.join(&rel), format!("# Doomed {marker}\n"))?;
                        let mut created = ChangeSet::new();
                        created.insert(rel.clone(), ChangeKind::Page);
                        session.rebuild(&created)?;
                        session.finish_deferred();
                        std::fs::remove_file(root.join(&rel))?;
                    } else {
                        std::fs::write(root.join(&rel), format!("# New {marker}\n\nA page.\n"))?;
                    }
                    changes.insert(rel, ChangeKind::Page);
                }
                "decision-status" => {
                    let text = std::fs::read_to_string(root.join(&record))?;
                    let status = if i % 2 == 0 { "deprecated" } else { "accepted" };
                    let text: Vec<String> = text
                        .lines()
                        .map(|l| match l.starts_with("status:") {
                            true => format!("status: {status}"),
                            false => l.to_string(),
                        })
                        .collect();
                    std::fs::write(
                        root.join(&record),
                        text.join("\n") + &format!("\n\n{marker}\n"),
                    )?;
                    changes.insert(record.clone(), ChangeKind::Page);
                }
                "body" => {
                    let text = std::fs::read_to_string(root.join(&page))?;
                    std::fs::write(root.join(&page), format!("{text}\n{marker}\n"))?;
                    changes.insert(page.clone(), ChangeKind::Page);
                }
                other => anyhow::bail!("unknown kind of save `{other}`"),
            }
            let cpu = cpu_time();
            let started = Instant::now();
            let report = session.rebuild(&changes)?;
            walls.push(started.elapsed());
            cpus.push(cpu_time() - cpu);
            worked = worked.max(report.worked_out);
            // serve renders the log views left for later right after the save's pages are
            // served, and the rest once saves are quiet: not part of the save.
            let started = Instant::now();
            session.finish_later_pages(&|| false);
            laters.push(started.elapsed());
            session.finish_deferred();
        }
        if kind == "new-page" {
            // Removed as a writer would, the session told (not timed).
            let mut removed = ChangeSet::new();
            for i in 0..edits {
                let rel = format!("{folder}/bench-new-{i}.md");
                let _ = std::fs::remove_file(root.join(&rel));
                removed.insert(rel, ChangeKind::Page);
            }
            session.rebuild(&removed)?;
            session.finish_deferred();
        }
        println!(
            "| {kind} | {} ms | {} ms | {worked} | {} ms |",
            median(&mut walls).as_millis(),
            median(&mut cpus).as_millis(),
            median(&mut laters).as_millis()
        );
    }
    Ok(())
}

fn median(values: &mut [Duration]) -> Duration {
    values.sort();
    values[values.len() / 2]
}

/// CPU time of the whole process so far (user and system, all threads).
fn cpu_time() -> Duration {
    // SAFETY: getrusage writes the struct it is given and nothing else.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// The first file (in sorted order) whose `/`-separated path passes `keep`.
fn first_file(root: &Path, keep: impl Fn(&str) -> bool) -> Option<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(root).ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .filter(|rel| keep(rel))
        .collect();
    files.sort();
    files.into_iter().next()
}

fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry?;
        let rel = entry.path().strip_prefix(from)?;
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
