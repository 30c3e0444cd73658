//! `unique by KEY latest by COL` over change logs.

use super::*;
use crate::ir::UniqueBy;

fn changes(latest: Option<usize>) -> Dataset {
    let mut d = dataset(
        DataFormat::Csv,
        "*.csv",
        vec![
            column("number", ColumnKind::Text, true),
            column("updated", ColumnKind::Timestamp { format: None }, true),
            column("state", ColumnKind::Text, false),
        ],
    );
    d.unique_by = Some(UniqueBy { key: 0, latest });
    d
}

fn log() -> DataDir {
    DataDir::new()
        .with(
            "1.csv",
            "number,updated,state\n\
             INC1,2026-03-01T10:00:00Z,New\n\
             INC2,2026-03-01T11:00:00Z,New\n\
             INC1,2026-03-02T10:00:00Z,Resolved\n\
             ,2026-03-02T10:00:00Z,Orphan\n\
             INC1,2026-03-01T12:00:00Z,Late arrival\n",
        )
        .with(
            "2.csv",
            "number,updated,state\n\
             INC2,2026-03-01T11:00:00Z,Tie read last\n\
             INC3,,No time\n\
             INC3,2026-03-01T09:00:00Z,Timed\n\
             INC3,,No time again\n",
        )
}

fn states(rows: &Rows) -> Vec<(usize, Value)> {
    rows.rows.iter().map(|(f, r)| (*f, r[2].clone())).collect()
}

#[test]
fn latest_wins_ties_go_to_the_last_read_and_none_keys_stay() {
    let (report, rows) = log().load(&changes(Some(1))).unwrap();
    assert_eq!(
        states(&rows),
        [(0, text("Resolved")), (1, text("Tie read last")), (0, text("Orphan")), (1, text("Timed"))]
    );
    let collapsed: Vec<_> = report.files.iter().map(|f| f.rows_collapsed).collect();
    // File 1 loses INC1 New, INC1 Late arrival, INC2 New; file 2 loses both untimed INC3 rows.
    assert_eq!(collapsed, [3, 2]);
    assert_eq!(report.rows_read, 9);
}

#[test]
fn without_latest_the_last_read_wins() {
    let (_, rows) = log().load(&changes(None)).unwrap();
    assert_eq!(
        states(&rows),
        [(0, text("Late arrival")), (1, text("Tie read last")), (0, text("Orphan")), (1, text("No time again"))]
    );
}

#[test]
fn rejected_rows_never_win() {
    let dir = DataDir::new()
        .with("1.csv", "number,updated,state\nINC1,2026-03-01T10:00:00Z,Good\nINC1,2026-03-09T10:00:00Z,\n");
    let mut d = changes(Some(1));
    d.reject_up_to = Decimal::ONE_HUNDRED;
    let (report, rows) = dir.load(&d).unwrap();
    assert_eq!(states(&rows), [(0, text("Good"))]);
    assert_eq!((report.rejected_total, report.files[0].rows_collapsed), (1, 0));
}
