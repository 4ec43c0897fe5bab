//! Fuzzing on stable Rust, run as a test: every parser (front matter, each decision format,
//! Markdown with our transforms, `handbook.yml`) gets inputs mutated from real seeds (the
//! example handbook, the decision fixtures, the hostile cases) for a bounded time, and must
//! neither panic nor take long on one input.
//!
//! `HANDBOOK_FUZZ_SECS` sets the time per target (default 0.5 s, so the suite stays fast;
//! `bench/fuzz.sh` runs minutes) and `HANDBOOK_FUZZ_SEED` the random seed (default: new each
//! run, printed). An input that panics is saved under `target/fuzz-crashes/`: add it to
//! `tests/hostile/` as a fixture once fixed.

use crate::support::repo_root;
use handbook::decision::{DecisionFormat, DecisionInput, detect_format, parse_decision};
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::time::{Duration, Instant};

/// Longest one input may take (debug build, a loaded machine): far above any real page.
const SLOW: Duration = Duration::from_secs(10);

/// Pieces that matter to our parsers, inserted at random places.
const TOKENS: &[&str] = &[
    "---\n",
    "\n",
    "\n\n",
    "# ",
    "## ",
    "### Status\n",
    "## Status\n",
    "## Decision Outcome\n",
    "* Status: ",
    "- Status: ",
    "Date: ",
    "Superseded by [1. X](0001-x.md)",
    "Supersedes ",
    "status: superseded\n",
    "date: 2024-02-30\n",
    "title: ",
    "tags: [a, b]\n",
    "aliases: [\"/x/\"]\n",
    "owner: \"\"\n",
    "[",
    "](",
    ")",
    "[[",
    "]]",
    "|",
    "![",
    "`",
    "```",
    "```js\n",
    "```mermaid\n",
    "> ",
    "- ",
    "1. ",
    "  ",
    "\t",
    "{#",
    "}",
    "<!--",
    "-->",
    "<div>",
    "</div>",
    "<script>",
    "javascript:",
    "&amp;",
    "*",
    "_",
    "~~",
    "é",
    "€",
    "\u{200b}",
    "\r\n",
    ":",
    "\"",
    "'",
    "\\",
    "%",
    "#",
    "0001-",
    "../",
    "+++\n",
    "=",
    "language: ",
    "base_url: ",
    "exclude: [\"**\"]\n",
    "review_every: 6 months\n",
    "decisions:\n  - folder: x\n",
];

/// A mutated copy of `seed`: a few random insertions, deletions, duplications (which grow
/// nesting) and truncations, always at character boundaries.
fn mutate(rng: &mut fastrand::Rng, seed: &str) -> String {
    let mut text: Vec<char> = seed.chars().collect();
    for _ in 0..rng.usize(1..=8) {
        let at = rng.usize(0..=text.len());
        match rng.u8(0..5) {
            0 | 1 => {
                let token = TOKENS[rng.usize(0..TOKENS.len())];
                text.splice(at..at, token.chars());
            }
            2 if !text.is_empty() => {
                let end = (at + rng.usize(0..32)).min(text.len());
                text.drain(at..end);
            }
            3 if !text.is_empty() => {
                let end = (at + rng.usize(1..16)).min(text.len());
                let piece: Vec<char> = text[at..end].to_vec();
                for _ in 0..rng.usize(1..64) {
                    text.splice(at..at, piece.iter().copied());
                }
            }
            _ => text.truncate(at),
        }
    }
    text.into_iter().collect()
}

/// Every Markdown file under `dir`.
fn markdown_under(dir: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .filter(|e| !e.path().components().any(|c| c.as_os_str() == "public"))
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).ok()?;
            let rel = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((rel, text))
        })
        .collect()
}

fn seeds() -> Vec<(String, String)> {
    let root = repo_root();
    let mut seeds = markdown_under(&root.join("example-handbook"));
    seeds.extend(markdown_under(&root.join("tests/fixtures/decisions")));
    // Not the highlighting hang: every mutation of it would wait out the time budget and
    // leave a stuck highlighting thread (tested on its own in hostile.rs).
    seeds.extend(
        markdown_under(&root.join("tests/hostile"))
            .into_iter()
            .filter(|(rel, _)| !rel.starts_with("highlight-hang")),
    );
    seeds
}

