//! Tests of the cross-record rules and of writing and marking records.

use super::*;
use crate::decision::DecisionId as Id;
use crate::decision::tests::{decision, parse_text};

fn nygard(n: u32, title: &str, status: &str) -> Decision {
    let file = format!("doc/adr/{n:04}-{}.md", slugify(title));
    decision(
        &file,
        &format!(
            "# {n}. {title}\n\nDate: 2020-01-0{}\n\n## Status\n\n{status}\n",
            n % 9 + 1
        ),
    )
}

fn codes(diags: &[Diagnostic]) -> Vec<Code> {
    diags.iter().map(|d| d.code).collect()
}

#[test]
fn one_sided_supersession_is_inferred() {
    let mut log = vec![
        nygard(1, "First", "Superseded by [2. Second](0002-second.md)"),
        nygard(2, "Second", "Accepted"),
    ];
    let diags = link_decisions(&mut log);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(log[0].relations[0].resolved, Some(Id(1)));
    let back = &log[1].relations[0];
    assert_eq!(
        (back.kind, back.inferred, back.resolved),
        (RelationKind::Supersedes, true, Some(Id(0)))
    );
    assert_eq!(back.target, DecisionRef::Number(1));
    assert_eq!(supersession_chain(&log, Id(1)), (vec![Id(0)], vec![]));
    assert_eq!(supersession_chain(&log, Id(0)), (vec![], vec![Id(1)]));
    // Idempotent.
    assert!(link_decisions(&mut log).is_empty());
    assert_eq!(log[1].relations.len(), 1);
}

#[test]
fn both_sides_written_agree() {
    let mut log = vec![
        nygard(1, "First", "Superseded by [2. Second](./0002-second.md)"),
        nygard(
            2,
            "Second",
            "Accepted\n\nSupersedes [1. First](../adr/0001-FIRST.MD)",
        ),
    ];
    assert!(link_decisions(&mut log).is_empty());
    assert!(log.iter().all(|d| d.relations.iter().all(|r| !r.inferred)));
}

#[test]
fn status_mismatch_and_missing_successor() {
    let mut log = vec![
        nygard(1, "First", "Accepted"),
        nygard(
            2,
            "Second",
            "Accepted\n\nSupersedes [1. First](0001-first.md)",
        ),
        nygard(3, "Third", "Superseded"),
    ];
    let diags = link_decisions(&mut log);
    assert_eq!(
        codes(&diags),
        [
            Code::DecisionStatusMismatch,
            Code::DecisionSupersededWithoutSuccessor
        ]
    );
    assert_eq!(diags[0].file, "doc/adr/0001-first.md");
}

#[test]
fn disagreeing_sides_warn() {
    let mut log = vec![
        nygard(1, "First", "Superseded by [3. Third](0003-third.md)"),
        nygard(
            2,
            "Second",
            "Accepted\n\nSupersedes [1. First](0001-first.md)",
        ),
        nygard(3, "Third", "Accepted"),
    ];
    let diags = link_decisions(&mut log);
    assert_eq!(codes(&diags), [Code::DecisionRelationMismatch]);
    assert_eq!(diags[0].file, "doc/adr/0002-second.md");
}

#[test]
fn broken_relation_suggests_a_name() {
    let mut log = vec![
        nygard(1, "First", "Superseded by [2. Second](0002-secnd.md)"),
        nygard(2, "Second", "Accepted"),
    ];
    let diags = link_decisions(&mut log);
    assert_eq!(codes(&diags)[0], Code::DecisionBrokenRelation);
    assert_eq!(diags[0].line, 7);
    assert_eq!(
        diags[0].help.as_deref(),
        Some("did you mean `doc/adr/0002-second.md`?")
    );
}

#[test]
fn duplicates_and_cycles() {
    let mut log = vec![
        nygard(1, "First", "Superseded by [2. Second](0002-second.md)"),
        nygard(2, "Second", "Superseded by [1. First](0001-first.md)"),
        decision(
            "doc/adr/0002-other.md",
            "# 2. Other\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n",
        ),
    ];
    let diags = link_decisions(&mut log);
    let c = codes(&diags);
    assert_eq!(
        c.iter()
            .filter(|c| **c == Code::DecisionDuplicateNumber)
            .count(),
        2
    );
    assert_eq!(
        c.iter()
            .filter(|c| **c == Code::DecisionRelationCycle)
            .count(),
        1,
        "a cycle is reported once"
    );
    assert!(diags[0].message.contains("0002-"));
    let (before, after) = supersession_chain(&log, Id(0));
    assert!(before.len() <= 2 && after.len() <= 2);
}

