//! The conformance corpus: every case under `tests/conformance/NAME/` is a
//! small contract (`contract.xla`), a few rows of data (`data/`) and the
//! settlement figures worked out by hand from LANGUAGE.md (`expected.toml`).
//!
//! The runner checks, evaluates and settles each case and compares every
//! figure the case lists. It reports every mismatch of every case (case,
//! month, field, expected, actual) before failing. Cases named in
//! `tests/conformance/KNOWN_FAILURES` are reported but do not fail the run;
//! a known failure that passes does fail it, so that the entry is removed.
//!
//! `cargo test --test conformance -- --nocapture` prints the report even when
//! the run passes (known failures included); `XLA_CONFORMANCE_CASE=NAME`
//! runs only the cases whose name contains NAME.
//!
//! `expected.toml` layout (every key is optional unless said):
//!
//! ```toml
//! through = "2026-03"        # month to settle through (default: last month listed)
//! rejected_rows = 2          # rows rejected in all datasets
//! eval_error = "rejected"    # evaluation must fail, with this in its message
//!
//! ["2026-01"]                # a month
//! watermelon = false
//! chronic_failure = ["p1"]   # clauses flagged, in any order
//! escalations = []           # or [["2026-01".escalations]] tables: the full list
//! earnbacks = []             # likewise
//! gains = []                 # likewise
//!
//! ["2026-01".clauses.p1]     # a clause by id
//! status = "met"             # Status::as_str
//! value = "95"               # canonical decimal, "none" when missing
//! volume = 20                # the metric's volume
//! target = ">= 95"           # the target in force, "none" when there is none
//! credit_before_cap = "0.00" # money: exactly the currency's minor digits
//! credit = "0.00"
//! bonus_before_cap = "0.00"
//! bonus = "0.00"
//! chronic_failure = false
//! points = "6"               # service points after multipliers, "none" without a points regime
//!
//! ["2026-01".metrics]        # metric values by name (canonical, "none")
//! ["2026-01".volumes]        # metric volumes by name
//!
//! ["2026-01".totals]         # monthly_fee, credits, earnbacks, bonuses_and_gains, net, points
//!
//! [["2026-01".escalations]]  # clause, level, due, condition, role
//! [["2026-01".earnbacks]]    # clause, charged_in, amount
//! [["2026-01".gains]]        # id, value, amount_before_cap, amount ("none": no line)
//! [["2026-01".inputs]]       # dataset, file, rows_read, rows_used, rows_rejected,
//!                            # rows_without_period: every file, as in the JSON
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use toml::{Table, Value as Toml};
use xla::check::{check_file, RealFs};
use xla::eval::{evaluate, Evaluation, MetricValue, Period};
use xla::ir::Threshold;
use xla::settle::{settle, MonthSettlement};
use xla::value::{canonical, Decimal, Value};

/// The corpus directory.
fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("conformance")
}

/// Case name → reason, from `KNOWN_FAILURES` (`name reason…` per line, `#` comments).
fn known_failures(dir: &Path) -> BTreeMap<String, String> {
    let Ok(text) = std::fs::read_to_string(dir.join("KNOWN_FAILURES")) else {
        return BTreeMap::new();
    };
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| match line.split_once(char::is_whitespace) {
            Some((name, reason)) => (name.to_string(), reason.trim().to_string()),
            None => (line.to_string(), String::new()),
        })
        .collect()
}

#[test]
fn conformance() {
    let dir = corpus();
    let known = known_failures(&dir);
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/conformance exists")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no conformance cases under {}", dir.display());
    let only = std::env::var("XLA_CONFORMANCE_CASE").ok();
    if let Some(only) = &only {
        cases.retain(|case| case.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.contains(only.as_str())));
    }

    let mut report = String::new();
    let mut passing = 0;
    let mut failing = Vec::new();
    let mut known_failing = Vec::new();
    let mut unexpectedly_passing = Vec::new();
    for case in &cases {
        let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_string();
        let mismatches = run_case(case);
        let is_known = known.contains_key(&name);
        if mismatches.is_empty() {
            passing += 1;
            if is_known {
                unexpectedly_passing.push(name);
            }
            continue;
        }
        let _ = writeln!(
            report,
            "\n{name}: {} mismatch(es){}",
            mismatches.len(),
            if is_known { format!(" [known failure: {}]", known[&name]) } else { String::new() }
        );
        for m in &mismatches {
            let _ = writeln!(report, "  {name}: {m}");
        }
        if is_known {
            known_failing.push(name);
        } else {
            failing.push(name);
        }
    }
    for name in known.keys().filter(|_| only.is_none()) {
        if !cases.iter().any(|c| c.file_name().and_then(|n| n.to_str()) == Some(name.as_str())) {
            let _ = writeln!(report, "\nKNOWN_FAILURES names `{name}`, which is not a case");
            failing.push(name.clone());
        }
    }
    for name in &unexpectedly_passing {
        let _ = writeln!(report, "\n{name}: passes but is listed in KNOWN_FAILURES; remove the entry");
    }
    let _ = writeln!(
        report,
        "\nconformance: {} case(s), {} passing, {} failing, {} known failure(s), {} known failure(s) now passing",
        cases.len(),
        passing,
        failing.len(),
        known_failing.len(),
        unexpectedly_passing.len()
    );
    eprintln!("{report}");
    assert!(
        failing.is_empty() && unexpectedly_passing.is_empty(),
        "conformance: failing {failing:?}; in KNOWN_FAILURES but passing {unexpectedly_passing:?} (report above)"
    );
}

