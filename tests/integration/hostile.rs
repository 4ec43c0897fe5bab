//! Hostile input and faults (issue #14): each test starts from a folder of `tests/hostile/`,
//! adds what git cannot hold (links, generated sizes), and asserts the binary stays safe.

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
    let check = hb.run(&["check", "."]);
    assert!(
        check.stderr.contains("index.md:11:1: warning"),
        "{}",
        check.stderr
    );
}
