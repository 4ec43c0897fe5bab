//! Rules across all decisions of a log: relation resolution, inferred reverse edges, duplicate
//! numbers, supersession cycles and chains, and what `handbook new decision` needs (the next
//! number, the folder's file-naming scheme, a fresh record, the edit that marks the old record
//! superseded). Pure functions over parsed [`Decision`]s; no filesystem.
//!
//! What "the two sides disagree" means ([`link_decisions`]): a record B that lists its own
//! successors (`Superseded by C`) while another record A claims to supersede B, and B does not
//! name A. The same holds for amendments, and in the other direction (A says it is superseded
//! by C, while C lists what it supersedes without A). When B says nothing of that kind, the
//! missing side is simply inferred. `Relates to` is symmetric and never disagrees.

use super::body::Body;
use super::status::{self, number_of_id};
use super::{
    Decision, DecisionFormat, DecisionId, DecisionRef, Relation, RelationKind, Status, file_stem,
    record_stem,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::load::frontmatter::{self, FrontMatterKind};
use crate::load::rel_path::parent;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Resolves every relation of the log, adds the reverse edges that only one side wrote, and
/// reports broken, duplicate, contradictory and cyclic relations. Running it twice gives the
/// same result (inferred edges from an earlier run are dropped first).
pub(crate) fn link_decisions(decisions: &mut [Decision]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for d in decisions.iter_mut() {
        d.relations.retain(|r| !r.inferred);
    }
    report_duplicate_numbers(decisions, &mut diags);

    // Resolve in place; collect the broken ones for reporting with suggestions.
    let lookup = Lookup::new(decisions);
    for from in DecisionId::all(decisions.len()) {
        for k in 0..decisions[from].relations.len() {
            let target = decisions[from].relations[k].target.clone();
            let resolved = resolve(decisions, &lookup, from, &target);
            decisions[from].relations[k].resolved = resolved;
            // A link out of the handbook that is not a record's names something outside the
            // log (an external successor, an RFC): shown as a link, not an error.
            if resolved.is_none() && !matches!(target, DecisionRef::Url { .. }) {
                let r = &decisions[from].relations[k];
                let mut d = Diagnostic::error(
                    Code::DecisionBrokenRelation,
                    &decisions[from].rel_path,
                    r.line,
                    0,
                    format!(
                        "`{} {}` does not name a decision of this log",
                        r.kind.label(),
                        target
                    ),
                );
                if let Some(help) = suggest(decisions, from, &target) {
                    d = d.with_help(help);
                }
                diags.push(d);
            }
        }
    }

    infer_reverse_edges(decisions, &mut diags);
    report_cycles(decisions, &mut diags);
    report_status_rules(decisions, &mut diags);
    diags
}

/// Each record with its id.
fn enumerate(decisions: &[Decision]) -> impl Iterator<Item = (DecisionId, &Decision)> {
    DecisionId::all(decisions.len()).zip(decisions)
}

fn display(d: &Decision) -> String {
    format!("`{}`", d.rel_path)
}

fn report_duplicate_numbers(decisions: &[Decision], diags: &mut Vec<Diagnostic>) {
    // Numbers are unique per folder only: MADR's categories (ADR-0010) and log4brains packages
    // keep local numbering in sub-folders.
    let mut groups: BTreeMap<(&str, u32), Vec<DecisionId>> = BTreeMap::new();
    for (i, d) in enumerate(decisions) {
        if let Some(n) = d.number {
            groups.entry((parent(&d.rel_path), n)).or_default().push(i);
        }
    }
    for ((_, n), members) in groups.into_iter().filter(|(_, m)| m.len() > 1) {
        for &i in &members {
            let others: Vec<String> = members
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| display(&decisions[j]))
                .collect();
            diags.push(
                Diagnostic::error(
                    Code::DecisionDuplicateNumber,
                    &decisions[i].rel_path,
                    decisions[i].title_line,
                    0,
                    format!("decision number {n} is also used by {}", others.join(", ")),
                )
                .with_help("renumber one of them (two branches probably took the same number)"),
            );
        }
    }
}

