//! CSV reading: quoting, BOM, skipped rows, missing markers, headers.

use super::*;

fn id_and_note() -> Vec<DatasetColumn> {
    vec![column("id", ColumnKind::Count, false), column("note", ColumnKind::Text, true)]
}

#[test]
fn rfc4180_quoting_and_physical_lines() {
    let csv = "id,note\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\nx,after\n";
    let dir = DataDir::new().with("t.csv", csv);
    let mut d = dataset(DataFormat::Csv, "t.csv", id_and_note());
    d.reject_up_to = Decimal::from(50);
    d.csv.multiline = true;
    let (report, rows) = dir.load(&d).unwrap();
    assert_eq!(
        cells(&rows),
        [vec![num("1"), text("a, b")], vec![num("2"), text("say \"hi\"")], vec![num("3"), text("two\nlines")]]
    );
    // The record after the two-line cell starts on physical line 6.
    assert_eq!(rejections(&report), [(6, Some("id"), "\"x\" is not a whole number ≥ 0")]);
    assert_eq!(report.rows_read, 4);
    assert_eq!(report.files[0].lines, 5);
}

#[test]
fn a_stray_quote_no_longer_swallows_rows_silently() {
    // Issue 9.10: the quote opened on line 3 closes on line 5, and the
    // merged record has the header's two fields, so it used to load as one
    // row and rows 4 and 5 vanished without a rejection.
    let csv = "id,note\n1,fine\n2,\"oops\n3,lost\n4,lost\"\n5,fine\n";
    let dir = DataDir::new().with("t.csv", csv);
    let mut d = dataset(DataFormat::Csv, "t.csv", id_and_note());
    d.reject_up_to = Decimal::ONE_HUNDRED;
    let (report, rows) = dir.load(&d).unwrap();
    assert_eq!(cells(&rows), [vec![num("1"), text("fine")], vec![num("5"), text("fine")]]);
    // Three lines: three rows read and rejected, named once, by the line it starts on.
    assert_eq!((report.rows_read, report.rejected_total, report.files[0].lines), (5, 3, 5));
    assert_eq!(report.files[0].rows_rejected, 3);
    assert_eq!(
        rejections(&report),
        [(
            3,
            Some("note"),
            "record spans lines 3-5: the quote on line 3 opens a field that does not close on its line \
             (a stray quote swallows the rows after it); add `multiline` to the dataset if the export really holds multi-line text"
        )]
    );
    // Three rejected of five read is over a 50% limit: the load fails.
    d.reject_up_to = Decimal::from(50);
    assert!(matches!(dir.load(&d), Err(LoadError::TooManyRejected { rejected: 3, read: 5, .. })));
}

#[test]
fn multiline_accepts_records_spanning_lines() {
    // Survey comments over two and three lines (CRLF inside the quotes).
    let csv = "id,note\r\n1,\"Quick fix.\r\nThanks!\"\r\n2,short\r\n3,\"a\r\n\r\nb\"\r\n";
    let dir = DataDir::new().with("t.csv", csv);
    let mut d = dataset(DataFormat::Csv, "t.csv", id_and_note());
    d.csv.multiline = true;
    let (report, rows) = dir.load(&d).unwrap();
    assert_eq!(
        cells(&rows),
        [
            vec![num("1"), text("Quick fix.\r\nThanks!")],
            vec![num("2"), text("short")],
            vec![num("3"), text("a\r\n\r\nb")]
        ]
    );
    // Lines 2-3, 4, 5-7: three rows on six lines.
    assert_eq!((report.rows_read, report.files[0].lines, report.rejected_total), (3, 6, 0));
    // Without `multiline` the two long records are rejected, as 2 + 3 rows.
    d.csv.multiline = false;
    d.reject_up_to = Decimal::ONE_HUNDRED;
    let (report, rows) = dir.load(&d).unwrap();
    assert_eq!(cells(&rows), [vec![num("2"), text("short")]]);
    assert_eq!((report.rows_read, report.files[0].lines, report.rejected_total), (6, 6, 5));
    assert_eq!(report.rejections.iter().map(|r| r.line().unwrap_or_default()).collect::<Vec<_>>(), [2, 5]);
}

#[test]
fn bom_is_skipped_and_crlf_accepted() {
    let dir = DataDir::new().with("t.csv", "\u{feff}id,note\r\n1,x\r\n");
    let (_, rows) = dir.load(&dataset(DataFormat::Csv, "t.csv", id_and_note())).unwrap();
    assert_eq!(cells(&rows), [vec![num("1"), text("x")]]);
}

