//! Every sample source in its other forms (examples/sources/forms/, made
//! by examples/sources/make-forms.sh): the Excel form of each of the six,
//! the CSV form of the two JSON Lines ones. Each loads to exactly the rows
//! of the original declaration over the original export (the JSON Lines
//! samples' one malformed line has no CSV or Excel form, so it is the only
//! difference: a rejected row there, no row here).

use std::path::{Path, PathBuf};
use xla::check::{check_file, RealFs};
use xla::data::{load_dataset, LoadReport, RowSink};
use xla::value::Value;

/// (original declaration, its other form, rows the original rejects that the form has not)
const FORMS: &[(&str, &str, u64)] = &[
    ("servicenow-incidents.xla", "forms/servicenow-incidents.xlsx.xla", 0),
    ("jira-service-management.xla", "forms/jira-service-management.xlsx.xla", 0),
    ("qualtrics.xla", "forms/qualtrics.xlsx.xla", 0),
    ("nexthink.xla", "forms/nexthink.xlsx.xla", 0),
    ("happysignals.xla", "forms/happysignals.xlsx.xla", 1),
    ("happysignals.xla", "forms/happysignals.csv.xla", 1),
    ("1e-experience.xla", "forms/1e-experience.xlsx.xla", 0),
    ("1e-experience.xla", "forms/1e-experience.csv.xla", 0),
];

fn sources() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join("sources")
}

#[derive(Default)]
struct Rows(Vec<Vec<Value>>);

impl RowSink for Rows {
    fn row(&mut self, _file: usize, row: &[Value]) {
        self.0.push(row.to_vec());
    }
}

/// The rows and report of the only dataset of `declaration`.
fn load(declaration: &str) -> (Vec<Vec<Value>>, LoadReport) {
    let checked = check_file(&sources().join(declaration), &RealFs).unwrap();
    assert!(checked.diagnostics.is_empty(), "{declaration}: {:?}", checked.diagnostics);
    let program = checked.program.unwrap();
    let mut rows = Rows::default();
    let report = load_dataset(&program.datasets[0], &sources().join("samples"), &mut rows)
        .unwrap_or_else(|e| panic!("{declaration}: {e}"));
    (rows.0, report)
}

#[test]
fn every_form_of_every_source_loads_the_same_rows() {
    for &(original, form, malformed) in FORMS {
        let (want, want_report) = load(original);
        let (got, got_report) = load(form);
        assert!(!want.is_empty(), "{original} loads no rows");
        assert_eq!(got, want, "{form} against {original}");
        assert_eq!(got_report.rows_read + malformed, want_report.rows_read, "{form}");
        assert_eq!(got_report.rejected_total + malformed, want_report.rejected_total, "{form}");
    }
}

/// Runs `xla ARGS` in `dir`.
fn xla(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_xla"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn rejections_in_a_workbook_name_the_sheet_and_excel_row_everywhere() {
    // The Jira workbook with "Medium" left out of the closed set: its first
    // Medium issue is on Excel row 3 of sheet "Issues" (row 1 is the header).
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(sources().join("forms/jira-service-management.xlsx.xla")).unwrap();
    let text = text
        .replace(r#"["Highest", "High", "Medium", "Low", "Lowest"]"#, r#"["Highest", "High", "Low", "Lowest"]"#)
        .replace("  timezone \"Europe/London\"", "  reject up to 100%\n  timezone \"Europe/London\"");
    std::fs::write(dir.path().join("contract.xla"), text).unwrap();
    let data = sources().join("samples");
    let data = data.to_str().unwrap();
    let o = xla(dir.path(), &["settle", "contract.xla", "--data", data, "--period", "2026-03"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("jira/ITSD-2026-03.xlsx, sheet `Issues`, row 3: column `Priority`"), "{err}");
    let out = dir.path().join("settlements");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("settlement-2026-03.json")).unwrap()).unwrap();
    let first = &json["rejected_rows"]["first"][0];
    assert_eq!((first["sheet"].as_str(), first["line"].as_u64()), (Some("Issues"), Some(3)));
    let markdown = std::fs::read_to_string(out.join("settlement-2026-03.md")).unwrap();
    assert!(markdown.contains("- jira/ITSD-2026-03.xlsx sheet Issues row 3, column Priority"), "{markdown}");
    // The preview says the same.
    let o = xla(dir.path(), &["check", "contract.xla", "--data", data, "--period", "2026-03"]);
    let preview = String::from_utf8_lossy(&o.stdout);
    assert!(preview.contains("jira/ITSD-2026-03.xlsx, sheet `Issues`, row 3: column `Priority`"), "{preview}");
}
