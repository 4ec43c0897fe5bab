//! Decision statuses: the [`Status`] enum and the parser for free-text status values.
//!
//! Status values are written by hand, so this module owns the spelling table (`Approved`,
//! `In Review`, `Superceded`, ...), compound values (`accepted; supersedes ADR-0045`), relations
//! embedded in a status (`Superseded by [15. Foo](0015-foo.md)`) and template placeholders
//! (`[proposed | accepted | ...]`). It never guesses: an unknown value is kept verbatim.

use super::{DecisionRef, RelationKind};
use serde::Serialize;

/// Where a decision stands.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Status {
    /// Under discussion (also `pending`, `in review`, `under review`).
    Proposed,
    /// Agreed and in force (also `approved`).
    Accepted,
    /// Considered and turned down.
    Rejected,
    /// No longer in force, without a successor.
    Deprecated,
    /// Replaced, wholly or partly, by a later decision.
    Superseded,
    /// Still being written (log4brains).
    Draft,
    /// Taken back after it was in force (also `revoked`, `withdrawn`).
    Reverted,
    /// Any other value, kept as written.
    Custom(String),
}

/// The statuses every format understands, in the order they are listed to writers.
pub const KNOWN_STATUSES: [&str; 7] = [
    "proposed",
    "accepted",
    "rejected",
    "deprecated",
    "superseded",
    "reverted",
    "draft",
];

impl Status {
    /// The canonical lowercase name (`"accepted"`), or the custom value verbatim.
    pub fn as_str(&self) -> &str {
        match self {
            Status::Proposed => "proposed",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Deprecated => "deprecated",
            Status::Superseded => "superseded",
            Status::Draft => "draft",
            Status::Reverted => "reverted",
            Status::Custom(s) => s,
        }
    }

    /// A capitalised label for display (`"Accepted"`); custom values are shown as written.
    pub fn label(&self) -> &str {
        match self {
            Status::Proposed => "Proposed",
            Status::Accepted => "Accepted",
            Status::Rejected => "Rejected",
            Status::Deprecated => "Deprecated",
            Status::Superseded => "Superseded",
            Status::Draft => "Draft",
            Status::Reverted => "Reverted",
            Status::Custom(s) => s,
        }
    }

    /// True for a value outside the known vocabulary.
    pub(crate) fn is_custom(&self) -> bool {
        matches!(self, Status::Custom(_))
    }
}

impl Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A relation named inside a status value, before it is placed in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRef {
    /// How this record relates to the target.
    pub kind: RelationKind,
    /// The other record, as written.
    pub target: DecisionRef,
    /// True for `partly superseded by` and the like.
    pub partial: bool,
}

/// Everything read from one status value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusParse {
    /// The status, or `None` when the value is empty or a placeholder.
    pub status: Option<Status>,
    /// Relations written in the value.
    pub refs: Vec<StatusRef>,
    /// True when the value says the record is only partly superseded.
    pub partial: bool,
    /// True when the value is still a template placeholder (`[proposed | accepted]`).
    pub placeholder: bool,
    /// The word as written when it is another vocabulary's name for a known status
    /// (`Implemented` for accepted, `Withdrawn` for reverted), to show instead of the canonical
    /// label.
    pub label: Option<String>,
    /// Where a reversal was discussed (`Reverted by [discussion #1198](https://...)`).
    pub discussion: Option<String>,
}

/// Parses a status value as written (`"Superseded by [2. Foo](0002-foo.md)"`) into a status and
/// the relations it names. Placeholders and empty values give `None`; the caller reports them.
pub fn parse_status(raw: &str) -> (Option<Status>, Vec<StatusRef>) {
    let parsed = parse_status_detail(raw);
    (parsed.status, parsed.refs)
}

/// Like [`parse_status`], with the partial and placeholder flags.
pub(crate) fn parse_status_detail(raw: &str) -> StatusParse {
    let mut out = StatusParse::default();
    let cleaned = strip_html_comments(raw);
    if is_placeholder(&cleaned) {
        out.placeholder = true;
        return out;
    }
    for clause in cleaned.split(['\n', ';']) {
        parse_clause(clause, &mut out);
    }
    out
}