/// Runs one case; returns its mismatches, each naming the month and field.
fn run_case(case: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let expected_path = case.join("expected.toml");
    let expected: Table = match std::fs::read_to_string(&expected_path)
        .map_err(|e| e.to_string())
        .and_then(|text| text.parse::<Table>().map_err(|e| e.to_string()))
    {
        Ok(table) => table,
        Err(e) => return vec![format!("expected.toml: {e}")],
    };

    let checked = match check_file(&case.join("contract.xla"), &RealFs) {
        Ok(checked) => checked,
        Err(e) => return vec![format!("contract.xla: {e}")],
    };
    let Some(program) = checked.program.as_ref() else {
        let errors: Vec<String> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{:?}: {}", d.code, d.message))
            .collect();
        return vec![format!("contract.xla does not check: {}", errors.join("; "))];
    };

    let mut months: BTreeMap<Period, &Table> = BTreeMap::new();
    let mut through = None;
    let mut rejected_rows = None;
    let mut eval_error: Option<String> = None;
    for (key, value) in &expected {
        match (key.as_str(), value) {
            ("through", Toml::String(s)) => match s.parse::<Period>() {
                Ok(p) => through = Some(p),
                Err(e) => out.push(format!("expected.toml: through: {e}")),
            },
            ("rejected_rows", Toml::Integer(n)) => rejected_rows = Some(*n),
            ("eval_error", Toml::String(s)) => eval_error = Some(s.clone()),
            (key, Toml::Table(table)) => match key.parse::<Period>() {
                Ok(p) => {
                    months.insert(p, table);
                }
                Err(_) => out.push(format!("expected.toml: unknown table `{key}`")),
            },
            (key, _) => out.push(format!("expected.toml: unknown key `{key}`")),
        }
    }
    let Some(through) = through.or_else(|| months.keys().next_back().copied()) else {
        out.push("expected.toml: no month and no `through`".to_string());
        return out;
    };

    let evaluation = evaluate(program, &case.join("data"), through, &mut |_: &str, _: u64| {});
    let evaluation = match (evaluation, eval_error) {
        (Ok(_), Some(want)) => {
            out.push(format!("evaluation: expected an error mentioning `{want}`, but it succeeded"));
            return out;
        }
        (Err(e), Some(want)) => {
            if !e.to_string().contains(&want) {
                out.push(format!("evaluation: expected an error mentioning `{want}`, got: {e}"));
            }
            return out;
        }
        (Err(e), None) => {
            out.push(format!("evaluation failed: {e}"));
            return out;
        }
        (Ok(evaluation), None) => evaluation,
    };
    if let Some(n) = rejected_rows {
        if i64::try_from(evaluation.rejected_total).ok() != Some(n) {
            out.push(format!("rejected_rows: expected {n}, got {}", evaluation.rejected_total));
        }
    }

    let settlement = match settle(&evaluation) {
        Ok(settlement) => settlement,
        Err(e) => {
            out.push(format!("settlement failed: {e}"));
            return out;
        }
    };
    for (period, table) in &months {
        match settlement.months.iter().position(|m| m.period == *period) {
            Some(m) => compare_month(&evaluation, m, &settlement.months[m], table, &mut out),
            None => out.push(format!("{period}: not in the settlement")),
        }
    }
    out
}