/// The records by number, path and id, so resolving a relation is a lookup and not a scan
/// of the log (a 5,000-record log has as many relations).
struct Lookup {
    by_number: HashMap<u32, Vec<DecisionId>>,
    /// Lowercased `rel_path` -> the first record there.
    by_path: HashMap<String, DecisionId>,
    /// ASCII-lowercased id -> records.
    by_id: HashMap<String, Vec<DecisionId>>,
    /// Lowercased file stem -> records (for `package/slug` ids of log4brains projects).
    by_stem: HashMap<String, Vec<DecisionId>>,
}

impl Lookup {
    fn new(decisions: &[Decision]) -> Self {
        let mut lookup = Lookup {
            by_number: HashMap::new(),
            by_path: HashMap::new(),
            by_id: HashMap::new(),
            by_stem: HashMap::new(),
        };
        for (i, d) in enumerate(decisions) {
            if let Some(n) = d.number {
                lookup.by_number.entry(n).or_default().push(i);
            }
            let rel = d.rel_path.to_lowercase();
            let stem = file_stem(&rel).to_string();
            lookup.by_path.entry(rel).or_insert(i);
            lookup.by_stem.entry(stem).or_default().push(i);
            lookup
                .by_id
                .entry(d.id.to_ascii_lowercase())
                .or_default()
                .push(i);
        }
        lookup
    }
}

/// Finds the record a reference names, seen from record `from`.
fn resolve(
    decisions: &[Decision],
    lookup: &Lookup,
    from: DecisionId,
    target: &DecisionRef,
) -> Option<DecisionId> {
    let here = parent(&decisions[from].rel_path);
    let prefer_here = |candidates: &[DecisionId]| -> Option<DecisionId> {
        candidates
            .iter()
            .copied()
            .find(|&i| parent(&decisions[i].rel_path) == here)
            .or_else(|| candidates.first().copied())
    };
    let by_number = |n: u32| prefer_here(lookup.by_number.get(&n).map_or(&[], Vec::as_slice));
    match target {
        DecisionRef::Number(n) => by_number(*n),
        DecisionRef::Path(p) => {
            let p = p.split(['#', '?']).next().unwrap_or("").replace("%20", " ");
            if p.contains("://") || p.is_empty() {
                return None;
            }
            let joined = normalise_path(here, &p).to_lowercase();
            let joined = joined.trim_end_matches('/');
            let by_path = [
                joined.to_string(),
                format!("{joined}.md"),
                format!("{joined}/index.md"),
                format!("{joined}/_index.md"),
            ]
            .iter()
            .filter_map(|path| lookup.by_path.get(path))
            .copied()
            .min();
            // log4brains resolves links between packages by slug, not by path; do the same
            // when the path itself leads nowhere.
            by_path.or_else(|| {
                by_id(
                    decisions,
                    lookup,
                    record_stem(p.trim_end_matches('/')),
                    here,
                )
            })
        }
        DecisionRef::Url { url, .. } => {
            // `https://github.com/o/r/blob/main/docs/adr/0005-x.md` is record 0005-x, if the log
            // has it.
            let path = url.split(['#', '?']).next().unwrap_or("");
            let name = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
            let stem = file_stem(name);
            if stem.len() == name.len() || stem.is_empty() {
                return None;
            }
            by_id(decisions, lookup, stem, here)
        }
        DecisionRef::Slug(s) => {
            by_id(decisions, lookup, s, here).or_else(|| by_number(number_of_id(s)?))
        }
    }
}

fn by_id(decisions: &[Decision], lookup: &Lookup, id: &str, here: &str) -> Option<DecisionId> {
    let id = id.trim_matches('/');
    let mut matches: Vec<DecisionId> = lookup
        .by_id
        .get(&id.to_ascii_lowercase())
        .cloned()
        .unwrap_or_default();
    if id.contains('/') {
        // `package/slug` ids of multi-package log4brains projects.
        let suffix = format!("/{}.md", id.to_lowercase());
        let stem = id.rsplit('/').next().unwrap_or(id).to_lowercase();
        matches.extend(
            lookup
                .by_stem
                .get(&stem)
                .into_iter()
                .flatten()
                .copied()
                .filter(|&i| decisions[i].rel_path.to_lowercase().ends_with(&suffix)),
        );
        matches.sort_unstable();
        matches.dedup();
    }
    matches
        .iter()
        .copied()
        .find(|&i| parent(&decisions[i].rel_path) == here)
        .or_else(|| matches.first().copied())
}

