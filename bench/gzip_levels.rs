//! What each gzip level costs and saves on the search files of a built site: every `.pf_*` file
//! under the folder given is unzipped, then zipped again at each level, one file after another
//! on one core (as zlib-rs, the backend the build uses). The Pagefind patch's level was chosen
//! from this (README, "The Pagefind patch").
//!
//! usage: `cargo run --release --example gzip_levels -- SITE/pagefind`

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let Some(folder) = std::env::args().nth(1) else {
        eprintln!("usage: gzip_levels SITE/pagefind");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    collect(Path::new(&folder), &mut files);
    let unzipped: Vec<Vec<u8>> = files
        .iter()
        .filter_map(|path| {
            let bytes = std::fs::read(path).ok()?;
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut out)
                .ok()?;
            Some(out)
        })
        .collect();
    let raw: usize = unzipped.iter().map(Vec::len).sum();
    println!(
        "{} gzipped search files, {raw} bytes unzipped",
        unzipped.len()
    );
    if unzipped.is_empty() {
        std::process::exit(1);
    }
    let mut best = None;
    println!("level  bytes       vs best  CPU (one core)");
    for level in [9, 7, 6, 5, 4, 3, 2, 1] {
        let started = Instant::now();
        let zipped: usize = unzipped.iter().map(|data| gzip(data, level)).sum();
        let seconds = started.elapsed().as_secs_f64();
        let best = *best.get_or_insert(zipped);
        let change = 100.0 * (zipped as f64 / best as f64 - 1.0);
        println!("{level:>5}  {zipped:>10}  {change:>+6.2} %  {seconds:.2} s");
    }
}

fn gzip(data: &[u8], level: u32) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
    encoder.write_all(data).expect("writing to memory");
    encoder.finish().expect("writing to memory").len()
}

fn collect(folder: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, files);
        } else if path
            .extension()
            .is_some_and(|ext| ext.to_string_lossy().starts_with("pf_"))
        {
            files.push(path);
        }
    }
}