/// Compares one month against its expected table.
fn compare_month(evaluation: &Evaluation, m: usize, month: &MonthSettlement, expected: &Table, out: &mut Vec<String>) {
    let program = evaluation.program;
    let period = month.period;
    let minor = program.contract.currency.minor_units();
    let money = |d: Decimal| fmt_money(d, minor);
    let check = |out: &mut Vec<String>, field: String, want: &Toml, got: String| {
        let want_text = toml_text(want);
        if want_text != got {
            out.push(format!("{period} {field}: expected {want_text}, got {got}"));
        }
    };
    let mut unknown = Vec::new();

    for (key, want) in expected {
        match key.as_str() {
            "watermelon" => check(out, "watermelon".into(), want, month.watermelon.to_string()),
            "chronic_failure" => {
                let mut got: Vec<String> = month.chronic_failure.clone();
                got.sort();
                let mut wanted: Vec<String> = want
                    .as_array()
                    .map(|a| a.iter().map(|v| v.as_str().unwrap_or("?").to_string()).collect())
                    .unwrap_or_default();
                wanted.sort();
                check(out, "chronic_failure".into(), &Toml::String(format!("{wanted:?}")), format!("{got:?}"));
            }
            "clauses" => {
                let Some(clauses) = want.as_table() else {
                    unknown.push(key.clone());
                    continue;
                };
                for (id, fields) in clauses {
                    let Some(index) = program.clauses.iter().position(|c| &c.id == id) else {
                        out.push(format!("{period} clauses.{id}: no such clause"));
                        continue;
                    };
                    let Some(cm) = month.clauses.iter().find(|cm| cm.clause == index) else {
                        out.push(format!("{period} clauses.{id}: not in the month"));
                        continue;
                    };
                    for (field, want) in fields.as_table().into_iter().flatten() {
                        let got = match field.as_str() {
                            "status" => cm.status.as_str().to_string(),
                            "value" => fmt_value(&cm.value.value),
                            "volume" => fmt_volume(&cm.value),
                            "target" => fmt_target(cm.target),
                            "credit_before_cap" => money(cm.credit_before_cap),
                            "credit" => money(cm.credit),
                            "bonus_before_cap" => money(cm.bonus_before_cap),
                            "bonus" => money(cm.bonus),
                            "chronic_failure" => cm.chronic_failure.to_string(),
                            "points" => cm.points.map_or_else(|| "none".to_string(), canonical),
                            _ => {
                                unknown.push(format!("clauses.{id}.{field}"));
                                continue;
                            }
                        };
                        check(out, format!("clauses.{id}.{field}"), want, got);
                    }
                }
            }
            "metrics" | "volumes" => {
                for (name, want) in want.as_table().into_iter().flatten() {
                    let Some(index) = program.metrics.iter().position(|m| &m.name == name) else {
                        out.push(format!("{period} {key}.{name}: no such metric"));
                        continue;
                    };
                    let Some(mv) = month.metrics.get(index) else {
                        out.push(format!("{period} {key}.{name}: not in the month"));
                        continue;
                    };
                    let got = if key == "metrics" { fmt_value(&mv.value) } else { fmt_volume(mv) };
                    check(out, format!("{key}.{name}"), want, got);
                }
            }
            "totals" => {
                let t = &month.totals;
                for (field, want) in want.as_table().into_iter().flatten() {
                    let got = match field.as_str() {
                        "monthly_fee" => money(t.monthly_fee),
                        "credits" => money(t.credits),
                        "earnbacks" => money(t.earnbacks),
                        "bonuses_and_gains" => money(t.bonuses_and_gains),
                        "points" => canonical(t.points),
                        "net" => money(t.net),
                        _ => {
                            unknown.push(format!("totals.{field}"));
                            continue;
                        }
                    };
                    check(out, format!("totals.{field}"), want, got);
                }
            }
            "escalations" => {
                let actual: Vec<BTreeMap<&str, String>> = month
                    .escalations
                    .iter()
                    .map(|e| {
                        BTreeMap::from([
                            ("clause", e.clause.clone()),
                            ("level", e.level.to_string()),
                            ("role", e.role.clone()),
                            ("due", e.due.to_string()),
                            ("condition", e.condition.clone()),
                        ])
                    })
                    .collect();
                compare_lines(
                    period,
                    "escalations",
                    want,
                    &["clause", "level", "role", "due", "condition"],
                    actual,
                    out,
                );
            }
            "earnbacks" => {
                let actual = month
                    .earnbacks
                    .iter()
                    .map(|e| {
                        BTreeMap::from([
                            ("clause", e.clause.clone()),
                            ("charged_in", e.charged_in.to_string()),
                            ("amount", money(e.amount)),
                        ])
                    })
                    .collect();
                compare_lines(period, "earnbacks", want, &["clause", "charged_in", "amount"], actual, out);
            }
            "gains" => {
                let actual = month
                    .gains
                    .iter()
                    .map(|g| {
                        BTreeMap::from([
                            ("id", g.id.clone()),
                            ("value", fmt_value(&g.value)),
                            ("amount_before_cap", g.amount_before_cap.map_or_else(|| "none".into(), money)),
                            ("amount", g.amount.map_or_else(|| "none".into(), money)),
                        ])
                    })
                    .collect();
                compare_lines(period, "gains", want, &["id", "value", "amount_before_cap", "amount"], actual, out);
            }
            "inputs" => {
                let actual = evaluation
                    .inputs
                    .iter()
                    .flat_map(|d| {
                        d.files.iter().map(|f| {
                            BTreeMap::from([
                                ("dataset", d.dataset.clone()),
                                ("file", f.path.clone()),
                                ("rows_read", f.rows_read.to_string()),
                                ("rows_used", f.rows_used.get(m).copied().unwrap_or(0).to_string()),
                                ("rows_rejected", f.rows_rejected.to_string()),
                                ("rows_without_period", f.rows_without_period.to_string()),
                            ])
                        })
                    })
                    .collect();
                let fields = ["dataset", "file", "rows_read", "rows_used", "rows_rejected", "rows_without_period"];
                compare_lines(period, "inputs", want, &fields, actual, out);
            }
            _ => unknown.push(key.clone()),
        }
    }
    for key in unknown {
        out.push(format!("{period}: unknown field `{key}` in expected.toml"));
    }
}