/// Joins a relative link to a folder, resolving `.` and `..`.
fn normalise_path(base: &str, link: &str) -> String {
    let mut parts: Vec<&str> = if link.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn suggest(decisions: &[Decision], from: DecisionId, target: &DecisionRef) -> Option<String> {
    let wanted = match target {
        DecisionRef::Number(n) => {
            return Some(format!(
                "no decision has number {n}; check the number or link the file instead"
            ));
        }
        DecisionRef::Path(p) => file_stem(p).to_lowercase(),
        DecisionRef::Slug(s) => s.to_lowercase(),
        DecisionRef::Url { .. } => return None,
    };
    let mut best: Option<(f64, DecisionId)> = None;
    for (i, d) in enumerate(decisions) {
        if i == from {
            continue;
        }
        let score = strsim::normalized_levenshtein(&wanted, &d.id.to_lowercase()).max(
            strsim::normalized_levenshtein(&wanted, &d.title.to_lowercase()),
        );
        if score >= 0.6 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, i));
        }
    }
    best.map(|(_, i)| format!("did you mean `{}`?", decisions[i].rel_path))
}

fn ref_to(d: &Decision) -> DecisionRef {
    match d.number {
        Some(n) => DecisionRef::Number(n),
        None => DecisionRef::Slug(d.id.clone()),
    }
}

fn infer_reverse_edges(decisions: &mut [Decision], diags: &mut Vec<Diagnostic>) {
    struct Edge {
        from: DecisionId,
        to: DecisionId,
        kind: RelationKind,
        partial: bool,
        line: u32,
    }
    let edges: Vec<Edge> = enumerate(decisions)
        .flat_map(|(from, d)| {
            d.relations.iter().filter_map(move |r| {
                Some(Edge {
                    from,
                    to: r.resolved?,
                    kind: r.kind,
                    partial: r.partial,
                    line: r.line,
                })
            })
        })
        .collect();
    let explicit: BTreeSet<(DecisionId, RelationKind, DecisionId)> =
        edges.iter().map(|e| (e.from, e.kind, e.to)).collect();
    let mut added = BTreeSet::new();
    for e in &edges {
        if e.from == e.to {
            continue;
        }
        let inverse = e.kind.inverse();
        if explicit.contains(&(e.to, inverse, e.from)) {
            continue;
        }
        // A range of the ordered set, not a scan: linear overall, even for a 5,000-record chain.
        let other_side_lists: Vec<DecisionId> = explicit
            .range((e.to, inverse, DecisionId(0))..=(e.to, inverse, DecisionId(usize::MAX)))
            .map(|(_, _, t)| *t)
            .filter(|t| *t != e.from)
            .collect();
        if e.kind != RelationKind::RelatesTo && !other_side_lists.is_empty() {
            let listed: Vec<String> = other_side_lists
                .iter()
                .map(|&i| display(&decisions[i]))
                .collect();
            diags.push(
                Diagnostic::warning(
                    Code::DecisionRelationMismatch,
                    &decisions[e.from].rel_path,
                    e.line,
                    0,
                    format!(
                        "this record says `{} {}`, but that record lists only {} as `{}`",
                        e.kind.label(),
                        display(&decisions[e.to]),
                        listed.join(", "),
                        inverse.label()
                    ),
                )
                .with_help(format!(
                    "add `{} {}` to {} or correct this relation",
                    inverse.label(),
                    display(&decisions[e.from]),
                    display(&decisions[e.to])
                )),
            );
        }
        if added.insert((e.to, inverse, e.from)) {
            let target = ref_to(&decisions[e.from]);
            decisions[e.to].relations.push(Relation {
                kind: inverse,
                target,
                partial: e.partial,
                line: 0,
                resolved: Some(e.from),
                inferred: true,
            });
        }
    }
}

/// Edges old -> new of the supersession graph, indexed like the records.
fn successors(decisions: &[Decision]) -> Vec<BTreeSet<DecisionId>> {
    let mut next = vec![BTreeSet::new(); decisions.len()];
    for (i, d) in enumerate(decisions) {
        for r in &d.relations {
            match (r.kind, r.resolved) {
                (RelationKind::SupersededBy, Some(t)) => {
                    next[i.0].insert(t);
                }
                (RelationKind::Supersedes, Some(t)) => {
                    if let Some(set) = next.get_mut(t.0) {
                        set.insert(i);
                    }
                }
                _ => {}
            }
        }
    }
    next
}

