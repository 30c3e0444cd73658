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
    let xla = program();
    if xla != "xla" {
        outln!("`xla` is not on your PATH: `cargo install --path . --locked` in the xla checkout installs it;");
        outln!("until then, run it as {xla}");
        outln!();
    }
    outln!("next:");
    outln!("  {xla} check {}", shell_word(&dir.display().to_string()));
    let (contract, data) = (shell_word(&contract.display().to_string()), shell_word(&data.display().to_string()));
    outln!("  {xla} settle {contract} --data {data} --period {FIRST_MONTH}");
    outln!("  {xla} explain {contract} --data {data} --period {FIRST_MONTH} happy");
    SUCCESS
}

/// How to run this program in the commands printed: `xla` when that name
/// on the PATH finds it, otherwise the path of the running executable (as
/// after `cargo run`), so that the commands work whether or not `xla` is
/// installed.
fn program() -> String {
    let on_path = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(EXECUTABLE).is_file()));
    match std::env::current_exe() {
        Ok(exe) if !on_path => shell_word(&exe.display().to_string()),
        _ => "xla".to_string(),
    }
}

/// The file name of the `xla` executable on this platform.
const EXECUTABLE: &str = if cfg!(windows) { "xla.exe" } else { "xla" };

/// `word` quoted for a POSIX shell when it holds anything but letters,
/// digits and `/._-+:,@`.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+:,@".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// Writes a file that must not exist yet, creating its directory.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    OpenOptions::new().write(true).create_new(true).open(path)?.write_all(text.as_bytes())
}