/// Compares a month's list of lines with the expected list: each expected
/// line must match one actual line on every field it gives, and no actual
/// line may be left over.
fn compare_lines(
    period: Period,
    what: &str,
    want: &Toml,
    known: &[&str],
    mut actual: Vec<BTreeMap<&str, String>>,
    out: &mut Vec<String>,
) {
    let Some(wanted) = want.as_array() else {
        out.push(format!("{period} {what}: expected an array in expected.toml"));
        return;
    };
    for line in wanted {
        let Some(fields) = line.as_table() else {
            out.push(format!("{period} {what}: expected tables in expected.toml"));
            continue;
        };
        let text = toml_text;
        let unknown: Vec<&String> = fields.keys().filter(|k| !known.contains(&k.as_str())).collect();
        if !unknown.is_empty() {
            out.push(format!("{period} {what}: unknown field(s) {unknown:?} in expected.toml"));
        }
        let found = actual.iter().position(|a| fields.iter().all(|(k, v)| a.get(k.as_str()) == Some(&text(v))));
        match found {
            Some(i) => {
                actual.remove(i);
            }
            None => {
                let wanted: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={}", text(v))).collect();
                out.push(format!("{period} {what}: expected line [{}] not found", wanted.join(", ")));
            }
        }
    }
    for line in actual {
        let got: Vec<String> = line.iter().map(|(k, v)| format!("{k}={v}")).collect();
        out.push(format!("{period} {what}: unexpected line [{}]", got.join(", ")));
    }
}

/// An expected scalar as text: strings as they are, others as TOML writes them.
fn toml_text(value: &Toml) -> String {
    match value {
        Toml::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Money with exactly `minor` digits; more digits are shown as they are (a
/// line that was not rounded is a mismatch, not hidden).
fn fmt_money(amount: Decimal, minor: u32) -> String {
    let normal = amount.normalize();
    if normal.scale() > minor {
        return normal.to_string();
    }
    let mut fixed = normal;
    fixed.rescale(minor);
    fixed.to_string()
}

/// A metric value as the corpus writes it: canonical decimals, `none`.
fn fmt_value(value: &Value) -> String {
    match value {
        Value::None => "none".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(d) | Value::Percent(d) | Value::Duration(d) => canonical(*d),
        Value::Money(m) => canonical(m.amount),
        other => format!("{other:?}"),
    }
}

/// A volume, `none` when the metric has none.
fn fmt_volume(value: &MetricValue) -> String {
    value.volume.map_or_else(|| "none".to_string(), |v| v.to_string())
}

/// A target as `OP VALUE`, `none` when there is none.
fn fmt_target(target: Option<Threshold>) -> String {
    target.map_or_else(|| "none".to_string(), |t| format!("{} {}", t.op.as_str(), canonical(t.value)))
}
