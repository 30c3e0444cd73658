//! `--states`: settling from the per-month aggregate states an engine
//! returned (docs/states.md), end to end from the command line.
//!
//! Each `tests/states/CASE.csv` gives, for the conformance case CASE, the
//! states the row-level work yields, worked out by hand from the case's
//! data (its `CONTRACT_SHA256` is filled in with the contract's
//! fingerprint). Settling from it must write the settlement JSON that
//! reading the files writes, apart from each input's `engine`, `path` and
//! `sha256` (and, for rejected rows, keys instead of lines and the engine's
//! wording of the reasons).
//!
//! - `aggregates` through 2026-02 (aggregate indexes 0–15 in the order the
//!   metrics use them). January's rows: values 4, 10, 1, 3, (none), 10, 2
//!   with groups a, b, a, (none), c, b, a: count 7; sum/mean total 30 over
//!   n 6; median and percentiles from 1, 2, 3, 4 once and 10 twice; min 1,
//!   max 10 (n 6); distinct groups a, b, c; distinct values 1, 2, 3, 4, 10;
//!   `mean(value where value >= 3)` 4 + 10 + 3 + 10 = 27 over 4. February:
//!   values 1, 2, 1 in groups x, x, y: count 3, total 4 over 3, values 1
//!   twice and 2 once, min 1, max 2, groups x, y, values 1, 2; no value
//!   ≥ 3 (no state: empty). 18 rows read; 7 and 3 used; the April and May
//!   rows belong to months of the term not settled, so none is without
//!   period.
//! - `rolling_interval_overlap` through 2026-02: O1 (Jan 31 22:00 – Feb 1
//!   02:00) is used in both months, O2 (Jan 10, 1 h) in January, O3 (Feb
//!   15, 3 h) in February, O4 (March) in neither: 2 and 2 rows used. Month
//!   states of `overlap`: January 2 h + 1 h = 10,800 s over 2, February
//!   2 h + 3 h = 18,000 s over 2. The two-month window (an interval
//!   dataset's windows come from the engine): 3 rows (O1 once), 4 h + 1 h
//!   + 3 h = 28,800 s over 3.
//! - `rolling_percent` through 2026-03: January 4 tickets, 1 reopened;
//!   February 6, none; March 10, 1 (the three-month window is merged from
//!   these); T00 (December 2025) is before the term: 1 row without period.
//! - `rejected_rows_within_limit` 2026-01: C (priority P9), D (hours
//!   `abc`), F (hours empty), K (reopens −1) and L (reopens 1.5) rejected,
//!   5 of 12; the 7 others give count 7, hours 2 + 4 + … + 14 = 56 over 7,
//!   2 with a note (B, G), reopens 0 + 1 + 2 + 0 + 0 + 3 + 0 = 6 over 7.

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xla(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xla")).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn case_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance").join(case)
}

/// The states file of `case`, with the contract's fingerprint, written in `dir`.
fn states_file(case: &str, dir: &Path) -> PathBuf {
    let checked = xla::check::check_file(&case_dir(case).join("contract.xla"), &xla::check::RealFs).unwrap();
    let fingerprint = xla::sql::states::fingerprint(&xla::report::ContractFiles::new(&checked.sources));
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/states").join(format!("{case}.csv"));
    let text = fs::read_to_string(fixture).unwrap().replace("CONTRACT_SHA256", &fingerprint);
    let path = dir.join("states.csv");
    fs::write(&path, text).unwrap();
    path
}

