//! The command line: one `*Args` struct per command, each with a `run` returning the exit code.
//! Exit codes: 0 success, 1 content errors (or warnings under `--deny-warnings`), 2 usage or
//! environment failure.

// Printing that treats a closed pipe (`handbook decisions | head`) as success, as ripgrep does:
// the reader has what it wanted, so the command exits 0 instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::emit(&mut std::io::stdout().lock(), &format!($($arg)*)) };
}
macro_rules! outln {
    ($($arg:tt)*) => { $crate::cli::emit(&mut std::io::stdout().lock(), &format!("{}\n", format_args!($($arg)*))) };
}
macro_rules! errln {
    ($($arg:tt)*) => { $crate::cli::emit(&mut std::io::stderr().lock(), &format!("{}\n", format_args!($($arg)*))) };
}

mod build;
mod check;
mod decisions;
mod external;
mod git;
mod health;
mod init;
mod new;
mod serve;

use clap::{Parser, Subcommand};
use handbook::diagnostic::{Diagnostics, Report, ReportFormat};
use std::process::ExitCode;

/// A static-site generator for handbooks and decision logs.
#[derive(Debug, Parser)]
#[command(name = "handbook", version, about, long_about = None)]
pub(crate) struct Cli {
    /// Colour the diagnostics: auto (on a terminal, unless NO_COLOR is set; CLICOLOR_FORCE
    /// forces it), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Whether text diagnostics are coloured, decided once from `--color` and the environment.
static COLOUR: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// What `--color` means here: the flag first, then the conventions of `NO_COLOR` (any
/// non-empty value turns colour off) and `CLICOLOR_FORCE` (anything but `0` turns it on), then
/// whether stderr is a terminal.
fn colour_wanted(choice: ColorChoice) -> bool {
    use std::io::IsTerminal as _;
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR").is_some() => false,
        ColorChoice::Auto if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
        ColorChoice::Auto => {
            std::io::stderr().is_terminal() && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build(build::BuildArgs),
    /// Run every check of a build without writing anything.
    Check(check::CheckArgs),
    /// Create a small working handbook to start from.
    Init(init::InitArgs),
    /// List the decision log: number, title, status, date and tags, newest first.
    Decisions(decisions::DecisionsArgs),
    /// Start a new decision record or page.
    New(new::NewArgs),
    /// Report what needs attention: overdue reviews by owner, stale proposals, orphans.
    Health(health::HealthArgs),
    /// Serve the site locally, rebuilding and reloading pages as files change.
    Serve(serve::ServeArgs),
}

/// Exit code for content errors.
pub(crate) const EXIT_CONTENT: u8 = 1;
/// Exit code for usage and environment failures.
pub(crate) const EXIT_FAILURE: u8 = 2;

impl Cli {
    /// Runs the chosen command.
    pub(crate) fn run(self) -> ExitCode {
        let _ = COLOUR.set(colour_wanted(self.color));
        let result = match self.command {
            Command::Build(args) => args.run(),
            Command::Check(args) => args.run(),
            Command::Init(args) => args.run(),
            Command::Decisions(args) => args.run(),
            Command::New(args) => args.run(),
            Command::Health(args) => args.run(),
            Command::Serve(args) => args.run(),
        };
        match result {
            Ok(code) => ExitCode::from(code),
            Err(err) => {
                errln!("handbook: error: {err:#}");
                ExitCode::from(EXIT_FAILURE)
            }
        }
    }
}

/// On SIGINT or SIGTERM, stops a write cleanly (no staging folder left behind, every file
/// whole) and exits with 128 + the signal's number, as a shell reports a killed command.
fn clean_up_on_signals() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                handbook::write::interrupt();
                std::process::exit(128 + signal);
            }
        });
    }
}

/// Writes `text`; a closed pipe ends the process with success (see `out!`), any other error
/// is ignored (there is nowhere left to report it).
pub(crate) fn emit(to: &mut impl std::io::Write, text: &str) {
    if let Err(err) = to.write_all(text.as_bytes()).and_then(|()| to.flush())
        && err.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

/// Prints `diagnostics` in `format` (machine formats on stdout, text on stderr), without notes
/// when `quiet`.
fn print_report(diagnostics: &Diagnostics, format: ReportFormat, quiet: bool) {
    let report = Report::new(diagnostics, format)
        .coloured(COLOUR.get().copied().unwrap_or(false))
        .without_notes(quiet)
        .render();
    match format {
        ReportFormat::Text => emit(&mut std::io::stderr().lock(), &report),
        ReportFormat::Json | ReportFormat::Github => emit(&mut std::io::stdout().lock(), &report),
    }
}

/// The report format, chosen automatically inside GitHub Actions.
fn default_format(explicit: Option<ReportFormat>) -> ReportFormat {
    explicit.unwrap_or_else(|| {
        if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
            ReportFormat::Github
        } else {
            ReportFormat::Text
        }
    })
}

/// `--format` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Text,
    Json,
    Github,
}

impl From<FormatArg> for ReportFormat {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Text => ReportFormat::Text,
            FormatArg::Json => ReportFormat::Json,
            FormatArg::Github => ReportFormat::Github,
        }
    }
}
