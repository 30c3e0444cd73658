//! SQL push-down against real engines (issue 15): every example and every
//! conformance case is settled locally and through DuckDB, PostgreSQL and
//! Spark, and the settlements must agree to the byte but for what says where
//! the rows came from.
//!
//! For each case the rows each dataset's files hold are read with the local
//! loader (every valid row, before `unique by`) and written as a table of
//! text in canonical form (decimals as written by xla, instants in UTC with
//! `Z`, durations in seconds); the contract's datasets become `from table`
//! datasets over those tables. `xla sql` compiles that program for each
//! dialect, the engine runs the script over the tables, and the states it
//! returns are settled with `--states`. The settlement JSON must equal the
//! local one in every field but the inputs' paths, digests, engines and
//! rejected-row counts (rows the loader rejected never reach the table), and
//! the rows used and without a period must agree too.
//!
//! The engines come from `tests/engines/install.sh` (a venv with DuckDB and
//! pyspark, Debian's PostgreSQL server, a Java runtime); a part that cannot
//! be installed fails the test with the reason. DuckDB and PostgreSQL run
//! every case. Spark costs some seconds of planning per script whatever the
//! rows, so in CI it runs the cases of `SPARK_CI` (one of each kind of
//! row-level work, read from their files where Spark can); `XLA_SQL_SPARK=all`
//! runs it on every example and the cases of `SPARK_ALL` too (about ten
//! minutes on two cores).
//!
//! Besides the examples and the corpus, `RANDOM_CASES` contracts and data
//! come from `random_contracts` (seeds 1, 2, …): random zones, periods,
//! collapsing, metrics, targets and broken rows, through DuckDB (tables and
//! files) and PostgreSQL.
//!
//! Cases that `xla sql` refuses by design (a `/` on a row, `unique by`
//! without `latest by`) are listed in `REFUSED`: they must be refused, with
//! those codes, and nothing else may be.
//!
//! To look into one case: `XLA_SQL_CASE=dex cargo test --test sql_engines`
//! runs only the cases whose name contains `dex`, and
//! `XLA_SQL_KEEP=1` keeps the scripts, tables and results (their
//! directory is printed).

mod engines_support;
mod random_contracts;

use engines_support::{run_batch, Job};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use xla::check::{check_file, RealFs};
use xla::data::{load_dataset, RowSink};
use xla::diagnostic::Code;
use xla::eval::{evaluate_with_states, evaluate_with_threads, Evaluation, Period};
use xla::ir::{ColumnKind, CsvOptions, DataFormat, DurationUnit, Program};
use xla::report::{settlement_json, ContractFiles, Inputs};
use xla::sql::states::{fingerprint, EngineStates, StatesFile};
use xla::sql::{compile, Dialect, SqlOptions};
use xla::value::Value;

/// The cases Spark runs in CI (about 90 s on two cores): local times in a
/// zone with DST, business hours, intervals, collapsing by `latest by`,
/// every aggregate; each read from its files where `xla sql` lets Spark.
/// (`conformance/dst_london` alone took 37 s: it runs with `all`.)
const SPARK_CI: &[&str] = &[
    "examples/uk-service-points",
    "examples/fixed-threshold",
    "conformance/aggregates",
    "conformance/interval_business_hours",
];

/// The conformance cases Spark runs, besides every example, with
/// `XLA_SQL_SPARK=all`.
const SPARK_ALL: &[&str] = &[
    "aggregates",
    "business_time",
    "dst_london",
    "interval_business_hours",
    "local_timestamps_without_offset",
    "rolling_interval_overlap",
    "rolling_median",
];

/// The cases `xla sql` refuses (XLA0501, XLA0502) and why.
const REFUSED: &[&str] = &[
    // `unique by id` without `latest by`: the last row read wins.
    "conformance/csv_options",
    // `cost / units` on a row.
    "conformance/division_by_zero_is_none",
    // A second dataset collapsed `unique by id` without `latest by`.
    "conformance/unique_by_latest",
];

/// One engine's jobs, each with its case and how the engine reads it.
type Batch = (Vec<(usize, Read)>, Vec<Job>);

/// How many random contracts run (`random_contracts`).
const RANDOM_CASES: u64 = 12;

/// How an engine gets a case's rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Read {
    /// From tables of the rows the local loader read.
    Tables,
    /// From the case's own CSV files, with the engine's reader.
    Files,
}

/// One contract and its data, settled through `through`.
struct Case {
    name: String,
    contract: PathBuf,
    data: PathBuf,
    through: Period,
}