#[test]
fn a_long_chain_and_a_long_cycle_stay_linear_and_print_once() {
    let n = 3000;
    let record = |i: u32, next: u32| {
        let title = format!("R{i}");
        let next_file = format!("{next:04}-r{next}.md");
        nygard(
            i,
            &title,
            &format!("Superseded by [{next}. R{next}]({next_file})"),
        )
    };
    // 1 -> 2 -> ... -> n -> 1
    let mut cycle: Vec<Decision> = (1..=n).map(|i| record(i, i % n + 1)).collect();
    let started = std::time::Instant::now();
    let diags = link_decisions(&mut cycle);
    let cycles: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.code == Code::DecisionRelationCycle)
        .collect();
    assert_eq!(cycles.len(), 1);
    assert!(cycles[0].message.len() < 400, "{}", cycles[0].message);
    assert!(cycles[0].message.contains("more)"), "{}", cycles[0].message);
    // A chain: 1 -> 2 -> ... -> n, the last one accepted.
    let mut chain: Vec<Decision> = (1..n).map(|i| record(i, i + 1)).collect();
    chain.push(nygard(n, &format!("R{n}"), "Accepted"));
    link_decisions(&mut chain);
    let (before, after) = supersession_chain(&chain, Id((n / 2) as usize));
    assert_eq!((before.len(), after.len()), (CHAIN_SHOWN, CHAIN_SHOWN));
    // Linear: seconds in a debug build; the quadratic version took minutes.
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

#[test]
fn slug_links_resolve_across_packages() {
    let mut log = vec![
        decision(
            "docs/adr/20200101-first-adr.md",
            "# First\n\n- Status: accepted\n- Date: 2020-01-01\n",
        ),
        decision(
            "packages/p1/adr/20201028-links.md",
            "# Links\n\n- Status: accepted\n- Date: 2020-10-28\n\n## Links\n\n- Relates to [first](../../docs/adr/20200101-first-adr.md)\n- Supersedes 20200101-first-adr\n",
        ),
    ];
    let diags = link_decisions(&mut log);
    assert_eq!(log[1].relations.len(), 2);
    assert!(log[1].relations.iter().all(|r| r.resolved == Some(Id(0))));
    assert_eq!(codes(&diags), [Code::DecisionStatusMismatch]);
}

#[test]
fn numbering_and_naming() {
    let log = vec![nygard(3, "A", "Accepted"), nygard(7, "B", "Accepted")];
    assert_eq!(next_number(&log), 8);
    assert_eq!(next_number(&[]), 1);
    let date = NaiveDate::from_ymd_opt(2024, 2, 13).unwrap_or_default();
    let cases: [(&[&str], NamingScheme, &str); 6] = [
        (
            &["a/0001-x.md", "a/0002-y.md", "a/template.md"],
            NamingScheme::Padded { width: 4 },
            "0012-slash-slash-slash.md",
        ),
        (
            &["adr-001-x.md", "adr-002-y.md"],
            NamingScheme::AdrPrefix {
                upper: false,
                width: 3,
            },
            "adr-012-slash-slash-slash.md",
        ),
        (
            &["ADR-027-x.md"],
            NamingScheme::AdrPrefix {
                upper: true,
                width: 3,
            },
            "ADR-012-slash-slash-slash.md",
        ),
        (
            &["20200101-a.md", "20200102-b.md", "README.md"],
            NamingScheme::Date,
            "20240213-slash-slash-slash.md",
        ),
        (
            &["2020-01-01-a.md"],
            NamingScheme::IsoDate,
            "2024-02-13-slash-slash-slash.md",
        ),
        (
            &["use-foo.md", "use-bar.md"],
            NamingScheme::SlugOnly,
            "slash-slash-slash.md",
        ),
    ];
    for (paths, scheme, name) in cases {
        assert_eq!(detect_naming(paths), scheme, "{paths:?}");
        assert_eq!(scheme.file_name(12, date, "Slash/Slash/Slash/"), name);
    }
    assert_eq!(detect_naming(&[]), NamingScheme::Padded { width: 4 });
}

