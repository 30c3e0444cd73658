//! The ServiceNow incident audit log (UCI): `?` for missing, day-first
//! timestamps without zero padding, one row per change.

use super::*;
use crate::ir::UniqueBy;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

const FORMAT: &str = "%d/%m/%Y %H:%M";

fn at(format: &str) -> ColumnKind {
    ColumnKind::Timestamp { format: Some(format.to_string()) }
}

/// The incident log's dataset, as a contract would declare it.
fn incidents(path: &str) -> Dataset {
    let priorities = ["1 - Critical", "2 - High", "3 - Moderate", "4 - Low"];
    let mut d = dataset(
        DataFormat::Csv,
        path,
        vec![
            column("number", ColumnKind::Text, false),
            column("incident_state", ColumnKind::Text, false),
            column("active", ColumnKind::Bool, false),
            column("reassignment_count", ColumnKind::Count, false),
            column("sys_mod_count", ColumnKind::Count, false),
            column("made_sla", ColumnKind::Bool, false),
            column("opened_at", at(FORMAT), false),
            column("sys_updated_at", at(FORMAT), false),
            column("priority", ColumnKind::TextIn(priorities.map(String::from).to_vec()), false),
            column("resolved_at", at(FORMAT), true),
            column("closed_at", at(FORMAT), true),
        ],
    );
    d.missing = vec!["?".to_string()];
    d.unique_by = Some(UniqueBy { key: 0, latest: Some(7) });
    d
}

#[test]
fn audit_rows_collapse_to_the_latest_change() {
    let csv = "number,incident_state,active,reassignment_count,reopen_count,sys_mod_count,made_sla,opened_at,sys_updated_at,priority,resolved_at,closed_at\n\
        INC0000045,New,true,0,0,0,true,29/2/2016 01:16,29/2/2016 01:23,3 - Moderate,?,?\n\
        INC0000045,Resolved,true,0,0,2,true,29/2/2016 01:16,29/2/2016 08:53,3 - Moderate,29/2/2016 11:29,5/3/2016 12:00\n\
        INC0000047,Active,true,1,0,1,true,29/2/2016 04:40,1/3/2016 9:52,2 - High,?,?\n";
    let dir = DataDir::new().with("incidents.csv", csv);
    let (report, rows) = dir.load(&incidents("incidents.csv")).unwrap();
    let at = |s: &str| Value::Timestamp(s.parse().unwrap());
    let kept = cells(&rows);
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[0][1], text("Resolved"));
    assert_eq!(kept[0][9], at("2016-02-29T11:29:00Z"));
    assert_eq!(kept[0][10], at("2016-03-05T12:00:00Z"));
    assert_eq!(kept[1][7], at("2016-03-01T09:52:00Z"));
    assert_eq!((kept[1][9].clone(), kept[1][10].clone()), (Value::None, Value::None));
    assert_eq!((report.rows_read, report.files[0].rows_collapsed), (3, 1));
}

/// Loads the real 46 MB export, if it is there:
/// `cargo test --release -- --ignored servicenow --nocapture`.
#[test]
#[ignore = "needs ../shared/data/servicenow-uci and takes seconds"]
fn real_export_loads() {
    let zip =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/servicenow-uci/incident_event_log.csv.zip");
    if !zip.exists() {
        eprintln!("skipped: {} is absent", zip.display());
        return;
    }
    let dir = DataDir::new();
    let status = Command::new("python3").args(["-m", "zipfile", "-e"]).arg(&zip).arg(dir.path()).status().unwrap();
    assert!(status.success());
    let d = incidents("incident_event_log.csv");
    let started = Instant::now();
    let (report, rows) = dir.load(&d).unwrap();
    let took = started.elapsed();
    eprintln!(
        "read {} rows, rejected {}, kept {} incidents ({} collapsed) in {took:.2?}; sha256 {}",
        report.rows_read,
        report.rejected_total,
        rows.rows.len(),
        report.files[0].rows_collapsed,
        report.files[0].sha256
    );
    for r in report.rejections.iter().take(10) {
        eprintln!("  {r}");
    }
    assert_eq!(report.files[0].sha256, "fd184bbfd62329cfe093e99da2ea7071905f2ead91900b448eb2635870821bef");
    assert_eq!((report.rows_read, report.rejected_total, rows.rows.len()), (141_712, 0, 24_918));
}
