//! `xla fmt`: lay contracts out in the one canonical way.

use super::{paths, FAILURE, SUCCESS, USAGE};
use std::path::PathBuf;
use xla::diagnostic::render_human;
use xla::source::Sources;

/// Arguments of `xla fmt`.
#[derive(clap::Args)]
pub struct Args {
    /// Contract files, or directories to search for *.xla (default: the current directory).
    paths: Vec<PathBuf>,
    /// Change nothing; list the files that are not formatted and exit 1 if there are any.
    #[arg(long)]
    check: bool,
}

/// Runs `xla fmt`.
pub fn run(args: &Args) -> i32 {
    let files = match paths::xla_files(&args.paths) {
        Ok(files) => files,
        Err(code) => return code,
    };
    let color = crate::cli::color();
    let (mut unformatted, mut broken) = (0, 0);
    for file in &files {
        let text = match xla::trust::read_source(file) {
            Ok(text) => text,
            Err(e) => {
                errln!("error: cannot read {}: {e}", file.display());
                return USAGE;
            }
        };
        let formatted = match xla::fmt::format(&text) {
            Ok(formatted) => formatted,
            Err(diagnostics) => {
                let mut sources = Sources::new();
                sources.add(file.clone(), text.as_str());
                for d in &diagnostics {
                    err!("{}", render_human(d, &sources, color));
                }
                errln!("{}: not formatted, it has syntax errors", file.display());
                broken += 1;
                continue;
            }
        };
        if formatted == text {
            continue;
        }
        unformatted += 1;
        if args.check {
            outln!("{}", file.display());
        } else if let Err(e) = xla::temporary::replace_contents(file, formatted.as_bytes()) {
            errln!("error: cannot write {}: {e}", file.display());
            return USAGE;
        } else {
            outln!("formatted {}", file.display());
        }
    }
    if broken > 0 || (args.check && unformatted > 0) {
        FAILURE
    } else {
        SUCCESS
    }
}
