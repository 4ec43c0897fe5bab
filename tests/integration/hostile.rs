//! Hostile input and faults (issue #14): most tests start from a folder of `tests/hostile/`,
//! or from nothing; each adds what git cannot hold (links, generated sizes, other encodings),
//! and asserts the binary stays safe.

use crate::support::{Handbook, repo_root};

/// A temp copy of `tests/hostile/<name>`.
fn case(name: &str) -> Handbook {
    Handbook::copy_of(&repo_root().join("tests/hostile").join(name))
}

#[cfg(unix)]
#[test]
fn a_link_in_the_output_folder_is_never_written_or_deleted_through() {
    let hb = case("output-link");
    hb.build_ok();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("index.html"), "keep").unwrap();
    std::fs::write(elsewhere.path().join("important.txt"), "keep").unwrap();
    // A committed output folder whose checkout plants `public/x -> /elsewhere`, with a marker
    // that lists a file behind it.
    std::fs::remove_dir_all(hb.out().join("x")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), hb.out().join("x")).unwrap();
    let marker = hb.out().join(".handbook-output");
    let listed = std::fs::read_to_string(&marker).unwrap() + "x/important.txt\t4\t0\t0\n";
    std::fs::write(&marker, listed).unwrap();

    let run = hb.run(&["build", "."]);
    run.assert_code(2);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(elsewhere.path().join("index.html")).unwrap(),
        "keep"
    );
    assert_eq!(
        std::fs::read_to_string(elsewhere.path().join("important.txt")).unwrap(),
        "keep"
    );
}

#[cfg(unix)]
#[test]
fn a_static_folder_linked_out_of_the_handbook_is_skipped_with_a_warning() {
    let hb = case("symlinked-static");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "private").unwrap();
    std::os::unix::fs::symlink(outside.path(), hb.root().join("static")).unwrap();
    std::os::unix::fs::symlink(outside.path(), hb.root().join("templates")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        hb.root().join("notes.txt"),
    )
    .unwrap();
    // A link that stays inside the handbook is fine.
    std::fs::create_dir_all(hb.root().join("assets-src")).unwrap();
    std::fs::write(hb.root().join("assets-src/site.txt"), "public").unwrap();
    std::os::unix::fs::symlink(
        hb.root().join("assets-src/site.txt"),
        hb.root().join("inner.txt"),
    )
    .unwrap();

    let run = hb.run(&["build", "."]);
    run.assert_code(0);
    for link in ["static", "templates", "notes.txt"] {
        assert!(
            run.stderr
                .contains(&format!("{link}: warning: `{link}` is a symbolic link")),
            "{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("inner.txt"), "{}", run.stderr);
    assert!(!hb.out().join("secret.txt").exists());
    assert!(!hb.out().join("notes.txt").exists());
    let check = hb.run(&["check", "."]);
    assert!(
        check.stderr.contains("`static` is a symbolic link"),
        "{}",
        check.stderr
    );
}

#[test]
fn a_code_block_that_never_finishes_highlighting_is_shown_plainly_with_a_warning() {
    let hb = case("highlight-hang");
    let started = std::time::Instant::now();
    let run = hb.run(&["build", "."]);
    run.assert_code(0);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert!(
        run.stderr
            .contains("index.md:11:1: warning: this code block took longer than 2 s to highlight"),
        "{}",
        run.stderr
    );
    let html = hb.read_out("index.html");
    assert!(
        html.contains("## H     "),
        "the block is there, as plain text"
    );
    // The JavaScript line is highlighted (or, on a grammar that hangs, shown plainly).
    assert!(
        html.contains("data-lang=\"js\"") && html.contains("=&gt;"),
        "{html}"
    );
    // `check` prints no page, so it does not highlight at all: it cannot hang on a grammar.
    let check = hb.run(&["check", "."]);
    check.assert_code(0);
}

/// `handbook build .` with files limited to `blocks` × 512 bytes: a write past that fails with
/// EFBIG, as on a full disk (SIGXFSZ ignored, as a shell's `trap '' XFSZ` leaves it).
#[cfg(unix)]
fn build_with_file_limit(hb: &Handbook, blocks: u32) -> crate::support::Run {
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" build . --quiet"
        ))
        .arg(env!("CARGO_BIN_EXE_handbook"))
        .current_dir(hb.root())
        .env("HANDBOOK_TODAY", crate::support::TODAY)
        .output()
        .unwrap();
    crate::support::Run::from_output(output, hb.root())
}

