//! The URLs in raw HTML: `<a href>`, `<img src>`, `<source srcset>`, `<video poster>` and the
//! like, as READMEs write them to size an image or pick one per colour scheme. They are found
//! here so that they go through the same rewrite and checks as Markdown links: a relative
//! `./images/decay.svg` written for the file would otherwise break once the page is published
//! as a folder (`new-works/`), and a link to `team_chat.md` would lead to a file the site does
//! not have.
//!
//! A small scanner over the HTML of one event at a time, which keeps whether it is inside a tag
//! or a comment between events: an HTML block comes one line per event, and a tag may run over
//! several lines.

use super::LinkKind;

/// Where the scanner is, between events.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    #[default]
    Text,
    /// Inside a start tag, among its attributes.
    Tag,
    /// Inside `<!-- … -->`.
    Comment,
}

/// An attribute value that is a URL (or, for `srcset`, a list of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attribute {
    Url(LinkKind),
    SourceSet,
}

fn url_attribute(name: &str) -> Option<Attribute> {
    Some(match name.to_ascii_lowercase().as_str() {
        "href" => Attribute::Url(LinkKind::Link),
        "src" | "poster" => Attribute::Url(LinkKind::Image),
        "srcset" => Attribute::SourceSet,
        _ => return None,
    })
}

/// `html` with each URL attribute's value replaced by what `rewrite` returns for it (`None`
/// keeps it). `rewrite` gets the URL as written (with `&amp;` read as `&`), its byte offset in
/// `html`, and whether it is a link or an image. Returns `None` when nothing changed.
pub(crate) fn rewrite(
    html: &str,
    state: &mut State,
    mut rewrite: impl FnMut(&str, usize, LinkKind) -> Option<String>,
) -> Option<String> {
    let bytes = html.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        match *state {
            State::Comment => match html[i..].find("-->") {
                Some(end) => {
                    i += end + 3;
                    *state = State::Text;
                }
                None => break,
            },
            State::Text => match memchr(b'<', &bytes[i..]) {
                Some(lt) => {
                    i += lt + 1;
                    if html[i..].starts_with("!--") {
                        i += 3;
                        *state = State::Comment;
                    } else if bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
                        while bytes
                            .get(i)
                            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
                        {
                            i += 1;
                        }
                        *state = State::Tag;
                    }
                }
                None => break,
            },
            State::Tag => {
                while bytes
                    .get(i)
                    .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
                {
                    i += 1;
                }
                match bytes.get(i) {
                    None => break,
                    Some(b'>') => {
                        i += 1;
                        *state = State::Text;
                        continue;
                    }
                    Some(_) => {}
                }
                let name_start = i;
                while bytes
                    .get(i)
                    .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
                {
                    i += 1;
                }
                let name = &html[name_start..i];
                let mut j = i;
                while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
                    j += 1;
                }
                if bytes.get(j) != Some(&b'=') {
                    if i == name_start {
                        i += 1; // a stray character: step over it
                    }
                    continue;
                }
                j += 1;
                while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
                    j += 1;
                }
                let (value_start, value_end, next) = match bytes.get(j) {
                    Some(&quote @ (b'"' | b'\'')) => match memchr(quote, &bytes[j + 1..]) {
                        Some(len) => (j + 1, j + 1 + len, j + 2 + len),
                        // A value running on past this event: leave the tag alone.
                        None => {
                            *state = State::Text;
                            break;
                        }
                    },
                    _ => {
                        let mut end = j;
                        while bytes
                            .get(end)
                            .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                        {
                            end += 1;
                        }
                        (j, end, end)
                    }
                };
                i = next;
                let Some(attribute) = url_attribute(name) else {
                    continue;
                };
                let value = &html[value_start..value_end];
                let replaced = match attribute {
                    Attribute::Url(kind) => rewrite_one(value, value_start, kind, &mut rewrite),
                    Attribute::SourceSet => rewrite_source_set(value, value_start, &mut rewrite),
                };
                if let Some(replaced) = replaced {
                    out.push_str(&html[copied..value_start]);
                    out.push_str(&replaced);
                    copied = value_end;
                }
            }
        }
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&html[copied..]);
    Some(out)
}

