//! Heading ids: GitHub's slugs, made unique within a page.

use std::collections::HashSet;

/// GitHub-style slug: lowercase, punctuation dropped (but `-` and `_`), spaces become `-`.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            slug.extend(c.to_lowercase());
        } else if c == ' ' {
            slug.push('-');
        }
    }
    slug
}

/// Hands out unique ids within one page: `setup`, `setup-1`, `setup-2`.
#[derive(Debug, Default)]
pub struct AnchorSet {
    used: HashSet<String>,
}

impl AnchorSet {
    /// Reserves an explicit id (`{#id}`) as written.
    pub(crate) fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    /// A unique id for a heading with this text.
    pub fn unique(&mut self, text: &str) -> String {
        let base = slugify(text);
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        if self.used.insert(base.clone()) {
            return base;
        }
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .expect("an unused suffix always exists")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_slugs() {
        assert_eq!(slugify("Parental leave"), "parental-leave");
        assert_eq!(slugify("What's new in v2.0?"), "whats-new-in-v20");
        assert_eq!(slugify("snake_case & kebab-case"), "snake_case--kebab-case");
        assert_eq!(slugify("Ünïcode Tïtle"), "ünïcode-tïtle");
    }

    #[test]
    fn duplicates_get_suffixes() {
        let mut set = AnchorSet::default();
        set.reserve("intro-1");
        assert_eq!(set.unique("Intro"), "intro");
        assert_eq!(set.unique("Intro"), "intro-2");
        assert_eq!(set.unique("!!!"), "section");
    }
}
