//! The ready-made dataset declarations of `examples/sources/` check clean
//! and load their sample exports exactly: rows read, rows rejected, and a
//! few cells read by hand from each sample file. If a declaration and its
//! sample drift apart (a renamed column, a changed time format), this fails.

use chrono::{DateTime, NaiveDate, Utc};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use xla::check::{check_file, RealFs};
use xla::data::{load_dataset, LoadReport, RowSink};
use xla::diagnostic::render_human;
use xla::ir::Dataset;
use xla::value::{Decimal, Value};

/// Every source declaration and the test that loads its sample.
const SOURCES: &[&str] = &[
    "1e-experience.xla",
    "happysignals.xla",
    "jira-service-management.xla",
    "nexthink.xla",
    "qualtrics.xla",
    "servicenow-incidents.xla",
];

fn sources_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join("sources")
}

/// Keeps the rows it is given.
#[derive(Default)]
struct Rows(Vec<Vec<Value>>);

impl RowSink for Rows {
    fn row(&mut self, _file: usize, row: &[Value]) {
        self.0.push(row.to_vec());
    }
}

/// The rows of a source's only dataset, loaded from `examples/sources/samples`.
struct Loaded {
    dataset: Dataset,
    report: LoadReport,
    rows: Vec<Vec<Value>>,
}

impl Loaded {
    fn new(file: &str) -> Self {
        let path = sources_dir().join(file);
        let checked = check_file(&path, &RealFs).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let rendered: String = checked.diagnostics.iter().map(|d| render_human(d, &checked.sources, false)).collect();
        assert!(rendered.is_empty(), "{file} has diagnostics:\n{rendered}");
        let program = checked.program.expect("a clean check gives a program");
        assert_eq!(program.datasets.len(), 1, "{file} declares one dataset");
        let dataset = program.datasets.into_iter().next().unwrap();
        let mut rows = Rows::default();
        let report = load_dataset(&dataset, &sources_dir().join("samples"), &mut rows)
            .unwrap_or_else(|e| panic!("{file}: the sample does not load: {e}"));
        Loaded { dataset, report, rows: rows.0 }
    }

    /// The cell of column `name` in accepted row `row`.
    fn cell(&self, row: usize, name: &str) -> &Value {
        let column = self
            .dataset
            .columns
            .iter()
            .position(|c| c.name == name)
            .unwrap_or_else(|| panic!("dataset `{}` has no column `{name}`", self.dataset.name));
        &self.rows[row][column]
    }

