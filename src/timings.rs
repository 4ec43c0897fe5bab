//! Stage timings for finding where a build or a `serve` rebuild spends its time: with
//! `HANDBOOK_TIMINGS=1` in the environment, each stage wrapped in [`stage`] prints its name and
//! duration to stderr (`timing: model/bodies 41.2 ms`). Off, a stage costs one relaxed load.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("HANDBOOK_TIMINGS").is_some_and(|v| v != "0"))
}

/// Runs `work`, printing how long it took when timings are on.
#[allow(
    clippy::print_stderr,
    reason = "a developer's switch, printed beside the build's own output"
)]
pub fn stage<T>(name: &str, work: impl FnOnce() -> T) -> T {
    if !enabled() {
        return work();
    }
    let started = Instant::now();
    let value = work();
    eprintln!(
        "timing: {name} {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    value
}

/// Prints a line of what a stage did, when timings are on.
#[allow(
    clippy::print_stderr,
    reason = "a developer's switch, printed beside the build's own output"
)]
pub fn note(what: impl FnOnce() -> String) {
    if enabled() {
        eprintln!("timing: {}", what());
    }
}
