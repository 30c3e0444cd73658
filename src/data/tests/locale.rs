//! Exports as European spreadsheets and older tools write them (§5 v2):
//! delimiters, decimal commas, Windows-1252 and UTF-16.

use super::*;
use crate::ir::{DurationUnit, TextEncoding};

/// A HappySignals-like survey export: ticket, score, lost time in minutes, comment.
fn surveys(path: &str) -> Dataset {
    let mut d = dataset(
        DataFormat::Csv,
        path,
        vec![
            column("Ticket", ColumnKind::Text, false),
            column("Score", ColumnKind::Number, false),
            column("Lost", ColumnKind::Duration { unit: DurationUnit::Minutes }, true),
            column("Share", ColumnKind::Percent, true),
        ],
    );
    d.reject_up_to = Decimal::ONE_HUNDRED;
    d
}

fn dec(s: &str) -> Value {
    Value::Number(s.parse().unwrap())
}

fn pct(s: &str) -> Value {
    Value::Percent(s.parse().unwrap())
}

fn secs(s: &str) -> Value {
    Value::Duration(s.parse().unwrap())
}

#[test]
fn semicolons_and_decimal_commas_as_french_excel_writes_them() {
    let csv = "Ticket;Score;Lost;Share\r\nINC1;-12,5;1,5;99,5\r\nINC2;80;0,25;100\r\nINC3;\"7,0\";;\r\n";
    let dir = DataDir::new().with("s.csv", csv);
    let mut d = surveys("s.csv");
    d.csv.delimiter = b';';
    d.csv.decimal_comma = true;
    let (report, rows) = dir.load(&d).unwrap();
    // 1,5 min = 90 s; 0,25 min = 15 s.
    assert_eq!(
        cells(&rows),
        [
            vec![text("INC1"), dec("-12.5"), secs("90"), pct("99.5")],
            vec![text("INC2"), dec("80"), secs("15"), pct("100")],
            vec![text("INC3"), dec("7.0"), Value::None, Value::None],
        ]
    );
    assert_eq!(report.rejected_total, 0);
}

#[test]
fn grouping_separators_reject_the_row_in_either_mode() {
    let dir = DataDir::new().with("c.csv", "Ticket;Score\nA;1.234,5\nB;1234,5\nC;1 234,5\n");
    let mut d = surveys("c.csv");
    d.columns.truncate(2);
    d.csv.delimiter = b';';
    d.csv.decimal_comma = true;
    let (report, rows) = dir.load(&d).unwrap();
    assert_eq!(cells(&rows), [vec![text("B"), dec("1234.5")]]);
    assert_eq!(
        rejections(&report),
        [
            (
                2,
                Some("Score"),
                "\"1.234,5\" holds a `.`, but the dataset says `decimal \",\"` (grouping separators are not accepted)"
            ),
            (4, Some("Score"), "\"1 234,5\" is not a number"),
        ]
    );

    let dir = DataDir::new().with("p.csv", "Ticket,Score\nA,\"1,234.5\"\nB,1234.5\nC,\"99,5\"\n");
    let mut d = surveys("p.csv");
    d.columns.truncate(2);
    let (report, rows) = dir.load(&d).unwrap();
    assert_eq!(cells(&rows), [vec![text("B"), dec("1234.5")]]);
    assert_eq!(
        rejections(&report),
        [
            (2, Some("Score"), "\"1,234.5\" is not a number"),
            (
                4,
                Some("Score"),
                "\"99,5\" is not a number; if the file writes decimal commas (`99,5`), add `decimal \",\"` to the dataset"
            ),
        ]
    );
}

#[test]
fn tab_separated_files() {
    let dir = DataDir::new().with("t.tsv", "Ticket\tScore\nINC1\t3.5\nINC 2\t4\n");
    let mut d = surveys("t.tsv");
    d.columns.truncate(2);
    d.csv.delimiter = b'\t';
    let (_, rows) = dir.load(&d).unwrap();
    assert_eq!(cells(&rows), [vec![text("INC1"), dec("3.5")], vec![text("INC 2"), dec("4")]]);
}

/// A closed set of French priorities, as a ServiceNow export in French writes them.
fn priorities(path: &str, encoding: TextEncoding) -> Dataset {
    let set = ["Critique", "Élevée", "Modérée", "Très basse"].map(String::from).to_vec();
    let mut d = dataset(
        DataFormat::Csv,
        path,
        vec![column("Numéro", ColumnKind::Text, false), column("Priorité", ColumnKind::TextIn(set), false)],
    );
    d.csv.encoding = encoding;
    d.csv.delimiter = b';';
    d.reject_up_to = Decimal::ONE_HUNDRED;
    d
}

/// `text` in Windows-1252 (every character here is in it).
fn cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            'É' => 0xC9,
            'é' => 0xE9,
            'è' => 0xE8,
            c => u8::try_from(c).unwrap(),
        })
        .collect()
}

