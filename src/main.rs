//! The `handbook` binary: parse the command line and hand over to the command.

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    cli::Cli::parse().run()
}
