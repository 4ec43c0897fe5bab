//! Michael Nygard's layout, as adr-tools writes it, plus the hand-written variants met in real
//! folders.
//!
//! ```markdown
//! # 2. Second Record            (also `# ADR 2: ...`, `# Architecture Decision Record: ...`)
//!
//! Date: 1992-01-12              (also `12/01/1992`, `2019-05-13, updated ...`, or absent)
//!
//! ## Status
//!
//! Accepted
//!
//! Supercedes [1. First Record](0001-first-record.md)
//!
//! ## Context / ## Decision / ## Consequences
//! ```
//!
//! The status section may hold several lines: one status and any number of relation lines
//! (`Amended by [...]`, `Superseded by [...]`).

use super::body::{Body, section_key};
use super::status::{find_links, parse_status_detail, ref_from_link};
use super::{DecisionInput, Meta, Relation, RelationKind, apply_fields, preamble_fields};

/// Reads the Nygard metadata of `body` into `meta`.
pub(crate) fn read(_input: &DecisionInput<'_>, body: &Body<'_>, meta: &mut Meta) {
    let fields = preamble_fields(body);
    if let Some(i) = body.find_section(&["status"]) {
        let mut prose = false;
        let mut seen_status = false;
        let mut hidden = Vec::new();
        for (offset, line) in body.lines_in(body.section_range(i)) {
            let text = line.trim().trim_start_matches(['*', '-', '+']).trim();
            if text.is_empty() {
                continue;
            }
            meta.status.push((text.to_string(), body.line(offset)));
            // The status word and relation lines are in the header card; anything else is
            // prose about the status and stays on the page.
            let p = parse_status_detail(text);
            // The first status line is the chip, even a custom one; a later plain line is prose.
            let is_status = !prose && !seen_status && p.status.is_some();
            seen_status |= is_status;
            if is_status || !p.refs.is_empty() || p.placeholder || p.discussion.is_some() {
                hidden.push(offset..offset + line.len());
            } else {
                prose = true;
            }
        }
        if !prose {
            hidden.push(body.headings[i].range.clone());
        }
        meta.card_ranges.extend(hidden);
    }
    apply_fields(&fields, meta);
    if meta.date.is_none() {
        // A few hand-written records put the date under its own `## Date` heading.
        if let Some(i) = body.find_section(&["date"])
            && let Some((offset, line)) = body
                .lines_in(body.section_range(i))
                .into_iter()
                .find(|(_, l)| !l.trim().is_empty())
        {
            meta.date = Some((line.trim().to_string(), body.line(offset)));
            if body
                .lines_in(body.section_range(i))
                .iter()
                .filter(|(_, l)| !l.trim().is_empty())
                .count()
                == 1
            {
                meta.card_ranges
                    .push(body.headings[i].range.start..body.section_range(i).end);
            }
        }
    }
    read_prose_supersession(body, meta);
}

/// Hand-written records state supersession in a note under the title, as arachne's ADR-017
/// does: "Note: this ADR supersedes some aspects of [ADR-15](adr-015-...md) and [ADR-16](...)".
/// Only the preamble is read, so an ordinary mention in the body is not taken as a relation.
fn read_prose_supersession(body: &Body<'_>, meta: &mut Meta) {
    for (offset, line) in body.lines_in(body.preamble()) {
        let lower = line.to_ascii_lowercase();
        let Some(at) = lower
            .find("supersedes")
            .or_else(|| lower.find("supercedes"))
        else {
            continue;
        };
        if section_key(line).starts_with("status") {
            continue;
        }
        let partial = ["some aspects", "partly", "partially", "parts of", "part of"]
            .iter()
            .any(|w| lower.contains(w));
        for link in find_links(&line[at..]) {
            if let Some(target) = ref_from_link(&link.text, &link.target) {
                meta.relations.push(Relation::new(
                    RelationKind::Supersedes,
                    target,
                    partial,
                    body.line(offset),
                ));
            }
        }
    }
}