#[test]
fn windows_1252_with_accented_closed_set_values() {
    let export = "Numéro;Priorité\r\nINC1;Élevée\r\nINC2;Modérée\r\nINC3;Très basse\r\nINC4;Elevee\r\n";
    let dir = DataDir::new().with("w.csv", cp1252(export));
    let (report, rows) = dir.load(&priorities("w.csv", TextEncoding::Windows1252)).unwrap();
    assert_eq!(
        cells(&rows),
        [
            vec![text("INC1"), text("Élevée")],
            vec![text("INC2"), text("Modérée")],
            vec![text("INC3"), text("Très basse")]
        ]
    );
    assert_eq!(report.rejections[0].line(), Some(5));
    assert!(report.rejections[0].reason.contains("did you mean \"Élevée\""), "{:?}", report.rejections);
    // Read as UTF-8, the header's names do not match: the load fails.
    let err = dir.load(&priorities("w.csv", TextEncoding::Utf8)).err();
    assert!(matches!(err, Some(LoadError::MissingColumn { .. })), "{err:?}");
}

/// `text` in UTF-16, little-endian with a byte order mark, or big-endian with one.
fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for unit in text.encode_utf16() {
        out.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
    }
    out
}

#[test]
fn utf16_files_and_their_byte_order_marks() {
    let export = "Numéro;Priorité\r\nINC1;Critique\r\nINC2;Élevée\r\n";
    let want = [vec![text("INC1"), text("Critique")], vec![text("INC2"), text("Élevée")]];
    for big_endian in [false, true] {
        let dir = DataDir::new().with("u.csv", utf16(export, big_endian));
        // The byte order mark is honoured whatever the dataset declares.
        for declared in [TextEncoding::Utf16, TextEncoding::Utf8, TextEncoding::Windows1252] {
            let (report, rows) = dir.load(&priorities("u.csv", declared)).unwrap();
            assert_eq!(cells(&rows), want, "{declared:?}, big endian {big_endian}");
            assert_eq!(report.rejected_total, 0);
        }
    }
    // Without a byte order mark, `utf-16` is little-endian.
    let dir = DataDir::new().with("n.csv", &utf16(export, false)[2..]);
    let (_, rows) = dir.load(&priorities("n.csv", TextEncoding::Utf16)).unwrap();
    assert_eq!(cells(&rows), want);
}

#[test]
fn bytes_invalid_in_utf16_reject_the_row_naming_their_offset() {
    // A lone high surrogate (D800) in row 3's ticket number.
    let mut bytes = utf16("Numéro;Priorité\r\nINC1;Critique\r\n", false);
    let bad_at = bytes.len() as u64;
    bytes.extend([0x00, 0xD8]);
    bytes.extend(&utf16(";Critique\r\nINC3;Critique\r\n", false)[2..]);
    let dir = DataDir::new().with("b.csv", bytes);
    let (report, rows) = dir.load(&priorities("b.csv", TextEncoding::Utf16)).unwrap();
    assert_eq!(rows.rows.len(), 2);
    assert_eq!(
        rejections(&report),
        [(3, None, format!("bytes not valid in the file's encoding at byte offset {bad_at}").as_str())]
    );
}

#[test]
fn a_semicolon_file_read_without_delimiter_says_to_add_it() {
    let dir = DataDir::new().with("s.csv", "Ticket;Score\r\nINC1;4,5\r\n");
    let err = dir.load(&surveys("s.csv")).err().map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(
        err,
        "dataset `tickets`: s.csv has no column `Ticket`; its header has one column, `Ticket;Score`: \
         the file looks separated by `;`, so add `delimiter \";\"` to the dataset"
    );
}

#[test]
fn large_utf16_files_decode_across_chunks_and_locate_bad_bytes() {
    // 5,000 rows (about 150 KB in UTF-16, several decoding chunks), then a
    // row with a lone low surrogate (DC00), then a good row.
    let mut export = String::from("Numéro;Priorité\r\n");
    for i in 0..5000 {
        export.push_str(&format!("INC{i:05};Élevée\r\n"));
    }
    let mut bytes = utf16(&export, false);
    let bad_at = bytes.len() as u64 + 2 * 3; // after "BAD"
    bytes.extend(&utf16("BAD", false)[2..]);
    bytes.extend([0x00, 0xDC]);
    bytes.extend(&utf16(";Critique\r\nLAST;Critique\r\n", false)[2..]);
    let dir = DataDir::new().with("big.csv", bytes);
    let (report, rows) = dir.load(&priorities("big.csv", TextEncoding::Utf16)).unwrap();
    assert_eq!(rows.rows.len(), 5001);
    assert_eq!(cells(&rows)[5000], [text("LAST"), text("Critique")]);
    assert_eq!(
        rejections(&report),
        [(5002, None, format!("bytes not valid in the file's encoding at byte offset {bad_at}").as_str())]
    );
}