fn report_cycles(decisions: &[Decision], diags: &mut Vec<Diagnostic>) {
    let next = successors(decisions);
    let mut state = vec![0u8; decisions.len()]; // 0 new, 1 on stack, 2 done
    let mut reported = BTreeSet::new();
    for start in DecisionId::all(decisions.len()) {
        if state[start.0] != 0 {
            continue;
        }
        // Iterative DFS so a long chain cannot overflow the stack.
        let mut stack: Vec<(DecisionId, Vec<DecisionId>)> =
            vec![(start, next[start.0].iter().copied().collect())];
        let mut path = vec![start];
        state[start.0] = 1;
        while let Some((_, pending)) = stack.last_mut() {
            match pending.pop() {
                Some(n) if state[n.0] == 1 => {
                    let pos = path.iter().rposition(|&p| p == n).unwrap_or(0);
                    let cycle: Vec<DecisionId> = path[pos..].to_vec();
                    // One diagnostic per cycle, at its first record not yet reported, naming
                    // at most a few records: a 5,000-record cycle must not print 5,000 lists.
                    let first_new = cycle.iter().copied().find(|m| !reported.contains(m));
                    reported.extend(cycle.iter().copied());
                    let names = cycle_names(decisions, &cycle);
                    if let Some(member) = first_new {
                        let d = &decisions[member];
                        let line = d
                            .relations
                            .iter()
                            .find(|r| {
                                !r.inferred
                                    && matches!(
                                        r.kind,
                                        RelationKind::Supersedes | RelationKind::SupersededBy
                                    )
                            })
                            .map_or(d.status_line, |r| r.line);
                        diags.push(
                                Diagnostic::error(
                                    Code::DecisionRelationCycle,
                                    &d.rel_path,
                                    line,
                                    0,
                                    format!("supersession cycle: {names}"),
                                )
                                .with_help("a decision can only be superseded by a later one; remove one of these relations"),
                            );
                    }
                }
                Some(n) if state[n.0] == 0 => {
                    state[n.0] = 1;
                    path.push(n);
                    stack.push((n, next[n.0].iter().copied().collect()));
                }
                Some(_) => {}
                None => {
                    if let Some(done) = path.pop() {
                        state[done.0] = 2;
                    }
                    stack.pop();
                }
            }
        }
    }
}

/// `a -> b -> c -> a`, shortened to its first and last records when the cycle is long.
fn cycle_names(decisions: &[Decision], cycle: &[DecisionId]) -> String {
    const SHOWN: usize = 8;
    let name = |i: DecisionId| decisions[i].id.clone();
    let mut names: Vec<String> = if cycle.len() <= SHOWN {
        cycle.iter().map(|&i| name(i)).collect()
    } else {
        let mut names: Vec<String> = cycle[..SHOWN / 2].iter().map(|&i| name(i)).collect();
        names.push(format!("({} more)", cycle.len() - SHOWN));
        names.extend(cycle[cycle.len() - SHOWN / 2..].iter().map(|&i| name(i)));
        names
    };
    names.push(name(cycle[0]));
    names.join(" -> ")
}

fn report_status_rules(decisions: &[Decision], diags: &mut Vec<Diagnostic>) {
    for d in decisions {
        let succ: Vec<&Relation> = d
            .relations
            .iter()
            .filter(|r| r.kind == RelationKind::SupersededBy)
            .collect();
        let resolved: Vec<&&Relation> = succ.iter().filter(|r| r.resolved.is_some()).collect();
        if d.status == Some(Status::Superseded) && succ.is_empty() {
            diags.push(
                Diagnostic::warning(
                    Code::DecisionSupersededWithoutSuccessor,
                    &d.rel_path,
                    d.status_line,
                    0,
                    "the status says superseded but no record supersedes this one",
                )
                .with_help(
                    "write the successor in the status (`Superseded by [N. Title](NNNN-title.md)`) \
                     or `Supersedes` in the newer record",
                ),
            );
        }
        let full = resolved.iter().find(|r| !r.partial);
        if let (Some(r), Some(status)) = (full, &d.status)
            && !matches!(status, Status::Superseded | Status::Deprecated)
        {
            let by = r.resolved.and_then(|i| decisions.get(i.0));
            let by = by.map_or_else(|| r.target.to_string(), display);
            diags.push(
                Diagnostic::warning(
                    Code::DecisionStatusMismatch,
                    &d.rel_path,
                    d.status_line,
                    0,
                    format!(
                        "superseded by {by}, but the status is `{}`",
                        status.as_str()
                    ),
                )
                .with_help("set the status to superseded, or remove the supersession"),
            );
        }
    }
}