/// True when a metadata value is still a template placeholder: `{...}`, `[a | b]`, `<...>`, or
/// `YYYY-MM-DD`.
pub(crate) fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    if v.starts_with('{') || v.contains("{…") || v.contains("YYYY") {
        return true;
    }
    if v.starts_with('<') && v.ends_with('>') && !v.contains("://") {
        return true;
    }
    // `[a | b]` but not a Markdown link such as `[2. Foo](0002-foo.md)`.
    if v.starts_with('[') && !is_leading_link(v) {
        return true;
    }
    v.contains(" | ") && (v.contains('…') || v.contains("..."))
}

fn is_leading_link(v: &str) -> bool {
    find_links(v).first().is_some_and(|l| l.start == 0)
}

/// Removes `<!-- ... -->` comments (MADR puts `<!-- optional -->` after values).
pub(crate) fn strip_html_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

// Longest spellings first, so that `superseded by` wins over `superseded`.
const RELATION_WORDS: [(&str, RelationKind, bool); 14] = [
    ("partly superseded by", RelationKind::SupersededBy, true),
    ("partially superseded by", RelationKind::SupersededBy, true),
    ("superseded by", RelationKind::SupersededBy, false),
    ("superceded by", RelationKind::SupersededBy, false),
    ("replaced by", RelationKind::SupersededBy, false),
    ("supersedes", RelationKind::Supersedes, false),
    ("supercedes", RelationKind::Supersedes, false),
    ("replaces", RelationKind::Supersedes, false),
    ("amended by", RelationKind::AmendedBy, false),
    ("amends", RelationKind::Amends, false),
    ("relates to", RelationKind::RelatesTo, false),
    ("related to", RelationKind::RelatesTo, false),
    ("see also", RelationKind::RelatesTo, false),
    ("refines", RelationKind::RelatesTo, false),
];