fn settle(case: &str, through: &str, out: &Path, extra: &[&str]) -> Output {
    let out = out.to_str().unwrap();
    let mut args = vec!["settle", "contract.xla", "--data", "data", "--period", "2026-01", "--through", through];
    args.extend_from_slice(&["--out", out]);
    args.extend_from_slice(extra);
    xla(&case_dir(case), &args)
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

/// `json` without what may differ between engines: each input's engine,
/// paths and digests, and the rejected rows' locations and reasons (an
/// engine words its own reasons; the columns must agree).
fn comparable(mut json: Value) -> Value {
    for input in json["inputs"].as_array_mut().unwrap() {
        input.as_object_mut().unwrap().remove("engine");
        for file in input["files"].as_array_mut().unwrap() {
            let file = file.as_object_mut().unwrap();
            file.remove("path");
            file.remove("sha256");
        }
    }
    for row in json["rejected_rows"]["first"].as_array_mut().unwrap() {
        let row = row.as_object_mut().unwrap();
        for location in ["file", "line", "key", "reason"] {
            row.remove(location);
        }
    }
    json
}

#[test]
fn settling_from_states_writes_the_settlement_reading_the_files_writes() {
    let cases = [
        ("aggregates", "2026-02", "duckdb"),
        ("rolling_interval_overlap", "2026-02", "duckdb"),
        ("rolling_percent", "2026-03", "spark"),
        ("rejected_rows_within_limit", "2026-01", "postgres"),
    ];
    for (case, through, engine) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let states = states_file(case, tmp.path());
        let o = settle(case, through, &tmp.path().join("local"), &[]);
        assert_eq!(o.status.code(), Some(0), "{case}: {}", stderr(&o));
        let o = settle(case, through, &tmp.path().join("engine"), &["--states", states.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{case}: {}", stderr(&o));
        let months: Vec<String> = fs::read_dir(tmp.path().join("local"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .collect();
        assert!(!months.is_empty(), "{case}");
        for name in months {
            let local = json(&tmp.path().join("local").join(&name));
            let ours = json(&tmp.path().join("engine").join(&name));
            assert_eq!(comparable(ours.clone()), comparable(local.clone()), "{case} {name}");
            let (input, theirs) = (&ours["inputs"][0], &local["inputs"][0]);
            assert_eq!(input["engine"], engine, "{case}");
            assert_eq!(theirs["engine"], "local", "{case}");
            assert_eq!(input["files"][0]["path"], format!("file:{}", theirs["files"][0]["path"].as_str().unwrap()));
            let digest = xla::report::sha256_hex(&fs::read(&states).unwrap());
            assert_eq!(input["files"][0]["sha256"], digest.as_str(), "{case}");
        }
        let markdown = fs::read_to_string(tmp.path().join("engine/settlement-2026-01.md")).unwrap();
        assert!(markdown.contains(&format!("computed by {engine} (its states file)")), "{case}: {markdown}");
    }
}

#[test]
fn rows_an_engine_rejected_are_named_by_key() {
    let tmp = tempfile::tempdir().unwrap();
    let states = states_file("rejected_rows_within_limit", tmp.path());
    let o = settle(
        "rejected_rows_within_limit",
        "2026-01",
        &tmp.path().join("out"),
        &["--states", states.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("  file:tickets.csv, row with key `C`: column `priority`: not one of P1 and P2"),
        "{}",
        stderr(&o)
    );
    let json = json(&tmp.path().join("out/settlement-2026-01.json"));
    let first = &json["rejected_rows"]["first"][0];
    assert_eq!(json["rejected_rows"]["count"], 5);
    assert_eq!(first["file"], "file:tickets.csv");
    assert_eq!(first["key"], "C");
    assert_eq!(first["line"], Value::Null);
    let markdown = fs::read_to_string(tmp.path().join("out/settlement-2026-01.md")).unwrap();
    assert!(
        markdown.contains("- file:tickets.csv row with key C, column priority: not one of P1 and P2"),
        "{markdown}"
    );
}

#[test]
fn a_malformed_states_file_names_its_line_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let states = states_file("rolling_percent", tmp.path());
    let text = fs::read_to_string(&states).unwrap().replace("meeting,,1\n", "meeting,,11\n");
    fs::write(&states, text).unwrap();
    let out = tmp.path().join("out");
    let o = settle("rolling_percent", "2026-03", &out, &["--states", states.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let expected = format!("error: {}:13: dataset `tickets`: 11 rows meeting of a population of 4", states.display());
    assert!(stderr(&o).contains(&expected), "{}", stderr(&o));
    assert!(stderr(&o).contains("nothing was written"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn states_for_another_month_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let states = states_file("rolling_percent", tmp.path());
    let o = settle("rolling_percent", "2026-02", &tmp.path().join("out"), &["--states", states.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("the states cover 2026-01 to 2026-03, but settling through 2026-02"), "{}", stderr(&o));
}

/// `verify`, `explain`, `propose`, `report` and `diff` evaluate as `settle`
/// does, so they take `--states` too.
#[test]
fn every_command_that_evaluates_takes_states() {
    let tmp = tempfile::tempdir().unwrap();
    let states = states_file("rolling_percent", tmp.path());
    let states = states.to_str().unwrap();
    let engine = tmp.path().join("engine");
    let o = settle("rolling_percent", "2026-03", &engine, &["--states", states]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dir = case_dir("rolling_percent");
    let received = engine.join("settlement-2026-03.json");
    let received = received.to_str().unwrap();
    let o = xla(&dir, &["verify", received, "contract.xla", "--data", "data", "--states", states]);
    assert_eq!(o.status.code(), Some(0), "verify: {}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    // Without the states, the inputs differ (files read here, not the engine's).
    let o = xla(&dir, &["verify", received, "contract.xla", "--data", "data"]);
    assert_eq!(o.status.code(), Some(1), "verify without states: {}", stderr(&o));
    let html = tmp.path().join("review.html");
    let runs: [&[&str]; 4] = [
        &["explain", "contract.xla", "repeat", "--data", "data", "--period", "2026-03", "--states", states],
        &[
            "propose",
            "contract.xla",
            "--data",
            "data",
            "--period",
            "2026-01",
            "--through",
            "2026-03",
            "--states",
            states,
        ],
        &[
            "report",
            "contract.xla",
            "--data",
            "data",
            "--period",
            "2026-03",
            "--states",
            states,
            "--out",
            html.to_str().unwrap(),
        ],
        &["diff", "contract.xla", "contract.xla", "--data", "data", "--period", "2026-03", "--states", states],
    ];
    for args in runs {
        let o = xla(&dir, args);
        assert_eq!(o.status.code(), Some(0), "{}: {}", args[0], stderr(&o));
        if args[0] == "explain" {
            let out = String::from_utf8_lossy(&o.stdout);
            assert!(out.contains("rows meeting and not: not listed here; spark computed `tickets`"), "{out}");
        }
    }
    // A states file for another term is refused by each of them.
    for args in [
        &["explain", "contract.xla", "repeat", "--data", "data", "--period", "2026-02", "--states", states][..],
        &["diff", "contract.xla", "contract.xla", "--data", "data", "--period", "2026-02", "--states", states][..],
    ] {
        let o = xla(&dir, args);
        assert_eq!(o.status.code(), Some(1), "{}: {}", args[0], stderr(&o));
        assert!(stderr(&o).contains("the states cover 2026-01 to 2026-03"), "{}: {}", args[0], stderr(&o));
    }
}

#[test]
fn the_worked_example_of_the_docs_is_a_tested_file() {
    let tmp = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(states_file("rolling_interval_overlap", tmp.path())).unwrap();
    let doc = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/states.md")).unwrap();
    assert!(
        doc.contains(&format!("```\n{text}```")),
        "docs/states.md no longer shows tests/states/rolling_interval_overlap.csv"
    );
}