/// A case ready for the engines: the local settlements, the table program
/// and the tables' files, and the program that has the engine read the
/// case's own files.
struct Prepared {
    case: Case,
    files: ContractFiles,
    local: Vec<Json>,
    tables: Vec<(String, PathBuf)>,
    program: Program,
    file_read: Option<FileRead>,
}

/// The case's program with every CSV dataset `multiline` (which `xla sql`
/// requires of files an engine reads), settled locally, when every dataset
/// is CSV that `xla sql` lets DuckDB read.
struct FileRead {
    program: Program,
    local: Vec<Json>,
    rejected: u64,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every example with data, and every conformance case that settles.
fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let mut examples: Vec<PathBuf> = glob::glob(&format!("{}/examples/*/contract.xla", root().display()))
        .expect("glob")
        .filter_map(Result::ok)
        .collect();
    examples.sort();
    for contract in examples {
        let dir = contract.parent().expect("a directory").to_path_buf();
        if !dir.join("data").is_dir() {
            continue;
        }
        let checked = check_file(&contract, &RealFs).expect("readable");
        let program = checked.program.expect("examples check");
        let through = Period::of(program.contract.end);
        let name = format!("examples/{}", dir.file_name().unwrap_or_default().to_string_lossy());
        out.push(Case { name, contract, data: dir.join("data"), through });
    }
    let mut conformance: Vec<PathBuf> = std::fs::read_dir(root().join("tests/conformance"))
        .expect("the conformance corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("contract.xla").is_file())
        .collect();
    conformance.sort();
    for dir in conformance {
        let expected: toml::Table =
            std::fs::read_to_string(dir.join("expected.toml")).expect("expected.toml").parse().expect("toml");
        if expected.contains_key("eval_error") {
            continue;
        }
        let through = match expected.get("through").and_then(|t| t.as_str()) {
            Some(t) => t.parse().expect("a month"),
            None => expected.keys().filter_map(|k| k.parse::<Period>().ok()).max().expect("a month listed"),
        };
        let name = format!("conformance/{}", dir.file_name().unwrap_or_default().to_string_lossy());
        out.push(Case { name, contract: dir.join("contract.xla"), data: dir.join("data"), through });
    }
    out
}

/// Collects every valid row of a dataset, in file order.
struct Rows(Vec<Vec<Value>>);

impl RowSink for Rows {
    fn row(&mut self, _file: usize, row: &[Value]) {
        self.0.push(row.to_vec());
    }
}

/// A cell in the canonical text a table holds.
fn canonical(v: &Value) -> String {
    match v {
        Value::None => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(d) | Value::Percent(d) | Value::Duration(d) => xla::value::canonical(*d),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::Timestamp(t) => t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        Value::Text(t) => t.to_string(),
        Value::Money(_) | Value::Rate(_) => panic!("a dataset cell is never money"),
    }
}

/// The settlement JSON of every month of `eval`.
fn settlements(eval: &Evaluation, files: &ContractFiles) -> Vec<Json> {
    let settlement = xla::settle::settle(eval).expect("settles");
    (0..settlement.months.len())
        .map(|m| {
            let inputs = Inputs { eval, settlement: &settlement, contract: files };
            serde_json::from_slice(&settlement_json(inputs, m).expect("renders")).expect("JSON")
        })
        .collect()
}

/// Settles `case` locally and writes its tables; the program over them.
fn prepare(case: Case, tables_dir: &Path) -> Prepared {
    let checked = check_file(&case.contract, &RealFs).expect("readable");
    let files = ContractFiles::new(&checked.sources);
    let program = checked.program.clone().unwrap_or_else(|| panic!("{}: {:#?}", case.name, checked.diagnostics));
    let eval = evaluate_with_threads(&program, &case.data, case.through, &mut |_: &str, _: u64| {}, 1)
        .unwrap_or_else(|e| panic!("{}: local evaluation: {e}", case.name));
    let local = settlements(&eval, &files);
    let mut table_program = program.clone();
    let mut tables = Vec::new();
    let slug: String = case.name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    for dataset in &mut table_program.datasets {
        let mut all_rows = dataset.clone();
        all_rows.unique_by = None;
        all_rows.reject_up_to = xla::value::Decimal::ONE_HUNDRED;
        let mut rows = Rows(Vec::new());
        load_dataset(&all_rows, &case.data, &mut rows).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let path = tables_dir.join(format!("{slug}__{}.csv", dataset.name));
        let mut writer = csv::Writer::from_path(&path).expect("writable");
        writer.write_record(dataset.columns.iter().map(|c| c.name.as_str())).expect("header");
        for row in &rows.0 {
            writer.write_record(row.iter().map(canonical)).expect("row");
        }
        writer.flush().expect("written");
        let table = format!("xla_test.{}", dataset.name);
        tables.push((table.clone(), path));
        dataset.format = DataFormat::Table;
        dataset.path = table;
        dataset.csv = CsvOptions::default();
        dataset.skip_rows = 0;
        dataset.sheet = None;
        for column in &mut dataset.columns {
            column.source = column.name.clone();
            column.kind = match &column.kind {
                ColumnKind::Date { .. } => ColumnKind::Date { format: None },
                ColumnKind::Timestamp { .. } => ColumnKind::Timestamp { format: None },
                ColumnKind::Duration { .. } => ColumnKind::Duration { unit: DurationUnit::Seconds },
                other => other.clone(),
            };
        }
    }
    let file_read = file_read(&case, &program, &files);
    Prepared { case, files, local, tables, program: table_program, file_read }
}

/// The program whose CSV files the engines read themselves, and its local
/// settlements, or none if some dataset is not such a file.
fn file_read(case: &Case, program: &Program, files: &ContractFiles) -> Option<FileRead> {
    let mut program = program.clone();
    for dataset in &mut program.datasets {
        dataset.csv.multiline = true;
    }
    let options = SqlOptions {
        dialect: Dialect::DuckDb,
        through: case.through,
        contract_fingerprint: String::new(),
        data_dir: Some(case.data.clone()),
        local: Vec::new(),
    };
    if program.datasets.iter().any(|d| d.format != DataFormat::Csv) || compile(&program, &options).is_err() {
        return None;
    }
    let eval = evaluate_with_threads(&program, &case.data, case.through, &mut |_: &str, _: u64| {}, 1)
        .unwrap_or_else(|e| panic!("{} (multiline): local evaluation: {e}", case.name));
    let local = settlements(&eval, files);
    let rejected = eval.rejected_total;
    Some(FileRead { program, local, rejected })
}

/// `json` without what says where the rows came from.
fn comparable(json: &Json) -> (Json, Vec<(String, u64, u64)>) {
    let mut json = json.clone();
    let inputs = json.get_mut("inputs").map(Json::take).unwrap_or_default();
    if let Some(rejected) = json.get_mut("rejected_rows") {
        rejected.take();
    }
    let counts = inputs
        .as_array()
        .into_iter()
        .flatten()
        .map(|input| {
            let files = input["files"].as_array().cloned().unwrap_or_default();
            let sum = |field: &str| files.iter().map(|f| f[field].as_u64().unwrap_or(0)).sum::<u64>();
            (input["dataset"].as_str().unwrap_or_default().to_string(), sum("rows_used"), sum("rows_without_period"))
        })
        .collect();
    (json, counts)
}

/// The first difference between two JSON values, as a path and both sides.
fn difference(path: &str, a: &Json, b: &Json) -> Option<String> {
    match (a, b) {
        (Json::Object(x), Json::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().find_map(|k| {
                difference(&format!("{path}.{k}"), x.get(k).unwrap_or(&Json::Null), y.get(k).unwrap_or(&Json::Null))
            })
        }
        (Json::Array(x), Json::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (a, b))| difference(&format!("{path}[{i}]"), a, b))
        }
        _ if a == b => None,
        _ => Some(format!("{path}: local {a}, engine {b}")),
    }
}

