//! Benchmark: parse and check a generated, valid 5,000-line contract.
//!
//! Run with `cargo bench --bench check`. The goal is under 50 ms on one
//! core. The peer, measured in the same run on a document of the same
//! number of lines, is parsing TOML with the `toml` crate; the ratio
//! `xla check / toml parse` is printed with min and median of 20 runs.

use std::hint::black_box;
use std::io;
use std::path::Path;
use std::time::{Duration, Instant};
use xla::check::{check_text, FileSystem};
use xla::diagnostic::render_human;

const LINES: usize = 5_000;
const RUNS: usize = 20;
const GOAL: Duration = Duration::from_millis(50);

/// Contract files are generated in memory; nothing is read from disk.
struct NoFiles;

impl FileSystem for NoFiles {
    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        Err(io::Error::new(io::ErrorKind::NotFound, path.display().to_string()))
    }
}

const HEAD: &str = r#"/// Generated for the benchmark: many datasets, metrics and clauses.
contract "Benchmark Services" {
  client      "Acme Corp"
  provider    "Northwind Managed Services"
  start       2026-01-01
  end         2028-12-31
  timezone    "Europe/London"
  currency    EUR
  monthly_fee 250000.00 EUR
  at_risk     12%
  pool        100000%
  gain_cap    4%
}

calendar business {
  hours   mon-fri 08:00-18:00
  hours   sat 09:00-12:00
  holiday 2026-12-24 "Christmas Eve"
  holiday 2026-12-25 "Christmas Day"
}

escalation using business {
  level 1 "Service delivery managers"    within 5 business days
  level 2 "Joint service review board"   within 10 business days
  level 3 "Executive steering committee" within 20 business days
}
"#;

/// One service: a dataset, five metrics, an `sla`, an `xla` and a gain.
fn service(i: usize) -> String {
    format!(
        r#"
/// Tickets of service {i}.
dataset tickets_{i} from csv "service-{i}/tickets-*.csv" {{
  id        text       = "number"
  priority  text in ["P1", "P2", "P3", "P4"] = "priority"
  channel   text       = "contact_type"
  opened    timestamp  = "opened_at"   format "%d/%m/%Y %H:%M"
  resolved  timestamp? = "resolved_at" format "%d/%m/%Y %H:%M"
  reopens   count      = "reopen_count"
  lost      duration?  = "lost_minutes" unit minutes
  score     number?    = "happiness"
  period by resolved
  reject up to 0.5%
  missing "N/A", "-"
}}

metric p1_fixed_{i} = percent(tickets_{i} where priority == "P1" and channel != "email"
                         meeting business_time(opened, resolved, business) <= 4h)
metric repeat_{i}   = percent(tickets_{i} meeting reopens > 0 or priority in ["P1", "P2"])
metric happy_{i}    = mean(score of tickets_{i} where score != none)
metric lost_{i}     = median(lost of tickets_{i} where lost != none)
metric slow_{i}     = percentile(95, resolved - opened of tickets_{i} where hour(opened) >= 8)

sla p1_{i} "P1 resolution, service {i}" {{
  metric     p1_fixed_{i}
  target     >= 95%
  minimum    >= 90%
  min_volume 10
  allocation 40%
  when missed                      escalate level 1
  when failed                      escalate level 2
  when missed 3 consecutive months escalate level 3, credit x 1.5
  when missed 4 of 6 months        chronic failure
  earnback after 3 consecutive months met
}}

xla happy_{i} "Employee happiness, service {i}" {{
  metric   happy_{i}
  baseline first 3 months
  target   >= baseline + 2 reviewed every 6 months ratchet
  credit {{
    below target     : 1% of monthly_fee
    below target - 5 : 3% of monthly_fee
  }}
  bonus {{
    above target + 5 : 1% of monthly_fee
  }}
  when missed 2 consecutive months escalate level 2
}}

xla repeat_{i} "Repeat incidents, service {i}" {{
  metric repeat_{i}
  target <= 8%
  credit {{
    above 8%  : 500.00 EUR
    above 15% : 1% of monthly_fee
  }}
}}

xla slow_{i} "Slowest resolutions, service {i}" {{
  metric     slow_{i}
  target     <= 3d
  allocation 5%
}}

gain productivity_{i} "Shared productivity gain, service {i}" {{
  baseline first 3 months
  value    (baseline(lost_{i}) - lost_{i}) * count(tickets_{i}) * 55.00 EUR/h
  share    30%
}}
"#
    )
}

