//! Parser tests for every format, with short inline records (the literal headers of
//! `decision-formats.md`), plus the shared helpers the log tests use.

use super::*;
use crate::diagnostic::Severity;

/// Parses `text` as the loader does: the loader's own front-matter splitter and parser (YAML
/// or TOML), with keys mapped to file lines.
pub(crate) fn parse_text(rel_path: &str, text: &str) -> ParsedDecision {
    let (raw, _) = crate::load::frontmatter::parse_raw(rel_path, text);
    let line_of = |key: &str| raw.line_of(key);
    parse_decision(&DecisionInput {
        rel_path,
        text,
        front_matter: &raw.fields,
        front_matter_line_of: &line_of,
        body_offset: raw.body_offset,
    })
}

/// Parses and unwraps the decision (tests only).
pub(crate) fn decision(rel_path: &str, text: &str) -> Decision {
    match parse_text(rel_path, text).decision {
        Some(d) => d,
        None => panic!("{rel_path} was taken for a template"),
    }
}

fn codes(p: &ParsedDecision) -> Vec<&'static str> {
    p.diagnostics.iter().map(|d| d.code).collect()
}

const NYGARD: &str = "# 2. Second Record

Date: 1992-01-12

## Status

Accepted

Supercedes [1. First Record](0001-first-record.md)

## Context

Records get lost.

## Decision

Keep them.

## Consequences

Easier to find.
";

#[test]
fn nygard_adr_tools_header() {
    let p = parse_text("doc/adr/0002-second-record.md", NYGARD);
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    let Some(d) = p.decision else { return };
    assert_eq!(d.format, DecisionFormat::Nygard);
    assert_eq!(d.id, "0002-second-record");
    assert_eq!(d.number, Some(2));
    assert_eq!(d.title, "Second Record");
    assert_eq!(d.status, Some(Status::Accepted));
    assert_eq!(d.status_line, 7);
    assert_eq!(d.date, NaiveDate::from_ymd_opt(1992, 1, 12));
    assert_eq!(d.relations.len(), 1);
    assert_eq!(d.relations[0].kind, RelationKind::Supersedes);
    assert_eq!(d.relations[0].line, 9);
    assert_eq!(
        d.relations[0].target,
        DecisionRef::Path("0001-first-record.md".into())
    );
    assert_eq!(d.context.as_deref(), Some("Records get lost."));
    assert_eq!(d.decision_summary.as_deref(), Some("Keep them."));
    assert_eq!(d.trade_offs, ["Easier to find."]);
}

#[test]
fn nygard_variants() {
    let d = decision(
        "adr-004-module-loading.md",
        "# Architecture Decision Record: Module Loading\n\n## Context\n\nx\n\n## Status\n\nPROPOSED\n",
    );
    assert_eq!((d.number, d.title.as_str()), (Some(4), "Module Loading"));
    assert_eq!(d.status, Some(Status::Proposed));

    let d = decision(
        "x/ADR-012-foo.md",
        "# ADR 12: Use Foo\n\nDate: 14/02/2018\n\n## Status\n\nAmended by [13. Bar](ADR-013-bar.md)\n\nAccepted\n",
    );
    assert_eq!((d.number, d.title.as_str()), (Some(12), "Use Foo"));
    assert_eq!(d.date, NaiveDate::from_ymd_opt(2018, 2, 14));
    assert_eq!(d.status, Some(Status::Accepted));
    assert_eq!(d.relations[0].kind, RelationKind::AmendedBy);

    let d = decision(
        "0005-x.md",
        "# 5. X\n\nDate: 2019-05-13, updated 2023-02-05 (typo)\n\n## Status\n\nSuperceded by [6. Y](0006-y.md)\n",
    );
    assert_eq!(d.date, NaiveDate::from_ymd_opt(2019, 5, 13));
    assert_eq!(d.status, Some(Status::Superseded));
    assert_eq!(d.relations[0].kind, RelationKind::SupersededBy);
}

#[test]
fn nygard_status_as_h1_and_placeholder_number() {
    let d = decision(
        "0028-x.md",
        "# n. Portfolio\n\nDate: 2025-05-29\n\n# Status\n\nApproved\n\n## Context\n\nc\n",
    );
    assert_eq!((d.number, d.title.as_str()), (Some(28), "Portfolio"));
    assert_eq!(d.status, Some(Status::Accepted));
    assert_eq!(d.status_raw.as_deref(), Some("Approved"));
}