/// Finds the first relation keyword in `clause` that starts a word.
fn find_relation_word(lower: &str) -> Option<(usize, usize, RelationKind, bool)> {
    let mut best: Option<(usize, usize, RelationKind, bool)> = None;
    for (word, kind, partial) in RELATION_WORDS {
        let mut from = 0;
        while let Some(pos) = lower.get(from..).and_then(|s| s.find(word)) {
            let at = from + pos;
            let before_ok = lower[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after_ok = lower[at + word.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            if before_ok && after_ok {
                if best.is_none_or(|b| at < b.0) {
                    best = Some((at, word.len(), kind, partial));
                }
                break;
            }
            from = at + word.len();
        }
    }
    best
}

/// The relations of a line that starts with a relation keyword (`Supersedes [3. X](0003-x.md)`),
/// or `None` for any other line.
pub(crate) fn leading_relations(text: &str) -> Option<Vec<StatusRef>> {
    let lower = text.to_ascii_lowercase();
    let (at, len, kind, partial) = find_relation_word(&lower)?;
    if at != 0 {
        return None;
    }
    let targets = parse_targets(&text[len..]);
    if targets.is_empty() {
        return None;
    }
    Some(
        targets
            .into_iter()
            .map(|target| StatusRef {
                kind,
                target,
                partial,
            })
            .collect(),
    )
}

fn parse_clause(clause: &str, out: &mut StatusParse) {
    let clause = clause.trim();
    if clause.is_empty() {
        return;
    }
    // Lowercasing can change byte lengths outside ASCII; only ASCII case-folding keeps offsets.
    let lower = clause.to_ascii_lowercase();
    if let Some(word) = REVERSAL_WORDS.iter().find(|w| {
        lower
            .strip_prefix(**w)
            .is_some_and(|rest| rest.starts_with([' ', ':']))
    }) {
        let rest = &clause[word.len()..];
        // `Reverted by [discussion #1198](https://...)`: the status, and where it was decided.
        out.status.get_or_insert(Status::Reverted);
        let word = word.trim_end_matches(" by").trim_end_matches(" in");
        if word != "reverted" {
            out.label.get_or_insert_with(|| capitalise(word));
        }
        let links = find_links(rest);
        let place = match links.first() {
            Some(l) => l.target.clone(),
            None => rest.trim().trim_matches(['<', '>']).to_string(),
        };
        if !place.is_empty() {
            out.discussion.get_or_insert(place);
        }
        return;
    }
    let (status_text, relation) = match find_relation_word(&lower) {
        Some((at, len, kind, partial)) => {
            (&clause[..at], Some((&clause[at + len..], kind, partial)))
        }
        None => (clause, None),
    };
    let status_text = status_text
        .trim()
        .trim_end_matches([',', '(', ':', '-'])
        .trim();
    if !status_text.is_empty() {
        let (status, partial, label) = normalise_status(status_text);
        if partial {
            out.partial = true;
        }
        // A later plain line after a status is prose, not a second status.
        if out.status.is_none() {
            out.status = Some(status);
            out.label = label;
        }
    }
    if let Some((rest, kind, partial)) = relation {
        let targets = parse_targets(rest);
        if kind == RelationKind::SupersededBy {
            out.status = Some(Status::Superseded);
            out.partial |= partial;
        }
        if targets.is_empty() && status_text.is_empty() && kind != RelationKind::SupersededBy {
            // `Supersedes` with nothing after it: keep it verbatim rather than drop it.
            if out.status.is_none() {
                out.status = Some(Status::Custom(clause.to_string()));
            }
        }
        for target in targets {
            out.refs.push(StatusRef {
                kind,
                target,
                partial,
            });
        }
    }
}

/// Relation-like openings that are not relations between records: the record was taken back,
/// and what follows says where (a discussion, a ticket).
const REVERSAL_WORDS: [&str; 4] = ["reverted by", "revoked by", "withdrawn by", "withdrawn in"];

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Maps one status word to a [`Status`], returning whether it said "partly" and, for another
/// vocabulary's word (`implemented`, `withdrawn`), the word to show as the label.
fn normalise_status(text: &str) -> (Status, bool, Option<String>) {
    let mut key = text
        .trim()
        .trim_matches(['*', '_', '`', '"', '\''])
        .trim()
        .trim_end_matches(['.', '!'])
        .to_lowercase();
    // `Accepted (2026-05-02)`: the parenthesised note is kept in `status_raw` only.
    if let Some(open) = key.find('(')
        && key.ends_with(')')
        && open > 0
    {
        key.truncate(open);
    }
    let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
    let status = match key.as_str() {
        "proposed" | "pending" | "in review" | "under review" | "review" => Status::Proposed,
        "accepted" | "approved" | "accept" => Status::Accepted,
        "rejected" | "declined" => Status::Rejected,
        "deprecated" => Status::Deprecated,
        "superseded" | "superceded" => Status::Superseded,
        "partly superseded" | "partially superseded" | "partly superceded" => {
            return (Status::Superseded, true, None);
        }
        "draft" => Status::Draft,
        "reverted" => Status::Reverted,
        _ => match alias_of(&key) {
            Some(status) => return (status, false, Some(capitalise(&key))),
            // Kept as written, but as text: a link shows its words, not its Markdown.
            None => Status::Custom(links_as_text(text.trim())),
        },
    };
    (status, false, None)
}

/// Words of other vocabularies (GitLab design documents, KEPs, PEPs) for a known status; the
/// record keeps the word as its label.
fn alias_of(key: &str) -> Option<Status> {
    Some(match key {
        "implemented" | "ongoing" | "implementable" | "final" | "active" => Status::Accepted,
        "provisional" | "proposal" | "wip" | "work in progress" => Status::Proposed,
        "revoked" | "withdrawn" | "retracted" => Status::Reverted,
        "replaced" => Status::Superseded,
        "abandoned" => Status::Rejected,
        _ => return None,
    })
}

/// `On hold ([see #12](https://...))` -> `On hold (see #12)`.
fn links_as_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    for link in find_links(s) {
        let Some(at) = rest.find(&format!("[{}](", link.text)) else {
            continue;
        };
        let Some(close) = rest[at..].find(')') else {
            continue;
        };
        out.push_str(&rest[..at]);
        out.push_str(&link.text);
        rest = &rest[at + close + 1..];
    }
    out.push_str(rest);
    out
}

/// A Markdown inline link `[text](target)` found in a line, with byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InlineLink {
    pub(crate) text: String,
    pub(crate) target: String,
    pub(crate) start: usize,
}