fn round_trip(format: DecisionFormat, old_path: &str, old_text: &str, new_path: &str) {
    let old = decision(old_path, old_text);
    assert_eq!(old.format, format, "{old_path}");
    let date = NaiveDate::from_ymd_opt(2024, 2, 13).unwrap_or_default();
    let new_number = crate::decision::number_from_filename(crate::decision::file_stem(new_path));
    let link = old_path.rsplit('/').next().unwrap_or(old_path).to_string();
    let text = write_new_record(format, new_number, "Use Bar", date, Some((&old, link)));
    let p = parse_text(new_path, &text);
    assert!(
        p.diagnostics.is_empty(),
        "{format:?}: {:?}\n{text}",
        p.diagnostics
    );
    let Some(new) = p.decision else { return };
    assert_eq!(new.format, format, "{text}");
    assert_eq!(
        (new.title.as_str(), new.status.clone()),
        ("Use Bar", Some(Status::Proposed))
    );
    assert_eq!(new.date, Some(date));
    assert_eq!(new.relations.len(), 1, "{text}");
    assert_eq!(new.relations[0].kind, RelationKind::Supersedes);

    let new_link = new_path.rsplit('/').next().unwrap_or(new_path);
    let marked = mark_superseded(old_text, &old, "Use Bar", new_number, new_link);
    let p = parse_text(old_path, &marked);
    assert!(
        p.diagnostics.is_empty(),
        "{format:?}: {:?}\n{marked}",
        p.diagnostics
    );
    let Some(updated) = p.decision else { return };
    assert_eq!(updated.format, format, "{marked}");
    assert_eq!(updated.status, Some(Status::Superseded), "{marked}");
    assert_eq!(updated.title, old.title);
    let mut log = vec![updated, new];
    let diags = link_decisions(&mut log);
    assert!(diags.is_empty(), "{format:?}: {diags:?}\n{marked}");
    assert_eq!(supersession_chain(&log, Id(0)), (vec![], vec![Id(1)]));
    assert!(
        log[0]
            .relations
            .iter()
            .any(|r| r.kind == RelationKind::SupersededBy && !r.inferred)
    );
}

#[test]
fn write_then_mark_round_trips_in_every_format() {
    round_trip(
        DecisionFormat::Nygard,
        "doc/adr/0001-use-foo.md",
        "# 1. Use Foo\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nx\n",
        "doc/adr/0002-use-bar.md",
    );
    round_trip(
        DecisionFormat::FrontMatter,
        "d/0001-use-foo.md",
        "---\ntitle: Use Foo\nstatus: accepted\ndate: 2020-01-01\n---\n\nx\n",
        "d/0002-use-bar.md",
    );
    round_trip(
        DecisionFormat::Madr2,
        "docs/adr/0001-use-foo.md",
        "# Use Foo\n\n* Status: accepted\n* Date: 2020-01-01\n\n## Context and Problem Statement\n\nx\n",
        "docs/adr/0002-use-bar.md",
    );
    round_trip(
        DecisionFormat::Madr3,
        "docs/decisions/0001-use-foo.md",
        "---\nstatus: accepted\ndate: 2020-01-01\n---\n# Use Foo\n\n## Context and Problem Statement\n\nx\n",
        "docs/decisions/0002-use-bar.md",
    );
    round_trip(
        DecisionFormat::Madr4,
        "docs/decisions/0001-use-foo.md",
        "---\nstatus: accepted\ndate: 2020-01-01\ndecision-makers: [Ana]\n---\n# Use Foo\n\n## Context and Problem Statement\n\nx\n",
        "docs/decisions/0002-use-bar.md",
    );
    round_trip(
        DecisionFormat::Log4brains,
        "docs/adr/20200101-use-foo.md",
        "# Use Foo\n\n- Status: accepted\n- Date: 2020-01-01\n\n## Context and Problem Statement\n\nx\n",
        "docs/adr/20240213-use-bar.md",
    );
}