#[cfg(unix)]
#[test]
fn a_full_disk_leaves_no_temp_file_says_what_is_new_and_the_next_build_recovers() {
    let hb = case("disk-full");
    hb.build_ok();
    hb.write(
        "big.md",
        &format!("# Big\n\n{}\n", "A long line of prose. ".repeat(20_000)),
    );
    let run = build_with_file_limit(&hb, 200);
    run.assert_code(2);
    assert!(run.stderr.contains("is partly updated"), "{}", run.stderr);
    assert!(run.stderr.contains("`big/index.html`"), "{}", run.stderr);
    let leftovers: Vec<String> = crate::support::list_files(&hb.out())
        .into_iter()
        .filter(|f| f.contains("handbook-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let run = hb.run(&["build", "."]);
    run.assert_code(0);
    assert!(
        hb.read_out("big/index.html")
            .contains("A long line of prose.")
    );
}

/// Staging folders beside the default output folder.
fn staging_folders(hb: &Handbook) -> Vec<String> {
    std::fs::read_dir(hb.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains(".handbook-staging-"))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_killed_first_build_leaves_no_staging_folder() {
    let hb = case("killed-build");
    for i in 0..20 {
        hb.write(
            &format!("p{i}.md"),
            &format!("# P{i}\n\n{}\n", "Words. ".repeat(3_000)),
        );
    }
    // The staging folder of a process that was killed outright (SIGKILL) goes on the next build.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    gone.wait().unwrap();
    let stale = hb
        .root()
        .join(format!(".public.handbook-staging-{}", gone.id()));
    std::fs::create_dir_all(stale.join("x")).unwrap();
    // SIGTERM and SIGINT at different moments of a first build: whatever it was doing, no
    // staging folder is left and no half site appears.
    for (k, delay_ms) in [150u64, 300, 500, 800, 1200].into_iter().enumerate() {
        let _ = std::fs::remove_dir_all(hb.out());
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_handbook"))
            .args(["build", ".", "--quiet"])
            .current_dir(hb.root())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let signal = if k % 2 == 0 { "-TERM" } else { "-INT" };
        let pid = child.id().to_string();
        let _ = std::process::Command::new("kill")
            .args([signal, &pid])
            .status();
        let status = child.wait().unwrap();
        let left: Vec<String> = staging_folders(&hb)
            .into_iter()
            .filter(|n| !stale.ends_with(n))
            .collect();
        assert!(left.is_empty(), "{status:?}: {left:?}");
        if !status.success() {
            assert!(!hb.out().exists() || hb.out().join(".handbook-output").exists());
        }
    }
    let _ = std::fs::remove_dir_all(hb.out());
    hb.run(&["build", "."]).assert_code(0);
    assert!(
        staging_folders(&hb).is_empty(),
        "{:?}",
        staging_folders(&hb)
    );
}

#[test]
fn a_closed_pipe_is_success_and_machine_output_goes_to_stdout() {
    let hb = Handbook::copy_of(&repo_root().join("example-handbook"));
    let status = std::process::Command::new("bash")
        .arg("-c")
        .arg("\"$0\" decisions --format json | head -c 10 >/dev/null; exit ${PIPESTATUS[0]}")
        .arg(env!("CARGO_BIN_EXE_handbook"))
        .current_dir(hb.root())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));

    let run = hb.run(&["check", ".", "--format", "json"]);
    assert!(
        serde_json::from_str::<serde_json::Value>(&run.stdout).is_ok(),
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains('['), "{}", run.stderr);
}

#[test]
fn bad_arguments_exit_2_with_help() {
    let hb = case("killed-build");
    let run = hb.run(&["build", ".", "--base-url", "example.org"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .contains("--base-url https://example.org/handbook/"),
        "{}",
        run.stderr
    );
    assert!(!hb.out().exists());
    let run = Handbook::copy_of(&repo_root().join("example-handbook")).run(&[
        "decisions",
        "--status",
        "bogus",
    ]);
    run.assert_code(2);
    assert!(run.stderr.contains("accepted, rejected"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn what_would_stop_or_silently_change_a_build_is_found_by_check() {
    let hb = case("collisions");
    hb.write("back\\slash.md", "# Back\n");
    let check = hb.run(&["check", "."]);
    check.assert_code(0);
    for expected in [
        "r.md: warning: alias `/robots.txt/` would replace `robots.txt`",
        "h.md: warning: alias `/health/` is the URL of a generated page",
        "links.json: warning: `links.json` is also a file handbook writes",
        "assets/style.css: warning: `assets/style.css` is also a file handbook writes",
        "back\\slash.md: warning: skipped: its name has a backslash",
        "guide.md: warning: `guide.md` and `Guide.md` differ only in case",
    ] {
        assert!(
            check.stderr.contains(expected),
            "{expected}\n{}",
            check.stderr
        );
    }
    let build = hb.run(&["build", "."]);
    build.assert_code(0);
    assert_eq!(
        build.stderr,
        check.stderr.split("handbook: ").next().unwrap()
    );
    assert!(hb.read_out("robots.txt").contains("Sitemap"));
    assert!(hb.read_out("health/index.html").contains("<main"));
    assert!(!hb.read_out("links.json").contains("\"mine\""));

    // A language Pagefind cannot take is a config error found by check, not a panic in build.
    hb.write(
        "handbook.yml",
        "language: abcdefghijklmnopqrstuvwxyzabcdef\n",
    );
    let check = hb.run(&["check", "."]);
    check.assert_code(1);
    assert!(
        check.stderr.contains("handbook.yml:1:1: error: `language`"),
        "{}",
        check.stderr
    );
    let build = hb.run(&["build", "."]);
    build.assert_code(1);
    assert!(!build.stderr.contains("panicked"), "{}", build.stderr);
}

#[test]
fn colour_follows_the_flag_and_the_environment_and_quiet_hides_notes() {
    let hb = case("collisions");
    let with_env = |args: &[&str], env: &[(&str, &str)]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_handbook"));
        command.args(args).current_dir(hb.root());
        command
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("GITHUB_ACTIONS");
        for (k, v) in env {
            command.env(k, v);
        }
        String::from_utf8_lossy(&command.output().unwrap().stderr).to_string()
    };
    // Not a terminal: no colour unless forced.
    assert!(!with_env(&["check", "."], &[]).contains('\x1b'));
    assert!(with_env(&["check", "."], &[("CLICOLOR_FORCE", "1")]).contains("\x1b[1;33mwarning"));
    assert!(
        !with_env(
            &["check", "."],
            &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
        )
        .contains('\x1b')
    );
    assert!(with_env(&["check", ".", "--color", "always"], &[("NO_COLOR", "1")]).contains('\x1b'));
    assert!(
        !with_env(
            &["--color", "never", "check", "."],
            &[("CLICOLOR_FORCE", "1")]
        )
        .contains('\x1b')
    );

    hb.write("orphan.md", "# Nobody links here\n");
    let loud = hb.run(&["check", "."]);
    assert!(loud.stderr.contains("orphan.md: note:"), "{}", loud.stderr);
    assert!(
        loud.stderr.ends_with("warnings, 1 note\n"),
        "{}",
        loud.stderr
    );
    // Errors before warnings before notes.
    let quiet = hb.run(&["check", ".", "--quiet"]);
    assert!(!quiet.stderr.contains("note:"), "{}", quiet.stderr);
    assert!(!quiet.stderr.contains("checked"), "{}", quiet.stderr);
    hb.write("bad.md", "# Bad\n\n[x](nowhere.md)\n");
    let run = hb.run(&["check", "."]);
    let first = run.stderr.lines().next().unwrap_or_default();
    assert!(first.starts_with("bad.md:3:1: error:"), "{}", run.stderr);
}

#[test]
fn unsafe_html_false_shows_raw_html_as_text_and_makes_script_links_inert() {
    let hb = case("untrusted-html");
    // By default raw HTML passes through, as on GitHub Pages and Hugo; its `<img src=x>` is
    // checked like any image, and there is no `x`.
    let run = hb.run(&["build", "."]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("index.md:5:20: error: image to `x` does not resolve"),
        "{}",
        run.stderr
    );
    let main = crate::support::main_of(&hb.read_out("index.html")).to_string();
    assert!(main.contains("<script>alert(\"raw\")</script>"), "{main}");
    assert!(main.contains("href=\"javascript:alert(1)\""), "{main}");

    hb.write("handbook.yml", "unsafe_html: false\n");
    hb.run(&["build", "."]).assert_code(0);
    let main = crate::support::main_of(&hb.read_out("index.html")).to_string();
    assert!(!main.contains("<script>"), "{main}");
    assert!(!main.contains("<img src=x"), "{main}");
    assert!(main.contains("&lt;script&gt;"), "{main}");
    assert!(!main.to_lowercase().contains("javascript:"), "{main}");
    assert!(main.contains("href=\"https://example.org/\""), "{main}");
}

#[test]
fn small_hostile_pages_cost_seconds_not_minutes() {
    let hb = case("super-linear");
    // 100,000 nested lists in 200 KB and 100,000 nested blockquotes, which took minutes to index
    // (100,000 links on one line and 3,000-record chains are in the unit tests of their fixes:
    // `diagnostic`, `decision::log`).
    hb.write(
        "lists.md",
        &format!("# Lists\n\n{}deep\n", "- ".repeat(100_000)),
    );
    hb.write(
        "quotes.md",
        &format!("# Quotes\n\n{} deep\n", ">".repeat(100_000)),
    );
    // A 30-record supersession cycle: reported once, not 30 times with 30 names each.
    let n = 30;
    for i in 1..=n {
        let next = i % n + 1;
        hb.write(
            &format!("decisions/{i:04}-r{i}.md"),
            &format!(
                "# {i}. R{i}\n\nDate: 2024-01-01\n\n## Status\n\nSuperseded by [{next}. R{next}]({next:04}-r{next}.md)\n"
            ),
        );
    }
    let started = std::time::Instant::now();
    let run = hb.run(&["build", "."]);
    let elapsed = started.elapsed();
    run.assert_code(1);
    assert!(elapsed < std::time::Duration::from_secs(60), "{elapsed:?}");
    let cycles = run.stderr.matches("supersession cycle").count();
    assert_eq!(cycles, 1, "{}", &run.stderr[..run.stderr.len().min(2000)]);
    assert!(
        run.stderr.len() < 100_000,
        "{} bytes of diagnostics",
        run.stderr.len()
    );
    eprintln!("hostile pages built in {elapsed:?}");
}

#[test]
fn utf16_and_latin1_pages_are_read_with_a_warning_each() {
    let hb = Handbook::new().file("index.md", "# Home\n\n[ps](ps.md)\n");
    // What Windows PowerShell 5's `Out-File` writes: UTF-16LE with a byte order mark, CRLF.
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(
            "# Written in PowerShell\r\n\r\nCafé notes.\r\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    std::fs::write(hb.root().join("ps.md"), utf16).unwrap();
    // What an old Windows editor saves: Windows-1252 (`é`, curly quotes) on the second line.
    std::fs::write(
        hb.root().join("latin1.md"),
        b"# Notes\nCaf\xe9 au lait, \x93quoted\x94 and na\xefve.\n",
    )
    .unwrap();
    let run = hb.run(&["build", "."]);
    run.assert_code(0);
    assert!(
        run.stderr
            .contains("ps.md: warning: file is UTF-16LE, not UTF-8; it was read as UTF-16LE"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("latin1.md:2:4: warning: file is not UTF-8 (from this byte on); it was read as windows-1252"),
        "{}",
        run.stderr
    );
    let page = hb.read_out("ps/index.html");
    assert!(
        page.contains("Written in PowerShell") && page.contains("Café notes."),
        "{page}"
    );
    let latin1 = hb.read_out("latin1/index.html");
    assert!(
        latin1.contains("Café au lait, “quoted” and naïve."),
        "{latin1}"
    );
    // The rest of the site is built; the link to the UTF-16 page resolves.
    assert!(hb.read_out("index.html").contains("href=\"ps/\""));
}
