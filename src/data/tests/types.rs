//! Each column type, good and bad, through a CSV file.

use super::*;
use crate::ir::DurationUnit;
use chrono::NaiveDate;

/// Loads one column `v` of `kind` from the given cells (quoted), allowing
/// any rejections; returns the values and the rejections' (line, reason).
fn load(kind: ColumnKind, optional: bool, cells: &[&str]) -> (Vec<Value>, Vec<(u64, String)>) {
    let mut csv = String::from("v\n");
    for cell in cells {
        csv.push_str(&format!("\"{}\"\n", cell.replace('"', "\"\"")));
    }
    let dir = DataDir::new().with("t.csv", csv);
    let mut d = dataset(DataFormat::Csv, "t.csv", vec![column("v", kind, optional)]);
    d.reject_up_to = Decimal::ONE_HUNDRED;
    let (report, rows) = dir.load(&d).unwrap();
    let values = rows.rows.into_iter().map(|(_, mut r)| r.remove(0)).collect();
    let rejected = report.rejections.into_iter().map(|r| (r.line().unwrap_or_default(), r.reason)).collect();
    (values, rejected)
}

#[test]
fn text_is_kept_as_is_but_blank_is_empty() {
    let (values, rejected) = load(ColumnKind::Text, true, &[" padded ", "", "   ", "ümlaut"]);
    assert_eq!(values, [text(" padded "), Value::None, Value::None, text("ümlaut")]);
    assert!(rejected.is_empty());
}

#[test]
fn required_columns_reject_empty_cells() {
    let (values, rejected) = load(ColumnKind::Text, false, &["a", ""]);
    assert_eq!(values, [text("a")]);
    assert_eq!(rejected, [(3, "empty value in required column `v`".to_string())]);
}

#[test]
fn text_in_a_set() {
    let set = ColumnKind::TextIn(vec!["P1".into(), "P2".into()]);
    let (values, rejected) = load(set, false, &["P1", "P3", "p1"]);
    assert_eq!(values, [text("P1")]);
    assert_eq!(rejected[0], (3, "\"P3\" is not one of \"P1\", \"P2\" (did you mean \"P1\"?)".to_string()));
    assert_eq!(rejected.len(), 2);
}

#[test]
fn numbers() {
    let (values, rejected) = load(ColumnKind::Number, false, &["12.50", " -3 ", "1,5", "abc"]);
    assert_eq!(values, [num("12.50"), num("-3")]);
    let hint = "; if the file writes decimal commas (`99,5`), add `decimal \",\"` to the dataset";
    assert_eq!(rejected, [(4, format!("\"1,5\" is not a number{hint}")), (5, "\"abc\" is not a number".to_string())]);
}

#[test]
fn counts() {
    let (values, rejected) = load(ColumnKind::Count, false, &["0", "7", "-1", "1.5"]);
    assert_eq!(values, [num("0"), num("7")]);
    assert_eq!(rejected.len(), 2);
}

#[test]
fn percents() {
    let (values, rejected) = load(ColumnKind::Percent, false, &["95", "99.5%", "101", "-0.1"]);
    assert_eq!(values, [Value::Percent(Decimal::from(95)), Value::Percent(Decimal::new(995, 1))]);
    assert_eq!(rejected[0], (4, "\"101\" is outside 0–100%".to_string()));
    assert_eq!(rejected.len(), 2);
}

#[test]
fn bools() {
    let (values, rejected) = load(ColumnKind::Bool, false, &["TRUE", "no", "1", "maybe"]);
    assert_eq!(values, [Value::Bool(true), Value::Bool(false), Value::Bool(true)]);
    assert_eq!(rejected, [(5, "\"maybe\" is not a bool (true/false, yes/no, 1/0)".to_string())]);
}

#[test]
fn dates() {
    let (values, rejected) = load(ColumnKind::Date { format: None }, false, &["2026-03-01", "01/03/2026"]);
    assert_eq!(values, [Value::Date(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap())]);
    assert_eq!(rejected.len(), 1);
    let us = ColumnKind::Date { format: Some("%m/%d/%Y".into()) };
    let (values, rejected) = load(us, false, &["3/1/2026", "13/1/2026"]);
    assert_eq!(values, [Value::Date(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap())]);
    assert_eq!(rejected.len(), 1);
}

#[test]
fn timestamps() {
    let (values, rejected) = load(
        ColumnKind::Timestamp { format: None },
        false,
        &["2026-03-01T10:00:00+02:00", "2026-03-01T10:00", "1 March"],
    );
    assert_eq!(
        values,
        [
            Value::Timestamp("2026-03-01T08:00:00Z".parse().unwrap()),
            Value::Timestamp("2026-03-01T10:00:00Z".parse().unwrap())
        ]
    );
    assert_eq!(rejected.len(), 1);
}

#[test]
fn durations() {
    let minutes = ColumnKind::Duration { unit: DurationUnit::Minutes };
    let (values, rejected) = load(minutes, false, &["90", "PT1H30M", "P1DT2H", "PT0.5S", "1:30", "P1Y"]);
    assert_eq!(
        values,
        [
            Value::Duration(Decimal::from(5400)),
            Value::Duration(Decimal::from(5400)),
            Value::Duration(Decimal::from(93_600)),
            Value::Duration(Decimal::new(5, 1)),
        ]
    );
    assert_eq!(rejected.len(), 2);
}

#[test]
fn invalid_format_is_a_load_error() {
    let dir = DataDir::new().with("t.csv", "v\nx\n");
    let d = dataset(DataFormat::Csv, "t.csv", vec![column("v", ColumnKind::Date { format: Some("%Q".into()) }, false)]);
    assert!(matches!(dir.load(&d), Err(LoadError::InvalidFormat { .. })));
}
