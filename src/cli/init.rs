//! `xla init`: a starter contract, calendar and sample data that check
//! clean and settle at once.

use super::{SUCCESS, USAGE};
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `xla init`.
#[derive(clap::Args)]
pub struct Args {
    /// The directory to write into (created if missing).
    #[arg(default_value = ".")]
    dir: PathBuf,
}

/// The files written, relative to the directory, with their contents.
const FILES: [(&str, &str); 4] = [
    ("contract.xla", include_str!("init/contract.xla")),
    ("holidays.toml", include_str!("init/holidays.toml")),
    ("data/tickets.csv", include_str!("init/tickets.csv")),
    ("data/surveys.jsonl", include_str!("init/surveys.jsonl")),
];

/// The first month of the sample data.
const FIRST_MONTH: &str = "2026-01";

/// Runs `xla init`.
pub fn run(args: &Args) -> i32 {
    let dir = &args.dir;
    let existing: Vec<String> =
        FILES.iter().map(|(name, _)| dir.join(name)).filter(|p| p.exists()).map(|p| p.display().to_string()).collect();
    if !existing.is_empty() {
        errln!("error: not overwriting {}; choose an empty directory: xla init DIR", existing.join(", "));
        return USAGE;
    }
    for (name, text) in FILES {
        let path = dir.join(name);
        if let Err(e) = write_new(&path, text) {
            errln!("error: cannot write {}: {e}", path.display());
            return USAGE;
        }
    }
    let contract = dir.join("contract.xla");
    let data = dir.join("data");
    outln!("wrote {}", FILES.iter().map(|(n, _)| dir.join(n).display().to_string()).collect::<Vec<_>>().join(", "));
    outln!();
    outln!("next:");
    outln!("  xla check {}", dir.display());
    outln!("  xla settle {} --data {} --period {FIRST_MONTH}", contract.display(), data.display());
    outln!("  xla explain {} --data {} --period {FIRST_MONTH} happy", contract.display(), data.display());
    SUCCESS
}

/// Writes a file that must not exist yet, creating its directory.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    OpenOptions::new().write(true).create_new(true).open(path)?.write_all(text.as_bytes())
}
