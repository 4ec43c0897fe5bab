//! Eleventy projects as they are: a `.eleventy.js` or `eleventy.config.{js,mjs,cjs}` whose
//! `dir.input` names the folder the pages are in (`pages`, `src`). The config is JavaScript,
//! which handbook does not run: the input folder is read from its text, and a config that
//! computes it (or uses the root) changes nothing.

use super::ForeignSite;
use crate::diagnostic::Diagnostic;
use std::path::Path;

/// The names Eleventy looks for, in its order.
const CONFIG_FILES: &[&str] = &[
    ".eleventy.js",
    "eleventy.config.js",
    "eleventy.config.mjs",
    "eleventy.config.cjs",
];

/// The Eleventy project at `root`, when its config names an input folder that exists.
pub fn detect(root: &Path) -> Option<(ForeignSite, Vec<Diagnostic>)> {
    let config_file = CONFIG_FILES
        .iter()
        .find(|name| root.join(name).is_file())?
        .to_string();
    let text = std::fs::read_to_string(root.join(&config_file)).ok()?;
    let content_dir = input_dir(&text)?;
    if !root.join(&content_dir).is_dir() {
        return None;
    }
    let site = ForeignSite {
        tool: "Eleventy",
        config_file,
        content_dir,
        ..ForeignSite::default()
    };
    Some((site, Vec::new()))
}

/// The string value of `input:` in the config's text (`dir: { input: "pages" }`), without
/// `./` and slashes; `None` when it is absent, computed, or the root.
fn input_dir(config: &str) -> Option<String> {
    // The first `input` written as a key with a string value (the word may appear before, in
    // a comment or another name).
    let value = config
        .match_indices("input")
        .find_map(|(at, _)| string_value(&config[at + "input".len()..]))?;
    let value = value.trim_start_matches("./").trim_matches('/');
    (!value.is_empty() && value != "." && !value.contains("${")).then(|| value.to_string())
}

/// `: "pages"` (after an optionally quoted key) -> `pages`.
pub(crate) fn string_value(after_key: &str) -> Option<&str> {
    let rest = after_key.trim_start();
    let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest).trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let quote = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let end = rest[1..].find(quote)?;
    Some(&rest[1..end + 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_input_folder_is_read_from_the_config_text() {
        let config = "module.exports = function (config) {\n  return {\n    dir: {\n      input: \"pages\",\n      includes: \"../_includes\",\n      output: \"_site\",\n    },\n  };\n};\n";
        assert_eq!(input_dir(config), Some("pages".into()));
        assert_eq!(
            input_dir("export default { dir: { input: './src/' } }"),
            Some("src".into())
        );
        assert_eq!(
            input_dir("dir: { \"input\": \"content\" }"),
            Some("content".into())
        );
        assert_eq!(input_dir("dir: { input: \".\" }"), None);
        assert_eq!(input_dir("dir: { input: path.join(a, b) }"), None);
        assert_eq!(input_dir("module.exports = {}"), None);
    }
}
