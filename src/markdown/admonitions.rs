//! Callout blocks of other generators, as the shared callout component: MkDocs' `!!! note
//! "Title"` (and collapsible `???` / `???+`), Docusaurus' `:::note Title` ... `:::`, and Docsy's
//! `alert` shortcode (see [`super::shortcodes`]). Their bodies are Markdown.

use super::callout::{self, CalloutKind};
use super::escape_text;

/// The callout kind for another tool's type name (`danger` -> `caution`, `hint` -> `tip`), by the
/// one mapping every dialect shares; a name no dialect knows is a note.
pub(crate) fn kind_of(name: &str) -> &'static str {
    CalloutKind::from_name(name)
        .unwrap_or(CalloutKind::Note)
        .as_str()
}

/// The title a callout gets when none is written: its type, capitalised (`info` -> `Info`).
pub(crate) fn default_title(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Note".to_string(),
    }
}

/// The opening HTML of a callout (followed by a blank line, so its body is Markdown).
pub(crate) fn open(kind: &str, title: &str) -> String {
    let kind = CalloutKind::from_name(kind).unwrap_or(CalloutKind::Note);
    let mut html = callout::open_html(kind, Some(title));
    html.push('\n');
    html
}

/// The opening HTML of a collapsible callout (MkDocs `???`; `???+` starts open).
pub(crate) fn open_collapsible(kind: &str, title: &str, opened: bool) -> String {
    format!(
        "<details class=\"callout callout-{kind}\"{}><summary class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span>{}</summary>\n\n",
        if opened { " open" } else { "" },
        escape_text(title)
    )
}

/// An MkDocs content tab's line (pymdownx.tabbed): `=== "Title"`, `===! "Title"` (starts a new
/// group), `===+ "Title"` (selected); the title.
pub(crate) fn mkdocs_tab_opener(line: &str) -> Option<String> {
    let rest = line.trim_end().strip_prefix("===")?;
    let rest = rest
        .strip_prefix(['!', '+'])
        .map_or(rest, |r| r.strip_prefix(['!', '+']).unwrap_or(r));
    let title = rest.strip_prefix([' ', '\t'])?.trim();
    let title = title.strip_prefix('"')?.strip_suffix('"')?;
    Some(title.to_string())
}

/// An MkDocs admonition line: (`!!!` or `???` or `???+`, type, title).
pub(crate) fn mkdocs_opener(line: &str) -> Option<(&str, &str, Option<String>)> {
    let line = line.trim_end();
    let (marker, rest) = ["???+", "!!!", "???"]
        .iter()
        .find_map(|m| line.strip_prefix(m).map(|rest| (*m, rest)))?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim();
    let (name, title) = match rest.split_once(char::is_whitespace) {
        Some((name, title)) => (name, Some(title.trim())),
        None => (rest, None),
    };
    // `!!! note inline end "Title"`: the placement words are Material's, not part of the title.
    let title = title
        .and_then(|t| t.find('"').map(|i| &t[i..]))
        .map(|t| t.trim_matches('"').to_string());
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    Some((marker, name, title))
}

/// A Docusaurus opener `:::note`, `:::note Title`, `:::note[Title]`: (type, title).
pub(crate) fn docusaurus_opener(line: &str) -> Option<(&str, Option<String>)> {
    let rest = line.trim().strip_prefix(":::")?;
    let rest = rest.trim_start_matches(':');
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let (name, title) = rest.split_at(end);
    if name.is_empty() {
        return None;
    }
    let title = title.trim();
    let title = title
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(title)
        .trim();
    Some((name, (!title.is_empty()).then(|| title.to_string())))
}

/// A Docusaurus closing line: `:::` alone.
pub(crate) fn is_docusaurus_close(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && t.chars().all(|c| c == ':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mkdocs_openers() {
        assert_eq!(
            mkdocs_opener("!!! note \"Read this\""),
            Some(("!!!", "note", Some("Read this".to_string())))
        );
        assert_eq!(mkdocs_opener("??? tip"), Some(("???", "tip", None)));
        assert_eq!(
            mkdocs_opener("???+ danger \"\""),
            Some(("???+", "danger", Some(String::new())))
        );
        assert_eq!(mkdocs_opener("!!!note"), None);
        assert_eq!(mkdocs_opener("!!! wow, really?"), None);
    }

    #[test]
    fn docusaurus_openers() {
        assert_eq!(docusaurus_opener(":::note"), Some(("note", None)));
        assert_eq!(
            docusaurus_opener(":::tip Pro tip"),
            Some(("tip", Some("Pro tip".to_string())))
        );
        assert_eq!(
            docusaurus_opener(":::danger[Take care]"),
            Some(("danger", Some("Take care".to_string())))
        );
        assert_eq!(docusaurus_opener(":::"), None);
        assert!(is_docusaurus_close(":::"));
        assert_eq!(kind_of("danger"), "caution");
        assert_eq!(kind_of("info"), "note");
    }
}
