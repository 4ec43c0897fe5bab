//! The one place that parses YAML, so that swapping the YAML crate means editing one file.
//!
//! `serde_yaml` is archived upstream; we use `serde-saphyr`, which never panics on bad input and
//! reports the line and column of the offending key or value (not just of the document).

use serde::de::DeserializeOwned;

/// A YAML problem, located relative to the start of the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line within the parsed text (0 when unknown).
    pub line: u32,
    /// 1-based column within the parsed text (0 when unknown).
    pub column: u32,
    /// What is wrong, without location or source snippet.
    pub message: String,
}

/// Parses `text` as one YAML document into `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_saphyr::from_str::<T>(text).map_err(|err| {
        let (line, column) = err
            .location()
            .map(|l| (l.line() as u32, l.column() as u32))
            .unwrap_or((0, 0));
        let mut options = serde_saphyr::RenderOptions::default();
        options.snippets = serde_saphyr::SnippetMode::Off;
        let message = strip_location(&err.render_with_options(options));
        YamlError {
            line,
            column,
            message,
        }
    })
}

// The plain rendering ends in " at line L, column C"; we print locations our own way.
fn strip_location(rendered: &str) -> String {
    let first = rendered.lines().next().unwrap_or(rendered).trim();
    let cut = first.rfind(" at line ").map_or(first, |i| &first[..i]);
    cut.trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "fields exist to be deserialized")]
    struct Sample {
        title: String,
        weight: Option<i64>,
    }

    #[test]
    fn unknown_field_is_located() {
        let err = parse::<Sample>("title: a\ncolour: red\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 1), "{err:?}");
        assert!(err.message.contains("colour"), "{}", err.message);
    }

    #[test]
    fn wrong_type_is_located() {
        let err = parse::<Sample>("title: a\nweight: heavy\n").unwrap_err();
        assert_eq!(err.line, 2, "{err:?}");
    }

    #[test]
    fn syntax_error_is_located() {
        let err = parse::<Sample>("title: [a\nweight: 1\n").unwrap_err();
        assert!(err.line >= 1, "{err:?}");
    }
}
