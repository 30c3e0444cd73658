//! `xla check CONTRACT --data DIR`: the data preview, before settling.
//!
//! The case is the starter contract of `xla init` and its data: 16 tickets
//! (8 resolved in January, 7 in February, 1 unresolved: without a period)
//! and 12 surveys (6 a month), counted by hand from the sample files.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn xla(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xla")).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

fn starter() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(xla(dir.path(), &["init"]).status.code(), Some(0));
    dir
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn preview_counts_rows_per_file_and_month() {
    let dir = starter();
    let o =
        xla(dir.path(), &["check", "contract.xla", "--data", "data", "--period", "2026-01", "--through", "2026-02"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        stdout(&o),
        "dataset tickets (reject up to 0%)\n\
         \x20 tickets.csv: 16 rows read, 0 rejected, 0 collapsed by `unique by`\n\
         \x20   rows per month: 2026-01 8, 2026-02 7; without a period: 1\n\
         \x20 0 of 16 rows rejected, within `reject up to`\n\
         dataset surveys (reject up to 0%)\n\
         \x20 surveys.jsonl: 12 rows read, 0 rejected, 0 collapsed by `unique by`\n\
         \x20   rows per month: 2026-01 6, 2026-02 6; without a period: 0\n\
         \x20 0 of 12 rows rejected, within `reject up to`\n\n"
    );
    // Nothing is settled.
    assert!(!dir.path().join("settlements").exists());
}

#[test]
fn a_limit_exceeded_exits_1_and_lists_the_rows_as_json() {
    let dir = starter();
    let tickets = dir.path().join("data/tickets.csv");
    let mut text = fs::read_to_string(&tickets).unwrap();
    // Line 18: a bad priority; lines 19-20: one record over two lines (two rejected rows).
    text.push_str(
        "INC1017,P9,2026-01-28 09:00,2026-01-28 10:00\n\"INC1018\nx\",P1,2026-01-28 09:00,2026-01-28 10:00\n",
    );
    fs::write(&tickets, text).unwrap();
    let o = xla(dir.path(), &["check", "contract.xla", "--data", "data", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["schema"], "xla-preview/1");
    assert_eq!(json["months"].as_array().map(Vec::len), Some(12));
    let tickets = &json["datasets"][0];
    assert_eq!(tickets["over_limit"], true);
    assert_eq!((tickets["rows_read"].as_u64(), tickets["rows_rejected"].as_u64()), (Some(19), Some(3)));
    let file = &tickets["files"][0];
    assert_eq!((file["rows_read"].as_u64(), file["lines"].as_u64()), (Some(19), Some(19)));
    assert_eq!(file["rows_per_month"]["2026-01"], 8);
    assert_eq!(file["rows_without_period"], 1);
    let first = &tickets["rejected_rows"]["first"];
    assert_eq!((first[0]["line"].as_u64(), first[0]["column"].as_str()), (Some(18), Some("priority")));
    assert_eq!(first[1]["line"], 19);
    assert_eq!(json["datasets"][1]["over_limit"], false);
}

#[test]
fn a_dataset_that_cannot_load_is_reported_and_exits_1() {
    let dir = starter();
    let tickets = dir.path().join("data/tickets.csv");
    let text = fs::read_to_string(&tickets).unwrap().replace(',', ";");
    fs::write(&tickets, text).unwrap();
    let o = xla(dir.path(), &["check", "contract.xla", "--data", "data"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("  error: dataset `tickets`: tickets.csv has no column `number`"), "{out}");
    assert!(out.contains("add `delimiter \";\"` to the dataset"), "{out}");
    // The other dataset is still previewed.
    assert!(out.contains("surveys.jsonl: 12 rows read"), "{out}");
}
