//! Local timestamps around the DST changes of Europe/London.

use super::*;

#[test]
fn gap_rejects_and_overlap_takes_the_earlier_instant() {
    let csv = "id,opened\n1,2026-03-29 00:30\n2,2026-03-29 01:30\n3,2026-03-29 02:30\n4,2026-10-25 01:30\n";
    let dir = DataDir::new().with("t.csv", csv);
    let mut d = dataset(
        DataFormat::Csv,
        "t.csv",
        vec![
            column("id", ColumnKind::Text, false),
            column("opened", ColumnKind::Timestamp { format: Some("%Y-%m-%d %H:%M".into()) }, false),
        ],
    );
    d.timezone = chrono_tz::Europe::London;
    d.reject_up_to = Decimal::ONE_HUNDRED;
    let (report, rows) = dir.load(&d).unwrap();
    let at = |s: &str| Value::Timestamp(s.parse().unwrap());
    assert_eq!(
        cells(&rows),
        [
            vec![text("1"), at("2026-03-29T00:30:00Z")],
            vec![text("3"), at("2026-03-29T01:30:00Z")],
            vec![text("4"), at("2026-10-25T00:30:00Z")],
        ]
    );
    assert_eq!(
        rejections(&report),
        [(
            3,
            Some("opened"),
            "local time 2026-03-29 01:30:00 does not exist in Europe/London (the clocks skip it for daylight saving)"
        )]
    );
}