/// Runs `target` on mutated seeds for the time budget; fails on a panic or a slow input,
/// saving the input.
fn fuzz(name: &str, seeds: &[(String, String)], target: impl Fn(&str, &str)) {
    assert!(!seeds.is_empty(), "{name}: no seeds");
    let secs: f64 = std::env::var("HANDBOOK_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.5);
    let seed: u64 = std::env::var("HANDBOOK_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| fastrand::u64(..));
    let mut rng = fastrand::Rng::with_seed(seed);
    let started = Instant::now();
    let mut runs = 0u64;
    while runs < 20 || started.elapsed().as_secs_f64() < secs {
        let (rel, text) = &seeds[rng.usize(0..seeds.len())];
        let input = mutate(&mut rng, text);
        let one = Instant::now();
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| target(rel, &input)));
        let slow = one.elapsed() > SLOW;
        if result.is_err() || slow {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../fuzz-crashes");
            std::fs::create_dir_all(&dir).unwrap();
            let saved = dir.join(format!("{name}-{seed}-{runs}.md"));
            std::fs::write(&saved, &input).unwrap();
            panic!(
                "{name}: {} on a mutation of `{rel}` (seed {seed}); input saved to {}",
                if slow { "too slow" } else { "panic" },
                saved.display()
            );
        }
        runs += 1;
    }
    eprintln!(
        "fuzz {name}: {runs} inputs in {:.1} s (HANDBOOK_FUZZ_SEED={seed})",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn front_matter() {
    fuzz("front-matter", &seeds(), |rel, text| {
        let (raw, _) = handbook::load::frontmatter::parse_raw(rel, text);
        let _ = handbook::load::frontmatter::page_meta(rel, &raw);
    });
}

#[test]
fn markdown() {
    fuzz("markdown", &seeds(), |_, text| {
        let skip = handbook::markdown::leading_title(text).map(|t| t.range);
        let rendered =
            handbook::markdown::render(text, skip, |link| (Some(format!("/{}", link.dest)), ()));
        // Every link offset points into the body, as diagnostics rely on.
        for (link, ()) in &rendered.links {
            assert!(link.offset <= text.len());
        }
        let index = handbook::diagnostic::LineIndex::new(text);
        for (link, ()) in &rendered.links {
            index.line_col(text, link.offset);
        }
    });
}

#[test]
fn config() {
    let seeds: Vec<(String, String)> = vec![
        ("handbook.yml".into(), std::fs::read_to_string(repo_root().join("example-handbook/handbook.yml")).unwrap()),
        ("handbook.yml".into(), "title: T\nbase_url: https://example.org/x/\nlanguage: pt-BR\nexclude: [drafts]\nreview_every: 6 months\nproposed_for: 30d\nedit_url: https://x/{path}\nexternal_exclude: ['^https://a\\.b/']\n".into()),
    ];
    fuzz("config", &seeds, |_, text| {
        let (config, _) = handbook::config::Config::parse(text, "T");
        let _ = config.base_path();
    });
}

/// The decision parser on seeds of one format (as the parser itself detects it).
fn decision_format(name: &str, wanted: &[DecisionFormat]) {
    let parse = |rel: &str, text: &str| {
        let (raw, _) = handbook::load::frontmatter::parse_raw(rel, text);
        let first = raw.first_line;
        let fm_text = raw.text.clone();
        let line_of = move |key: &str| {
            fm_text
                .lines()
                .position(|l| l.starts_with(&format!("{key}:")))
                .map_or(first, |i| first + i as u32)
        };
        let input = DecisionInput {
            rel_path: rel,
            text,
            front_matter: &raw.fields,
            front_matter_line_of: &line_of,
            body_offset: raw.body_offset,
        };
        (
            detect_format(&input),
            parse_decision(&input).decision.is_some(),
        )
    };
    let seeds: Vec<(String, String)> = seeds()
        .into_iter()
        .filter(|(rel, _)| rel.contains("decision") || rel.contains("adr"))
        .filter(|(rel, text)| wanted.contains(&parse(rel, text).0))
        .collect();
    fuzz(name, &seeds, |rel, text| {
        parse(rel, text);
    });
}

#[test]
fn decision_front_matter() {
    decision_format("decision-front-matter", &[DecisionFormat::FrontMatter]);
}

#[test]
fn decision_nygard() {
    decision_format("decision-nygard", &[DecisionFormat::Nygard]);
}

#[test]
fn decision_madr() {
    decision_format(
        "decision-madr",
        &[
            DecisionFormat::Madr2,
            DecisionFormat::Madr3,
            DecisionFormat::Madr4,
        ],
    );
}

#[test]
fn decision_log4brains() {
    decision_format("decision-log4brains", &[DecisionFormat::Log4brains]);
}