#[test]
fn mark_superseded_keeps_relation_lines_and_adds_missing_status() {
    let old_text = "# 1. Use Foo\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\nAmends [0. Base](0000-base.md)\n\n## Context\n\nx\n";
    let old = decision("a/0001-use-foo.md", old_text);
    let marked = mark_superseded(old_text, &old, "Use Bar", Some(2), "0002-use-bar.md");
    assert_eq!(
        marked,
        "# 1. Use Foo\n\nDate: 2020-01-01\n\n## Status\n\nSuperseded by [2. Use Bar](0002-use-bar.md)\n\nAmends [0. Base](0000-base.md)\n\n## Context\n\nx\n"
    );
    let no_status = "# 1. Use Foo\n\nDate: 2020-01-01\n\n## Context\n\nx\n";
    let old = decision("a/0001-use-foo.md", no_status);
    let marked = mark_superseded(no_status, &old, "Use Bar", Some(2), "0002-use-bar.md");
    assert!(
        marked
            .contains("\n\n## Status\n\nSuperseded by [2. Use Bar](0002-use-bar.md)\n\n## Context"),
        "{marked}"
    );
}

#[test]
fn links_out_of_the_log_are_never_broken_relations() {
    // MADR 2 as written in the wild: ids shaped like decision numbers, linked to other systems.
    let madr = "# Use OAuth

* Status: accepted
* Date: 2021-03-04

## Context and Problem Statement

We need logins.

## Links

* Relates to [RFC-0016](https://github.com/example/rfcs/blob/main/0016-auth.md)
* Refines [JIRA-1234](https://jira.example.org/browse/JIRA-1234)
";
    let successor_elsewhere = "# 3. Old auth

Date: 2019-01-01

## Status

Superseded by [the platform RFC](https://rfcs.example.org/platform/12)
";
    let mut log = vec![
        decision(
            "docs/adr/0016-something.md",
            "# 16. Something\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n",
        ),
        decision("docs/adr/0001-use-oauth.md", madr),
        decision("docs/adr/0003-old-auth.md", successor_elsewhere),
    ];
    let diags = link_decisions(&mut log);
    assert!(diags.is_empty(), "{diags:?}");
    // RFC-0016 is not decision 16 of this log.
    assert!(log[1].relations.iter().all(|r| r.resolved.is_none()));
    assert!(log[0].relations.is_empty());
    assert_eq!(log[2].status, Some(Status::Superseded));
    assert!(matches!(
        &log[2].relations[0].target,
        DecisionRef::Url { text, .. } if text == "the platform RFC"
    ));
}

#[test]
fn a_url_to_a_record_of_the_log_resolves_by_its_file_name() {
    let mut log = vec![
        nygard(
            1,
            "First",
            "Superseded by [ADR-0002](https://github.com/o/r/blob/main/doc/adr/0002-second.md)",
        ),
        nygard(2, "Second", "Accepted"),
    ];
    assert!(link_decisions(&mut log).is_empty());
    assert_eq!(log[0].relations[0].resolved, Some(Id(1)));
}

#[test]
fn marking_a_toml_record_superseded_edits_its_own_block() {
    let old_text = "+++\ntitle = \"Use MySQL\"\nstatus = \"accepted\"\ndate = 2021-01-05\nnumber = 7\n+++\n\n## Context\n\nx\n";
    let old = decision("decisions/0007-use-mysql.md", old_text);
    assert_eq!(old.format, DecisionFormat::FrontMatter);
    let marked = mark_superseded(
        old_text,
        &old,
        "Use Postgres",
        Some(8),
        "0008-use-postgres.md",
    );
    assert!(marked.starts_with("+++\n"), "{marked}");
    assert!(!marked.contains("---"), "no second block: {marked}");
    assert!(marked.contains("status = \"superseded\"\n"), "{marked}");
    assert!(marked.contains("superseded_by = 8\n"), "{marked}");
    assert!(marked.ends_with("+++\n\n## Context\n\nx\n"), "{marked}");
    let again = decision("decisions/0007-use-mysql.md", &marked);
    assert_eq!(again.status, Some(Status::Superseded));
    assert_eq!(again.relations[0].target, DecisionRef::Number(8));
    assert_eq!(again.title, "Use MySQL");
}