/// How many records of a supersession chain a record's page shows on each side: every page of
/// a 5,000-record chain listing the whole chain made the site quadratic (2.8 GB).
pub const CHAIN_SHOWN: usize = 25;

/// The records before and after `record` in its supersession chain: predecessors oldest first,
/// successors in order, at most [`CHAIN_SHOWN`] of each (the nearest). Follows the first
/// resolved edge at each step and stops at a cycle.
pub(crate) fn supersession_chain(
    decisions: &[Decision],
    record: DecisionId,
) -> (Vec<DecisionId>, Vec<DecisionId>) {
    let walk = |kind: RelationKind| {
        let mut seen = BTreeSet::from([record]);
        let mut out = Vec::new();
        let mut cur = record;
        while out.len() < CHAIN_SHOWN
            && let Some(next) = decisions.get(cur.0).and_then(|d| {
                d.relations.iter().filter(|r| r.kind == kind).find_map(|r| {
                    r.resolved
                        .filter(|n| !seen.contains(n) && n.0 < decisions.len())
                })
            })
        {
            seen.insert(next);
            out.push(next);
            cur = next;
        }
        out
    };
    let mut before = walk(RelationKind::Supersedes);
    before.reverse();
    (before, walk(RelationKind::SupersededBy))
}

/// The number for a new record: one more than the highest in the log (1 for an empty log).
pub fn next_number(decisions: &[Decision]) -> u32 {
    decisions
        .iter()
        .filter_map(|d| d.number)
        .max()
        .map_or(1, |n| n.saturating_add(1))
}

/// How a folder names its record files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamingScheme {
    /// `NNNN-slug.md` (adr-tools, MADR); `width` is 4 there, 3 in some hand-made logs.
    Padded {
        /// Digits of the zero-padded number.
        width: usize,
    },
    /// `adr-NNN-slug.md` or `ADR-NNN-slug.md`.
    AdrPrefix {
        /// True for `ADR-`.
        upper: bool,
        /// Digits of the zero-padded number.
        width: usize,
    },
    /// `YYYYMMDD-slug.md` (log4brains).
    Date,
    /// `YYYY-MM-DD-slug.md`.
    IsoDate,
    /// `slug.md`, no number.
    SlugOnly,
}

impl NamingScheme {
    /// The file name of a new record.
    pub fn file_name(&self, number: u32, date: NaiveDate, title: &str) -> String {
        let slug = slugify(title);
        match *self {
            NamingScheme::Padded { width } => format!("{number:0width$}-{slug}.md"),
            NamingScheme::AdrPrefix { upper, width } => {
                let prefix = if upper { "ADR" } else { "adr" };
                format!("{prefix}-{number:0width$}-{slug}.md")
            }
            NamingScheme::Date => format!("{}-{slug}.md", date.format("%Y%m%d")),
            NamingScheme::IsoDate => format!("{}-{slug}.md", date.format("%Y-%m-%d")),
            NamingScheme::SlugOnly => format!("{slug}.md"),
        }
    }
}

/// adr-tools' slug: lowercase ASCII alphanumerics, every other run of characters one `-`.
pub(crate) fn slugify(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let slug = out.trim_matches('-').to_string();
    if slug.is_empty() {
        "decision".to_string()
    } else {
        slug
    }
}