/// A valid contract of at least `lines` lines.
fn contract(lines: usize) -> String {
    let mut text = HEAD.to_string();
    let mut i = 0;
    while text.lines().count() < lines {
        i += 1;
        text.push_str(&service(i));
    }
    text
}

/// A TOML document of at least `lines` lines, shaped like a contract schedule.
fn toml_document(lines: usize) -> String {
    let mut text =
        String::from("[contract]\nname = \"Benchmark Services\"\ncurrency = \"EUR\"\nmonthly_fee = 250000.00\n");
    let mut i = 0;
    while text.lines().count() < lines {
        i += 1;
        text.push_str(&format!(
            "\n[[dataset]]\nname = \"tickets_{i}\"\npath = \"service-{i}/tickets-*.csv\"\nperiod_by = \"resolved\"\n\
             reject_up_to = 0.5\ncolumns = [\"number\", \"priority\", \"contact_type\", \"opened_at\"]\n\
             \n[[clause]]\nid = \"p1_{i}\"\nkind = \"sla\"\ntitle = \"P1 resolution, service {i}\"\n\
             metric = \"p1_fixed_{i}\"\ntarget = {{ op = \">=\", value = 95.0 }}\nminimum = {{ op = \">=\", value = 90.0 }}\n\
             allocation = 40\nopened = 2026-01-01T08:00:00Z\n\n[clause.credit]\nbelow_target = 1.0\nbelow_target_minus_5 = 3.0\n"
        ));
    }
    text
}

/// Min and median of `RUNS` timings of `f`.
fn measure(mut f: impl FnMut()) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[0], times[RUNS / 2])
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let xla_text = contract(LINES);
    let toml_text = toml_document(LINES);
    let path = Path::new("benchmark.xla");

    let checked = check_text(path, xla_text.clone(), &NoFiles);
    if let Some(d) = checked.diagnostics.first() {
        panic!("the generated contract must be clean:\n{}", render_human(d, &checked.sources, false));
    }
    assert!(checked.program.is_some(), "a clean contract yields a program");
    let parsed: toml::Table = toml_text.parse().expect("the generated TOML is valid");
    black_box(parsed);

    let (xla_min, xla_median) = measure(|| {
        black_box(check_text(path, black_box(xla_text.clone()), &NoFiles));
    });
    let (toml_min, toml_median) = measure(|| {
        black_box(black_box(toml_text.as_str()).parse::<toml::Table>().ok());
    });

    println!(
        "xla check:  {} lines, {} KiB; min {}, median {} ({RUNS} runs)",
        xla_text.lines().count(),
        xla_text.len() / 1024,
        ms(xla_min),
        ms(xla_median)
    );
    println!(
        "toml parse: {} lines, {} KiB; min {}, median {} ({RUNS} runs)",
        toml_text.lines().count(),
        toml_text.len() / 1024,
        ms(toml_min),
        ms(toml_median)
    );
    println!(
        "xla check / toml parse: {:.2} (median), {:.2} (min)",
        xla_median.as_secs_f64() / toml_median.as_secs_f64(),
        xla_min.as_secs_f64() / toml_min.as_secs_f64()
    );
    let verdict = if xla_median < GOAL { "met" } else { "NOT met" };
    println!("goal: xla check under {} on one core: {verdict}", ms(GOAL));
}