/// Finds inline links in one line of Markdown source; tolerant of nested brackets in the text.
pub(crate) fn find_links(s: &str) -> Vec<InlineLink> {
    let bytes = s.as_bytes();
    let mut links = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'[' {
            i += 1;
            continue;
        }
        let start = i;
        let mut depth = 0usize;
        let mut j = i;
        let mut close = None;
        while j < bytes.len() {
            match bytes[j] {
                b'[' => depth += 1,
                b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        close = Some(j);
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        let Some(close) = close else { break };
        if bytes.get(close + 1) == Some(&b'(')
            && let Some(end) = s[close + 2..].find(')')
        {
            let target = s[close + 2..close + 2 + end].trim();
            // `[text](target "title")`
            let target = target.split_whitespace().next().unwrap_or("");
            let target = target.trim_start_matches('<').trim_end_matches('>');
            links.push(InlineLink {
                text: s[start + 1..close].to_string(),
                target: target.to_string(),
                start,
            });
            i = close + 2 + end + 1;
            continue;
        }
        i = start + 1;
    }
    links
}

/// Reads the targets after a relation keyword: Markdown links, or bare ids such as `ADR-0045`,
/// `#12`, `12`, `0012-foo.md` or a slug.
pub(crate) fn parse_targets(rest: &str) -> Vec<DecisionRef> {
    let links = find_links(rest);
    if !links.is_empty() {
        return links
            .iter()
            .filter_map(|l| ref_from_link(&l.text, &l.target))
            .collect();
    }
    let cleaned = rest.replace([',', '(', ')', '`', '*', '"'], " ");
    let tokens: Vec<&str> = cleaned
        .split_whitespace()
        .filter(|t| !matches!(t.to_ascii_lowercase().as_str(), "and" | "&" | "by" | "adr"))
        .collect();
    // Prose such as "supersedes the old approach" must not turn words into references, so a
    // bare token counts only when it looks like an id, a file or a dated/numbered slug.
    tokens
        .iter()
        .map(|t| t.trim_end_matches(['.', ':']))
        .filter_map(parse_ref_str)
        .filter(|r| match r {
            DecisionRef::Slug(s) => s.contains('-') && s.chars().any(|c| c.is_ascii_digit()),
            _ => true,
        })
        .collect()
}

/// A reference from a link: its target as a path, or for an external URL the URL itself. Link
/// text shaped like an id (`[RFC-0016](https://...)`, `[JIRA-1234](https://...)`) is never read
/// as a record number: a link that leaves the log names something outside it, unless its file
/// name is a record's (a link to the record on GitHub), which [`super::log`] checks.
pub(crate) fn ref_from_link(text: &str, target: &str) -> Option<DecisionRef> {
    if target.contains("://") || target.starts_with("mailto:") {
        return Some(DecisionRef::Url {
            url: target.to_string(),
            text: text.trim().to_string(),
        });
    }
    if target.is_empty() {
        return parse_ref_str(text.trim());
    }
    if target.starts_with('#') {
        return None;
    }
    Some(DecisionRef::Path(target.to_string()))
}

/// Reads one written reference: `7`, `0007`, `ADR-7`, `ADR 0007`, `#7` are numbers; anything
/// ending in `.md` or holding a `/` is a path; other words are slugs.
pub(crate) fn parse_ref_str(s: &str) -> Option<DecisionRef> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(n) = number_of_id(s) {
        return Some(DecisionRef::Number(n));
    }
    let lower = s.to_ascii_lowercase();
    if lower.ends_with(".md") || s.contains('/') {
        return Some(DecisionRef::Path(s.to_string()));
    }
    if s.chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && s.chars().any(|c| c.is_alphabetic())
    {
        return Some(DecisionRef::Slug(s.to_string()));
    }
    None
}