    fn files(&self) -> Vec<&str> {
        self.report.files.iter().map(|f| f.path.as_str()).collect()
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

fn number(s: &str) -> Value {
    Value::Number(Decimal::from_str(s).unwrap())
}

fn seconds(s: &str) -> Value {
    Value::Duration(Decimal::from_str(s).unwrap())
}

fn percent(s: &str) -> Value {
    Value::Percent(Decimal::from_str(s).unwrap())
}

fn at(rfc3339: &str) -> Value {
    Value::Timestamp(DateTime::<Utc>::from_str(rfc3339).unwrap())
}

fn day(s: &str) -> Value {
    Value::Date(NaiveDate::from_str(s).unwrap())
}

#[test]
fn every_source_declaration_checks_clean_and_has_a_test() {
    let pattern = format!("{}/*.xla", sources_dir().display());
    let mut found: Vec<String> =
        glob::glob(&pattern).unwrap().map(|p| p.unwrap().file_name().unwrap().to_string_lossy().into_owned()).collect();
    found.sort();
    assert_eq!(found, SOURCES, "every examples/sources/*.xla needs a load test here");
    for file in &found {
        let path = sources_dir().join(file);
        let checked = check_file(&path, &RealFs).unwrap();
        let rendered: String = checked.diagnostics.iter().map(|d| render_human(d, &checked.sources, false)).collect();
        assert!(rendered.is_empty(), "{file} has diagnostics:\n{rendered}");
    }
}

#[test]
fn servicenow_incidents_collapse_to_the_latest_export() {
    let l = Loaded::new("servicenow-incidents.xla");
    assert_eq!(l.files(), ["servicenow/incident-2026-03.csv", "servicenow/incident-2026-04.csv"]);
    assert_eq!((l.report.rows_read, l.report.rejected_total), (22, 0));
    // INC0010281 and INC0010302 appear in both exports; the April rows win.
    let collapsed: u64 = l.report.files.iter().map(|f| f.rows_collapsed).sum();
    assert_eq!(collapsed, 2);
    assert_eq!(l.rows.len(), 20);

    assert_eq!(l.cell(0, "id"), &text("INC0010231"));
    assert_eq!(l.cell(0, "opened"), &at("2026-03-02T08:14:09Z"));
    assert_eq!(l.cell(0, "priority"), &text("3 - Moderate"));
    assert_eq!(l.cell(0, "resolved"), &at("2026-03-02T09:02:47Z"));
    assert_eq!(l.cell(2, "priority"), &text("1 - Critical"));
    assert_eq!(l.cell(5, "reopens"), &number("1"));
    assert_eq!(l.cell(5, "made_sla"), &Value::Bool(false));
    // Kept rows come in the order their keys first appeared, with the latest values.
    assert_eq!(l.cell(10, "id"), &text("INC0010281"));
    assert_eq!(l.cell(10, "state"), &text("Resolved"));
    assert_eq!(l.cell(10, "resolved"), &at("2026-04-02T09:05:00Z")); // 10:05 BST
    assert_eq!(l.cell(12, "priority"), &text("5 - Planning"));
    assert_eq!(l.cell(12, "resolved"), &Value::None);
    assert_eq!(l.cell(15, "id"), &text("INC0010302"));
    assert_eq!(l.cell(15, "opened"), &at("2026-03-30T07:00:00Z")); // 08:00 BST, after the clocks went forward
    assert_eq!(l.cell(15, "closed"), &at("2026-04-04T08:15:00Z"));
    assert_eq!(l.cell(19, "id"), &text("INC0010318"));
    assert_eq!(l.cell(19, "state"), &text("New"));
    assert_eq!(l.cell(19, "group"), &text("Service Desk"));
}

#[test]
fn jira_issues_read_jira_dates_and_custom_fields() {
    let l = Loaded::new("jira-service-management.xla");
    assert_eq!(l.files(), ["jira/ITSD-2026-03.csv"]);
    assert_eq!((l.report.rows_read, l.report.rejected_total), (14, 0));
    assert_eq!(l.rows.len(), 14);

    assert_eq!(l.cell(0, "key"), &text("ITSD-4102"));
    assert_eq!(l.cell(0, "created"), &at("2026-03-02T09:14:00Z"));
    assert_eq!(l.cell(0, "resolved"), &at("2026-03-02T11:02:00Z"));
    assert_eq!(l.cell(0, "satisfaction"), &number("5"));
    assert_eq!(l.cell(2, "summary"), &text("Shared mailbox \"Payroll\" not visible"));
    assert_eq!(l.cell(2, "satisfaction"), &Value::None);
    assert_eq!(l.cell(3, "priority"), &text("Highest"));
    assert_eq!(l.cell(3, "created"), &at("2026-03-03T13:05:00Z")); // 1:05 PM
    assert_eq!(l.cell(3, "satisfaction"), &number("2"));
    assert_eq!(l.cell(5, "summary"), &text("VPN drops every 20 minutes, all remote staff"));
    assert_eq!(l.cell(8, "status"), &text("Waiting for support"));
    assert_eq!(l.cell(8, "resolution"), &Value::None);
    assert_eq!(l.cell(8, "resolved"), &Value::None);
    assert_eq!(l.cell(13, "created"), &at("2026-03-30T07:12:00Z")); // 8:12 AM BST
    assert_eq!(l.cell(13, "rated"), &at("2026-03-30T12:00:00Z"));
}

#[test]
fn happysignals_responses_reject_a_broken_line_and_read_nested_keys() {
    let l = Loaded::new("happysignals.xla");
    assert_eq!(l.files(), ["happysignals/responses-2026-03.jsonl"]);
    assert_eq!((l.report.rows_read, l.report.rejected_total), (21, 1));
    assert_eq!(l.report.rejections[0].line(), Some(18));
    assert_eq!(l.rows.len(), 20);

    assert_eq!(l.cell(0, "response"), &text("hs-2603-0001"));
    assert_eq!(l.cell(0, "ticket"), &text("INC0010231"));
    assert_eq!(l.cell(0, "type"), &text("incident"));
    assert_eq!(l.cell(0, "rating"), &number("10"));
    assert_eq!(l.cell(0, "lost_time"), &seconds("900"));
    assert_eq!(l.cell(0, "answered"), &at("2026-03-02T09:41:12Z"));
    assert_eq!(l.cell(3, "type"), &text("request"));
    assert_eq!(l.cell(4, "lost_time"), &Value::None); // null
    assert_eq!(l.cell(8, "lost_time"), &Value::None); // key absent
    assert_eq!(l.cell(17, "response"), &text("hs-2603-0019")); // the line after the broken one
    assert_eq!(l.cell(19, "rating"), &number("7"));
    assert_eq!(l.cell(19, "lost_time"), &seconds("14400"));
}

#[test]
fn qualtrics_export_skips_its_two_extra_header_rows() {
    let l = Loaded::new("qualtrics.xla");
    assert_eq!(l.files(), ["qualtrics/dex-pulse-2026-03.csv"]);
    assert_eq!((l.report.rows_read, l.report.rejected_total), (12, 0));
    assert_eq!(l.rows.len(), 12);

    assert_eq!(l.cell(0, "response"), &text("R_1a2B3c4D5e6F7g8"));
    assert_eq!(l.cell(0, "status"), &text("IP Address"));
    assert_eq!(l.cell(0, "finished"), &Value::Bool(true));
    assert_eq!(l.cell(0, "progress"), &percent("100"));
    assert_eq!(l.cell(0, "recorded"), &at("2026-03-02T07:03:41Z")); // CET
    assert_eq!(l.cell(0, "q1"), &number("8"));
    assert_eq!(l.cell(0, "lost"), &seconds("3600"));
    assert_eq!(l.cell(0, "comment"), &Value::None);
    assert_eq!(l.cell(3, "status"), &text("Survey Preview"));
    assert_eq!(l.cell(5, "finished"), &Value::Bool(false));
    assert_eq!(l.cell(5, "progress"), &percent("33"));
    assert_eq!(l.cell(5, "q1"), &Value::None);
    assert_eq!(l.cell(6, "comment"), &text("Outlook freezes when I attach files; \"Not responding\" for minutes"));
    assert_eq!(l.cell(6, "lost"), &seconds("28800"));
    assert_eq!(l.cell(11, "recorded"), &at("2026-03-31T22:01:06Z")); // 1 April 00:01 CEST
}

#[test]
fn nexthink_device_days_load_with_empty_boots() {
    let l = Loaded::new("nexthink.xla");
    assert_eq!(l.files(), ["nexthink/device-day-2026-03.csv"]);
    assert_eq!((l.report.rows_read, l.report.rejected_total), (20, 0));
    assert_eq!(l.rows.len(), 20);

    assert_eq!(l.cell(0, "day"), &day("2026-03-02"));
    assert_eq!(l.cell(0, "device"), &text("NWT-LT-04812"));
    assert_eq!(l.cell(0, "entity"), &text("Frankfurt"));
    assert_eq!(l.cell(0, "dex"), &number("82.5"));
    assert_eq!(l.cell(0, "boot"), &seconds("41.7"));
    assert_eq!(l.cell(0, "crashes"), &number("0"));
    assert_eq!(l.cell(2, "boot"), &Value::None);
    assert_eq!(l.cell(8, "dex"), &Value::None);
    assert_eq!(l.cell(8, "boot"), &seconds("128.4"));
    assert_eq!(l.cell(13, "crashes"), &number("2"));
    assert_eq!(l.cell(19, "platform"), &text("macOS"));
    assert_eq!(l.cell(13, "platform"), &text("Windows"));
    assert_eq!(l.cell(19, "dex"), &number("89.1"));
}

#[test]
fn one_e_experience_reads_dotted_paths_and_nulls() {
    let l = Loaded::new("1e-experience.xla");
    assert_eq!(l.files(), ["1e/experience-2026-03.jsonl"]);
    assert_eq!((l.report.rows_read, l.report.rejected_total), (12, 0));
    assert_eq!(l.rows.len(), 12);

    assert_eq!(l.cell(0, "device"), &text("FAB-LT-1187"));
    assert_eq!(l.cell(0, "day"), &day("2026-03-02"));
    assert_eq!(l.cell(0, "score"), &number("78.4"));
    assert_eq!(l.cell(0, "sentiment"), &Value::None);
    assert_eq!(l.cell(0, "app_crashes"), &number("1"));
    assert_eq!(l.cell(0, "boot"), &seconds("46.8"));
    assert_eq!(l.cell(1, "os_crashes"), &number("1"));
    assert_eq!(l.cell(1, "sentiment"), &number("50"));
    assert_eq!(l.cell(2, "boot"), &Value::None);
    assert_eq!(l.cell(10, "score"), &Value::None);
    assert_eq!(l.cell(10, "stability"), &Value::None);
    assert_eq!(l.cell(11, "responsiveness"), &number("84.9"));
}
