//! The `handbook` binary: parse the command line and hand over to the command.

mod cli;

use clap::Parser;

// Rendering thousands of pages is allocation-heavy; mimalloc is measurably faster here than
// the system allocator (see the README's performance section).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::Cli::parse().run()
}