/// The naming scheme most files of a folder follow (`Padded { width: 4 }` when there are none,
/// as adr-tools starts).
pub fn detect_naming(rel_paths: &[&str]) -> NamingScheme {
    let mut votes: BTreeMap<(u8, bool, usize), usize> = BTreeMap::new();
    for path in rel_paths {
        let stem = record_stem(path);
        let lower = stem.to_ascii_lowercase();
        if matches!(lower.as_str(), "template" | "readme" | "index" | "backlog")
            || lower.starts_with("adr-template")
        {
            continue;
        }
        let key = if super::date_from_filename(stem).is_some() {
            (3, false, 0)
        } else if super::is_compact_date_name(stem) {
            (2, false, 0)
        } else if let Some(rest) = lower.strip_prefix("adr-") {
            let width = rest.bytes().take_while(u8::is_ascii_digit).count();
            if width == 0 {
                (4, false, 0)
            } else {
                (1, stem.starts_with("ADR"), width)
            }
        } else {
            let width = stem.bytes().take_while(u8::is_ascii_digit).count();
            if width > 0 && super::number_from_filename(stem).is_some() {
                (0, false, width)
            } else {
                (4, false, 0)
            }
        };
        *votes.entry(key).or_default() += 1;
    }
    let best = votes
        .into_iter()
        .max_by_key(|(key, count)| (*count, std::cmp::Reverse(*key)))
        .map(|(key, _)| key);
    match best {
        None => NamingScheme::Padded { width: 4 },
        Some((0, _, width)) => NamingScheme::Padded { width },
        Some((1, upper, width)) => NamingScheme::AdrPrefix { upper, width },
        Some((2, _, _)) => NamingScheme::Date,
        Some((3, _, _)) => NamingScheme::IsoDate,
        Some(_) => NamingScheme::SlugOnly,
    }
}

fn yaml_string(s: &str) -> String {
    // A JSON string is a valid YAML double-quoted scalar.
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace('"', "'")))
}

fn old_link_text(old: &Decision) -> String {
    match old.number {
        Some(n) => format!("{n}. {}", old.title),
        None => old.title.clone(),
    }
}

/// A fresh record in `format`, with status proposed. `supersedes` is the record it replaces and
/// a relative link to it.
pub fn write_new_record(
    format: DecisionFormat,
    number: Option<u32>,
    title: &str,
    date: NaiveDate,
    supersedes: Option<(&Decision, String)>,
) -> String {
    let date = date.format("%Y-%m-%d");
    let link_line = supersedes
        .as_ref()
        .map(|(old, link)| format!("Supersedes [{}]({link})", old_link_text(old)));
    match format {
        DecisionFormat::FrontMatter => {
            let mut s = format!(
                "---\ntitle: {}\nstatus: proposed\ndate: {date}\n",
                yaml_string(title)
            );
            if let Some(n) = number {
                s.push_str(&format!("number: {n}\n"));
            }
            if let Some((old, link)) = &supersedes {
                match old.number {
                    Some(n) => s.push_str(&format!("supersedes: {n}\n")),
                    None => s.push_str(&format!("supersedes: {}\n", yaml_string(link))),
                }
            }
            s.push_str("---\n\n## Context\n\n<!-- What is the issue that motivates this decision? -->\n\n## Decision\n\n<!-- What is the change we are making? -->\n\n## Consequences\n\n<!-- What becomes easier or harder because of it? -->\n");
            s
        }
        DecisionFormat::Nygard => {
            let heading = match number {
                Some(n) => format!("# {n}. {title}"),
                None => format!("# {title}"),
            };
            let mut s = format!("{heading}\n\nDate: {date}\n\n## Status\n\nProposed\n\n");
            if let Some(l) = link_line {
                s.push_str(&l);
                s.push_str("\n\n");
            }
            s.push_str("## Context\n\n<!-- The issue motivating this decision. -->\n\n## Decision\n\n<!-- The change that we are proposing or have agreed to. -->\n\n## Consequences\n\n<!-- What becomes easier or harder because of it. -->\n");
            s
        }
        DecisionFormat::Madr2 | DecisionFormat::Log4brains => {
            let m = if format == DecisionFormat::Madr2 {
                '*'
            } else {
                '-'
            };
            let mut s = format!("# {title}\n\n{m} Status: proposed\n{m} Date: {date}\n\n");
            s.push_str(MADR_SECTIONS_TEXT);
            if let Some(l) = link_line {
                s.push_str(&format!("\n## Links\n\n{m} {l}\n"));
            }
            s
        }
        DecisionFormat::Madr3 | DecisionFormat::Madr4 => {
            let makers = if format == DecisionFormat::Madr4 {
                "decision-makers"
            } else {
                "deciders"
            };
            let mut s =
                format!("---\nstatus: proposed\ndate: {date}\n{makers}:\n---\n\n# {title}\n\n");
            s.push_str(MADR_SECTIONS_TEXT);
            if format == DecisionFormat::Madr4 {
                s.push_str(
                    "\n### Confirmation\n\n<!-- How will the implementation be checked? -->\n",
                );
            }
            if let Some(l) = link_line {
                s.push_str(&format!("\n## More Information\n\n* {l}\n"));
            }
            s
        }
    }
}

