//! The four contract models of `examples/` (`fixed-threshold`,
//! `dex-composite`, `continuous-improvement`, `measurement-obligation`),
//! each settled over its designed year by running the settle command its
//! README gives, exactly as written (with `--out` into a temporary
//! directory), and checked against the README's design table figure by
//! figure: every clause's value, target, status, credit and bonus, every
//! escalation, earnback and gain line, the watermelon flag and the net.
//!
//! The tables below restate the READMEs' design tables, which were worked
//! out by hand from LANGUAGE.md before the data was generated (each
//! example's `generate.py` builds its data to the table's counts). A failure
//! means the data, the design or the evaluator is wrong, not that the
//! expectations need refreshing.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

/// One month of a design table.
struct Month {
    period: &'static str,
    /// One line per clause, in file order: `id value target status credit
    /// bonus` (`-` for a value or target that is none).
    clauses: &'static [&'static str],
    /// `clause level due condition`.
    escalations: &'static [&'static str],
    /// `clause charged_in amount`.
    earnbacks: &'static [&'static str],
    /// `gain amount` (`-` when the gain has no line yet).
    gains: &'static [&'static str],
    watermelon: bool,
    chronic_failure: &'static [&'static str],
    net: &'static str,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The settle command of `examples/NAME/README.md`: the one line of its
/// `sh` code blocks that runs `settle`, split into `&&`-separated steps.
fn readme_command(example: &str) -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(root().join("examples").join(example).join("README.md"))
        .expect("the example has a README");
    let mut in_sh = false;
    let mut lines = Vec::new();
    for line in readme.lines() {
        if line.starts_with("```") {
            in_sh = line == "```sh";
        } else if in_sh && line.contains(" settle ") {
            lines.push(line);
        }
    }
    assert_eq!(lines.len(), 1, "examples/{example}/README.md gives exactly one settle command: {lines:?}");
    lines[0].split("&&").map(|step| step.split_whitespace().map(str::to_string).collect()).collect()
}

/// Runs the README's command from the repository root (as a reader would)
/// and reads back the settlement JSON of every month.
fn settle_from_readme(example: &str) -> BTreeMap<String, Value> {
    let out = tempfile::tempdir().expect("a temporary directory");
    for step in readme_command(example) {
        let (program, args): (PathBuf, Vec<String>) = match step.first().map(String::as_str) {
            Some("python3") => (PathBuf::from("python3"), step[1..].to_vec()),
            Some("cargo") => {
                let rest = step.iter().position(|a| a == "--").expect("`cargo run --release -- settle …`");
                let mut args = step[rest + 1..].to_vec();
                args.extend(["--out".to_string(), out.path().display().to_string()]);
                (PathBuf::from(env!("CARGO_BIN_EXE_xla")), args)
            }
            other => panic!("examples/{example}/README.md: unexpected command {other:?}"),
        };
        let result = Command::new(&program).args(&args).current_dir(root()).output().expect("the command runs");
        assert!(
            result.status.success(),
            "{} {args:?} failed:\n{}{}",
            program.display(),
            String::from_utf8_lossy(&result.stdout),
            String::from_utf8_lossy(&result.stderr)
        );
    }
    let mut months = BTreeMap::new();
    for entry in std::fs::read_dir(out.path()).expect("the settlements") {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        if let Some(period) = name.strip_prefix("settlement-").and_then(|n| n.strip_suffix(".json")) {
            let json: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).expect("readable")).expect("settlement JSON");
            months.insert(period.to_string(), json);
        }
    }
    months
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => "-".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Compares a settled year with its design table; returns every difference.
fn differences(settled: &BTreeMap<String, Value>, table: &[Month]) -> Vec<String> {
    let mut wrong = Vec::new();
    let periods: Vec<&str> = table.iter().map(|m| m.period).collect();
    let got_periods: Vec<&str> = settled.keys().map(String::as_str).collect();
    if periods != got_periods {
        wrong.push(format!("settled months {got_periods:?}, designed {periods:?}"));
    }
    for month in table {
        let Some(json) = settled.get(month.period) else { continue };
        let p = month.period;
        let clauses: Vec<String> = json["clauses"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| {
                format!(
                    "{} {} {} {} {} {}",
                    text(&c["id"]),
                    text(&c["value"]),
                    text(&c["target"]["value"]),
                    text(&c["status"]),
                    text(&c["credit"]),
                    text(&c["bonus"])
                )
            })
            .collect();
        let designed: Vec<String> =
            month.clauses.iter().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
        compare(&mut wrong, p, "clauses", &clauses, &designed);
        let list = |key: &str, fields: &[&str]| -> Vec<String> {
            json[key]
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| fields.iter().map(|f| text(&e[*f])).collect::<Vec<_>>().join(" "))
                .collect()
        };
        let normal = |lines: &[&str]| -> Vec<String> {
            lines.iter().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect()
        };
        compare(
            &mut wrong,
            p,
            "escalations",
            &list("escalations", &["clause", "level", "due", "condition"]),
            &normal(month.escalations),
        );
        compare(
            &mut wrong,
            p,
            "earnbacks",
            &list("earnbacks", &["clause", "charged_in", "amount"]),
            &normal(month.earnbacks),
        );
        compare(&mut wrong, p, "gains", &list("gains", &["id", "amount"]), &normal(month.gains));
        if json["flags"]["watermelon"] != Value::Bool(month.watermelon) {
            wrong.push(format!("{p} watermelon: got {}, designed {}", json["flags"]["watermelon"], month.watermelon));
        }
        let chronic: Vec<String> =
            json["flags"]["chronic_failure"].as_array().into_iter().flatten().map(text).collect();
        compare(&mut wrong, p, "chronic failure", &chronic, &normal(month.chronic_failure));
        if text(&json["totals"]["net"]) != month.net {
            wrong.push(format!("{p} net: got {}, designed {}", json["totals"]["net"], month.net));
        }
    }
    wrong
}

