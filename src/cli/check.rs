//! `xla check`: parse and type-check contracts.

use super::{paths, FAILURE, SUCCESS, USAGE};
use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;
use xla::check::{self, normalize, Checked, RealFs};
use xla::diagnostic::{render_github, render_human, render_json, Severity};

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    /// Reports with source snippets, for people.
    Human,
    /// A JSON array of diagnostics, for tools.
    Json,
    /// GitHub Actions workflow annotations.
    Github,
}

/// Arguments of `xla check`.
#[derive(clap::Args)]
pub struct Args {
    /// Contract files, or directories to search for *.xla (default: the current directory).
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

/// Runs `xla check`.
pub fn run(args: &Args) -> i32 {
    let files = match paths::xla_files(&args.paths) {
        Ok(files) => files,
        Err(code) => return code,
    };
    let mut results: Vec<Checked> = Vec::new();
    for file in &files {
        match check::check_file(file, &RealFs) {
            Ok(checked) => results.push(checked),
            Err(e) => {
                errln!("error: cannot read {}: {e}", file.display());
                return USAGE;
            }
        }
    }
    // A file included by another one is checked as part of it, not alone.
    let included: HashSet<PathBuf> =
        results.iter().flat_map(|c| c.sources.iter().skip(1).map(|(_, f)| normalize(&f.path))).collect();
    results.retain(|c| !included.contains(&normalize(&c.sources.get(xla::source::FileId(0)).path)));

    let (mut errors, mut warnings) = (0, 0);
    let mut json = Vec::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let color = crate::cli::color();
    for checked in &results {
        for d in &checked.diagnostics {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            match args.format {
                Format::Human => err!("{}", render_human(d, &checked.sources, color)),
                Format::Json => json.push(render_json(d, &checked.sources)),
                Format::Github => {
                    let _ = writeln!(out, "{}", render_github(d, &checked.sources));
                }
            }
        }
    }
    match args.format {
        Format::Json => {
            let text = serde_json::to_string_pretty(&json).unwrap_or_else(|_| "[]".to_string());
            let _ = writeln!(out, "{text}");
        }
        Format::Human => errln!("{}", summary(results.len(), errors, warnings)),
        Format::Github => {}
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        FAILURE
    } else {
        SUCCESS
    }
}

fn summary(files: usize, errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let checked = plural(files, "contract");
    if errors == 0 && warnings == 0 {
        format!("checked {checked}: no problems")
    } else {
        format!("checked {checked}: {}, {}", plural(errors, "error"), plural(warnings, "warning"))
    }
}
