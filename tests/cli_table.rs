//! A contract with a dataset `from table` (LANGUAGE.md §5 v2), as a user
//! runs it: `xla check` accepts it with no data at all, the data preview
//! skips the table with a note, and `xla settle` and `xla explain` — which
//! read data locally — refuse it with an error that says how to evaluate
//! it (`xla sql`, then `--states`), writing nothing.
//!
//! The case is `tests/warehouse/`: incidents in the table `itsm.incidents`,
//! surveys in `data/surveys.jsonl` (3 rows: 2 answered in January, 1 in
//! February).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The message every local evaluation of the case ends with.
const TABLE_ERROR: &str = "error: dataset `tickets` lives in the SQL table `itsm.incidents`: run `xla sql CONTRACT \
                           --dialect duckdb|postgres|spark --period …` on the engine that holds it, export the \
                           result as CSV and pass it with `xla settle … --states FILE`\n";

fn xla(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xla")).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A copy of `tests/warehouse` in a temporary directory (outputs land there).
fn warehouse() -> tempfile::TempDir {
    let from = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/warehouse");
    let dir = tempfile::tempdir().unwrap();
    fs::copy(from.join("contract.xla"), dir.path().join("contract.xla")).unwrap();
    fs::create_dir(dir.path().join("data")).unwrap();
    fs::copy(from.join("data/surveys.jsonl"), dir.path().join("data/surveys.jsonl")).unwrap();
    dir
}

/// What is in `dir` besides the copied case.
fn written(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "contract.xla" && n != "data")
        .collect();
    names.sort();
    names
}

#[test]
fn check_accepts_a_table_contract_without_data() {
    let dir = tempfile::tempdir().unwrap();
    let contract = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/warehouse/contract.xla"));
    fs::write(dir.path().join("contract.xla"), contract.unwrap()).unwrap();
    let o = xla(dir.path(), &["check", "contract.xla", "--deny-warnings"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "checked 1 contract: no problems\n");
    let o = xla(dir.path(), &["fmt", "--check", "contract.xla"]);
    assert_eq!(o.status.code(), Some(0), "the fixture is not in the layout of `xla fmt`: {}", stdout(&o));
}

#[test]
fn the_preview_skips_the_table_with_a_note() {
    let dir = warehouse();
    let o =
        xla(dir.path(), &["check", "contract.xla", "--data", "data", "--period", "2026-01", "--through", "2026-02"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "dataset tickets (reject up to 0.5%)\n\
         \x20 not previewed: it lives in the SQL table `itsm.incidents`, which `xla sql` reads on its engine\n\
         dataset surveys (reject up to 0%)\n\
         \x20 surveys.jsonl: 3 rows read, 0 rejected, 0 collapsed by `unique by`\n\
         \x20   rows per month: 2026-01 2, 2026-02 1; without a period: 0\n\
         \x20 0 of 3 rows rejected, within `reject up to`\n\n"
    );
    let o = xla(dir.path(), &["check", "contract.xla", "--data", "data", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["datasets"][0]["table"], "itsm.incidents");
    assert_eq!(json["datasets"][0]["error"], serde_json::Value::Null);
    assert_eq!(json["datasets"][0]["files"], serde_json::json!([]));
    assert_eq!(json["datasets"][1]["table"], serde_json::Value::Null);
    assert_eq!(json["datasets"][1]["rows_read"], 3);
}

#[test]
fn settle_refuses_the_table_says_how_to_evaluate_it_and_writes_nothing() {
    let dir = warehouse();
    let o = xla(dir.path(), &["settle", "contract.xla", "--data", "data", "--period", "2026-01"]);
    assert_eq!(stderr(&o), format!("{TABLE_ERROR}nothing was written\n"));
    assert_eq!(stdout(&o), "");
    assert!(written(dir.path()).is_empty(), "{:?}", written(dir.path()));

    // The exit code of any other dataset that cannot be loaded.
    fs::remove_file(dir.path().join("data/surveys.jsonl")).unwrap();
    let contract = fs::read_to_string(dir.path().join("contract.xla")).unwrap();
    let files_only = contract.replace("from table \"itsm.incidents\"", "from csv \"tickets.csv\"");
    fs::write(dir.path().join("files.xla"), files_only).unwrap();
    let missing = xla(dir.path(), &["settle", "files.xla", "--data", "data", "--period", "2026-01"]);
    assert!(stderr(&missing).contains("no file matches `tickets.csv`"), "{}", stderr(&missing));
    assert_eq!(o.status.code(), missing.status.code());
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn explain_refuses_the_table_too() {
    let dir = warehouse();
    let o = xla(dir.path(), &["explain", "contract.xla", "--data", "data", "--period", "2026-01", "happy"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), TABLE_ERROR);
    assert_eq!(stdout(&o), "");
}
