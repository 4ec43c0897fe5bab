//! Rebuilds the binary when a file of the embedded default theme changes: `include_dir!` alone
//! does not tell cargo to watch new or edited files.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=src/cli/scaffold");
}
