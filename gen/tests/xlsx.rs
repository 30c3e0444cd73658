//! `from xlsx` (LANGUAGE.md §5 v2) against the same data as CSV: the two
//! forms settle to byte-identical metric values, worked out by hand here.

use chrono::NaiveDate;
use std::fs;
use std::path::Path;
use xla::check::{check_file, RealFs};
use xla::eval::{evaluate, Period};
use xla_gen::xlsx::{self, Cell, Sheet};

/// The contract, reading tickets `from` the given source.
fn contract(from: &str, options: &str) -> String {
    format!(
        r#"contract "Exports" {{
  client      "Client"
  provider    "Provider"
  start       2026-01-01
  end         2026-12-31
  timezone    "Europe/Paris"
  currency    EUR
  monthly_fee 10000.00 EUR
  at_risk     10%
}}

dataset tickets from {from} {{
  id       text                 = "Number"
  priority text in ["P1", "P2"] = "Priority"
  opened   timestamp            = "Opened"   format "%d/%m/%Y %H:%M"
  resolved timestamp?           = "Resolved" format "%d/%m/%Y %H:%M"
  logged   date                 = "Logged"   format "%d/%m/%Y"
  score    number?              = "Score"
  handling duration?            = "Handling" unit minutes
  period by resolved
  skip 1 rows
  reject up to 30%
{options}}}

metric p1_fast  = percent(tickets where priority == "P1" meeting resolved - opened <= 4h)
metric score    = mean(score of tickets)
metric handling = mean(handling of tickets)

sla fast "P1 within 4 hours" {{
  metric     p1_fast
  target     >= 50%
  allocation 10%
}}

xla happy "Score" {{
  metric     score
  target     >= 1
  allocation 10%
}}

sla handled "Handling" {{
  metric     handling
  target     <= 2h
  allocation 10%
}}
"#
    )
}

fn at(d: u32, m: u32, h: u32, min: u32) -> Cell {
    Cell::DateTime(NaiveDate::from_ymd_opt(2026, m, d).and_then(|x| x.and_hms_opt(h, min, 0)).unwrap())
}

