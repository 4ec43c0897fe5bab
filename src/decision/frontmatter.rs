//! handbook's native decision layout: every field in YAML front matter.
//!
//! ```markdown
//! ---
//! title: Use Postgres
//! status: accepted
//! date: 2024-02-13
//! deciders: [Ana, Bo]
//! supersedes: 7            # or "ADR-7", "0007", "0007-use-mysql.md", or a list
//! ---
//! ```
//!
//! MADR 3 and 4 keep their metadata in front matter too, so [`read`] also serves `madr.rs`
//! (with `native = false`: the title then comes from the H1).

use super::status::{find_links, is_placeholder, parse_ref_str};
use super::{DecisionInput, Meta, Relation, RelationKind, split_list};
use crate::diagnostic::{Code, Diagnostic};
use serde_json::Value;

/// What a front-matter value holds, for the fields that take text or lists.
enum FieldValue {
    Absent,
    Text(String),
    List(Vec<String>),
    /// A YAML mapping, which is what `{proposed | accepted}` parses to: a template placeholder.
    Placeholder,
}

fn field(input: &DecisionInput<'_>, key: &str) -> FieldValue {
    match input.front_matter.get(key) {
        None | Some(Value::Null) => FieldValue::Absent,
        Some(Value::String(s)) => FieldValue::Text(s.clone()),
        Some(Value::Number(n)) => FieldValue::Text(n.to_string()),
        Some(Value::Bool(b)) => FieldValue::Text(b.to_string()),
        Some(Value::Array(items)) => FieldValue::List(
            items
                .iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    // A list of `{title: ...}` entries (alternatives written as mappings).
                    Value::Object(m) => m
                        .get("title")
                        .or_else(|| m.get("name"))
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    _ => None,
                })
                .collect(),
        ),
        Some(Value::Object(_)) => FieldValue::Placeholder,
    }
}

fn first_present<'k>(input: &DecisionInput<'_>, keys: &[&'k str]) -> Option<(&'k str, FieldValue)> {
    keys.iter().find_map(|k| match field(input, k) {
        FieldValue::Absent => None,
        v => Some((*k, v)),
    })
}

fn list_of(input: &DecisionInput<'_>, keys: &[&str]) -> Vec<String> {
    match first_present(input, keys) {
        Some((_, FieldValue::Text(s))) if !is_placeholder(&s) => split_list(&s),
        Some((_, FieldValue::List(items))) => {
            items.into_iter().filter(|s| !is_placeholder(s)).collect()
        }
        _ => Vec::new(),
    }
}

const RELATION_KEYS: [(&str, RelationKind); 12] = [
    ("supersedes", RelationKind::Supersedes),
    ("replaces", RelationKind::Supersedes),
    ("superseded_by", RelationKind::SupersededBy),
    ("superseded-by", RelationKind::SupersededBy),
    ("supersededBy", RelationKind::SupersededBy),
    ("amends", RelationKind::Amends),
    ("amended_by", RelationKind::AmendedBy),
    ("amended-by", RelationKind::AmendedBy),
    ("relates", RelationKind::RelatesTo),
    ("relates_to", RelationKind::RelatesTo),
    ("related", RelationKind::RelatesTo),
    ("see-also", RelationKind::RelatesTo),
];

/// Reads decision fields from the front matter into `meta`.
pub(crate) fn read(input: &DecisionInput<'_>, meta: &mut Meta, native: bool) {
    let line_of = |k: &str| (input.front_matter_line_of)(k);
    if native {
        if let Some((k, FieldValue::Text(t))) = first_present(input, &["title"]) {
            meta.title = Some((t, line_of(k)));
        }
        for key in ["number", "adr", "id"] {
            if let Some(n) = input.front_matter.get(key).and_then(number_value) {
                meta.number = Some(n);
                break;
            }
        }
    }
    match first_present(input, &["status", "state"]) {
        Some((k, FieldValue::Text(s))) => meta.status.push((s, line_of(k))),
        Some((k, FieldValue::List(items))) => meta.status.push((items.join("; "), line_of(k))),
        Some((k, FieldValue::Placeholder)) => meta.status_placeholder = Some(line_of(k)),
        _ => {}
    }
    match first_present(
        input,
        &[
            "date",
            "created",
            "creation-date",
            "date_approved",
            "decided",
        ],
    ) {
        Some((k, FieldValue::Text(s))) => meta.date = Some((s, line_of(k))),
        Some((k, FieldValue::Placeholder | FieldValue::List(_))) => {
            meta.date = Some(("{placeholder}".to_string(), line_of(k)));
        }
        _ => {}
    }
    meta.deciders = list_of(input, &["decision-makers", "deciders", "authors", "author"]);
    meta.consulted = list_of(input, &["consulted"]);
    meta.informed = list_of(input, &["informed"]);
    meta.tags = list_of(input, &["tags", "labels"]);
    meta.alternatives = list_of(input, &["alternatives", "options"]);
    meta.trade_offs = list_of(
        input,
        &["trade_offs", "trade-offs", "tradeoffs", "consequences"],
    );
    if let Some((_, FieldValue::Text(s))) = first_present(input, &["discussion", "discussion-url"])
    {
        meta.discussion = Some(s);
    }
    if let Some((_, FieldValue::Text(s))) = first_present(input, &["owner", "owners"]) {
        meta.owner = Some(s);
    } else if let Some((_, FieldValue::List(items))) = first_present(input, &["owner", "owners"]) {
        meta.owner = Some(items.join(", "));
    }
    for (key, kind) in RELATION_KEYS {
        read_relations(input, key, kind, meta);
    }
}

fn number_value(v: &Value) -> Option<u32> {
    match v {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => super::status::number_of_id(s),
        _ => None,
    }
}

fn read_relations(input: &DecisionInput<'_>, key: &str, kind: RelationKind, meta: &mut Meta) {
    let line = (input.front_matter_line_of)(key);
    let values: Vec<&Value> = match input.front_matter.get(key) {
        None | Some(Value::Null) => return,
        Some(Value::Array(items)) => items.iter().collect(),
        Some(v) => vec![v],
    };
    for v in values {
        let target = match v {
            Value::Number(_) => number_value(v).map(super::DecisionRef::Number),
            Value::String(s) => match find_links(s).first() {
                Some(l) => super::status::ref_from_link(&l.text, &l.target),
                None => parse_ref_str(s),
            },
            _ => None,
        };
        match target {
            Some(t) => meta.relations.push(Relation::new(kind, t, false, line)),
            None => meta.diagnostics.push(
                Diagnostic::warning(
                    Code::DecisionInvalidField,
                    input.rel_path,
                    line,
                    0,
                    format!("`{key}` should name a decision (a number, an id or a file name)"),
                )
                .with_help(format!(
                    "for example `{key}: 7` or `{key}: 0007-use-mysql.md`"
                )),
            ),
        }
    }
}