#[test]
fn skipped_rows_are_not_read() {
    // Qualtrics: two rows of question text and import ids after the header.
    let csv = "id,note\nResponse ID,Your note\n{\"ImportId\":\"x\"},{}\n7,fine\n";
    let dir = DataDir::new().with("t.csv", csv);
    let mut d = dataset(DataFormat::Csv, "t.csv", id_and_note());
    d.skip_rows = 2;
    let (report, rows) = dir.load(&d).unwrap();
    assert_eq!(cells(&rows), [vec![num("7"), text("fine")]]);
    assert_eq!(report.rows_read, 1);
}

#[test]
fn missing_markers_mean_none() {
    let csv = "id,note\n1,?\n2, N/A \n?,x\n";
    let dir = DataDir::new().with("t.csv", csv);
    let mut d = dataset(DataFormat::Csv, "t.csv", id_and_note());
    d.missing = vec!["?".into(), "N/A".into()];
    d.reject_up_to = Decimal::ONE_HUNDRED;
    let (report, rows) = dir.load(&d).unwrap();
    assert_eq!(cells(&rows), [vec![num("1"), Value::None], vec![num("2"), Value::None]]);
    assert_eq!(rejections(&report), [(4, Some("id"), "empty value in required column `id`")]);
}

/// A text column no metric reads is checked as one that is read, and
/// left out: a blank or missing cell in it is rejected all the same.
#[test]
fn a_text_not_needed_is_checked_and_left_out() {
    let csv = b"id,note\n1,kept out\n2,\n3,?\n4,\xFF\n5,fine\n";
    let dir = DataDir::new().with("t.csv", csv);
    let mut d = dataset(
        DataFormat::Csv,
        "t.csv",
        vec![column("id", ColumnKind::Count, false), column("note", ColumnKind::Text, false)],
    );
    d.missing = vec!["?".into()];
    d.reject_up_to = Decimal::ONE_HUNDRED;
    let (all, _) = dir.load(&d).unwrap();
    for threads in [1, 3] {
        let mut got = Vec::new();
        let options = LoadOptions { needed: Some(&[true, false]), threads };
        let report =
            load_dataset_parallel(&d, dir.path(), options, &Collect, &mut |p| got.extend(p), &mut |_| {}).unwrap();
        assert_eq!(report, all, "{threads} threads");
        let rows: Vec<Vec<Value>> = got.into_iter().map(|(_, row)| row).collect();
        assert_eq!(rows, [vec![num("1"), Value::None], vec![num("5"), Value::None]], "{threads} threads");
    }
    let reasons: Vec<&str> = all.rejections.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(reasons[..2].iter().all(|r| *r == "empty value in required column `note`"), "{reasons:?}");
}

#[test]
fn unnamed_columns_are_ignored_and_dataset_order_kept() {
    let csv = "extra,note,id\nzzz,hello,5\n";
    let dir = DataDir::new().with("t.csv", csv);
    let (_, rows) = dir.load(&dataset(DataFormat::Csv, "t.csv", id_and_note())).unwrap();
    assert_eq!(cells(&rows), [vec![num("5"), text("hello")]]);
}

#[test]
fn wrong_field_count_rejects_the_row() {
    let dir = DataDir::new().with("t.csv", "id,note\n1,a,extra\n2\n3,c\n");
    let mut d = dataset(DataFormat::Csv, "t.csv", id_and_note());
    d.reject_up_to = Decimal::ONE_HUNDRED;
    let (report, rows) = dir.load(&d).unwrap();
    assert_eq!(cells(&rows), [vec![num("3"), text("c")]]);
    assert_eq!(
        rejections(&report),
        [(2, None, "3 fields where the header has 2"), (3, None, "1 fields where the header has 2")]
    );
}

#[test]
fn invalid_utf8_anywhere_rejects_the_row_naming_the_byte_offset() {
    // Header: 14 bytes; row 2 starts at 14, its 0xFF is at 19; row 3 starts at 21, its 0xFE at 23.
    let dir = DataDir::new().with("t.csv", b"id,note,other\n1,ok,\xff\n2,\xfe,x\n3,ok,y\n");
    let mut d = dataset(DataFormat::Csv, "t.csv", id_and_note());
    d.reject_up_to = Decimal::ONE_HUNDRED;
    let (report, rows) = dir.load(&d).unwrap();
    assert_eq!(cells(&rows), [vec![num("3"), text("ok")]]);
    assert_eq!(
        rejections(&report),
        [
            (2, None, "bytes not valid in the file's encoding at byte offset 19"),
            (3, None, "bytes not valid in the file's encoding at byte offset 23")
        ]
    );
}

