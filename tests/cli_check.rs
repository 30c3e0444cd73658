//! `xla check` as a user runs it: output formats and exit codes
//! (LANGUAGE.md §8.5: 0 success, 1 errors, 2 usage or I/O error).

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn xla(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xla"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the xla binary runs")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 stderr")
}

const CLEAN: &str = "tests/ui/clean-minimal.xla";
const WARNING: &str = "tests/ui/XLA1003-never-pays.xla";
const ERRORS: &str = "tests/ui/multi-typos.xla";

#[test]
fn clean_contract_exits_0() {
    let out = xla(&["check", CLEAN]);
    assert_eq!(code(&out), 0);
    assert_eq!(stderr(&out), "checked 1 contract: no problems\n");
    assert_eq!(stdout(&out), "");
}

#[test]
fn warnings_exit_0_unless_denied() {
    let out = xla(&["check", WARNING]);
    assert_eq!(code(&out), 0);
    assert!(stderr(&out).contains("XLA1003"), "{}", stderr(&out));
    assert!(stderr(&out).ends_with("checked 1 contract: 0 errors, 1 warning\n"), "{}", stderr(&out));

    let denied = xla(&["check", "--deny-warnings", WARNING]);
    assert_eq!(code(&denied), 1);
    assert_eq!(code(&xla(&["check", "--deny-warnings", CLEAN])), 0);
}

#[test]
fn errors_exit_1() {
    let out = xla(&["check", ERRORS]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).ends_with("checked 1 contract: 6 errors, 0 warnings\n"), "{}", stderr(&out));
    // Errors and a warning in one run: the errors decide.
    assert_eq!(code(&xla(&["check", WARNING, ERRORS])), 1);
}

#[test]
fn missing_path_exits_2() {
    let out = xla(&["check", "tests/ui/no-such-contract.xla"]);
    assert_eq!(code(&out), 2);
    assert_eq!(stderr(&out), "error: tests/ui/no-such-contract.xla: no such file or directory\n");
    assert_eq!(stdout(&out), "");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(code(&xla(&["check", "--format", "xml", CLEAN])), 2);
    assert_eq!(code(&xla(&["frobnicate"])), 2);
}

#[test]
fn json_lists_every_diagnostic_with_positions() {
    let out = xla(&["check", "--format", "json", ERRORS]);
    assert_eq!(code(&out), 1);
    assert_eq!(stderr(&out), "", "JSON output prints nothing else");
    insta::assert_snapshot!("json_multi_typos", stdout(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).expect("stdout is JSON");

    let items = json.as_array().expect("an array");
    assert_eq!(items.len(), 6);
    for item in items {
        let keys: Vec<&str> = item.as_object().expect("objects").keys().map(String::as_str).collect();
        assert_eq!(keys, ["file", "line", "column", "end", "severity", "code", "message", "help"]);
        assert_eq!(item["file"], ERRORS);
        assert_eq!(item["severity"], "error");
    }
}

#[test]
fn json_of_a_clean_contract_is_an_empty_array() {
    let out = xla(&["check", "--format", "json", CLEAN]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out).trim(), "[]");
}

#[test]
fn json_warnings_exit_by_deny_warnings() {
    let out = xla(&["check", "--format", "json", WARNING]);
    assert_eq!(code(&out), 0);
    let json: Value = serde_json::from_str(&stdout(&out)).expect("stdout is JSON");
    assert_eq!(json[0]["severity"], "warning");
    assert_eq!(json[0]["code"], "XLA1003");
    assert_eq!(json[0]["line"], 21);
    assert_eq!(json[0]["column"], 5);
    assert_eq!(json[0]["end"], serde_json::json!({"line": 21, "column": 7}));
    assert_eq!(code(&xla(&["check", "--format", "json", "--deny-warnings", WARNING])), 1);
}

#[test]
fn github_prints_one_workflow_command_per_diagnostic() {
    let out = xla(&["check", "--format", "github", ERRORS, WARNING]);
    assert_eq!(code(&out), 1);
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    insta::assert_snapshot!("github_multi_typos_and_warning", text);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 7, "one line per diagnostic, help folded in with %0A");
    // Files in sorted path order, diagnostics in position order.
    assert!(lines[0].starts_with(
        "::warning file=tests/ui/XLA1003-never-pays.xla,line=21,col=5,endLine=21,endColumn=7,title=XLA1003::"
    ));
    assert!(lines[1..].iter().all(|l| l.starts_with("::error file=tests/ui/multi-typos.xla,line=")));
}

#[test]
fn github_escapes_file_names_and_messages() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let contract = std::fs::read_to_string(WARNING).expect("UI file");
    let path = dir.path().join("schedule, v2: 100%.xla");
    std::fs::write(&path, contract).expect("written");
    let out = xla(&["check", "--format", "github", path.to_str().expect("UTF-8 path")]);
    assert_eq!(code(&out), 0);
    let line = stdout(&out);
    assert!(line.contains("schedule%2C v2%3A 100%25.xla,line=21,col=5"), "{line}");
    // Message data: `%` and newlines escaped, `:` and `,` kept.
    assert!(line.contains("::clause `p1` can never pay: it has no allocation, no credit bands"), "{line}");
    assert!(line.contains("%0Ahelp: that is allowed"), "{line}");
    assert_eq!(line.lines().count(), 1);
}

#[test]
fn a_directory_is_checked_once_per_contract() {
    // tests/ui/aux holds only included files; through a root that includes
    // one, the included file is checked as part of the root, not alone.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = std::fs::read_to_string("tests/ui/clean-full.xla").expect("UI file");
    std::fs::write(dir.path().join("contract.xla"), root).expect("written");
    std::fs::create_dir(dir.path().join("aux")).expect("created");
    for name in ["shared.xla", "holidays.toml"] {
        std::fs::copy(Path::new("tests/ui/aux").join(name), dir.path().join("aux").join(name)).expect("copied");
    }
    let out = xla(&["check", dir.path().to_str().expect("UTF-8 path")]);
    assert_eq!(stderr(&out), "checked 1 contract: no problems\n");
    assert_eq!(code(&out), 0);
}
