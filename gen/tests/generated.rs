//! The generator on small N: the same seed gives the same bytes, the row
//! counts are the ones asked for, and the acme and benchmark contracts
//! accept the files (rejecting exactly the rows written malformed).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use xla::check::{check_file, RealFs};
use xla::eval::{evaluate, evaluate_with_threads, Period};
use xla_gen::{generate, Config};

fn small() -> Config {
    Config { tickets: 3_000, surveys: 700, telemetry: 1_500, outages: 60, ..Config::default() }
}

/// Every file under `dir`, by relative path, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf(), fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn lines(files: &BTreeMap<PathBuf, Vec<u8>>, prefix: &str, header: bool) -> u64 {
    files
        .iter()
        .filter(|(p, _)| p.to_string_lossy().starts_with(prefix))
        .map(|(_, b)| b.iter().filter(|&&c| c == b'\n').count() as u64 - u64::from(header))
        .sum()
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let (a, b, c) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let config = Config { malformed_tickets: 0.01, malformed_telemetry: 0.01, ..small() };
    generate(&config, a.path()).unwrap();
    generate(&config, b.path()).unwrap();
    generate(&Config { seed: 2, ..config }, c.path()).unwrap();
    let (fa, fb, fc) = (files(a.path()), files(b.path()), files(c.path()));
    assert_eq!(fa.len(), 12 + 12 + 2);
    assert!(fa == fb, "same seed, different bytes");
    assert_eq!(fa.keys().collect::<Vec<_>>(), fc.keys().collect::<Vec<_>>());
    assert!(fa.iter().zip(&fc).all(|((_, x), (_, y))| x != y), "another seed should change every file");
}

#[test]
fn row_counts_are_the_ones_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let summary = generate(&small(), dir.path()).unwrap();
    let f = files(dir.path());
    assert_eq!(lines(&f, "tickets/", true), 3_000);
    assert_eq!(lines(&f, "surveys.jsonl", false), 700);
    assert_eq!(lines(&f, "telemetry/", true), 1_500);
    assert_eq!(lines(&f, "outages.csv", true), 60);
    assert_eq!((summary.tickets.0, summary.surveys.0, summary.telemetry.0, summary.outages), (3_000, 700, 1_500, 60));
    assert_eq!(summary.tickets.1, 0);
    assert!(generate(&Config { surveys: 4_000, ..small() }, dir.path()).is_err());
}

fn contract(path: &str) -> xla::ir::Program {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
    let checked = check_file(&root, &RealFs).unwrap();
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    checked.program.unwrap()
}

/// Rows read and rejected per dataset.
fn load(program: &xla::ir::Program, dir: &Path) -> BTreeMap<String, (u64, u64)> {
    let through: Period = "2026-12".parse().unwrap();
    let eval = evaluate(program, dir, through, &mut |_: &str, _| {}).unwrap();
    let settlement = xla::settle::settle(&eval).expect("generated figures stay in range");
    assert_eq!(settlement.months.len(), 12);
    // Every month has tickets, surveys and a happiness value.
    let happiness = program.metrics.iter().position(|m| m.name == "happiness").unwrap();
    assert!(settlement.months.iter().all(|m| !m.metrics[happiness].value.is_none()));
    eval.inputs
        .iter()
        .map(|d| {
            let read = d.files.iter().map(|f| f.rows_read).sum();
            let rejected = d.files.iter().map(|f| f.rows_rejected).sum();
            (d.dataset.clone(), (read, rejected))
        })
        .collect()
}

#[test]
fn the_acme_contract_accepts_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config { malformed_surveys: 0.004, ..small() };
    let summary = generate(&config, dir.path()).unwrap();
    let loaded = load(&contract("examples/acme/contract.xla"), dir.path());
    assert_eq!(loaded["tickets"], (3_000, 0));
    assert_eq!(loaded["surveys"], (700, summary.surveys.1));
    assert_eq!(loaded["outages"], (60, 0));
}

#[test]
fn the_bench_contract_accepts_the_files_with_malformed_rows() {
    let dir = tempfile::tempdir().unwrap();
    let config =
        Config { tickets: 20_000, surveys: 4_000, malformed_tickets: 0.0008, malformed_telemetry: 0.0008, ..small() };
    let summary = generate(&config, dir.path()).unwrap();
    assert!(summary.tickets.1 > 0 && summary.telemetry.1 > 0 && summary.surveys.1 > 0, "{summary:?}");
    let loaded = load(&contract("bench/contract.xla"), dir.path());
    assert_eq!(loaded["tickets"], summary.tickets);
    assert_eq!(loaded["surveys"], summary.surveys);
    assert_eq!(loaded["telemetry"], summary.telemetry);
}

/// Loading on several threads gives exactly what loading on one gives: every
/// aggregate, every count, every rejection, every settled figure.
#[test]
fn threads_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        tickets: 30_000,
        surveys: 6_000,
        telemetry: 12_000,
        malformed_tickets: 0.0008,
        malformed_telemetry: 0.0008,
        ..small()
    };
    generate(&config, dir.path()).unwrap();
    let program = contract("bench/contract.xla");
    let through: Period = "2026-12".parse().unwrap();
    let run = |threads| {
        let eval = evaluate_with_threads(&program, dir.path(), through, &mut |_: &str, _| {}, threads).unwrap();
        let settlement = xla::settle::settle(&eval).expect("generated figures stay in range");
        (
            format!("{:?}", eval.aggregates),
            format!("{:?} {:?} {}", eval.inputs, eval.rejections, eval.rejected_total),
            format!("{:?}", settlement.months),
        )
    };
    let one = run(1);
    assert!(one.1.contains("rows_rejected: 1"), "malformed rows should be rejected");
    for threads in [2, 3] {
        let many = run(threads);
        assert!(one.0 == many.0, "aggregates differ on {threads} threads");
        assert!(one.1 == many.1, "inputs or rejections differ on {threads} threads");
        assert!(one.2 == many.2, "settlement differs on {threads} threads");
    }
}
