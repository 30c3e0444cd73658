//! `xla-gen`: writes deterministic synthetic exports for the acme contract
//! (see the library's documentation for the files and their layout).

use chrono::NaiveDate;
use clap::Parser;
use std::path::PathBuf;
use std::time::Instant;
use xla_gen::{generate, Config};

/// Writes synthetic ServiceNow tickets, survey answers, outages and
/// endpoint telemetry for `examples/acme/contract.xla` and `bench/contract.xla`.
#[derive(Parser)]
#[command(name = "xla-gen", version)]
struct Args {
    /// The directory to write into (created if needed).
    #[arg(long)]
    out: PathBuf,
    /// The seed: the same seed and counts give the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The first month, YYYY-MM.
    #[arg(long, default_value = "2026-01", value_parser = parse_month)]
    from: NaiveDate,
    /// How many months.
    #[arg(long, default_value_t = 12)]
    months: u32,
    /// Ticket rows.
    #[arg(long, default_value_t = 10_000)]
    tickets: u64,
    /// Survey rows (at most the tickets).
    #[arg(long, default_value_t = 2_000)]
    surveys: u64,
    /// Telemetry rows.
    #[arg(long, default_value_t = 4_000)]
    telemetry: u64,
    /// Outage rows.
    #[arg(long, default_value_t = 240)]
    outages: u64,
    /// Share of ticket rows written malformed (0 for the acme contract, which allows none).
    #[arg(long, default_value_t = 0.0)]
    malformed_tickets: f64,
    /// Share of survey rows written malformed (acme allows up to 0.5%).
    #[arg(long, default_value_t = 0.003)]
    malformed_surveys: f64,
    /// Share of telemetry rows written malformed.
    #[arg(long, default_value_t = 0.0)]
    malformed_telemetry: f64,
}

fn parse_month(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").map_err(|_| format!("{text:?} is not YYYY-MM"))
}

fn main() {
    let args = Args::parse();
    let config = Config {
        seed: args.seed,
        from: args.from,
        months: args.months,
        tickets: args.tickets,
        surveys: args.surveys,
        telemetry: args.telemetry,
        outages: args.outages,
        malformed_tickets: args.malformed_tickets,
        malformed_surveys: args.malformed_surveys,
        malformed_telemetry: args.malformed_telemetry,
    };
    let started = Instant::now();
    match generate(&config, &args.out) {
        Ok(s) => {
            println!(
                "wrote {} tickets ({} malformed), {} surveys ({} malformed), {} telemetry rows ({} malformed), {} outages to {} in {:.1} s",
                s.tickets.0,
                s.tickets.1,
                s.surveys.0,
                s.surveys.1,
                s.telemetry.0,
                s.telemetry.1,
                s.outages,
                args.out.display(),
                started.elapsed().as_secs_f64()
            );
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    }
}
