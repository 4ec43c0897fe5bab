//! Caps how deeply nested the HTML handed to Pagefind is.
//!
//! Pagefind's add phase is super-linear in nesting depth: a 200 KB page of 100,000 nested list
//! items took 10 s to index, and a million nested blockquotes 270 s. No real page nests more
//! than a few dozen elements, so tags deeper than [`MAX_DEPTH`] are dropped from the copy that
//! is indexed (their text stays, so every word is still found). The page itself is unchanged.

use std::borrow::Cow;

/// Elements nested deeper than this are flattened in the indexed copy.
pub(super) const MAX_DEPTH: usize = 64;

/// `html` with every tag nested deeper than [`MAX_DEPTH`] replaced by a space; borrowed when
/// nothing is that deep (every real page).
pub(super) fn cap_depth(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut flattened: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = bytes[at..].iter().position(|&b| b == b'<') {
        let start = at + found;
        let Some((end, kind)) = tag_at(html, start) else {
            at = start + 1;
            continue;
        };
        let deep = match kind {
            Tag::Open => {
                depth += 1;
                depth > MAX_DEPTH
            }
            Tag::Close => {
                let deep = depth > MAX_DEPTH;
                depth = depth.saturating_sub(1);
                deep
            }
            Tag::Other => false,
        };
        if deep {
            let out = flattened.get_or_insert_with(|| String::with_capacity(html.len()));
            out.push_str(&html[copied..start]);
            out.push(' ');
            copied = end;
        }
        at = end;
    }
    match flattened {
        None => Cow::Borrowed(html),
        Some(mut out) => {
            out.push_str(&html[copied..]);
            Cow::Owned(out)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// An element that takes a level: `<ul>`.
    Open,
    /// `</ul>`.
    Close,
    /// Void and self-closing elements, comments, doctypes, script and style with their content.
    Other,
}

/// Elements that never have content (HTML's void elements).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// The tag starting at `start` (a `<`): where it ends, and its kind. `None` when the `<` is
/// text.
fn tag_at(html: &str, start: usize) -> Option<(usize, Tag)> {
    let rest = &html[start..];
    if rest.starts_with("<!--") {
        let end = rest.find("-->").map_or(html.len(), |e| start + e + 3);
        return Some((end, Tag::Other));
    }
    let after = rest.as_bytes().get(1)?;
    let closing = *after == b'/';
    if !(after.is_ascii_alphabetic() || closing || *after == b'!' || *after == b'?') {
        return None;
    }
    let end = start + tag_end(rest)?;
    let inner = &html[start + 1..end - 1];
    if *after == b'!' || *after == b'?' {
        return Some((end, Tag::Other));
    }
    if closing {
        return Some((end, Tag::Close));
    }
    // Compared in place, in any case: a page has thousands of tags.
    let name_len = inner
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    let name = &inner[..name_len];
    if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style") {
        // Raw text: whatever it holds is not markup.
        let content_end = html[end..]
            .match_indices("</")
            .map(|(e, _)| end + e)
            .find(|&e| {
                html.as_bytes()
                    .get(e + 2..e + 2 + name.len())
                    .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            })
            .unwrap_or(html.len());
        let close_end = html[content_end..]
            .find('>')
            .map_or(html.len(), |e| content_end + e + 1);
        return Some((close_end, Tag::Other));
    }
    if inner.ends_with('/') || VOID.iter().any(|void| void.eq_ignore_ascii_case(name)) {
        return Some((end, Tag::Other));
    }
    Some((end, Tag::Open))
}

/// The length of the tag at the start of `rest`, up to and including its `>`, skipping quoted
/// attribute values.
fn tag_end(rest: &str) -> Option<usize> {
    let mut quote = None;
    for (i, b) in rest.bytes().enumerate().skip(1) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_are_left_alone() {
        let html = "<main><h1 class=\"a>b\">T</h1><p>a < b<br>c<img src=x /></p>\
                    <script>if (a<b) {}</script><!-- <div> --></main>";
        assert!(matches!(cap_depth(html), Cow::Borrowed(_)));
    }

    #[test]
    fn tag_names_are_read_in_any_case() {
        assert_eq!(tag_at("<BR>", 0), Some((4, Tag::Other)));
        assert_eq!(tag_at("<Div class=x>", 0), Some((13, Tag::Open)));
        assert_eq!(tag_at("</DIV>", 0), Some((6, Tag::Close)));
        assert_eq!(tag_at("<custom-el/>", 0), Some((12, Tag::Other)));
        // A script's content is not markup, whatever the case of its tags.
        let script = "<SCRIPT>a<b; '<div>'</Script>";
        assert_eq!(tag_at(script, 0), Some((script.len(), Tag::Other)));
        assert_eq!(tag_at("a < b", 2), None);
    }

    #[test]
    fn deep_nesting_is_flattened_and_the_text_kept() {
        let depth = 100_000;
        let html = "<ul><li>".repeat(depth) + "deepest word" + &"</li></ul>".repeat(depth);
        let started = std::time::Instant::now();
        let capped = cap_depth(&html);
        // Linear: well under a second; quadratic would take minutes.
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert!(capped.contains("deepest word"));
        assert_eq!(capped.matches("<ul>").count(), MAX_DEPTH / 2);
        assert_eq!(capped.matches("</ul>").count(), MAX_DEPTH / 2);
    }
}
