//! Arbitrary bytes never make the loader panic.

use super::*;
use crate::ir::{DurationUnit, UniqueBy};
use proptest::prelude::*;

/// A column of every type over the same cell.
fn every_type() -> Vec<DatasetColumn> {
    let kinds = [
        ColumnKind::Text,
        ColumnKind::TextIn(vec!["a".into()]),
        ColumnKind::Number,
        ColumnKind::Count,
        ColumnKind::Percent,
        ColumnKind::Bool,
        ColumnKind::Date { format: None },
        ColumnKind::Date { format: Some("%d/%m/%Y".into()) },
        ColumnKind::Timestamp { format: None },
        ColumnKind::Timestamp { format: Some("%d/%m/%Y %H:%M %z".into()) },
        ColumnKind::Timestamp { format: Some("%s".into()) },
        ColumnKind::Duration { unit: DurationUnit::Hours },
    ];
    kinds.into_iter().enumerate().map(|(i, k)| column(&format!("c{i}"), k, i % 2 == 0)).collect()
}

fn fuzz_dataset(format: DataFormat, path: &str, columns: Vec<DatasetColumn>) -> Dataset {
    let mut d = dataset(format, path, columns);
    d.timezone = chrono_tz::Europe::London;
    d.reject_up_to = Decimal::ONE_HUNDRED;
    d.missing = vec!["?".into()];
    d.unique_by = Some(UniqueBy { key: 0, latest: Some(8) });
    d
}

/// Text that looks like the cells the parsers expect, so that the
/// interesting branches are reached, mixed with arbitrary strings.
fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[-+0-9.eE%:/ PTHMSDWYZz]{0,24}",
        "[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,2}[T ][0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2})?([+-][0-9]{2}:[0-9]{2}|Z)?",
    ]
}

proptest! {
    #[test]
    fn random_bytes_in_a_cell_never_panic(cell in proptest::collection::vec(any::<u8>(), 0..64), raw in any::<bool>()) {
        let columns = every_type();
        let header: Vec<_> = columns.iter().map(|c| c.source.clone()).collect();
        let mut csv = format!("{}\n", header.join(",")).into_bytes();
        for _ in 0..2 {
            for i in 0..columns.len() {
                if i > 0 {
                    csv.push(b',');
                }
                if raw {
                    csv.extend_from_slice(&cell);
                } else {
                    csv.push(b'"');
                    csv.extend(cell.iter().flat_map(|&b| if b == b'"' { vec![b'"', b'"'] } else { vec![b] }));
                    csv.push(b'"');
                }
            }
            csv.push(b'\n');
        }
        let dir = DataDir::new().with("t.csv", &csv).with("t.jsonl", &cell);
        let report = dir.load(&fuzz_dataset(DataFormat::Csv, "t.csv", columns.clone())).unwrap().0;
        prop_assert_eq!(report.files[0].rows_read, report.rows_read);
        let _ = dir.load(&fuzz_dataset(DataFormat::Jsonl, "t.jsonl", columns));
    }

    #[test]
    fn any_text_in_any_column_never_panics(text in cell_text()) {
        let columns = every_type();
        let quoted = format!("\"{}\"", text.replace('"', "\"\""));
        let header: Vec<_> = columns.iter().map(|c| c.source.clone()).collect();
        let csv = format!("{}\n{}\n", header.join(","), vec![quoted; columns.len()].join(","));
        let object: serde_json::Map<_, _> =
            header.iter().map(|h| (h.clone(), serde_json::Value::String(text.clone()))).collect();
        let jsonl = serde_json::Value::Object(object).to_string();
        let dir = DataDir::new().with("t.csv", csv).with("t.jsonl", jsonl);
        let (csv_report, csv_rows) = dir.load(&fuzz_dataset(DataFormat::Csv, "t.csv", columns.clone())).unwrap();
        let (json_report, json_rows) = dir.load(&fuzz_dataset(DataFormat::Jsonl, "t.jsonl", columns)).unwrap();
        // A JSON string cell parses exactly as the same CSV cell does.
        prop_assert_eq!(csv_rows.rows, json_rows.rows);
        prop_assert_eq!(
            csv_report.rejections.iter().map(|r| &r.reason).collect::<Vec<_>>(),
            json_report.rejections.iter().map(|r| &r.reason).collect::<Vec<_>>()
        );
    }
}