fn day(d: u32, m: u32) -> Cell {
    Cell::Date(NaiveDate::from_ymd_opt(2026, m, d).unwrap())
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

const HEADER: [&str; 7] = ["Number", "Priority", "Opened", "Resolved", "Logged", "Score", "Handling"];

/// Writes the tickets as two workbooks (January, February; globbed) and as
/// two CSV files with the same values.
fn write_data(dir: &Path) {
    // January: INC1 P1 3h30 (met), INC2 P1 5h (missed), INC3 P2, INC9 rejected (P9).
    // Scores 0.1, 0.2, 4.5: mean 4.8 / 3 = 1.6 exactly (no binary fraction survives).
    // Handling 90 and 30 minutes: mean 60 min = 3600 s.
    let january = vec![
        vec![
            text("INC1"),
            text("P1"),
            at(5, 1, 9, 0),
            at(5, 1, 12, 30),
            day(5, 1),
            Cell::Number(0.1),
            Cell::Duration(5400.0),
        ],
        vec![
            text("INC2"),
            text("P1"),
            at(6, 1, 10, 0),
            at(6, 1, 15, 0),
            day(6, 1),
            Cell::Number(0.2),
            Cell::Duration(1800.0),
        ],
        vec![text("INC3"), text("P2"), at(7, 1, 8, 0), at(7, 1, 9, 0), day(7, 1), Cell::Number(4.5), Cell::Empty],
        vec![text("INC9"), text("P9"), at(8, 1, 8, 0), at(8, 1, 9, 0), day(8, 1), Cell::Number(1.0), Cell::Empty],
    ];
    let january_csv = "INC1,P1,05/01/2026 09:00,05/01/2026 12:30,05/01/2026,0.1,90\n\
                       INC2,P1,06/01/2026 10:00,06/01/2026 15:00,06/01/2026,0.2,30\n\
                       INC3,P2,07/01/2026 08:00,07/01/2026 09:00,07/01/2026,4.5,\n\
                       INC9,P9,08/01/2026 08:00,08/01/2026 09:00,08/01/2026,1,\n";
    // February: INC4 P1, opened 31 January 23:30, resolved 1 February 01:00 Paris time
    // (1h30, met; in February by its local date). Score 7, handling 150 minutes.
    let february = vec![vec![
        text("INC4"),
        text("P1"),
        at(31, 1, 23, 30),
        at(1, 2, 1, 0),
        day(31, 1),
        Cell::Number(7.0),
        Cell::Duration(9000.0),
    ]];
    let february_csv = "INC4,P1,31/01/2026 23:30,01/02/2026 01:00,31/01/2026,7,150\n";
    fs::create_dir_all(dir.join("xlsx")).unwrap();
    fs::create_dir_all(dir.join("csv")).unwrap();
    for (name, rows, csv) in [("2026-01", january, january_csv), ("2026-02", february, february_csv)] {
        // Text in the shared-strings table (as Excel saves it) here, inline in "Notes".
        let mut sheet = Sheet::shared("Incidents");
        // An empty first row: the header is the first non-empty one.
        sheet.skip_row();
        sheet.row(&HEADER.map(text));
        // A row of units after the header, skipped by `skip 1 rows`.
        sheet.row(&[
            text("id"),
            text("P1-P4"),
            text("local"),
            text("local"),
            text("day"),
            text("0-10"),
            text("minutes"),
        ]);
        for row in &rows {
            sheet.row(row);
        }
        let mut other = Sheet::new("Notes");
        other.row(&[text("exported by the service desk")]);
        let mut file = fs::File::create(dir.join(format!("xlsx/tickets-{name}.xlsx"))).unwrap();
        xlsx::write(&mut file, vec![other, sheet]).unwrap();
        let csv = format!("{}\nid,P1-P4,local,local,day,0-10,minutes\n{csv}", HEADER.join(","));
        fs::write(dir.join(format!("csv/tickets-{name}.csv")), csv).unwrap();
    }
}

/// Settles January and February; the metric values of each month, and the rejections.
fn settle(dir: &Path, from: &str, options: &str) -> (Vec<String>, Vec<String>) {
    let path = dir.join(format!("contract-{}.xla", if from.starts_with("csv") { "csv" } else { "xlsx" }));
    fs::write(&path, contract(from, options)).unwrap();
    let checked = check_file(&path, &RealFs).unwrap();
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    let program = checked.program.unwrap();
    let through: Period = "2026-02".parse().unwrap();
    let eval = evaluate(&program, dir, through, &mut |_: &str, _| {}).unwrap();
    let settlement = xla::settle::settle(&eval).expect("the settlement stays in range");
    let values = settlement.months.iter().map(|m| format!("{:?}", m.metrics)).collect();
    (values, eval.rejections.iter().map(ToString::to_string).collect())
}

#[test]
fn csv_and_xlsx_forms_settle_to_identical_values() {
    let dir = tempfile::tempdir().unwrap();
    write_data(dir.path());
    let (csv, csv_rejected) = settle(dir.path(), "csv \"csv/tickets-*.csv\"", "");
    let (xlsx, xlsx_rejected) = settle(dir.path(), "xlsx \"xlsx/tickets-*.xlsx\"", "  sheet \"Incidents\"\n");
    assert_eq!(csv, xlsx);
    // The figures worked out above.
    assert_eq!(
        csv,
        [
            "[MetricValue { value: Percent(50), volume: Some(2) }, MetricValue { value: Number(1.6), volume: Some(3) }, \
             MetricValue { value: Duration(3600), volume: Some(2) }]",
            "[MetricValue { value: Percent(100), volume: Some(1) }, MetricValue { value: Number(7), volume: Some(1) }, \
             MetricValue { value: Duration(9000), volume: Some(1) }]"
        ]
    );
    // The rejected row: CSV line 6 (header, units, three rows before it);
    // Excel row 7 of sheet Incidents (an empty row, header, units, three rows).
    assert_eq!(csv_rejected.len(), 1);
    assert!(csv_rejected[0].starts_with("csv/tickets-2026-01.csv:6: column `Priority`"), "{csv_rejected:?}");
    assert!(
        xlsx_rejected[0].starts_with("xlsx/tickets-2026-01.xlsx, sheet `Incidents`, row 7: column `Priority`"),
        "{xlsx_rejected:?}"
    );
}

#[test]
fn a_missing_sheet_names_the_sheets_there_are() {
    let dir = tempfile::tempdir().unwrap();
    write_data(dir.path());
    let path = dir.path().join("contract.xla");
    fs::write(&path, contract("xlsx \"xlsx/tickets-2026-01.xlsx\"", "  sheet \"Incident\"\n")).unwrap();
    let program = check_file(&path, &RealFs).unwrap().program.unwrap();
    let through: Period = "2026-01".parse().unwrap();
    let err = evaluate(&program, dir.path(), through, &mut |_: &str, _| {}).err().unwrap().to_string();
    assert!(
        err.contains("has no sheet `Incident` (did you mean `Incidents`?); its sheets are `Notes`, `Incidents`"),
        "{err}"
    );
}
