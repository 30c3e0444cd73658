//! `xla settle`, `xla explain` and `xla init` as a user runs them: exit
//! codes, messages, and what is (or is not) written.
//!
//! The fixed case is the starter contract of `xla init` and its sample data
//! (verified by hand: January `fixes` 6 of 7 = 85.71% met, `happy` 80/6 =
//! 13.33 missed → 1% credit and a watermelon month; February `fixes` 3 of
//! 6 = 50% failed → 60% of the 10,000.00 at risk, `happy` 26.67 met → 0.5%
//! bonus).

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// Runs `xla ARGS` in `dir`.
fn xla(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xla")).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A directory holding the starter contract and its sample data.
fn starter() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = xla(dir.path(), &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    dir
}

fn settle(dir: &Path, period: &str) -> Output {
    xla(dir, &["settle", "contract.xla", "--data", "data", "--period", period])
}

#[test]
fn settles_and_prints_a_summary() {
    let dir = starter();
    let o =
        xla(dir.path(), &["settle", "contract.xla", "--data", "data", "--period", "2026-01", "--through", "2026-02"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("2026-01  net 99,000.00 EUR"), "{out}");
    assert!(out.contains("watermelon: YES"), "{out}");
    assert!(out.contains("2026-02  net 94,500.00 EUR"), "{out}");
    assert!(out.contains("escalate fixes to level 2 (Steering committee) by 2026-03-13"), "{out}");
    let settlements = dir.path().join("settlements");
    for name in ["settlement-2026-01.json", "settlement-2026-01.md", "settlement-2026-02.json", "ledger.csv"] {
        assert!(settlements.join(name).is_file(), "{name} missing");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(settlements.join("settlement-2026-02.json")).unwrap()).unwrap();
    assert_eq!(json["contract"]["file"], "contract.xla");
    assert_eq!(json["totals"]["net"], "94500.00");
    let markdown = fs::read_to_string(settlements.join("settlement-2026-01.md")).unwrap();
    insta::assert_snapshot!("starter_2026_01_markdown", markdown);
}

#[test]
fn a_second_run_writes_the_same_bytes() {
    let dir = starter();
    assert_eq!(settle(dir.path(), "2026-02").status.code(), Some(0));
    let path = dir.path().join("settlements/settlement-2026-02.json");
    let first = fs::read(&path).unwrap();
    let ledger = fs::read(dir.path().join("settlements/ledger.csv")).unwrap();
    assert_eq!(settle(dir.path(), "2026-02").status.code(), Some(0));
    assert_eq!(fs::read(&path).unwrap(), first);
    assert_eq!(fs::read(dir.path().join("settlements/ledger.csv")).unwrap(), ledger);
}

#[test]
fn a_period_outside_the_term_is_a_usage_error() {
    let dir = starter();
    for period in ["2025-12", "2027-01"] {
        let o = settle(dir.path(), period);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains(&format!("{period} is outside the contract term")), "{}", stderr(&o));
    }
    let o =
        xla(dir.path(), &["settle", "contract.xla", "--data", "data", "--period", "2026-03", "--through", "2026-02"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--through 2026-02 is before --period 2026-03"), "{}", stderr(&o));
    let o = settle(dir.path(), "2026-1");
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.path().join("settlements").exists());
}

#[test]
fn a_missing_data_file_fails_and_writes_nothing() {
    let dir = starter();
    fs::remove_file(dir.path().join("data/surveys.jsonl")).unwrap();
    let o = settle(dir.path(), "2026-01");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("dataset `surveys`: no file matches `surveys.jsonl`"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!dir.path().join("settlements").exists());

    let o = xla(dir.path(), &["settle", "contract.xla", "--data", "no-such-dir", "--period", "2026-01"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("the data directory no-such-dir does not exist"), "{}", stderr(&o));
}

#[test]
fn a_missing_column_names_the_file_and_the_column() {
    let dir = starter();
    let tickets = dir.path().join("data/tickets.csv");
    let text = fs::read_to_string(&tickets).unwrap().replacen("priority", "prio", 1);
    fs::write(&tickets, text).unwrap();
    let o = settle(dir.path(), "2026-01");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("tickets.csv has no column `priority`"), "{}", stderr(&o));
    assert!(!dir.path().join("settlements").exists());
}

#[test]
fn too_many_rejected_rows_fail_and_write_nothing() {
    let dir = starter();
    let tickets = dir.path().join("data/tickets.csv");
    let mut text = fs::read_to_string(&tickets).unwrap();
    text.push_str("INC1017,P9,2026-01-28 09:00,2026-01-28 10:00\n");
    fs::write(&tickets, text).unwrap();
    let o = settle(dir.path(), "2026-01");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("1 of 17 rows rejected"), "{err}");
    assert!(err.contains("tickets.csv:18: column `priority`"), "{err}");
    assert!(!dir.path().join("settlements").exists());
}

#[test]
fn a_score_outside_its_declared_range_rejects_the_row() {
    let dir = starter();
    let surveys = dir.path().join("data/surveys.jsonl");
    let mut text = fs::read_to_string(&surveys).unwrap();
    let lines = text.lines().count();
    text.push_str("{\"ticket_id\": \"INC1099\", \"happiness\": 400, \"answered_at\": \"2026-01-30T10:00:00Z\"}\n");
    fs::write(&surveys, text).unwrap();
    let o = settle(dir.path(), "2026-01");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let line = lines + 1;
    assert!(
        err.contains(&format!(
            "surveys.jsonl:{line}: column `happiness`: \"400\" is outside the column's range -100..100"
        )),
        "{err}"
    );
}

#[test]
fn rejected_rows_within_the_limit_are_a_warning() {
    let dir = starter();
    let contract = dir.path().join("contract.xla");
    let text = fs::read_to_string(&contract)
        .unwrap()
        .replace("  period by answered\n", "  period by answered\n  reject up to 10%\n");
    fs::write(&contract, text).unwrap();
    let surveys = dir.path().join("data/surveys.jsonl");
    let mut text = fs::read_to_string(&surveys).unwrap();
    text.push_str("{\"ticket_id\": \"INC1007\", \"happiness\": \"N/A\", \"answered_at\": \"2026-01-21T10:00:00Z\"}\n");
    fs::write(&surveys, text).unwrap();
    let o = settle(dir.path(), "2026-01");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning: 1 row rejected"), "{}", stderr(&o));
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("settlements/settlement-2026-01.json")).unwrap()).unwrap();
    assert_eq!(json["rejected_rows"]["count"], 1);
    assert_eq!(json["rejected_rows"]["first"][0]["line"], 13);
    assert_eq!(json["rejected_rows"]["first"][0]["column"], "happiness");
}

