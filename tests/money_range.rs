//! LANGUAGE.md §8.2 v2: no arithmetic saturates or wraps. A figure that
//! leaves the exact decimal range (28 significant digits) stops `xla settle`
//! with an error naming the clause, metric or gain and the month, exit code
//! 1, and nothing written (issue 9, item 14).

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// Writes `contract.xla` (the contract item first, then `items`) and
/// `data/surveys.csv` into a new directory, and runs `xla settle` there for
/// January 2026.
fn settle(contract_fields: &str, items: &str) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    let contract = format!(
        r#"contract "Range" {{
  client   "Client"
  provider "Provider"
  start    2026-01-01
  end      2026-12-31
  timezone "UTC"
  currency EUR
{contract_fields}
}}

dataset surveys from csv "surveys.csv" {{
  score    number    = "score"
  answered timestamp = "answered_at"
  period by answered
}}

metric happiness = mean(score of surveys)
{items}
"#
    );
    fs::write(dir.path().join("contract.xla"), contract).unwrap();
    fs::create_dir_all(dir.path().join("data")).unwrap();
    fs::write(
        dir.path().join("data/surveys.csv"),
        "score,answered_at\n10,2026-01-05T10:00:00Z\n20,2026-01-06T10:00:00Z\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xla"))
        .args(["settle", "contract.xla", "--data", "data", "--period", "2026-01", "--out", "out"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (dir, out)
}

/// The run failed with exit code 1, said `wanted`, and wrote nothing.
fn assert_refused(dir: &Path, out: &Output, wanted: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(wanted), "expected `{wanted}` in:\n{stderr}");
    assert!(stderr.contains("leaves the exact decimal range"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    let written = fs::read_dir(dir.join("out")).map(|d| d.count()).unwrap_or(0);
    assert_eq!(written, 0, "nothing may be written");
}

/// Two clauses failing together in January, each with `allocation` of the
/// amount at risk.
const TWO_FAILING_CLAUSES: &str = r#"
xla a "A" {
  metric     happiness
  target     >= 50
  allocation 60%
}

xla b "B" {
  metric     happiness
  target     >= 50
  allocation 60%
}
"#;

#[test]
fn a_fee_of_1e26_at_risk_100_percent_is_refused_not_split_into_nonsense() {
    // at_risk 100% of 1e26 = 1e26; the lines are 6e25 each, 1.2e26 in all,
    // over the cap: scaling a line by cap / total needs 6e25 × 1e26, which
    // no 28-digit decimal holds. Before, the product saturated and the cap
    // was split into nonsense lines.
    let (dir, out) =
        settle("  monthly_fee 100000000000000000000000000 EUR\n  at_risk 100%\n  pool 200%", TWO_FAILING_CLAUSES);
    assert_refused(dir.path(), &out, "clause `a` (metric `happiness`) in 2026-01");
}

#[test]
fn a_fee_at_the_top_of_the_decimal_range_is_refused() {
    // 79228162514264337593543950335 × 10% needs the product fee × 10, out of
    // range. Before, it saturated and divided by 100: credits of 1% of the
    // fee instead of 10%.
    let (dir, out) =
        settle("  monthly_fee 79228162514264337593543950335 EUR\n  at_risk 10%\n  pool 200%", TWO_FAILING_CLAUSES);
    assert_refused(dir.path(), &out, "the contract's `at_risk` cap in 2026-01");
}

#[test]
fn an_overflowing_gain_is_refused_not_dropped() {
    // 2 surveys × 79228162514264337593543950335 EUR leaves the range. Before,
    // the value was none and the gain silently had no line.
    let (dir, out) = settle(
        "  monthly_fee 100000.00 EUR\n  at_risk 10%\n  gain_cap 5%",
        r#"
gain g "Per survey" {
  value count(surveys) * 79228162514264337593543950335 EUR
  share 10%
}
"#,
    );
    assert_refused(dir.path(), &out, "gain `g` in 2026-01");
}

#[test]
fn a_sum_that_leaves_the_range_names_the_metric() {
    // sum(score × 1e28) of two rows: each row's product is out of range.
    let (dir, out) = settle(
        "  monthly_fee 100000.00 EUR\n  at_risk 10%",
        r#"
metric huge = sum(score * 10000000000000000000000000000 of surveys)

xla h "Huge" {
  metric     huge
  target     >= 1
  allocation 10%
}
"#,
    );
    assert_refused(dir.path(), &out, "clause `h` (metric `huge`) in 2026-01");
}

#[test]
fn figures_within_the_range_settle() {
    // The same two clauses with an ordinary fee: 10% × 100000.00 × 60% =
    // 6000.00 each, 12000.00 over the 10000.00 cap → 5000.00 each.
    let (dir, out) = settle("  monthly_fee 100000.00 EUR\n  at_risk 10%\n  pool 200%", TWO_FAILING_CLAUSES);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("out/settlement-2026-01.json")).unwrap()).unwrap();
    assert_eq!(json["totals"]["credits"], "10000.00");
    assert_eq!(json["clauses"][0]["credit"], "5000.00");
}
