//! `handbook check` and the link graph.

use crate::support::{Handbook, main_of};

#[test]
fn example_handbook_checks_clean() {
    let hb = Handbook::copy_of(&crate::support::repo_root().join("example-handbook"));
    let run = hb.run(&["check", "."]);
    run.assert_code(0);
    assert!(run.stderr.contains("no problems"), "{}", run.stderr);
    assert!(!hb.out().exists(), "check writes nothing");
}

#[test]
fn backlinks_are_shown_in_title_order() {
    let hb = Handbook::new()
        .file("target.md", "# Target\n")
        .file(
            "b.md",
            "# Beta\n\n[t](target.md) and again [t](target.md)\n",
        )
        .file("a.md", "# Alpha\n\n[t](target.md)\n");
    hb.build_ok();
    let main = main_of(&hb.read_out("target/index.html")).to_string();
    let start = main.find("Referenced by").expect("backlinks section");
    let refs = &main[start..start + main[start..].find("</section>").unwrap()];
    let alpha = refs.find(">Alpha<").unwrap();
    let beta = refs.find(">Beta<").unwrap();
    assert!(alpha < beta);
    assert_eq!(refs.matches(">Beta<").count(), 1);
}
