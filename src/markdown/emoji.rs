//! GitHub's emoji shortcodes: `:rocket:` in text becomes 🚀, as GitHub, GitLab, Docusaurus and
//! MkDocs (with its emoji extension) show it; a handbook written for one of them is full of
//! `:white_check_mark:` and `:warning:`. Only GitHub's names count (the `emojis` crate has
//! gemoji's list), so `12:30:45` or `std::io` stay as written. Text in code is left alone, and
//! so is a shortcode glued to a letter or digit on either side (`a:b:c`), which is more often
//! an identifier than an emoji, and one inside a bare URL (which becomes a link later).

use super::transform::{Spanned, Transform};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::VecDeque;

/// The emoji shortcode transform.
#[derive(Default)]
pub(crate) struct Emoji {
    /// Inside a code block.
    in_code: bool,
}

impl<'a> Transform<'a> for Emoji {
    fn event(&mut self, (event, range): Spanned<'a>, out: &mut VecDeque<Spanned<'a>>) {
        let event = match event {
            Event::Start(Tag::CodeBlock(_)) => {
                self.in_code = true;
                event
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code = false;
                event
            }
            Event::Text(text) if !self.in_code => match with_emoji(&text) {
                Some(replaced) => Event::Text(CowStr::from(replaced)),
                None => Event::Text(text),
            },
            other => other,
        };
        out.push_back((event, range));
    }
}

/// `text` with its shortcodes replaced, or `None` when it has none.
pub(super) fn with_emoji(text: &str) -> Option<String> {
    // Most text has no shortcode: two colons at least, found with memchr.
    let first = text.find(':')?;
    text[first + 1..].find(':')?;
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut at = first;
    while let Some(open) = text[at..].find(':').map(|i| at + i) {
        let Some(close) = text[open + 1..].find(':').map(|i| open + 1 + i) else {
            break;
        };
        let name = &text[open + 1..close];
        let glued = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let emoji = (!name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-'))
            && !glued(text[..open].chars().next_back())
            && !glued(text[close + 1..].chars().next())
            && !in_url(&text[..open]))
        .then(|| emojis::get_by_shortcode(name))
        .flatten();
        match emoji {
            Some(emoji) => {
                let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
                out.push_str(&text[copied..open]);
                out.push_str(emoji.as_str());
                copied = close + 1;
                at = close + 1;
            }
            // The closing colon may open the next shortcode (`:a: :rocket:` or `10::rocket:`).
            None => at = close,
        }
    }
    let mut out = out?;
    out.push_str(&text[copied..]);
    Some(out)
}

/// Whether the word that `before` ends with is a bare URL (`https://x.org/a` or `www.x.org`),
/// which the autolink transform after this one makes a link of: its colons are the URL's.
fn in_url(before: &str) -> bool {
    let word = before
        .rfind(char::is_whitespace)
        .map_or(before, |i| &before[i + 1..]);
    word.contains("://")
        || word
            .get(..4)
            .is_some_and(|w| w.eq_ignore_ascii_case("www."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_shortcodes_become_emoji() {
        assert_eq!(
            with_emoji("Ship it :rocket:!").as_deref(),
            Some("Ship it 🚀!")
        );
        assert_eq!(
            with_emoji(":white_check_mark: done, :+1: and :-1:").as_deref(),
            Some("✅ done, 👍 and 👎")
        );
        assert_eq!(with_emoji("a :x: :o:").as_deref(), Some("a ❌ ⭕"));
        // The colon that closes an unknown name may open a known one.
        assert_eq!(with_emoji("10::rocket:").as_deref(), Some("10:🚀"));
        assert_eq!(
            with_emoji("note: :warning: here").as_deref(),
            Some("note: ⚠️ here")
        );
    }

    #[test]
    fn other_colons_are_left_alone() {
        for text in [
            "12:30:45",
            "std::io::Result",
            "a:b:c",
            "key:smile:value",
            ":not_an_emoji_name:",
            "one: two: three",
            "::",
            "http://x.org/:smile:",
            "see www.x.org/:smile: now",
        ] {
            assert_eq!(with_emoji(text), None, "{text}");
        }
    }
}
