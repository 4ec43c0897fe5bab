//! Callout blocks of other generators, as the shared callout component: MkDocs' `!!! note
//! "Title"` (and collapsible `???` / `???+`), Docusaurus' `:::note Title` ... `:::`, and Docsy's
//! `alert` shortcode (see [`super::shortcodes`]). Their bodies are Markdown.

use super::escape_text;

/// The callout kinds the theme styles.
const KINDS: &[&str] = &["note", "tip", "important", "warning", "caution"];

/// The callout kind for another tool's type name (`danger` -> `caution`, `hint` -> `tip`).
pub(crate) fn kind_of(name: &str) -> &'static str {
    match name.to_ascii_lowercase().as_str() {
        "tip" | "hint" | "success" | "check" | "done" => "tip",
        "important" => "important",
        "warning" | "attention" => "warning",
        "caution" | "danger" | "error" | "failure" | "fail" | "missing" | "bug" => "caution",
        other => KINDS
            .iter()
            .find(|k| **k == other)
            .copied()
            .unwrap_or("note"),
    }
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
    format!(
        "<div class=\"callout callout-{kind}\" role=\"note\"><p class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span>{}</p>\n\n",
        escape_text(title)
    )
}

/// The opening HTML of a collapsible callout (MkDocs `???`; `???+` starts open).
pub(crate) fn open_collapsible(kind: &str, title: &str, opened: bool) -> String {
    format!(
        "<details class=\"callout callout-{kind}\"{}><summary class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span>{}</summary>\n\n",
        if opened { " open" } else { "" },
        escape_text(title)
    )
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
