//! JSON Lines: nested keys, null and absent keys, bad lines.

use super::*;
use crate::ir::DurationUnit;

fn columns() -> Vec<DatasetColumn> {
    vec![
        column("id", ColumnKind::Text, false),
        column("sla.met", ColumnKind::Bool, true),
        column("effort", ColumnKind::Number, true),
        column("took", ColumnKind::Duration { unit: DurationUnit::Seconds }, true),
    ]
}

#[test]
fn nested_null_and_absent_keys() {
    let jsonl = concat!(
        "\u{feff}{\"id\": \"A\", \"sla\": {\"met\": true}, \"effort\": 12.50, \"took\": \"PT1M\"}\n",
        "\n",
        "{\"id\": 17, \"sla\": {\"met\": null}, \"effort\": 0.1000000000000000000000000001}\r\n",
        "   \n",
        "{\"id\": \"C\", \"sla\": null, \"effort\": \"3\", \"took\": 90}\n",
        "{\"id\": \"D\", \"sla.met\": \"no\", \"effort\": 1e3}"
    );
    let dir = DataDir::new().with("t.jsonl", jsonl);
    let (report, rows) = dir.load(&dataset(DataFormat::Jsonl, "t.jsonl", columns())).unwrap();
    assert_eq!(
        cells(&rows),
        [
            vec![text("A"), Value::Bool(true), num("12.50"), Value::Duration(Decimal::from(60))],
            vec![text("17"), Value::None, num("0.1000000000000000000000000001"), Value::None],
            vec![text("C"), Value::None, num("3"), Value::Duration(Decimal::from(90))],
            vec![text("D"), Value::Bool(false), num("1000"), Value::None],
        ]
    );
    assert_eq!(report.rows_read, 4);
}

#[test]
fn bad_lines_are_rejected_rows() {
    let jsonl = concat!(
        "{\"id\": \"A\"}\n",
        "{\"id\": \"B\",\n",
        "[1, 2]\n",
        "\n",
        "{\"id\": [\"x\"]}\n",
        "{\"sla\": {\"met\": \"perhaps\"}, \"id\": \"E\"}\n",
        "{\"effort\": 5}\n",
    );
    let dir = DataDir::new().with("t.jsonl", jsonl);
    let mut d = dataset(DataFormat::Jsonl, "t.jsonl", columns());
    d.reject_up_to = Decimal::ONE_HUNDRED;
    let (report, rows) = dir.load(&d).unwrap();
    assert_eq!(cells(&rows), [vec![text("A"), Value::None, Value::None, Value::None]]);
    let got = rejections(&report);
    assert_eq!(got.len(), 5);
    assert_eq!((got[0].0, got[0].1), (2, None));
    assert!(got[0].2.starts_with("not a JSON object: EOF while parsing"), "{}", got[0].2);
    assert_eq!(got[1], (3, None, "not a JSON object but an array"));
    assert_eq!(got[2], (5, Some("id"), "an array where a single value is expected"));
    assert_eq!(got[3], (6, Some("sla.met"), "\"perhaps\" is not a bool (true/false, yes/no, 1/0)"));
    assert_eq!(got[4], (7, Some("id"), "empty value in required column `id`"));
    assert_eq!((report.rows_read, report.rejected_total), (6, 5));
}

#[test]
fn a_line_not_valid_utf8_is_a_rejected_row() {
    // The fast reader refuses the line; serde_json then says why.
    let dir = DataDir::new().with("t.jsonl", b"{\"id\": \"A\"}\n{\"id\": \"\xff\"}\n{\"id\": \"C\"}\n");
    let mut d = dataset(DataFormat::Jsonl, "t.jsonl", columns());
    d.reject_up_to = Decimal::ONE_HUNDRED;
    let (report, rows) = dir.load(&d).unwrap();
    let ids: Vec<Value> = cells(&rows).into_iter().map(|row| row[0].clone()).collect();
    assert_eq!(ids, [text("A"), text("C")]);
    let got = rejections(&report);
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].0, got[0].1), (2, None));
    assert!(got[0].2.starts_with("not a JSON object: invalid unicode code point"), "{}", got[0].2);
}

#[test]
fn line_numbers_hold_across_chunks_of_any_cut() {
    // Lines of every length from blank to several chunks (16 bytes in
    // tests), every seventh a bad one: the loading threads get the file in
    // chunks cut after their last line feed, and each rejection must still
    // name its own line, as the one-thread load does (`DataDir::load`).
    let mut jsonl = String::new();
    let mut bad = Vec::new();
    for line in 1..=60u64 {
        match line % 7 {
            0 => {
                jsonl.push_str("{\"id\": }\n");
                bad.push(line);
            }
            3 => jsonl.push_str(&" ".repeat(line as usize % 20)),
            _ => jsonl.push_str(&format!("{{\"id\": \"{}\"}}", "x".repeat(line as usize))),
        }
        if line % 7 != 0 {
            jsonl.push('\n');
        }
    }
    let dir = DataDir::new().with("t.jsonl", &jsonl);
    let mut d = dataset(DataFormat::Jsonl, "t.jsonl", columns());
    d.reject_up_to = Decimal::ONE_HUNDRED;
    let (report, rows) = dir.load(&d).unwrap();
    let lines: Vec<u64> = rejections(&report).iter().map(|r| r.0).collect();
    assert_eq!(lines, bad);
    let blank = (1..=60).filter(|l| l % 7 == 3).count();
    assert_eq!(rows.rows.len(), 60 - bad.len() - blank);
    // An empty file has no line at all.
    let dir = DataDir::new().with("t.jsonl", "");
    let (report, rows) = dir.load(&d).unwrap();
    assert_eq!((report.rows_read, rows.rows.len()), (0, 0));
}