#[test]
fn every_example_and_conformance_case_settles_identically_through_every_engine() {
    let work = tempfile::tempdir().expect("a temporary directory");
    let only = std::env::var("XLA_SQL_CASE").unwrap_or_default();
    let mut prepared = Vec::new();
    let mut failures = String::new();
    let random = tempfile::tempdir().expect("a temporary directory");
    let mut all = cases();
    for seed in 1..=RANDOM_CASES {
        let dir = random.path().join(format!("random-{seed}"));
        random_contracts::write(seed, &dir);
        let through = "2026-12".parse().expect("a month");
        let name = format!("random/{seed}");
        all.push(Case { name, contract: dir.join("contract.xla"), data: dir.join("data"), through });
    }
    for case in all.into_iter().filter(|c| c.name.contains(&only)) {
        prepared.push(prepare(case, work.path()));
    }
    let spark_all = std::env::var("XLA_SQL_SPARK").is_ok_and(|v| v == "all");
    let mut refused = Vec::new();
    let mut jobs: BTreeMap<Dialect, Batch> = BTreeMap::new();
    for (i, p) in prepared.iter().enumerate() {
        let fp = fingerprint(&p.files);
        let example = p.case.name.starts_with("examples/");
        let spark_case = if spark_all {
            example || SPARK_ALL.iter().any(|c| p.case.name == format!("conformance/{c}"))
        } else {
            SPARK_CI.contains(&p.case.name.as_str())
        };
        let mut runs = vec![(Dialect::DuckDb, Read::Tables), (Dialect::Postgres, Read::Tables)];
        if p.file_read.is_some() {
            runs.push((Dialect::DuckDb, Read::Files));
        }
        // Spark reads a case from its files where it can.
        match (spark_case, p.file_read.is_some()) {
            (true, true) => runs.push((Dialect::Spark, Read::Files)),
            (true, false) => runs.push((Dialect::Spark, Read::Tables)),
            _ => {}
        }
        for (dialect, read) in runs {
            let (program, data_dir) = match (read, &p.file_read) {
                (Read::Files, Some(f)) => (&f.program, Some(p.case.data.clone())),
                _ => (&p.program, None),
            };
            let options = SqlOptions {
                dialect,
                through: p.case.through,
                contract_fingerprint: fp.clone(),
                data_dir,
                local: Vec::new(),
            };
            let script = match compile(program, &options) {
                Ok(script) => script,
                Err(errors)
                    if errors
                        .iter()
                        .all(|e| matches!(e.code, Code::SqlUnsupportedExpr | Code::SqlUnsupportedOption)) =>
                {
                    refused.push(p.case.name.clone());
                    continue;
                }
                Err(errors) => {
                    let _ = writeln!(failures, "{} ({dialect}, {read:?}): not pushed down: {errors:?}", p.case.name);
                    continue;
                }
            };
            let base = work.path().join(format!("{i}-{dialect}-{read:?}"));
            std::fs::write(base.with_extension("sql"), script).expect("script written");
            let job = Job {
                script: base.with_extension("sql"),
                out: base.with_extension("csv"),
                tables: p.tables.clone(),
                file_root: None,
            };
            let (cases, batch) = jobs.entry(dialect).or_default();
            cases.push((i, read));
            batch.push(job);
        }
    }
    for (dialect, (cases, batch)) in &jobs {
        let ran = run_batch(dialect.name(), batch, work.path());
        eprintln!("{dialect}:\n{}", ran.stderr.trim_end());
        for (&(i, read), job) in cases.iter().zip(batch) {
            let p = &prepared[i];
            let (program, local, rejected) = match (read, &p.file_read) {
                (Read::Files, Some(f)) => (&f.program, &f.local, Some(f.rejected)),
                _ => (&p.program, &p.local, None),
            };
            let name = format!("{} ({dialect}, {read:?})", p.case.name);
            if let Err(error) = job.result() {
                let _ = writeln!(failures, "{name}: the engine failed: {error}");
                continue;
            }
            let settled = StatesFile::read(&job.out)
                .map_err(|e| e.to_string())
                .and_then(|states| {
                    EngineStates::build(program, p.case.through, &fingerprint(&p.files), &[states])
                        .map_err(|e| e.to_string())
                })
                .and_then(|engine| {
                    let mut quiet = |_: &str, _: u64| {};
                    evaluate_with_states(program, &p.case.data, p.case.through, &mut quiet, 1, engine)
                        .map_err(|e| e.to_string())
                });
            let eval = match settled {
                Ok(eval) => eval,
                Err(e) => {
                    let _ = writeln!(failures, "{name}: {e}");
                    continue;
                }
            };
            // Read from the same files, the engine rejects the same rows.
            if let Some(rejected) = rejected.filter(|&r| r != eval.rejected_total) {
                let _ = writeln!(failures, "{name}: {} rows rejected, locally {rejected}", eval.rejected_total);
            }
            for (m, (local, pushed)) in local.iter().zip(settlements(&eval, &p.files)).enumerate() {
                let ((a, counts_a), (b, counts_b)) = (comparable(local), comparable(&pushed));
                if let Some(diff) = difference("", &a, &b) {
                    let _ = writeln!(failures, "{name} month {m}: {diff}");
                } else if counts_a != counts_b {
                    let _ = writeln!(failures, "{name} month {m}: rows {counts_a:?} vs {counts_b:?}");
                }
            }
        }
    }
    refused.dedup();
    let expected: Vec<&str> = REFUSED.iter().copied().filter(|c| c.contains(&only)).collect();
    if refused != expected {
        let _ = writeln!(failures, "refused {refused:?}, expected to refuse {expected:?}");
    }
    if std::env::var_os("XLA_SQL_KEEP").is_some() {
        eprintln!("kept {} and {}", work.keep().display(), random.keep().display());
    }
    assert!(failures.is_empty(), "settlements through engines differ from local ones:\n{failures}");
}