const MADR_SECTIONS_TEXT: &str = "## Context and Problem Statement\n\n<!-- Describe the context and the problem. -->\n\n## Considered Options\n\n<!-- One bullet per option. -->\n\n## Decision Outcome\n\n<!-- Chosen option: \"...\", because ... -->\n";

/// The old record's text, marked as superseded by the new one, in the old record's own format:
/// front matter gets `status: superseded` and `superseded_by`; Nygard's `## Status` section
/// becomes `Superseded by [N. Title](link)` (relation lines are kept, as adr-tools does); MADR 2
/// and log4brains get a rewritten `Status:` bullet; MADR 3/4 get
/// `status: "superseded by ADR-NNNN"` (a link when the new record has no number).
pub fn mark_superseded(
    old_text: &str,
    old: &Decision,
    new_title: &str,
    new_number: Option<u32>,
    new_link: &str,
) -> String {
    let link_text = match new_number {
        Some(n) => format!("{n}. {new_title}"),
        None => new_title.to_string(),
    };
    match old.format {
        DecisionFormat::FrontMatter => {
            let value = match new_number {
                Some(n) => n.to_string(),
                None => yaml_string(new_link),
            };
            set_front_matter(
                old_text,
                &[
                    ("status", "superseded".to_string()),
                    ("superseded_by", value),
                ],
            )
        }
        DecisionFormat::Madr3 | DecisionFormat::Madr4 => {
            let value = match new_number {
                Some(n) => format!("superseded by ADR-{n:04}"),
                None => format!("superseded by [{new_title}]({new_link})"),
            };
            set_front_matter(old_text, &[("status", yaml_string(&value))])
        }
        DecisionFormat::Nygard => rewrite_status_section(
            old_text,
            &format!("Superseded by [{link_text}]({new_link})"),
        ),
        DecisionFormat::Madr2 | DecisionFormat::Log4brains => rewrite_status_bullet(
            old_text,
            old.format,
            &format!("superseded by [{new_title}]({new_link})"),
        ),
    }
}

/// Sets `fields` in the front matter of `text`, in the block's own syntax (YAML `key: value`
/// or TOML `key = value`), replacing a key that is there and adding the others; a file without
/// front matter gets a YAML block. Values are given as YAML scalars (`superseded`, `12`,
/// `"a: b"`).
fn set_front_matter(text: &str, fields: &[(&str, String)]) -> String {
    let (kind, mut lines, head, body): (FrontMatterKind, Vec<String>, &str, &str) =
        match frontmatter::split(text) {
            Some((kind, block, block_start, body_offset)) => (
                kind,
                block.lines().map(str::to_string).collect(),
                &text[..block_start],
                &text[body_offset..],
            ),
            None => (FrontMatterKind::Yaml, Vec::new(), "---\n", text),
        };
    let (sep, fence) = match kind {
        FrontMatterKind::Yaml => (':', "---"),
        FrontMatterKind::Toml => ('=', "+++"),
    };
    let is_key = |line: &str, key: &str| {
        let line = line.trim_start_matches('"');
        line.strip_prefix(key)
            .map(|rest| rest.trim_start_matches('"'))
            .is_some_and(|rest| rest.trim_start().starts_with(sep))
    };
    let mut insert_at = lines.len();
    for (key, value) in fields {
        let aliases: Vec<String> = if *key == "superseded_by" {
            vec!["superseded_by".into(), "superseded-by".into()]
        } else {
            vec![(*key).to_string()]
        };
        let found = lines
            .iter()
            .position(|l| aliases.iter().any(|a| is_key(l, a)));
        let new_line = match kind {
            FrontMatterKind::Yaml => format!("{key}: {value}"),
            FrontMatterKind::Toml => format!("{key} = {}", toml_scalar(value)),
        };
        match found {
            Some(i) => {
                lines[i] = new_line;
                // Drop a block list that followed (`superseded_by:\n  - 3`).
                while kind == FrontMatterKind::Yaml
                    && lines
                        .get(i + 1)
                        .is_some_and(|l| l.starts_with(' ') || l.starts_with('-'))
                {
                    lines.remove(i + 1);
                }
                insert_at = i + 1;
            }
            None => {
                lines.insert(insert_at.min(lines.len()), new_line);
                insert_at = (insert_at + 1).min(lines.len());
            }
        }
    }
    let mut out = String::from(head);
    for l in &lines {
        out.push_str(l);
        out.push('\n');
    }
    out.push_str(fence);
    out.push('\n');
    out.push_str(body);
    out
}