/// The lines on which `csv` (header `id,note`, then rows whose `id` is
/// `x` where a rejection is wanted) has its rejected rows.
fn rejected_lines(csv: &str, skip: u32) -> Vec<u64> {
    let dir = DataDir::new().with("t.csv", csv);
    let mut d = dataset(DataFormat::Csv, "t.csv", id_and_note());
    d.reject_up_to = Decimal::ONE_HUNDRED;
    d.skip_rows = skip;
    let (report, _) = dir.load(&d).unwrap();
    report.rejections.iter().map(|r| r.line().unwrap_or_default()).collect()
}

#[test]
fn rejected_rows_are_numbered_by_their_physical_line_whatever_the_line_ends() {
    // Issue 17.1: CRLF files were reported one line early.
    assert_eq!(rejected_lines("id,note\r\n1,a\r\nx,b\r\n2,c\r\nx,d\r\n", 0), [3, 5]);
    assert_eq!(rejected_lines("id,note\n1,a\nx,b\n2,c\nx,d\n", 0), [3, 5]);
    assert_eq!(rejected_lines("id,note\r\n1,a\nx,b\r\n2,c\nx,d", 0), [3, 5]);
    assert_eq!(rejected_lines("\u{feff}id,note\r\nx,a\r\n1,b\r\nx,c\r\n", 0), [2, 4]);
    // Blank lines are not rows but are lines.
    assert_eq!(rejected_lines("id,note\r\n\r\nx,a\r\n\r\n\r\nx,b\r\n", 0), [3, 6]);
}

#[test]
fn skipped_rows_and_multi_line_fields_keep_the_numbering() {
    // Two skipped rows (the first spanning two lines), then rows on lines 5 and 6.
    let csv = "id,note\r\n\"Response\r\nID\",n\r\n{},{}\r\n1,a\r\nx,b\r\n";
    assert_eq!(rejected_lines(csv, 2), [6]);
    // A three-line note on lines 3-5 (rejected there, not being `multiline`):
    // the next record starts on line 6.
    let csv = "id,note\r\n1,a\r\n2,\"one\r\ntwo\r\nthree\"\r\nx,b\r\n";
    assert_eq!(rejected_lines(csv, 0), [3, 6]);
}

#[test]
fn missing_column_is_an_error_with_a_suggestion() {
    let dir = DataDir::new().with("t.csv", "Number,Priority\n1,P1\n");
    let d = dataset(DataFormat::Csv, "t.csv", vec![column("Priorty", ColumnKind::Text, false)]);
    let err = dir.load(&d).err().unwrap();
    assert_eq!(
        err.to_string(),
        "dataset `tickets`: t.csv has no column `Priorty` (did you mean `Priority`?); its header has `Number`, `Priority`"
    );
    let d = dataset(DataFormat::Csv, "t.csv", vec![column("Owner", ColumnKind::Text, false)]);
    let err = dir.load(&d).err().unwrap();
    assert!(matches!(err, LoadError::MissingColumn { .. }), "{err}");
    assert!(!err.to_string().contains("did you mean"), "{err}");
}

#[test]
fn header_names_are_trimmed() {
    let dir = DataDir::new().with("t.csv", " id , note\n1,x\n");
    let (_, rows) = dir.load(&dataset(DataFormat::Csv, "t.csv", id_and_note())).unwrap();
    assert_eq!(rows.rows.len(), 1);
}

#[test]
fn empty_file_has_no_header() {
    let dir = DataDir::new().with("t.csv", "");
    let err = dir.load(&dataset(DataFormat::Csv, "t.csv", id_and_note())).err().unwrap();
    assert_eq!(err.to_string(), "dataset `tickets`: t.csv has no header row");
}

#[test]
fn header_only_file_has_no_rows() {
    let dir = DataDir::new().with("t.csv", "id,note\n");
    let (report, rows) = dir.load(&dataset(DataFormat::Csv, "t.csv", id_and_note())).unwrap();
    assert_eq!((report.rows_read, rows.rows.len()), (0, 0));
}
