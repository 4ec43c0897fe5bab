//! Syntax highlighting of fenced code at build time (no JavaScript in the page).
//!
//! syntect emits `<span class="hl-…">` classes rather than inline colours, so the theme's CSS
//! picks the colours and one build serves light and dark mode.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The class prefix of highlighted tokens, matched by the theme's `highlight.css`.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// How long one code block may take to highlight. Real blocks take milliseconds; some inputs
/// make syntect's grammars backtrack for minutes or forever (a ```` ```markdown ```` line of
/// `## H`, thousands of spaces and a word is cubic), and one block must not hang a build or
/// stop `serve` from rebuilding.
pub const BUDGET: Duration = Duration::from_secs(2);

/// A block ran out of [`BUDGET`]: the caller prints it as plain text and warns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfTime;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlights `code` written in `lang` (a fence's first word): `Ok(None)` when the language is
/// unknown, so the caller prints the code plainly, and `Err(OutOfTime)` when it took longer
/// than [`BUDGET`].
pub fn highlight(code: &str, lang: &str) -> Result<Option<String>, OutOfTime> {
    let set = syntaxes();
    if set
        .find_syntax_by_token(lang)
        .or_else(|| set.find_syntax_by_token(alias(lang)))
        .is_none()
    {
        return Ok(None);
    }
    let key = hung_key(code, lang);
    if hung()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .contains(&key)
    {
        return Err(OutOfTime);
    }
    let result = HELPER.with(|helper| {
        let mut helper = helper.borrow_mut();
        let worker = helper.get_or_insert_with(Helper::start);
        let _ = worker.jobs.send((code.to_string(), lang.to_string()));
        match worker.results.recv_timeout(BUDGET) {
            Ok(html) => Ok(html),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                // The helper is stuck inside syntect, which cannot be interrupted: it is left
                // to finish (or spin) on its own, and the next block gets a new one.
                *helper = None;
                Err(OutOfTime)
            }
        }
    });
    if result.is_err() {
        hung().lock().unwrap_or_else(|e| e.into_inner()).insert(key);
    }
    result
}

/// Blocks that ran out of time once: never tried again by this process (`serve` renders a
/// page again on every save), so each leaves at most one stuck helper behind.
fn hung() -> &'static Mutex<HashSet<u64>> {
    static HUNG: OnceLock<Mutex<HashSet<u64>>> = OnceLock::new();
    HUNG.get_or_init(Default::default)
}

fn hung_key(code: &str, lang: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    (code, lang).hash(&mut hasher);
    hasher.finish()
}

/// A thread that highlights for one rendering thread, so that thread can stop waiting.
struct Helper {
    jobs: Sender<(String, String)>,
    results: Receiver<Option<String>>,
}

thread_local! {
    static HELPER: RefCell<Option<Helper>> = const { RefCell::new(None) };
}

impl Helper {
    fn start() -> Self {
        let (jobs, job_rx) = channel::<(String, String)>();
        let (result_tx, results) = channel();
        std::thread::Builder::new()
            .name("highlight".into())
            .spawn(move || {
                // Ends when the rendering thread drops its sender (it exits, or gave up on us).
                for (code, lang) in job_rx {
                    if result_tx.send(highlight_now(&code, &lang)).is_err() {
                        break;
                    }
                }
            })
            .expect("failed to start a highlighting thread");
        Helper { jobs, results }
    }
}

fn highlight_now(code: &str, lang: &str) -> Option<String> {
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
        let html = highlight("fn main() {}\n", "rust").unwrap().unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("main"));
    }

    #[test]
    fn unknown_language_is_none() {
        assert_eq!(highlight("x", "no-such-language"), Ok(None));
    }

    #[test]
    fn html_is_escaped() {
        let html = highlight("<script>\n", "bash").unwrap().unwrap();
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn a_block_that_backtracks_for_minutes_runs_out_of_time() {
        // Cubic in syntect's Markdown grammar: minutes at 4,000 spaces.
        let code = format!("## H{}x\n", " ".repeat(4000));
        let started = std::time::Instant::now();
        assert_eq!(highlight(&code, "markdown"), Err(OutOfTime));
        assert!(started.elapsed() < BUDGET * 2);
        // Not tried again, and the next block gets a working helper.
        let again = std::time::Instant::now();
        assert_eq!(highlight(&code, "markdown"), Err(OutOfTime));
        assert!(again.elapsed() < BUDGET / 2);
        assert!(highlight("# ok\n", "markdown").unwrap().is_some());
    }
}