/// A YAML scalar as TOML: numbers stay bare, quoted strings stay quoted, a plain word is
/// quoted.
fn toml_scalar(yaml: &str) -> String {
    if yaml.parse::<i64>().is_ok() || yaml.starts_with('"') {
        yaml.to_string()
    } else {
        yaml_string(yaml)
    }
}

/// Line spans of the body outside fenced code, as (start, end) byte offsets with the line.
fn heading_lines(text: &str) -> Vec<(usize, usize, &str)> {
    let body = Body::parse(text, 0);
    body.headings
        .iter()
        .map(|h| {
            let line_end = text[h.range.start..]
                .find('\n')
                .map_or(text.len(), |i| h.range.start + i + 1);
            (h.range.start, line_end, h.text.as_str())
        })
        .map(|(s, e, _)| (s, e, text.get(s..e).unwrap_or("")))
        .collect()
}

fn rewrite_status_section(text: &str, status_line: &str) -> String {
    let headings = heading_lines(text);
    let status_at = headings.iter().position(|(_, _, line)| {
        super::body::section_key(line.trim().trim_start_matches('#')) == "status"
    });
    match status_at {
        Some(i) => {
            let (_, content_start, _) = headings[i];
            let content_end = headings.get(i + 1).map_or(text.len(), |h| h.0);
            let content = &text[content_start..content_end];
            let mut out = String::from(&text[..content_start]);
            out.push('\n');
            out.push_str(status_line);
            out.push_str("\n\n");
            for line in content.lines() {
                let t = line.trim();
                let keep = status::leading_relations(t.trim_start_matches(['*', '-', '+']).trim())
                    .is_some();
                if keep {
                    out.push_str(t);
                    out.push_str("\n\n");
                }
            }
            out.push_str(&text[content_end..]);
            out
        }
        None => {
            // No status section yet: add one before the first section after the title.
            let at = headings
                .iter()
                .find(|(_, _, l)| l.starts_with("##"))
                .map_or(text.len(), |h| h.0);
            let mut out = String::from(&text[..at]);
            if !out.is_empty() && !out.ends_with("\n\n") {
                out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
            }
            out.push_str(&format!("## Status\n\n{status_line}\n\n"));
            out.push_str(&text[at..]);
            out
        }
    }
}

fn rewrite_status_bullet(text: &str, format: DecisionFormat, value: &str) -> String {
    let default_marker = if format == DecisionFormat::Madr2 {
        '*'
    } else {
        '-'
    };
    let headings = heading_lines(text);
    let title_end = headings
        .first()
        .filter(|(_, _, l)| l.starts_with("# ") || *l == "#\n")
        .map_or(0, |h| h.1);
    let preamble_end = headings
        .iter()
        .map(|h| h.0)
        .find(|&s| s >= title_end && s > 0)
        .unwrap_or(text.len())
        .max(title_end);
    let mut offset = title_end;
    let mut first_field: Option<(usize, Option<char>)> = None;
    for line in text[title_end..preamble_end].split_inclusive('\n') {
        if let Some((key, _, marker)) = super::parse_field_line(line) {
            first_field.get_or_insert((offset, marker));
            if key == "status" {
                let m = marker.unwrap_or(default_marker);
                let newline = if line.ends_with('\n') { "\n" } else { "" };
                return format!(
                    "{}{m} Status: {value}{newline}{}",
                    &text[..offset],
                    &text[offset + line.len()..]
                );
            }
        }
        offset += line.len();
    }
    match first_field {
        Some((at, marker)) => format!(
            "{}{} Status: {value}\n{}",
            &text[..at],
            marker.unwrap_or(default_marker),
            &text[at..]
        ),
        None => format!(
            "{}\n{default_marker} Status: {value}\n\n{}",
            &text[..title_end],
            text[title_end..].trim_start_matches('\n')
        ),
    }
}

#[cfg(test)]
#[path = "log_tests.rs"]
mod tests;