/// The number in an id such as `7`, `0007`, `#7`, `ADR-7`, `ADR 0007` or `adr_7`.
pub(crate) fn number_of_id(s: &str) -> Option<u32> {
    let s = s.trim().trim_start_matches('#');
    let lower = s.to_ascii_lowercase();
    let digits = match lower.strip_prefix("adr") {
        Some(rest) => rest.trim_start_matches(['-', '_', ' ', '#']),
        None => lower.as_str(),
    };
    if !digits.is_empty() && digits.len() <= 9 && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(raw: &str) -> Option<Status> {
        parse_status(raw).0
    }

    #[test]
    fn spellings_from_the_wild_map_to_the_vocabulary() {
        for (raw, want) in [
            ("Accepted", Status::Accepted),
            ("accepted", Status::Accepted),
            ("PROPOSED", Status::Proposed),
            ("Approved", Status::Accepted),
            ("Proposed", Status::Proposed),
            ("Pending", Status::Proposed),
            ("draft", Status::Draft),
            ("proposed", Status::Proposed),
            ("In Review", Status::Proposed),
            ("Under Review", Status::Proposed),
            ("rejected", Status::Rejected),
            ("Deprecated", Status::Deprecated),
            ("Superceded", Status::Superseded),
            ("**Accepted**", Status::Accepted),
            ("Accepted.", Status::Accepted),
            ("Accepted (2026-05-02)", Status::Accepted),
        ] {
            assert_eq!(status(raw), Some(want), "{raw}");
        }
    }

    #[test]
    fn unknown_values_are_kept_verbatim() {
        assert_eq!(status("on hold"), Some(Status::Custom("on hold".into())));
        assert_eq!(
            status("Phase-2 shipped"),
            Some(Status::Custom("Phase-2 shipped".into()))
        );
        // A custom value is kept as text, not as Markdown.
        assert_eq!(
            status("On hold ([see #12](https://example.org/12))"),
            Some(Status::Custom("On hold (see #12)".into()))
        );
        assert_eq!(Status::Custom("on hold".into()).as_str(), "on hold");
        assert_eq!(Status::Accepted.label(), "Accepted");
    }

    #[test]
    fn a_status_with_a_reversal_link_is_reverted_with_its_discussion() {
        let p = parse_status_detail(
            "Reverted by [discussion #1198](https://github.com/x/y/discussions/1198)",
        );
        assert_eq!(p.status, Some(Status::Reverted));
        assert_eq!(p.label, None);
        assert!(p.refs.is_empty());
        assert_eq!(
            p.discussion.as_deref(),
            Some("https://github.com/x/y/discussions/1198")
        );
        let p = parse_status_detail("Withdrawn by the author: see #12");
        assert_eq!(p.status, Some(Status::Reverted));
        assert_eq!(p.label.as_deref(), Some("Withdrawn"));
        for (raw, label) in [("revoked", "Revoked"), ("Withdrawn", "Withdrawn")] {
            let p = parse_status_detail(raw);
            assert_eq!(p.status, Some(Status::Reverted), "{raw}");
            assert_eq!(p.label.as_deref(), Some(label));
        }
        assert_eq!(Status::Reverted.as_str(), "reverted");
    }

    #[test]
    fn design_document_words_map_to_known_statuses_and_keep_their_label() {
        for (raw, want, label) in [
            ("implemented", Status::Accepted, "Implemented"),
            ("ongoing", Status::Accepted, "Ongoing"),
            ("proposal", Status::Proposed, "Proposal"),
            ("Replaced", Status::Superseded, "Replaced"),
        ] {
            let p = parse_status_detail(raw);
            assert_eq!(p.status, Some(want), "{raw}");
            assert_eq!(p.label.as_deref(), Some(label), "{raw}");
        }
        assert_eq!(parse_status_detail("Accepted").label, None);
    }

    #[test]
    fn a_successor_outside_the_log_is_a_url_not_a_number() {
        let (s, refs) = parse_status("Superseded by [RFC-0016](https://example.org/rfcs/16)");
        assert_eq!(s, Some(Status::Superseded));
        assert_eq!(
            refs[0].target,
            DecisionRef::Url {
                url: "https://example.org/rfcs/16".into(),
                text: "RFC-0016".into()
            }
        );
        let refs = leading_relations("Relates to [JIRA-1234](https://jira.example.org/JIRA-1234)")
            .unwrap_or_default();
        assert!(
            refs.iter()
                .all(|r| matches!(r.target, DecisionRef::Url { .. }))
        );
    }

    #[test]
    fn superseded_by_link_gives_status_and_relation() {
        for raw in [
            "Superseded by [15. DNS](0015-dns-infrastructure.md)",
            "superseded by [20201016-x](20201016-x.md)",
            "Superceded by [2. Second Record](0002-second-record.md)",
        ] {
            let (s, refs) = parse_status(raw);
            assert_eq!(s, Some(Status::Superseded), "{raw}");
            assert_eq!(refs.len(), 1);
            assert_eq!(refs[0].kind, RelationKind::SupersededBy);
            assert!(matches!(refs[0].target, DecisionRef::Path(_)));
        }
        let (_, refs) = parse_status("superseded by [20. User models](./0020-user-models.md)");
        assert_eq!(
            refs[0].target,
            DecisionRef::Path("./0020-user-models.md".into())
        );
    }

    #[test]
    fn superseded_by_id() {
        let (s, refs) = parse_status("superseded by ADR-0057");
        assert_eq!(s, Some(Status::Superseded));
        assert_eq!(refs[0].target, DecisionRef::Number(57));
    }

    #[test]
    fn compound_status_is_split() {
        let (s, refs) = parse_status("accepted; supersedes ADR-0045");
        assert_eq!(s, Some(Status::Accepted));
        assert_eq!(refs[0].kind, RelationKind::Supersedes);
        assert_eq!(refs[0].target, DecisionRef::Number(45));
        let (s, refs) = parse_status("Accepted, amends [5. Help](0005-help.md)");
        assert_eq!(s, Some(Status::Accepted));
        assert_eq!(refs[0].kind, RelationKind::Amends);
    }

    #[test]
    fn partly_superseded() {
        let p = parse_status_detail("Partly superseded");
        assert_eq!(p.status, Some(Status::Superseded));
        assert!(p.partial && p.refs.is_empty());
        let p = parse_status_detail("partially superseded by [3. X](0003-x.md)");
        assert_eq!(p.status, Some(Status::Superseded));
        assert!(p.partial && p.refs[0].partial);
    }

    #[test]
    fn placeholders_give_none() {
        for raw in [
            "[proposed | rejected | accepted | deprecated | … | superseded by [ADR-0005](0005-example.md)] <!-- optional -->",
            "{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123",
            "[draft | proposed | rejected | accepted | deprecated | … | superseded by [xxx](yyyymmdd-xxx.md)]",
            "",
            "   ",
        ] {
            assert_eq!(status(raw), None, "{raw}");
        }
        assert!(parse_status_detail("{proposed | accepted}").placeholder);
    }

    #[test]
    fn reference_forms() {
        assert_eq!(parse_ref_str("7"), Some(DecisionRef::Number(7)));
        assert_eq!(parse_ref_str("0007"), Some(DecisionRef::Number(7)));
        assert_eq!(parse_ref_str("ADR-7"), Some(DecisionRef::Number(7)));
        assert_eq!(parse_ref_str("#12"), Some(DecisionRef::Number(12)));
        assert_eq!(
            parse_ref_str("0007-foo.md"),
            Some(DecisionRef::Path("0007-foo.md".into()))
        );
        assert_eq!(
            parse_ref_str("20200101-first-adr"),
            Some(DecisionRef::Slug("20200101-first-adr".into()))
        );
        assert_eq!(parse_ref_str("99999999999999"), None);
    }

    #[test]
    fn links_with_brackets_in_text() {
        let links = find_links("see [a [b]](x.md) and [c](y.md \"t\")");
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].text, "a [b]");
        assert_eq!(links[1].target, "y.md");
        assert!(find_links("[unclosed(").is_empty());
    }
}
