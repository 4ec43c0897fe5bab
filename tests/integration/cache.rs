//! The build cache: a build with nothing changed does no work, and a build after any kind of
//! edit gives the bytes a clean build gives.

use crate::support::{Handbook, TODAY, copy_dir, list_files};
use std::path::Path;
use std::process::Command;

const UNCHANGED: &str = "nothing changed since the last build";

fn fixture() -> Handbook {
    Handbook::new()
        .file("handbook.yml", "title: Cached\nsearch: false\ntheme: look\n")
        .file("index.md", "# Home\n\nSee [a](guide/a.md) and ![logo](images/logo.svg).\n")
        .file("guide/a.md", "---\ntitle: Page A\n---\n\nText of a, and [b](b.md#later).\n\n## Later\n")
        .file("guide/b.md", "# Page B\n\n## Later\n\nLinks back to [a](a.md).\n")
        .file("images/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
        .file("static/extra.css", "body { color: black; }\n")
        .file("look/static/look.css", "main { margin: 0; }\n")
        .file(
            "decisions/0001-use-markdown.md",
            "---\ntitle: Use Markdown\nstatus: proposed\ndate: 2026-11-01\n---\n\nWe write Markdown.\n",
        )
}

/// `handbook build .` in `dir`, with "today" fixed.
fn build(dir: &Path, today: &str) -> (i32, String) {
    build_with(dir, today, &[])
}

/// `handbook build . ARGS` in `dir`, with "today" fixed.
fn build_with(dir: &Path, today: &str, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(["build", "."])
        .args(args)
        .current_dir(dir)
        .env("HANDBOOK_TODAY", today)
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("run handbook");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// Every file of a folder with its bytes. The output marker records when each file was
/// written, which no two builds share: its modification times are left out.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    list_files(dir)
        .into_iter()
        .map(|rel| {
            let mut bytes = std::fs::read(dir.join(&rel)).unwrap();
            if rel == ".handbook-output" {
                let text = String::from_utf8(bytes).unwrap();
                let without_times = text.lines().map(|l| match l.rsplit_once('\t') {
                    Some((rest, _)) if !l.starts_with('#') => format!("{rest}\n"),
                    _ => format!("{l}\n"),
                });
                bytes = without_times.collect::<String>().into_bytes();
            }
            (rel, bytes)
        })
        .collect()
}

/// What a build printed, without its summary line (which says what it took from the cache).
fn diagnostics_of(printed: &str) -> Vec<&str> {
    printed
        .lines()
        .filter(|l| !l.starts_with("Built "))
        .collect()
}

/// The handbook's output equals a clean build of a copy of its sources (same modification
/// times, since pages outside git are dated by them), and `printed`, what its build printed,
/// the clean build's diagnostics.
fn assert_same_as_clean_build_printing(hb: &Handbook, today: &str, what: &str, printed: &str) {
    let clean = assert_same_as_clean_build(hb, today, what);
    assert_eq!(
        diagnostics_of(printed),
        diagnostics_of(&clean),
        "{what}: the diagnostics differ from a clean build's"
    );
}

/// The handbook's output equals a clean build of a copy of its sources (same modification
/// times, since pages outside git are dated by them). Returns what the clean build printed.
fn assert_same_as_clean_build(hb: &Handbook, today: &str, what: &str) -> String {
    let clean = tempfile::tempdir().unwrap();
    copy_dir(hb.root(), clean.path());
    for rel in list_files(clean.path()) {
        let modified = std::fs::metadata(hb.root().join(&rel))
            .unwrap()
            .modified()
            .unwrap();
        let file = std::fs::File::options()
            .write(true)
            .open(clean.path().join(&rel))
            .unwrap();
        file.set_modified(modified).unwrap();
    }
    let (_, printed) = build(clean.path(), today);
    assert!(!printed.contains(UNCHANGED), "{what}: {printed}");
    let (built, expected) = (tree(&hb.out()), tree(&clean.path().join("public")));
    let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&built), names(&expected), "{what}: the files differ");
    for ((name, a), (_, b)) in built.iter().zip(&expected) {
        assert!(a == b, "{what}: `{name}` differs from a clean build");
    }
    printed
}