fn compare(wrong: &mut Vec<String>, period: &str, what: &str, got: &[String], designed: &[String]) {
    if got != designed {
        wrong.push(format!("{period} {what}:\n    got      {got:?}\n    designed {designed:?}"));
    }
}

fn assert_year(example: &str, table: &[Month]) -> BTreeMap<String, Value> {
    let settled = settle_from_readme(example);
    let wrong = differences(&settled, table);
    assert!(wrong.is_empty(), "examples/{example} differs from its design table:\n{}", wrong.join("\n"));
    settled
}

/// Rows read and rejected per dataset, over all its files (as the last
/// month's settlement reports them).
fn rows(settled: &BTreeMap<String, Value>, dataset: &str) -> (u64, u64) {
    let last = settled.values().last().expect("a settled month");
    let input = last["inputs"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|i| i["dataset"] == dataset)
        .unwrap_or_else(|| panic!("dataset {dataset}"));
    let sum = |key: &str| input["files"].as_array().into_iter().flatten().map(|f| f[key].as_u64().unwrap_or(0)).sum();
    (sum("rows_read"), sum("rows_rejected"))
}

/// A metric's value in a settled month, as the JSON writes it.
fn metric(settled: &BTreeMap<String, Value>, period: &str, name: &str) -> String {
    let month = settled.get(period).unwrap_or_else(|| panic!("{period} was settled"));
    let found = month["metrics"].as_array().into_iter().flatten().find(|m| m["name"] == name);
    text(&found.unwrap_or_else(|| panic!("metric {name}"))["value"])
}

mod continuous_improvement;
mod dex_composite;
mod fixed_threshold;
mod measurement_obligation;

/// Every file under `dir`, by path relative to it, with its bytes.
fn files(dir: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let pattern = format!("{}/**/*", dir.display());
    glob::glob(&pattern)
        .expect("a valid pattern")
        .map(|p| p.expect("a readable path"))
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.strip_prefix(dir).expect("under dir").display().to_string();
            (name, std::fs::read(&p).expect("readable"))
        })
        .collect()
}

/// The committed data of the three small examples is exactly what their
/// generators write: rerunning `generate.py` leaves `git status` clean.
#[test]
fn committed_data_is_what_the_generators_write() {
    for example in ["fixed-threshold", "continuous-improvement", "measurement-obligation"] {
        let dir = root().join("examples").join(example);
        let out = tempfile::tempdir().expect("a temporary directory");
        let status = Command::new("python3")
            .arg(dir.join("generate.py"))
            .arg("--out")
            .arg(out.path())
            .status()
            .expect("python3 runs");
        assert!(status.success(), "examples/{example}/generate.py failed");
        let (committed, generated) = (files(&dir.join("data")), files(out.path()));
        assert_eq!(
            committed.keys().collect::<Vec<_>>(),
            generated.keys().collect::<Vec<_>>(),
            "examples/{example}: the same files"
        );
        for (name, bytes) in &committed {
            assert!(generated[name] == *bytes, "examples/{example}/data/{name} differs from what generate.py writes");
        }
    }
}