#[test]
fn rejected_rows_of_a_crlf_file_name_their_own_line() {
    // Issue 17.1: a CRLF file (RFC 4180, Windows exports) reported each
    // rejected row one line early, pointing at the row before it.
    let dir = starter();
    let contract = dir.path().join("contract.xla");
    let text = fs::read_to_string(&contract)
        .unwrap()
        .replace("  period by resolved\n", "  period by resolved\n  reject up to 10%\n");
    fs::write(&contract, text).unwrap();
    let tickets = dir.path().join("data/tickets.csv");
    let mut text = fs::read_to_string(&tickets).unwrap();
    // Header on line 1, 16 rows on lines 2-17: the bad row is on line 18.
    text.push_str("INC1017,P9,2026-01-28 09:00,2026-01-28 10:00\n");
    fs::write(&tickets, text.replace('\n', "\r\n")).unwrap();
    let o = settle(dir.path(), "2026-01");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("tickets.csv:18: column `priority`"), "{}", stderr(&o));
    let settlements = dir.path().join("settlements");
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(settlements.join("settlement-2026-01.json")).unwrap()).unwrap();
    assert_eq!(json["rejected_rows"]["first"][0]["line"], 18);
    let markdown = fs::read_to_string(settlements.join("settlement-2026-01.md")).unwrap();
    assert!(markdown.contains("tickets.csv line 18, column priority"), "{markdown}");
}

#[test]
fn records_spanning_lines_need_multiline_and_are_reported() {
    let dir = starter();
    let tickets = dir.path().join("data/tickets.csv");
    let mut text = fs::read_to_string(&tickets).unwrap();
    // Header on line 1, 16 rows on lines 2-17, a two-line record on 18-19.
    text.push_str("\"INC1017\ncontinued\",P2,2026-01-28 09:00,2026-01-28 10:00\n");
    fs::write(&tickets, text).unwrap();
    let o = settle(dir.path(), "2026-01");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("2 of 18 rows rejected"), "{err}");
    assert!(err.contains("tickets.csv:18: column `number`: record spans lines 18-19"), "{err}");
    assert!(err.contains("add `multiline` to the dataset"), "{err}");

    let contract = dir.path().join("contract.xla");
    let text =
        fs::read_to_string(&contract).unwrap().replace("  period by resolved\n", "  period by resolved\n  multiline\n");
    fs::write(&contract, text).unwrap();
    let o = settle(dir.path(), "2026-01");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let settlements = dir.path().join("settlements");
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(settlements.join("settlement-2026-01.json")).unwrap()).unwrap();
    let file = &json["inputs"][0]["files"][0];
    assert_eq!((file["rows_read"].as_u64(), file["lines"].as_u64()), (Some(17), Some(18)));
    let markdown = fs::read_to_string(settlements.join("settlement-2026-01.md")).unwrap();
    assert!(markdown.contains("**Warning:** tickets.csv holds 17 rows on 18 physical lines"), "{markdown}");
}