#[test]
fn no_cache_neither_reads_nor_writes_the_cache() {
    let hb = fixture();
    let (code, first) = build_with(hb.root(), TODAY, &["--no-cache"]);
    assert_eq!(code, 0, "{first}");
    assert!(
        !hb.root().join(".handbook-cache").exists(),
        "the handbook folder is left as it is"
    );
    let site = tree(&hb.out());
    // A cache written by another build is not read either: the same build is done again.
    build(hb.root(), TODAY);
    let (_, again) = build_with(hb.root(), TODAY, &["--no-cache"]);
    assert!(!again.contains(UNCHANGED), "{again}");
    assert_eq!(tree(&hb.out()), site);
}

#[test]
fn a_build_with_nothing_changed_does_nothing_and_reports_the_same() {
    let hb = fixture().file("guide/c.md", "# C\n\n[gone](nowhere.md)\n");
    let (code, first) = build(hb.root(), TODAY);
    assert_eq!(code, 1, "{first}");
    assert!(!first.contains(UNCHANGED), "{first}");
    let before = tree(&hb.out());
    let (code, again) = build(hb.root(), TODAY);
    assert_eq!(code, 1, "the same errors, the same exit code: {again}");
    assert!(again.contains(UNCHANGED), "{again}");
    let diagnostics = |s: &str| {
        s.lines()
            .filter(|l| !l.starts_with("Built "))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(diagnostics(&again), diagnostics(&first));
    assert!(first.contains("guide/c.md:3:1: error"), "{first}");
    assert_eq!(tree(&hb.out()), before);
    // Deleting the cache is always safe.
    std::fs::remove_dir_all(hb.root().join(".handbook-cache")).unwrap();
    let (_, after) = build(hb.root(), TODAY);
    assert!(!after.contains(UNCHANGED), "{after}");
    assert_eq!(tree(&hb.out()), before);
}

#[test]
fn every_kind_of_input_change_builds_what_a_clean_build_builds() {
    let hb = fixture();
    let (code, printed) = build(hb.root(), TODAY);
    assert_eq!(code, 0, "{printed}");
    type Edit = (&'static str, fn(&Handbook));
    let edits: &[Edit] = &[
        ("a page's body", |hb| {
            hb.write(
                "guide/b.md",
                "# Page B\n\n## Later\n\nLinks back to [a](a.md), edited.\n",
            )
        }),
        ("a page's front matter", |hb| {
            hb.write(
                "guide/a.md",
                "---\ntitle: Page A\ndescription: About A.\nowner: ada\n---\n\nText of a, and [b](b.md#later).\n\n## Later\n",
            )
        }),
        ("a page's title", |hb| {
            hb.write(
                "guide/a.md",
                "---\ntitle: Page A, renamed\n---\n\nText of a, and [b](b.md#later).\n\n## Later\n",
            )
        }),
        ("a new page", |hb| {
            hb.write("guide/new.md", "# New\n\nFresh.\n")
        }),
        ("a deleted page", |hb| {
            std::fs::remove_file(hb.root().join("guide/new.md")).unwrap()
        }),
        ("a decision's status", |hb| {
            hb.write("decisions/0001-use-markdown.md", "---\ntitle: Use Markdown\nstatus: accepted\ndate: 2026-11-01\n---\n\nWe write Markdown.\n")
        }),
        ("an image beside the pages", |hb| {
            hb.write(
                "images/logo.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n",
            )
        }),
        ("a static file", |hb| {
            hb.write("static/extra.css", "body { color: navy; }\n")
        }),
        ("a template override", |hb| {
            hb.write(
                "templates/partials/page-footer.html",
                "<footer class=\"page-footer\">Overridden</footer>\n",
            )
        }),
        ("a file of the theme folder", |hb| {
            hb.write("look/static/look.css", "main { margin: 1rem; }\n")
        }),
        ("a translation table", |hb| {
            hb.write("i18n/en.yml", "skip_to_content: Skip ahead\n")
        }),
        ("a heading another page links to", |hb| {
            hb.write(
                "guide/b.md",
                "# Page B\n\n## Afterwards\n\nLinks back to [a](a.md), edited.\n",
            )
        }),
        ("handbook.yml", |hb| {
            hb.write(
                "handbook.yml",
                "title: Cached, renamed\nsearch: false\ntheme: look\n",
            )
        }),
        ("an output file deleted", |hb| {
            std::fs::remove_file(hb.out().join("index.html")).unwrap()
        }),
        ("an output file edited", |hb| {
            std::fs::write(hb.out().join("guide/a/index.html"), "stale").unwrap()
        }),
    ];
    for (what, edit) in edits {
        edit(&hb);
        let (_, printed) = build(hb.root(), TODAY);
        assert!(!printed.contains(UNCHANGED), "{what}: {printed}");
        assert_same_as_clean_build_printing(&hb, TODAY, what, &printed);
        let (_, again) = build(hb.root(), TODAY);
        assert!(again.contains(UNCHANGED), "{what}, built again: {again}");
    }
    // Another day: reviews and proposals are measured against today.
    let (_, printed) = build(hb.root(), "2027-06-01");
    assert!(!printed.contains(UNCHANGED), "another day: {printed}");
    assert_same_as_clean_build_printing(&hb, "2027-06-01", "another day", &printed);
}

/// The counts at the end of the summary line: (bodies, pages) rendered.
fn rendered(printed: &str) -> (usize, usize) {
    let line = printed
        .lines()
        .find(|l| l.starts_with("Built "))
        .unwrap_or_else(|| panic!("no summary line: {printed}"));
    let counts = line
        .rsplit_once("; ")
        .and_then(|(_, c)| c.strip_suffix(" rendered]"))
        .unwrap_or_else(|| panic!("no counts: {line}"));
    let (bodies, pages) = counts.split_once(" and ").unwrap();
    let number = |s: &str| s.split(' ').next().unwrap().parse::<usize>().unwrap();
    (number(bodies), number(pages))
}

/// 3 sections of 10 pages, each page linking to the next one in its section, and a page that
/// includes another one (and uses a shortcode handbook does not know: a warning).
fn larger_fixture() -> Handbook {
    let mut hb = Handbook::new()
        .file("handbook.yml", "title: Larger\nsearch: false\n")
        .file(
            "index.md",
            "# Home\n\nStart with [the first guide](s0/p0.md).\n",
        )
        .file("s0/shared.md", "# Shared\n\nShared words.\n")
        .file(
            "s0/includes.md",
            "# Includes\n\n{{< include \"shared.md\" >}}\n\n{{< mystery >}}\n",
        );
    for s in 0..3 {
        hb = hb.file(
            &format!("s{s}/index.md"),
            &format!("# Section {s}\n\nPages of {s}.\n"),
        );
        for p in 0..10 {
            hb = hb.file(
                &format!("s{s}/p{p}.md"),
                &format!(
                    "---\ntitle: Page {s}.{p}\n---\n\nSome text, then [the next](p{}.md).\n\n```rust\nfn main() {{}}\n```\n",
                    (p + 1) % 10
                ),
            );
        }
    }
    hb
}

#[test]
fn a_build_after_a_few_edits_works_out_only_what_they_change() {
    let hb = larger_fixture();
    let (code, first) = build(hb.root(), TODAY);
    assert_eq!(code, 0, "{first}");
    let (bodies, pages) = rendered(&first);
    assert_eq!(bodies, 36, "every body, the first time: {first}");
    assert!(pages >= 36, "{first}");
    assert!(first.contains("mystery"), "{first}");

    // A body: that page's Markdown, and the few pages that show something of it.
    hb.write(
        "s1/p4.md",
        "---\ntitle: Page 1.4\n---\n\nSome text, then [the next](p5.md).\n\nAnd a new line.\n",
    );
    let (_, printed) = build(hb.root(), TODAY);
    let (bodies, pages) = rendered(&printed);
    assert_eq!(bodies, 1, "{printed}");
    assert!(pages < 12, "a body edit renders few pages: {printed}");
    assert_same_as_clean_build_printing(&hb, TODAY, "a body edited", &printed);

    // A title: its own body (the links to it keep their hrefs). On a handbook this small every
    // page holds the whole navigation tree, so every page shows the new title.
    hb.write(
        "s2/p7.md",
        "---\ntitle: Page 2.7, renamed\n---\n\nSome text, then [the next](p8.md).\n",
    );
    let (_, printed) = build(hb.root(), TODAY);
    assert_eq!(rendered(&printed).0, 1, "{printed}");
    assert_same_as_clean_build_printing(&hb, TODAY, "a title edited", &printed);

    // An included page: its own body and the body that includes it.
    hb.write("s0/shared.md", "# Shared\n\nShared words, edited.\n");
    let (_, printed) = build(hb.root(), TODAY);
    assert_eq!(rendered(&printed).0, 2, "{printed}");
    assert_same_as_clean_build_printing(&hb, TODAY, "an included page edited", &printed);

    // Without the cache, everything again, and the same bytes.
    std::fs::remove_dir_all(hb.root().join(".handbook-cache")).unwrap();
    hb.write("s0/p0.md", "---\ntitle: Page 0.0\n---\n\nShorter.\n");
    let (_, printed) = build(hb.root(), TODAY);
    assert_eq!(rendered(&printed).0, 36, "{printed}");
    assert_same_as_clean_build(&hb, TODAY, "the cache deleted");
}

#[test]
fn a_damaged_cache_is_said_once_and_not_used() {
    let hb = larger_fixture();
    let (code, first) = build(hb.root(), TODAY);
    assert_eq!(code, 0, "{first}");
    let cache = hb.root().join(".handbook-cache");
    for name in ["model.bin", "pages.bin"] {
        let bytes = std::fs::read(cache.join(name)).unwrap();
        std::fs::write(cache.join(name), &bytes[..bytes.len() / 2]).unwrap();
    }
    hb.write("s1/p1.md", "---\ntitle: Page 1.1\n---\n\nEdited.\n");
    let (code, printed) = build(hb.root(), TODAY);
    assert_eq!(code, 0, "{printed}");
    assert_eq!(
        printed.matches("model.bin` is damaged").count(),
        1,
        "{printed}"
    );
    assert_eq!(
        printed.matches("pages.bin` is damaged").count(),
        1,
        "{printed}"
    );
    assert_eq!(rendered(&printed).0, 36, "{printed}");
    assert_same_as_clean_build(&hb, TODAY, "a damaged cache");
    // The build wrote a good one again.
    hb.write("s1/p1.md", "---\ntitle: Page 1.1\n---\n\nEdited again.\n");
    let (_, printed) = build(hb.root(), TODAY);
    assert!(!printed.contains("damaged"), "{printed}");
    assert_eq!(rendered(&printed).0, 1, "{printed}");
}

#[test]
fn a_strict_build_takes_from_the_cache_too() {
    let hb = larger_fixture().file(
        "s0/includes.md",
        "# Includes\n\n{{< include \"shared.md\" >}}\n",
    );
    let (code, first) = build_with(hb.root(), TODAY, &["--strict"]);
    assert_eq!(code, 0, "{first}");
    assert_eq!(rendered(&first).0, 36, "{first}");
    hb.write("s2/p2.md", "---\ntitle: Page 2.2\n---\n\nOther words.\n");
    let (code, printed) = build_with(hb.root(), TODAY, &["--strict"]);
    assert_eq!(code, 0, "{printed}");
    assert_eq!(rendered(&printed).0, 1, "{printed}");
    assert_same_as_clean_build_printing(&hb, TODAY, "a strict build", &printed);
    // And a plain build after it.
    hb.write("s2/p3.md", "---\ntitle: Page 2.3\n---\n\nMore words.\n");
    let (_, printed) = build(hb.root(), TODAY);
    assert_eq!(rendered(&printed).0, 1, "{printed}");
    assert_same_as_clean_build_printing(&hb, TODAY, "a plain build after a strict one", &printed);
}
