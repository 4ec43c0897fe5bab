//! Syntax highlighting of fenced code at build time (no JavaScript in the page).
//!
//! syntect emits `<span class="hl-…">` classes rather than inline colours, so the theme's CSS
//! picks the colours and one build serves light and dark mode.

use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The class prefix of highlighted tokens, matched by the theme's `highlight.css`.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlights `code` written in `lang` (a fence's first word), or returns `None` when the
/// language is unknown, so the caller prints the code plainly.
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    let set = syntaxes();
    let syntax = set
        .find_syntax_by_token(lang)
        .or_else(|| set.find_syntax_by_token(alias(lang)))?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

// Names writers use that syntect's default set knows under another token.
fn alias(lang: &str) -> &str {
    match lang {
        "shell" | "console" | "zsh" => "bash",
        "yml" => "yaml",
        "ts" | "typescript" | "tsx" | "jsx" => "js",
        "golang" => "go",
        "py3" | "python3" => "python",
        "toml" => "ini",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes() {
        let html = highlight("fn main() {}\n", "rust").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("main"));
    }

    #[test]
    fn unknown_language_is_none() {
        assert!(highlight("x", "no-such-language").is_none());
    }

    #[test]
    fn html_is_escaped() {
        let html = highlight("<script>\n", "bash").unwrap();
        assert!(!html.contains("<script>"));
    }
}
