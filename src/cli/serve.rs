//! `handbook serve`: the arguments, and the terminal side of `handbook::serve`.

use super::EXIT_FAILURE;
use clap::Args;
use handbook::serve::{self, Notice, ServeOptions};
use std::io::Write as _;
use std::net::IpAddr;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The handbook folder.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Port to listen on (the next free one is used when it is taken; 0 picks any free port).
    #[arg(long, short, default_value_t = 3000)]
    port: u16,
    /// Address to listen on. Other machines can reach the site only with e.g. --bind 0.0.0.0.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Poll the files for changes instead of using the OS's notifications (network drives,
    /// some containers and VMs).
    #[arg(long)]
    poll: bool,
}

impl ServeArgs {
    pub(crate) fn run(self) -> anyhow::Result<u8> {
        let open = self.open;
        let options = ServeOptions {
            root: self.dir,
            bind: self.bind,
            port: self.port,
            poll: self.poll,
        };
        let result = serve::run(options, move |notice| print_notice(notice, open));
        match result {
            Ok(()) => {
                print_notice(Notice::Stopped, false);
                Ok(0)
            }
            Err(e) => {
                errln!("handbook: error: {e:#}");
                Ok(EXIT_FAILURE)
            }
        }
    }
}

/// URL and rebuild lines go to stdout (one line each, flushed: scripts read them), diagnostics to
/// stderr like every other command.
fn print_notice(notice: Notice, open: bool) {
    let mut stdout = std::io::stdout().lock();
    match notice {
        Notice::Listening {
            url,
            port_taken,
            summary,
        } => {
            let _ = writeln!(stdout, "{summary}");
            if let Some(port) = port_taken {
                let _ = writeln!(
                    stdout,
                    "port {port} is taken; using the next free one (choose another with --port)"
                );
            }
            let _ = writeln!(stdout, "Serving at {url} (Ctrl-C to stop)");
            if open {
                open_browser(&url);
            }
        }
        Notice::Diagnostics(text) => {
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
        }
        Notice::Rebuilt(line) => {
            let now = chrono::Local::now().format("%H:%M:%S");
            let _ = writeln!(stdout, "{now} {line}");
        }
        Notice::Stopped => {
            let _ = writeln!(stdout, "Stopped.");
        }
    }
    let _ = stdout.flush();
}

/// Opens `url` with the platform's opener; on failure the printed URL is enough.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if command.is_err() {
        errln!("handbook: could not open a browser; open {url} yourself");
    }
}