fn rewrite_one(
    value: &str,
    at: usize,
    kind: LinkKind,
    rewrite: &mut impl FnMut(&str, usize, LinkKind) -> Option<String>,
) -> Option<String> {
    let url = value.trim();
    if url.is_empty() || url.contains("{{") || url.contains("{%") {
        return None; // a template's placeholder, not a URL
    }
    let url = url.replace("&amp;", "&");
    let href = rewrite(&url, at + (value.len() - value.trim_start().len()), kind)?;
    Some(super::escape_attr(&href))
}

/// `srcset="a.png 1x, b.png 2x"`: each candidate's URL, its descriptor kept.
fn rewrite_source_set(
    value: &str,
    at: usize,
    rewrite: &mut impl FnMut(&str, usize, LinkKind) -> Option<String>,
) -> Option<String> {
    let mut out = String::with_capacity(value.len());
    let mut changed = false;
    let mut offset = 0;
    for (n, candidate) in value.split(',').enumerate() {
        if n > 0 {
            out.push(',');
        }
        let lead = candidate.len() - candidate.trim_start().len();
        let url_len = candidate[lead..]
            .find(char::is_whitespace)
            .unwrap_or(candidate.len() - lead);
        let url = &candidate[lead..lead + url_len];
        match rewrite_one(url, at + offset + lead, LinkKind::Image, rewrite) {
            Some(href) => {
                changed = true;
                out.push_str(&candidate[..lead]);
                out.push_str(&href);
                out.push_str(&candidate[lead + url_len..]);
            }
            None => out.push_str(candidate),
        }
        offset += candidate.len() + 1;
    }
    changed.then_some(out)
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every URL found, as (url, offset, kind), and the HTML with each made `/X/<url>`.
    fn scan(parts: &[&str]) -> (Vec<(String, usize, LinkKind)>, String) {
        let mut found = Vec::new();
        let mut state = State::default();
        let mut html = String::new();
        for part in parts {
            let out = rewrite(part, &mut state, |url, at, kind| {
                found.push((url.to_string(), at, kind));
                Some(format!("/X/{url}"))
            });
            html.push_str(out.as_deref().unwrap_or(part));
        }
        (found, html)
    }

    #[test]
    fn urls_in_tags_are_found_and_replaced_in_place() {
        let (found, html) =
            scan(&["<p align=\"center\"><img width=300 src=\"./images/a.svg\" alt='x > y'></p>"]);
        assert_eq!(
            found,
            vec![("./images/a.svg".to_string(), 38, LinkKind::Image)]
        );
        assert_eq!(
            html,
            "<p align=\"center\"><img width=300 src=\"/X/./images/a.svg\" alt='x > y'></p>"
        );
        let (found, html) = scan(&["<a href=team_chat.md#slack>chat</a>"]);
        assert_eq!(found[0].0, "team_chat.md#slack");
        assert_eq!(found[0].2, LinkKind::Link);
        assert_eq!(html, "<a href=/X/team_chat.md#slack>chat</a>");
    }

    #[test]
    fn a_source_set_keeps_its_descriptors() {
        let (found, html) = scan(&["<source srcset=\"a.png 1x, b.png 2x\">"]);
        let urls: Vec<_> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(urls, ["a.png", "b.png"]);
        assert_eq!(found[1].1, "<source srcset=\"a.png 1x, ".len());
        assert_eq!(html, "<source srcset=\"/X/a.png 1x, /X/b.png 2x\">");
    }

    #[test]
    fn text_comments_and_placeholders_are_not_urls() {
        let (found, _) = scan(&[
            "<p>Write href=\"x.md\" in a tag.</p><!-- <img src=\"old.png\">",
            "still a comment <a href=\"old.md\"> -->",
            "<img src=\"{{ site.logo }}\"><a name=\"top\"></a>",
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_tag_running_over_lines_is_followed_between_events() {
        let (found, html) = scan(&["<img\n", "  src=\"diagram.png\"\n", "  width=\"600\">\n"]);
        assert_eq!(found.len(), 1);
        assert!(html.contains("src=\"/X/diagram.png\""), "{html}");
        assert_eq!(
            scan(&["<a title=\"a&amp;b\" href=\"x.md?a=1&amp;b=2\">"]).0[0].0,
            "x.md?a=1&b=2"
        );
    }
}
