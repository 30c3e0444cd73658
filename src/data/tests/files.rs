//! Globs, file order, hashes and progress.

use super::*;
use crate::data::text::BOM;
use crate::ir::TextEncoding;

fn ids() -> Vec<DatasetColumn> {
    vec![column("id", ColumnKind::Text, false)]
}

#[test]
fn files_are_read_in_sorted_path_order() {
    let dir = DataDir::new()
        .with("exports/2026-02.csv", "id\nfeb\n")
        .with("exports/2026-01.csv", "id\njan1\njan2\n")
        .with("exports/._2026-01.csv", "junk")
        .with("exports/old/2025-12.csv", "id\ndec\n")
        .with("exports/notes.txt", "id\nno\n");
    let (report, rows) = dir.load(&dataset(DataFormat::Csv, "exports/*.csv", ids())).unwrap();
    let names: Vec<_> = report.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(names, ["exports/2026-01.csv", "exports/2026-02.csv"]);
    assert_eq!(rows.rows, [(0, vec![text("jan1")]), (0, vec![text("jan2")]), (1, vec![text("feb")])]);
    assert_eq!((report.files[0].rows_read, report.files[1].rows_read, report.rows_read), (2, 1, 3));

    let (report, _) = dir.load(&dataset(DataFormat::Csv, "exports/**/*.csv", ids())).unwrap();
    let names: Vec<_> = report.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(names, ["exports/2026-01.csv", "exports/2026-02.csv", "exports/old/2025-12.csv"]);
}

#[test]
fn no_match_is_an_error() {
    let dir = DataDir::new().with("a.csv", "id\n1\n");
    let err = dir.load(&dataset(DataFormat::Csv, "b*.csv", ids())).err().unwrap();
    assert!(matches!(&err, LoadError::NoFiles { pattern, .. } if pattern == "b*.csv"), "{err}");
    assert!(err.to_string().starts_with("dataset `tickets`: no file matches `b*.csv` in "));
}

#[test]
fn invalid_glob_is_an_error() {
    let dir = DataDir::new();
    let err = dir.load(&dataset(DataFormat::Csv, "a/***.csv", ids())).err().unwrap();
    assert!(matches!(err, LoadError::InvalidPattern { .. }), "{err}");
}

#[test]
fn data_dir_with_glob_characters_is_taken_literally() {
    let dir = DataDir::new().with("[x]/t.csv", "id\n1\n");
    let mut rows = Rows::default();
    let report = load_dataset(&dataset(DataFormat::Csv, "t.csv", ids()), &dir.path().join("[x]"), &mut rows).unwrap();
    assert_eq!(report.files[0].path, "t.csv");
}

#[test]
fn sha256_of_the_raw_bytes() {
    // SHA-256("abc"), the FIPS 180-2 example; "abc" is a header-only CSV.
    let dir = DataDir::new().with("t.csv", "abc");
    let d = dataset(DataFormat::Csv, "t.csv", vec![column("abc", ColumnKind::Text, false)]);
    let (report, _) = dir.load(&d).unwrap();
    assert_eq!(report.files[0].sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/// A UTF-8 file's digest is taken from the chunks the loader cuts, hashed
/// by whichever thread reads them (the header's and skipped rows' by the
/// reading thread), a decoded file's from the bytes read: either way it
/// must be the digest of the file's bytes, byte order mark included, on
/// one thread and several, over many chunks (16 bytes each in tests) and a
/// last line with no end.
#[test]
fn sha256_of_the_raw_bytes_whatever_the_encoding_and_the_threads() {
    let rows: String = (0..200).map(|i| format!("r{i}\n")).collect();
    let utf8 = format!("id\n\"a, \"\"quoted\"\"\nfield\"\n{rows}last");
    let skipped =
        format!("id,a header longer than a chunk\n{}{rows}", "a row to skip, longer than a chunk,\n".repeat(3));
    let utf16: Vec<u8> = format!("\u{FEFF}id\nééé\n{rows}").encode_utf16().flat_map(u16::to_le_bytes).collect();
    let jsonl = rows.replace('r', "{\"id\":\"r").replace('\n', "\"}\n");
    let mut cp1252 = b"id\n\xe9t\xe9\n".to_vec();
    cp1252.extend_from_slice(rows.as_bytes());
    let cases: Vec<(&str, Vec<u8>, TextEncoding, DataFormat)> = vec![
        ("plain.csv", utf8.clone().into_bytes(), TextEncoding::Utf8, DataFormat::Csv),
        ("skip.csv", skipped.into_bytes(), TextEncoding::Utf8, DataFormat::Csv),
        ("bom.csv", [BOM, utf8.as_bytes()].concat(), TextEncoding::Utf8, DataFormat::Csv),
        ("utf16.csv", utf16, TextEncoding::Utf8, DataFormat::Csv),
        ("cp1252.csv", cp1252, TextEncoding::Windows1252, DataFormat::Csv),
        ("bom.jsonl", [BOM, jsonl.as_bytes()].concat(), TextEncoding::Utf8, DataFormat::Jsonl),
    ];
    for (name, bytes, encoding, format) in cases {
        let dir = DataDir::new().with(name, &bytes);
        let mut d = dataset(format, name, ids());
        d.csv.encoding = encoding;
        d.reject_up_to = Decimal::ONE_HUNDRED;
        d.skip_rows = if name == "skip.csv" { 3 } else { 0 };
        let (report, _) = dir.load(&d).unwrap();
        assert!(report.rows_read >= 200, "{name}: {report:?}");
        assert_eq!(report.files[0].sha256, crate::report::sha256_hex(&bytes), "{name}");
    }
}

#[test]
fn progress_counts_bytes_across_files() {
    let dir = DataDir::new().with("a.csv", "id\n1\n2\n").with("b.csv", "id\n3\n");
    let (_, rows) = dir.load(&dataset(DataFormat::Csv, "*.csv", ids())).unwrap();
    assert_eq!(rows.progress.last(), Some(&(7 + 5)));
    assert!(rows.progress.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn a_table_is_never_read_even_where_a_file_has_its_name() {
    let dir = DataDir::new().with("itsm.tickets", "id\n1\n");
    let err = dir.load(&dataset(DataFormat::Table, "itsm.tickets", ids())).err().unwrap();
    assert!(matches!(&err, LoadError::InTable { table, .. } if table == "itsm.tickets"), "{err}");
    assert_eq!(
        err.to_string(),
        "dataset `tickets` lives in the SQL table `itsm.tickets`, which only `xla sql` reads, on its engine"
    );
}
