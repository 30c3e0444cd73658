//! `xla check`: parse and type-check contracts.

use super::settle::contract;
use super::{paths, FAILURE, SUCCESS, USAGE};
use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;
use xla::check::{self, normalize, Checked, RealFs};
use xla::diagnostic::{render_github, render_human, render_json, Severity};
use xla::eval::Period;
use xla::report::{preview_json, preview_text};

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
    /// Load every dataset of the contract from this directory and print a
    /// data preview, settling nothing; exit 1 if a dataset cannot be loaded
    /// or rejects more rows than `reject up to` allows.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// With --data: the first month to show (default: the whole term).
    #[arg(long, value_name = "YYYY-MM", value_parser = contract::parse_period, requires = "data")]
    period: Option<Period>,
    /// With --data: the last month to show (default: --period only).
    #[arg(long, value_name = "YYYY-MM", value_parser = contract::parse_period, requires = "period")]
    through: Option<Period>,
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
                _ if args.data.is_some() => err!("{}", render_human(d, &checked.sources, color)),
                Format::Human => err!("{}", render_human(d, &checked.sources, color)),
                Format::Json => json.push(render_json(d, &checked.sources)),
                Format::Github => {
                    let _ = writeln!(out, "{}", render_github(d, &checked.sources));
                }
            }
        }
    }
    match args.format {
        _ if args.data.is_some() => {}
        Format::Json => {
            let text = serde_json::to_string_pretty(&json).unwrap_or_else(|_| "[]".to_string());
            let _ = writeln!(out, "{text}");
        }
        Format::Human => errln!("{}", summary(results.len(), errors, warnings)),
        Format::Github => {}
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        return FAILURE;
    }
    match &args.data {
        Some(data) => preview(args, &results, data),
        None => SUCCESS,
    }
}

/// Prints the data preview of the one contract checked, loading its datasets from `data`.
fn preview(args: &Args, results: &[Checked], data: &std::path::Path) -> i32 {
    let [checked] = results else {
        errln!("error: --data previews one contract, and {} were checked: name the contract file", results.len());
        return USAGE;
    };
    let Some(program) = &checked.program else {
        return FAILURE;
    };
    if !data.is_dir() {
        errln!("error: the data directory {} does not exist or is not a directory", data.display());
        return FAILURE;
    }
    let (from, through) = match args.period {
        Some(from) => (from, args.through.unwrap_or(from)),
        None => (Period::of(program.contract.start), Period::of(program.contract.end)),
    };
    if let Err(code) = contract::check_months(program, from, through) {
        return code;
    }
    let preview = xla::eval::preview(program, data, from, through, &mut |_: &str, _| {});
    let text = match args.format {
        Format::Json => preview_json(&preview),
        Format::Human | Format::Github => preview_text(&preview),
    };
    let _ = writeln!(std::io::stdout(), "{text}");
    if preview.failed() {
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