#[test]
fn number_mismatch_and_invalid_date() {
    let p = parse_text(
        "0033-ip-ranges.md",
        "# 3. Networking\n\nDate: 2023-13-10\n\n## Status\n\nPending\n",
    );
    assert_eq!(
        codes(&p),
        ["decision-number-mismatch", "decision-invalid-date"]
    );
    assert_eq!(p.decision.and_then(|d| d.number), Some(33));
}

#[test]
fn madr2_header() {
    let text = "# Use Foo

* Status: accepted <!-- optional -->
* Deciders: Ana, Bo <!-- optional -->
* Date: 2020-02-03 <!-- optional -->

Technical Story: [ticket](https://example.com/1) <!-- optional -->

## Context and Problem Statement

Why foo?

## Considered Options

* Foo
* Bar

## Decision Outcome

Chosen option: \"Foo\", because it is simple.

### Positive Consequences

* Simple

### Negative Consequences

* Slow
";
    let p = parse_text("docs/adr/0001-use-foo.md", text);
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    let Some(d) = p.decision else { return };
    assert_eq!(d.format, DecisionFormat::Madr2);
    assert_eq!(d.status, Some(Status::Accepted));
    assert_eq!(d.deciders, ["Ana", "Bo"]);
    assert_eq!(d.discussion.as_deref(), Some("https://example.com/1"));
    assert_eq!(d.alternatives, ["Foo", "Bar"]);
    assert_eq!(d.trade_offs, ["Simple", "Slow"]);
    assert_eq!(
        d.decision_summary.as_deref(),
        Some("Chosen option: \"Foo\", because it is simple.")
    );
}

#[test]
fn madr3_front_matter() {
    let text = "---
status: accepted
date: 2022-11-02
deciders: Ana, Bo
consulted: [Cy]
informed: [Di, Ed]
---
# Use Foo

## Context and Problem Statement

Why foo?

## Considered Options

* Foo
* Bar

## Decision Outcome

Chosen option: \"Foo\".

### Consequences

* Good, because simple
* Bad, because slow
";
    let d = decision("docs/decisions/0003-use-foo.md", text);
    assert_eq!(d.format, DecisionFormat::Madr3);
    assert_eq!(d.status, Some(Status::Accepted));
    assert_eq!(d.status_line, 2);
    assert_eq!(d.deciders, ["Ana", "Bo"]);
    assert_eq!(d.consulted, ["Cy"]);
    assert_eq!(d.informed, ["Di", "Ed"]);
    assert_eq!(d.title_line, 8);
    assert_eq!(d.trade_offs, ["Good, because simple", "Bad, because slow"]);
}

#[test]
fn madr4_front_matter_and_superseded_by_id() {
    let text = "---
status: \"superseded by ADR-0123\"
date: 2024-09-01
decision-makers: [Ana]
---

# Use Foo

## Context and Problem Statement

x

## Decision Outcome

y

### Confirmation

z

## Pros and Cons of the Options

### Foo

* Good, because a

### Bar

* Bad, because b
";
    let d = decision("docs/decisions/0004-use-foo.md", text);
    assert_eq!(d.format, DecisionFormat::Madr4);
    assert_eq!(d.status, Some(Status::Superseded));
    assert_eq!(d.relations[0].target, DecisionRef::Number(123));
    assert_eq!(d.deciders, ["Ana"]);
    assert_eq!(d.alternatives, ["Foo", "Bar"]);
    assert_eq!(
        d.trade_offs,
        ["Foo: Good, because a", "Bar: Bad, because b"]
    );
}

#[test]
fn madr_without_metadata_warns_twice() {
    let p = parse_text(
        "docs/decisions/0002-x.md",
        "---\nparent: Decisions\nnav_order: 2\n---\n# Do X\n\n## Context and Problem Statement\n\nq\n\n## Considered Options\n\n* A\n",
    );
    assert_eq!(
        codes(&p),
        ["decision-missing-status", "decision-missing-date"]
    );
    assert!(
        p.diagnostics
            .iter()
            .all(|d| d.line == 5 && d.severity == Severity::Warning)
    );
}

#[test]
fn log4brains_header() {
    let text = "# Use the ADR slug

This is an intro.

- Status: superseded by [20201016-use-the-slug](20201016-use-the-slug.md)
- Deciders: John Doe, Foo bar
- Date: 2020-09-26
- Tags: [identity-platform, cip groups]

## Context and Problem Statement

Lorem.
";
    let d = decision("docs/adr/20200926-use-the-adr-slug.md", text);
    assert_eq!(d.format, DecisionFormat::Log4brains);
    assert_eq!(d.id, "20200926-use-the-adr-slug");
    assert_eq!(d.number, None);
    assert_eq!(d.status, Some(Status::Superseded));
    // Commas separate tags when there are any: `cip groups` is one tag.
    assert_eq!(d.tags, ["identity-platform", "cip groups"]);
    assert_eq!(d.deciders, ["John Doe", "Foo bar"]);
    assert_eq!(d.date, NaiveDate::from_ymd_opt(2020, 9, 26));
    assert_eq!(d.relations[0].line, 5);

    let d = decision(
        "a/20201030-draft.md",
        "# Draft\n\n- Status: draft\n- Date: 2020-10-30\n",
    );
    assert_eq!(d.status, Some(Status::Draft));
}

#[test]
fn log4brains_without_title_or_metadata() {
    let p = parse_text(
        "a/20200102-adr-without-title.md",
        "- Deciders: John\n- Date: 2020-01-02\n\n## Context and Problem Statement\n\nx\n",
    );
    assert_eq!(
        codes(&p),
        ["decision-missing-title", "decision-missing-status"]
    );
    let d = p.decision.as_ref().map(|d| d.title.as_str());
    assert_eq!(d, Some("20200102-adr-without-title"));
    let p = parse_text(
        "a/20201028-no-metadata.md",
        "# No metadata\n\n## Context and Problem Statement\n\nx\n",
    );
    assert_eq!(
        p.decision.map(|d| d.format),
        Some(DecisionFormat::Log4brains)
    );
}

#[test]
fn native_front_matter() {
    let text = "---
title: Use Postgres
status: accepted
date: 2024-02-13
deciders: [Ana, Bo]
tags: [db]
supersedes: [\"ADR-7\", 0006-use-mysql.md]
amends: 3
discussion: https://example.com/pr/1
owner: Ana
alternatives: [MySQL, SQLite]
trade_offs: [\"Good, because mature\"]
---

Body text.
";
    let p = parse_text("decisions/0008-use-postgres.md", text);
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    let Some(d) = p.decision else { return };
    assert_eq!(d.format, DecisionFormat::FrontMatter);
    assert_eq!(d.title, "Use Postgres");
    assert_eq!(d.title_line, 2);
    assert_eq!(d.number, Some(8));
    assert_eq!(d.tags, ["db"]);
    assert_eq!(d.owner.as_deref(), Some("Ana"));
    assert_eq!(d.alternatives, ["MySQL", "SQLite"]);
    assert_eq!(d.trade_offs, ["Good, because mature"]);
    let targets: Vec<_> = d
        .relations
        .iter()
        .map(|r| (r.kind, r.target.clone()))
        .collect();
    assert_eq!(
        targets,
        [
            (RelationKind::Supersedes, DecisionRef::Number(7)),
            (
                RelationKind::Supersedes,
                DecisionRef::Path("0006-use-mysql.md".into())
            ),
            (RelationKind::Amends, DecisionRef::Number(3)),
        ]
    );
    assert_eq!(d.relations[0].line, 7);
    let json = serde_json::to_value(&d).unwrap_or_default();
    assert_eq!(json["date"], "2024-02-13");
    assert_eq!(json["format"], "front-matter");
    assert_eq!(json["status"], "accepted");
}

#[test]
fn templates_are_left_out() {
    for (path, text) in [
        ("docs/adr/template.md", "# Whatever\n"),
        ("docs/decisions/adr-template.md", "# Title\n"),
        (
            "x/0001-a.md",
            "# {short title of solved problem and solution}\n",
        ),
        (
            "x/0001-a.md",
            "# [short title of solved problem and solution]\n\n* Status: [proposed | accepted]\n",
        ),
        (
            "x/0001-a.md",
            "# <!-- short title, representative of solved problem -->\n",
        ),
    ] {
        let p = parse_text(path, text);
        assert!(p.decision.is_none(), "{path}: {text}");
        assert_eq!(codes(&p), ["decision-template"]);
        assert_eq!(p.diagnostics[0].severity, Severity::Note);
    }
    assert!(is_template("a/b.md", ""));
    assert!(!is_template("a/0001-b.md", "Use Foo"));
}

#[test]
fn placeholders_warn_and_count_as_missing() {
    let p = parse_text(
        "x/0001-a.md",
        "# Use Foo\n\n* Status: [proposed | rejected | accepted | deprecated | … | superseded by [ADR-0005](0005-example.md)]\n* Date: [YYYY-MM-DD when the decision was last updated]\n",
    );
    assert_eq!(codes(&p), ["decision-placeholder", "decision-placeholder"]);
    let d = p.decision.as_ref();
    assert_eq!(d.and_then(|d| d.status.clone()), None);
    assert_eq!(d.and_then(|d| d.date), None);

    // MADR 3's `{a | b}` is a YAML mapping once parsed.
    let p = parse_text(
        "x/0001-a.md",
        "---\nstatus: {proposed | accepted}\ndate: 2020-01-01\n---\n# Use Foo\n\n## Decision Outcome\n\nx\n",
    );
    assert_eq!(codes(&p), ["decision-placeholder"]);
    assert_eq!(p.diagnostics[0].line, 2);
}

#[test]
fn unknown_status_is_kept_with_help() {
    let p = parse_text(
        "x/0001-a.md",
        "---\nstatus: on hold\ndate: 2020-01-01\n---\n# A\n\n## Context and Problem Statement\n\nx\n",
    );
    assert_eq!(codes(&p), ["decision-unknown-status"]);
    assert!(
        p.diagnostics[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("proposed")
    );
    assert_eq!(
        p.decision.and_then(|d| d.status),
        Some(Status::Custom("on hold".into()))
    );
}

#[test]
fn prose_supersession_in_the_preamble_is_partial() {
    let d = decision(
        "adr-017-x.md",
        "# Architecture Decision Record: X\n\nNote: this ADR supersedes some aspects of [ADR-15](adr-015-a.md) and [ADR-16](adr-016-b.md).\n\n## Status\n\nPROPOSED\n",
    );
    assert_eq!(d.relations.len(), 2);
    assert!(
        d.relations
            .iter()
            .all(|r| r.partial && r.kind == RelationKind::Supersedes)
    );
}

#[test]
fn number_schemes() {
    assert_eq!(number_from_filename("0002-use-postgres"), Some(2));
    assert_eq!(number_from_filename("adr-012-foo"), Some(12));
    assert_eq!(number_from_filename("ADR-027-foo"), Some(27));
    assert_eq!(number_from_filename("004-bucket"), Some(4));
    assert_eq!(number_from_filename("20200101-first-adr"), None);
    assert_eq!(number_from_filename("2020-01-02-first"), None);
    assert_eq!(number_from_filename("use-postgres"), None);
    assert_eq!(number_from_filename("0011-Login-gov"), Some(11));
    assert_eq!(
        date_from_filename("2020-01-02-first"),
        NaiveDate::from_ymd_opt(2020, 1, 2)
    );
}

#[test]
fn iso_date_filename_is_the_date_fallback() {
    let p = parse_text(
        "x/2021-03-04-use-foo.md",
        "---\ntitle: Use foo\nstatus: accepted\n---\n\nx\n",
    );
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    assert_eq!(
        p.decision.and_then(|d| d.date),
        NaiveDate::from_ymd_opt(2021, 3, 4)
    );
}

#[test]
fn title_forms() {
    assert_eq!(split_title("12. Title"), (Some(12), false, "Title".into()));
    assert_eq!(
        split_title("ADR-012: Title"),
        (Some(12), false, "Title".into())
    );
    assert_eq!(
        split_title("ADR 7 - Title"),
        (Some(7), false, "Title".into())
    );
    assert_eq!(split_title("n. Title"), (None, true, "Title".into()));
    assert_eq!(
        split_title("2023 Roadmap"),
        (None, false, "2023 Roadmap".into())
    );
    assert_eq!(
        split_title("Adrenaline"),
        (None, false, "Adrenaline".into())
    );
}

#[test]
fn odd_input_never_panics() {
    for text in [
        "",
        "#",
        "---\n",
        "# é\n\n* Status:\n* Date: 31/02/2020\n",
        "## Status\n\n[",
        "# 99999999999. x\n\nDate: 9999-99-99",
        "\u{feff}# x\r\n\r\n## Status\r\n\r\nAccepted\r\n",
    ] {
        let _ = parse_text("a/é.md", text);
        let input_fm = Map::new();
        let line_of = |_: &str| 0;
        let _ = parse_decision(&DecisionInput {
            rel_path: "",
            text,
            front_matter: &input_fm,
            front_matter_line_of: &line_of,
            body_offset: usize::MAX,
        });
    }
}

#[test]
fn log4brains_metadata_variants_from_the_wild() {
    let text = "# Derive keys per tenant

- Status: accepted
- Decider: Jane Doe
- Date: [2022-10-05]
- Tags: key management, key derivation

## Context and Problem Statement

Keys.
";
    let p = parse_text("docs/adr/20221001-derive-keys.md", text);
    assert!(codes(&p).is_empty(), "{:?}", p.diagnostics);
    let d = p.decision.unwrap();
    assert_eq!(d.date, NaiveDate::from_ymd_opt(2022, 10, 5));
    assert_eq!(d.deciders, ["Jane Doe"]);
    assert_eq!(d.tags, ["key management", "key derivation"]);

    // No colon after `Date`.
    let d = decision(
        "docs/adr/20230901-x.md",
        "# X\n\n- Status: accepted\n- Date 2023-09-26\n\n## Context and Problem Statement\n\nx\n",
    );
    assert_eq!(d.date, NaiveDate::from_ymd_opt(2023, 9, 26));

    // No date at all: the `YYYYMMDD-` file name is the day the record was created.
    let p = parse_text(
        "docs/adr/20230114-use-vault.md",
        "# Use Vault\n\n- Status: proposed\n\n## Context and Problem Statement\n\nx\n",
    );
    assert!(!codes(&p).contains(&"decision-missing-date"));
    assert_eq!(
        p.decision.unwrap().date,
        NaiveDate::from_ymd_opt(2023, 1, 14)
    );

    // The template's bracketed placeholder is still a placeholder.
    let p = parse_text(
        "docs/adr/x.md",
        "# X\n\n- Status: accepted\n- Date: [YYYY-MM-DD when the decision was last updated]\n",
    );
    assert!(codes(&p).contains(&"decision-placeholder"));
}

#[test]
fn a_reverted_status_keeps_its_discussion_and_a_clean_label() {
    let text = "# 12. Use Redis for sessions

Date: 2023-02-01

## Status

Reverted by [discussion #1198](https://github.com/example/app/discussions/1198)

## Context

x
";
    let p = parse_text("doc/adr/0012-use-redis.md", text);
    assert!(codes(&p).is_empty(), "{:?}", p.diagnostics);
    let d = p.decision.unwrap();
    assert_eq!(d.status, Some(Status::Reverted));
    assert_eq!(
        d.discussion.as_deref(),
        Some("https://github.com/example/app/discussions/1198")
    );
    assert!(d.relations.is_empty());
}

#[test]
fn summaries_skip_the_status_and_keep_the_list_a_colon_announces() {
    let d = decision(
        "doc/adr/0004-x.md",
        "# 4. X\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n## Decision\n\nProposed. We will move to team channels.\n",
    );
    assert_eq!(
        d.decision_summary.as_deref(),
        Some("We will move to team channels.")
    );
    let d = decision(
        "doc/adr/0005-y.md",
        "# 5. Y\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n## Decision\n\nWe will use:\n\n- Postgres for records;\n- Redis for sessions.\n\nMore prose.\n",
    );
    assert_eq!(
        d.decision_summary.as_deref(),
        Some("We will use: Postgres for records; Redis for sessions.")
    );
    // A sentence that merely starts with a status-like word is kept whole.
    assert_eq!(
        without_leading_status("Accepted practice is to ..."),
        "Accepted practice is to ..."
    );
    assert_eq!(
        without_leading_status("Draft-quality builds ship."),
        "Draft-quality builds ship."
    );
    assert_eq!(without_leading_status("Accepted - we move."), "we move.");
}

#[test]
fn the_card_ranges_cover_metadata_but_keep_status_prose() {
    let text = "# 7. Use queues

Date: 2021-05-01

## Status

Accepted

Amends [5. Help](0005-help.md)

We agreed on this at the March offsite, after two trials.

## Context

x
";
    let d = decision("doc/adr/0007-use-queues.md", text);
    let body_start = 0;
    let hidden: Vec<&str> = d
        .card_ranges
        .iter()
        .map(|r| text[body_start + r.start..body_start + r.end].trim())
        .collect();
    assert!(hidden.contains(&"Date: 2021-05-01"), "{hidden:?}");
    assert!(hidden.contains(&"Accepted"), "{hidden:?}");
    assert!(
        hidden.contains(&"Amends [5. Help](0005-help.md)"),
        "{hidden:?}"
    );
    // The prose of the status section stays, and so does its heading.
    assert!(
        !hidden
            .iter()
            .any(|h| h.contains("offsite") || h.starts_with("## Status"))
    );

    let madr2 = "# Use X\n\n* Status: accepted\n* Deciders: Ana\n* Date: 2020-01-01\n\nTechnical Story: https://example.org/1\n\n## Context and Problem Statement\n\nx\n";
    let d = decision("docs/adr/0001-use-x.md", madr2);
    let hidden: Vec<&str> = d
        .card_ranges
        .iter()
        .map(|r| madr2[r.clone()].trim())
        .collect();
    assert_eq!(
        hidden,
        [
            "* Status: accepted",
            "* Deciders: Ana",
            "* Date: 2020-01-01",
            "Technical Story: https://example.org/1"
        ]
    );
}

#[test]
fn design_documents_with_status_front_matter_are_records() {
    // GitLab handbook style: a section's `_index.md`, Hugo front matter, no number.
    let text = "---
title: Cells
status: ongoing
creation-date: \"2022-09-07\"
authors: [ \"@ayufan\", \"@fzimmer\" ]
coach: \"@ayufan\"
owning-stage: \"~devops::data stores\"
---

## Summary

Cells is a new architecture.
";
    let p = parse_text("design-documents/cells/_index.md", text);
    assert!(codes(&p).is_empty(), "{:?}", p.diagnostics);
    let d = p.decision.unwrap();
    assert_eq!(d.id, "cells");
    assert_eq!(d.title, "Cells");
    assert_eq!(d.status, Some(Status::Accepted));
    assert_eq!(d.status_label.as_deref(), Some("Ongoing"));
    assert_eq!(d.date, NaiveDate::from_ymd_opt(2022, 9, 7));
    assert_eq!(d.deciders, ["@ayufan", "@fzimmer"]);

    // TOML front matter (Hugo) through the same splitter.
    let d = decision(
        "design-documents/queues/index.md",
        "+++\ntitle = \"Queues\"\nstatus = \"implemented\"\ncreation-date = \"2021-01-02\"\n+++\n\nBody.\n",
    );
    assert_eq!(d.status, Some(Status::Accepted));
    assert_eq!(d.status_label.as_deref(), Some("Implemented"));
    assert_eq!(d.id, "queues");
}

#[test]
fn a_numbered_record_folder_takes_its_number_from_the_folder() {
    let d = decision(
        "docs/decisions/0000-use-madr/index.md",
        "---\nstatus: accepted\ndate: 2017-12-01\n---\n\n# Use MADR\n\n## Context and Problem Statement\n\nx\n",
    );
    assert_eq!(d.number, Some(0));
    assert_eq!(d.id, "0000-use-madr");
}

#[test]
fn relation_lines_of_a_links_section_are_in_the_card_not_the_body() {
    let text = "# Use OAuth

* Status: accepted
* Date: 2021-03-04

## Context and Problem Statement

x

## Links

* Supersedes [ADR-0003](0003-old-auth.md)
* Relates to [RFC-0016](https://example.org/rfcs/16)
";
    let d = decision("docs/adr/0004-use-oauth.md", text);
    let hidden: Vec<&str> = d
        .card_ranges
        .iter()
        .map(|r| text[r.clone()].trim())
        .collect();
    assert!(hidden.contains(&"## Links"), "{hidden:?}");
    assert!(
        hidden.contains(&"* Supersedes [ADR-0003](0003-old-auth.md)"),
        "{hidden:?}"
    );
    assert_eq!(d.relations.len(), 2);

    // A Links section with other prose keeps its heading and that prose.
    let text = "# X\n\n* Status: accepted\n\n## Links\n\n* Supersedes [ADR-0003](0003-x.md)\n* [Our wiki page](https://wiki.example.org/x)\n";
    let d = decision("docs/adr/0005-x.md", text);
    let hidden: Vec<&str> = d
        .card_ranges
        .iter()
        .map(|r| text[r.clone()].trim())
        .collect();
    assert!(!hidden.contains(&"## Links"), "{hidden:?}");
    assert!(!hidden.iter().any(|h| h.contains("wiki")), "{hidden:?}");
}