#[test]
fn an_unwritable_output_directory_is_an_io_error() {
    let dir = starter();
    fs::write(dir.path().join("taken"), "").unwrap();
    for out in ["taken", "taken/settlements"] {
        let o = xla(dir.path(), &["settle", "contract.xla", "--data", "data", "--period", "2026-01", "--out", out]);
        assert_eq!(o.status.code(), Some(2), "{out}");
        assert!(stderr(&o).contains("cannot write"), "{}", stderr(&o));
        assert!(stdout(&o).is_empty());
    }
    assert_eq!(fs::read(dir.path().join("taken")).unwrap(), b"");
}

#[test]
fn contract_errors_exit_1() {
    let dir = starter();
    let contract = dir.path().join("contract.xla");
    let text = fs::read_to_string(&contract).unwrap().replace("metric     fix_rate", "metric     fix_rat");
    fs::write(&contract, text).unwrap();
    let o = settle(dir.path(), "2026-01");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("fix_rat"), "{}", stderr(&o));
    assert!(!dir.path().join("settlements").exists());
    let o = xla(dir.path(), &["settle", "missing.xla", "--data", "data", "--period", "2026-01"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn init_then_check_then_settle() {
    let dir = tempfile::tempdir().unwrap();
    let o = xla(dir.path(), &["init", "starter"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = xla(dir.path(), &["check", "starter"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("no problems"), "{}", stderr(&o));
    let o = xla(dir.path(), &["settle", "starter/contract.xla", "--data", "starter/data", "--period", "2026-01"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    assert!(dir.path().join("starter/settlements/settlement-2026-01.json").is_file());
    // A second init refuses to overwrite.
    let o = xla(dir.path(), &["init", "starter"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not overwriting"), "{}", stderr(&o));
}

#[test]
fn explain_shows_the_population_and_the_first_failing_rows() {
    let dir = starter();
    let o = xla(dir.path(), &["explain", "contract.xla", "--data", "data", "--period", "2026-02", "fixes"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("population: 6 rows of `tickets` in 2026-02 that pass `where`"), "{text}");
    assert!(text.contains("meeting: 3; not meeting: 3"), "{text}");
    assert!(text.contains("first rows not meeting (by `id`): INC1009, INC1011, INC1014"), "{text}");
    insta::assert_snapshot!("starter_2026_02_explain_fixes", text);
}

#[test]
fn explain_a_baseline_free_xla_clause() {
    let dir = starter();
    let o = xla(dir.path(), &["explain", "contract.xla", "--data", "data", "--period", "2026-01", "happy"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("starter_2026_01_explain_happy", stdout(&o));
}

#[test]
fn explain_an_unknown_clause_suggests_one() {
    let dir = starter();
    let o = xla(dir.path(), &["explain", "contract.xla", "--data", "data", "--period", "2026-02", "fixs"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no clause or gain `fixs` in the contract; did you mean `fixes`?"), "{}", stderr(&o));
}

#[test]
fn explain_a_gain_and_list_the_clauses_and_gains() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let acme = ["examples/acme/contract.xla", "--data", "examples/acme/data", "--period", "2026-09"];
    let o = xla(root, &[&["explain"][..], &acme[..], &["productivity"][..]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("gain productivity \"Shared productivity gain\", 2026-09\n"), "{text}");
    // Baseline 1h45m, this month 1h35m: 10 minutes × 120 surveys = 20 h × 55.00 EUR/h.
    assert!(text.contains("  (1h45m - 1h35m) * 120 * 55.00 EUR/h = 1,100.00 EUR\n"), "{text}");
    assert!(text.contains("  gain: max(0, 1,100.00 EUR) × share 30% = 330.00 EUR\n"), "{text}");
    let o = xla(root, &[&["explain"][..], &acme[..]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("  p1            sla   \"P1 incident resolution\"\n"), "{text}");
    assert!(text.contains("  productivity  gain  \"Shared productivity gain\"\n"), "{text}");
}

#[test]
fn the_summary_shows_service_points() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let contract = "examples/uk-service-points/contract.xla";
    let data = "examples/uk-service-points/data";
    let o =
        xla(root, &["settle", contract, "--data", data, "--period", "2026-07", "--out", out.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // KPI 4: 7 h is past `above 6h : 2`, doubled for the repeat failure.
    assert!(
        stdout(&o).contains("  kpi4  failed                7h  target <= 4h  4 points  credit 8,000.00\n"),
        "{}",
        stdout(&o)
    );
}
