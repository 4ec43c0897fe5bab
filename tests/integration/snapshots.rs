//! Snapshots of the rendered `<main>` of one fixture page of each kind (page, section, decision
//! record, decision log, health page), so that a change to the templates or the Markdown writer
//! shows up in review as a diff of the HTML it produces.
//!
//! The snapshots live in `tests/integration/snapshots/`. After an intended change, regenerate them
//! with `INSTA_UPDATE=always cargo test --test integration snapshots::` (or `cargo insta review`
//! / `cargo insta accept` when cargo-insta is installed) and read the diff before committing it.

use crate::support::{Handbook, main_of};

/// One handbook with every kind of page. Every date is fixed (front matter `updated`, record
/// dates, `HANDBOOK_TODAY`), so the output does not depend on the clock or on file times.
fn fixture() -> Handbook {
    Handbook::new()
        .file(
            "handbook.yml",
            "title: Snapshots\nreview_every: 6 months\nproposed_for: 30d\n",
        )
        .file(
            "index.md",
            "---\nupdated: 2026-11-01\n---\n# Snapshots\n\nStart with the [guide](guide/index.md) or the [decisions](decisions/index.md).\n",
        )
        .file(
            "guide/index.md",
            "---\nowner: Docs\nreviewed: 2026-10-01\nupdated: 2026-10-01\n---\n# Guide\n\nHow we work, in three pages.\n",
        )
        .file(
            "guide/setup.md",
            concat!(
                "---\nowner: \"@ana\"\nreviewed: 2025-01-15\nupdated: 2025-01-15\ntags: [onboarding]\n---\n",
                "# Setting up\n\n",
                "Read [the review guide](review.md#who-reviews) first.\n\n",
                "## Tools\n\n",
                "> [!NOTE]\n> Ask in #help when stuck.\n\n",
                "```sh\ncargo install handbook\n```\n\n",
                "| tool | why |\n| --- | --- |\n| git | history |\n\n",
                "- [x] laptop\n- [ ] keys\n\n",
                "A footnote.[^1]\n\n[^1]: With a note.\n",
            ),
        )
        .file(
            "guide/review.md",
            "---\nowner: Docs\nreviewed: 2026-11-01\nupdated: 2026-11-01\n---\n# Reviews\n\n## Who reviews\n\nSee [ADR 2](../decisions/0002-use-snapshots.md) and the [setup](setup.md).\n",
        )
        .file(
            "decisions/index.md",
            "---\nupdated: 2026-09-01\n---\n# Decisions\n\nWhy things are the way they are.\n",
        )
        .file(
            "decisions/0001-record-decisions.md",
            "# 1. Record decisions\n\nDate: 2026-01-05\n\n## Status\n\nSuperseded by [2. Use snapshots](0002-use-snapshots.md)\n\n## Context\n\nWe forget why.\n\n## Decision\n\nWrite records.\n\n## Consequences\n\nMore files.\n",
        )
        .file(
            "decisions/0002-use-snapshots.md",
            "---\nstatus: accepted\ndate: 2026-03-10\ntags: [testing]\nsupersedes: [1]\ndeciders: [\"@ana\", \"@bo\"]\n---\n# Use snapshots\n\n## Context and Problem Statement\n\nTemplate changes go unseen.\n\n## Decision Outcome\n\nChosen option: snapshot the HTML, because review sees it.\n",
        )
        .file(
            "decisions/0003-stale-proposal.md",
            "# 3. A stale proposal\n\nDate: 2026-08-01\n\n## Status\n\nProposed\n\n## Context\n\nOpen.\n\n## Decision\n\nNone yet.\n\n## Consequences\n\nWaiting.\n",
        )
}

#[test]
fn main_html_of_each_kind_of_page() {
    let hb = fixture();
    let run = hb.run(&["build", "."]);
    run.assert_code(0);
    let pages = [
        ("page", "guide/setup/index.html"),
        ("section", "guide/index.html"),
        ("decision", "decisions/0002-use-snapshots/index.html"),
        ("decision_log", "decisions/index.html"),
        ("health", "health/index.html"),
    ];
    for (kind, rel) in pages {
        let html = hb.read_out(rel);
        let mut settings = insta::Settings::clone_current();
        // `snapshots/<kind>.snap`, headed by the output file it was taken from.
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_description(rel);
        settings.bind(|| insta::assert_snapshot!(kind, main_of(&html)));
    }
}
