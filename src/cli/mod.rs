//! Command-line parsing and dispatch. Each subcommand lives in its own
//! module and returns the process exit code (LANGUAGE.md §8.5): 0 success,
//! 1 the contract or data has errors, 2 usage or I/O error.

#[macro_use]
mod output;

mod check;
mod diff;
mod explain;
mod fmt;
mod format;
mod init;
mod lsp;
mod paths;
mod propose;
mod report;
mod settle;
mod sql;
mod verify;

use clap::{Parser, Subcommand};

/// Exit code: success.
pub const SUCCESS: i32 = 0;
/// Exit code: the contract or data has errors.
pub const FAILURE: i32 = 1;
/// Exit code: usage or I/O error.
pub const USAGE: i32 = 2;

#[derive(Parser)]
#[command(name = "xla", version, about = "Service-level and experience-level schedules of IT outsourcing contracts")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and type-check contracts (files, or directories searched for *.xla).
    #[command(after_help = "Examples:\n  \
        xla check examples/acme/contract.xla\n  \
        xla check --format github --deny-warnings examples")]
    Check(check::Args),
    /// Lay contracts out in the one canonical way (comments kept).
    #[command(after_help = "Examples:\n  \
        xla fmt examples/acme/contract.xla\n  \
        xla fmt --check examples")]
    Fmt(fmt::Args),
    /// Evaluate a month of data and write the settlement files (JSON, Markdown, ledger).
    #[command(after_help = "Examples:\n  \
        xla settle examples/acme/contract.xla --data examples/acme/data --period 2026-03\n  \
        xla settle examples/acme/contract.xla --data examples/acme/data --period 2026-01 --through 2026-12 --out year-1")]
    Settle(settle::Args),
    /// Write the service review pack: one self-contained, printable HTML file over a run of months.
    #[command(after_help = "Examples:\n  \
        xla report examples/acme/contract.xla --data examples/acme/data --period 2026-01 --through 2026-12\n  \
        xla report examples/acme/contract.xla --data examples/acme/data --period 2026-03 --out review.html")]
    Report(report::Args),
    /// Show how one clause's figure in one month came about (without an id: list the ids).
    #[command(after_help = "Examples:\n  \
        xla explain examples/acme/contract.xla\n  \
        xla explain examples/acme/contract.xla --data examples/acme/data --period 2026-03 p1")]
    Explain(explain::Args),
    /// Write the row-level work of the table datasets as SQL for an engine; settle from its result with `settle --states`.
    #[command(after_help = "Examples:\n  \
        xla sql contract.xla --dialect duckdb --period 2026-03 > states.sql\n  \
        xla sql contract.xla --dialect postgres --period 2026-01 --through 2026-12 --out states.sql")]
    Sql(sql::Args),
    /// Recompute a settlement received from the other party and compare it: inputs, figures, money.
    Verify(verify::Args),
    /// What changed in substance between two versions of a schedule, and what it would have cost.
    Diff(diff::Args),
    /// Targets that a clause's history supports, with what each would have cost (advice only).
    Propose(propose::Args),
    /// Write a starter contract, calendar and sample data that settle at once.
    #[command(after_help = "Examples:\n  \
        xla init my-contract\n  \
        xla init")]
    Init(init::Args),
    /// Run the language server on stdin and stdout (for editors).
    #[command(after_help = "Examples:\n  \
        xla lsp --stdio   (editors start it; see docs/editor.md)")]
    Lsp(lsp::Args),
}

/// Whether diagnostics on stderr should be coloured: stderr is a terminal
/// and `NO_COLOR` is not set.
pub fn color() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Parses the command line and runs the command.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { USAGE } else { SUCCESS };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Settle(args) => settle::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Sql(args) => sql::run(&args),
        Command::Verify(args) => verify::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Propose(args) => propose::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Lsp(args) => lsp::run(&args),
    }
}
