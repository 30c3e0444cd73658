//! `reject up to`.

use super::*;

fn four_rows_one_bad() -> DataDir {
    DataDir::new().with("t.csv", "n\n1\n2\nthree\n4\n")
}

fn numbers() -> Dataset {
    dataset(DataFormat::Csv, "t.csv", vec![column("n", ColumnKind::Number, false)])
}

#[test]
fn no_rejections_allowed_by_default() {
    let err = four_rows_one_bad().load(&numbers()).err().unwrap();
    match &err {
        LoadError::TooManyRejected { rejected, read, rejections, .. } => {
            assert_eq!((*rejected, *read), (1, 4));
            assert_eq!(rejections[0].line(), Some(4));
        }
        other => panic!("{other}"),
    }
    assert_eq!(
        err.to_string(),
        "dataset `tickets`: 1 of 4 rows rejected (25%), more than the 0% allowed by `reject up to`\n  \
         t.csv:4: column `n`: \"three\" is not a number"
    );
}

#[test]
fn within_the_limit_loads_the_good_rows() {
    let mut d = numbers();
    d.reject_up_to = Decimal::from(25);
    let (report, rows) = four_rows_one_bad().load(&d).unwrap();
    assert_eq!(rows.rows.len(), 3);
    assert_eq!((report.rejected_total, report.files[0].rows_rejected), (1, 1));

    d.reject_up_to = Decimal::new(249, 1);
    assert!(matches!(four_rows_one_bad().load(&d), Err(LoadError::TooManyRejected { .. })));
}

#[test]
fn only_the_first_thousand_rejections_are_kept() {
    let csv = format!("n\n{}", "x\n".repeat(1500));
    let dir = DataDir::new().with("t.csv", csv);
    let mut d = numbers();
    d.reject_up_to = Decimal::ONE_HUNDRED;
    let (report, _) = dir.load(&d).unwrap();
    assert_eq!((report.rejections.len(), report.rejected_total), (1000, 1500));
}
