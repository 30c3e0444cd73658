//! The real SQL engines of issue 15 (DuckDB, PostgreSQL, Spark), driven by
//! the project's own scripts, proven on hand-written SQL.
//!
//! `tests/engines/install.sh` first installs what is missing (a Python venv
//! under `target/` with duckdb, pyspark and psycopg2-binary; Debian's
//! `postgresql`; a Java runtime) and prints the venv's Python; if it cannot,
//! every test here fails and says why. Each engine test then runs the probe
//! scripts of `tests/engines/probes/` (those in `common/` and those in the
//! engine's own directory) in ONE batch of `tests/engines/run.py`, so one
//! Spark JVM and one PostgreSQL server serve them all, and compares each
//! CSV result set, or each error, with what is written here. The running
//! is `tests/engines_support/`, which the SQL push-down tests share.
//!
//! The expected results are the facts the SQL generator's dialect layer
//! rests on; where the engines differ, the comment says how.

mod engines_support;

use engines_support::{run_batch, run_py, Job};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// What a probe script must give.
enum Expect {
    /// This CSV, byte for byte.
    Csv(&'static str),
    /// An error whose text holds this.
    Error(&'static str),
}

/// One script of `tests/engines/probes/`, the tables it reads (table name,
/// CSV file under `probes/`), and what it must give.
struct Probe {
    script: &'static str,
    tables: &'static [(&'static str, &'static str)],
    expect: Expect,
}

impl Probe {
    /// A script that reads no table.
    const fn plain(script: &'static str, expect: Expect) -> Probe {
        Probe { script, tables: &[], expect }
    }
}

/// `tests/engines/probes/`: the scripts and their tables.
fn probes_dir() -> PathBuf {
    Path::new(ROOT).join("tests/engines/probes")
}

/// Runs the probes on `engine` in one batch (each with `--file-root` at
/// `probes/`) and checks every result.
fn check_engine(engine: &str, probes: &[Probe]) {
    let work = tempfile::tempdir().expect("a temporary directory");
    let dir = probes_dir();
    let jobs: Vec<Job> = probes
        .iter()
        .enumerate()
        .map(|(n, probe)| Job {
            script: dir.join(probe.script),
            out: work.path().join(format!("{n}.csv")),
            tables: probe.tables.iter().map(|(name, csv)| (name.to_string(), dir.join(csv))).collect(),
            file_root: Some(dir.clone()),
        })
        .collect();
    let batch = run_batch(engine, &jobs, work.path());
    eprintln!("{}", batch.stderr);
    let mut problems = Vec::new();
    for (probe, job) in probes.iter().zip(&jobs) {
        match (&probe.expect, job.result()) {
            (Expect::Csv(want), Ok(got)) if got == *want => {}
            (Expect::Error(want), Err(got)) if got.contains(want) => {}
            (Expect::Csv(want), got) => problems.push(format!("{}: wanted the CSV\n{want}\ngot {got:?}", probe.script)),
            (Expect::Error(want), got) => {
                problems.push(format!("{}: wanted an error with {want:?}, got {got:?}", probe.script))
            }
        }
    }
    assert!(problems.is_empty(), "{engine}:\n{}", problems.join("\n\n"));
    let failing = probes.iter().any(|p| matches!(p.expect, Expect::Error(_)));
    assert_eq!(batch.status, Some(if failing { 1 } else { 0 }), "{engine}'s exit status:\n{}", batch.stderr);
}

/// `pipeline.sql` in every dialect: rows whose number is not a full match
/// of `[A-Z]+[0-9]+` (`bad-6`, `INC009-old`) are dropped; days are
/// `floor(opened / 86400)`: -86401 → -2; -86400, -43200, -1 → -1 (three
/// costs of 0.1, summed exactly); 0, 86399 → 0 (2.5 + 0.25, weights 20 +
/// 30); 1700000000 → 19675.
const PIPELINE: &str = "day,n,total,weight\n\
    -2,1,0.1000000000,10\n\
    -1,3,0.3000000000,30\n\
    0,2,2.7500000000,50\n\
    19675,1,1.0000000001,20\n";
const PIPELINE_TABLES: &[(&str, &str)] = &[("itsm.incidents", "incidents.csv")];

/// `values.sql`: only the last result set; `'x' || NULL` is NULL everywhere.
const VALUES_CONCAT_SKIPS_NULL: &str = "a,b,c,cat,cat_null,concat_null,empty_text,nothing,semicolon\n\
    1,2,10,xy,,xy,\"\",,x;y\n\
    3,4,30,xy,,xy,\"\",,x;y\n";

/// `loading.sql`: the empty note of row 2 is NULL, the `""` of row 3 is
/// the empty string; quotes, commas and line breaks survive.
const LOADING: &str = "id,note_is_null,note,odd\n\
    1,false,plain,a\n\
    2,true,,b\n\
    3,false,\"\",c\n\
    4,false,\"two\nlines\",\"d, e\"\n\
    5,false,\"say \"\"hi\"\"\",\n";
const LOADING_TABLES: &[(&str, &str)] = &[("notes", "notes.csv")];

/// `file_root.sql`: the nine rows of `incidents.csv`, read by the engine's
/// own CSV reader from a path relative to `--file-root`.
const FILE_ROOT: &str = "n,total\n9,110.1500000001\n";

/// `timestamps.sql` where the offset is ignored (DuckDB, PostgreSQL).
const TIMESTAMPS_OFFSET_IGNORED: &str = "iso_z,offset,short_date\n\
    2024-01-01 10:00:00,2024-01-01 10:00:00,2024-01-05\n";

const REGEX_TABLES: &[(&str, &str)] = &[("words", "words.csv")];

#[test]
fn duckdb_runs_the_probe_scripts() {
    check_engine(
        "duckdb",
        &[
            Probe { script: "duckdb/pipeline.sql", tables: PIPELINE_TABLES, expect: Expect::Csv(PIPELINE) },
            Probe::plain("common/values.sql", Expect::Csv(VALUES_CONCAT_SKIPS_NULL)),
            Probe { script: "duckdb/loading.sql", tables: LOADING_TABLES, expect: Expect::Csv(LOADING) },
            Probe::plain("duckdb/file_root.sql", Expect::Csv(FILE_ROOT)),
            // `/` on BIGINT is a DOUBLE division (`floor` of it a DOUBLE,
            // printed without `.0`); `//` truncates toward zero; `%` takes
            // the dividend's sign.
            Probe::plain(
                "duckdb/arith.sql",
                Expect::Csv(
                    "t,slash,floor_slash,native_div,floor_decimal,remainder\n\
                     -86401,-1.000011574074074,-2,-1,-2,-1\n\
                     -86400,-1,-1,-1,-1,0\n\
                     -1,-0.000011574074074074073,-1,0,-1,-1\n\
                     86399,0.999988425925926,0,0,0,86399\n\
                     1700000000,19675.925925925927,19675,19675,19675,80000\n",
                ),
            ),
            // DECIMAL / INTEGER is a DOUBLE; the rest keeps scale 10.
            Probe::plain(
                "common/decimals.sql",
                Expect::Csv(
                    "total,tripled,divided,exponent,padded,negative_zero\n\
                     0.3000000000,0.9000000000,0.09999999999999999,1000.0000000000,2.5000000000,0.0000000000\n",
                ),
            ),
            // RE2: `.` does not match a line break.
            Probe {
                script: "duckdb/regex.sql",
                tables: REGEX_TABLES,
                expect: Expect::Csv(
                    "v,dot,digits,abc\n\
                     12,false,true,false\n\
                     a<LF>c,false,false,false\n\
                     abc,true,false,true\n\
                     abc<LF>,false,false,false\n\
                     xabc,false,false,false\n",
                ),
            },
            Probe::plain("common/timestamps.sql", Expect::Csv(TIMESTAMPS_OFFSET_IGNORED)),
            Probe::plain("common/bad_date.sql", Expect::Error("date field value out of range: \"2024-02-30\"")),
            Probe::plain("common/bad_timestamp.sql", Expect::Error("invalid timestamp field format: \"garbage\"")),
            // A fractional text rounds to the nearest integer.
            Probe::plain("common/fractional_bigint.sql", Expect::Csv("n\n2\n")),
            Probe::plain("common/syntax_error.sql", Expect::Error("syntax error at or near \"SELEC\"")),
        ],
    );
}

#[test]
fn postgres_runs_the_probe_scripts() {
    check_engine(
        "postgres",
        &[
            Probe { script: "postgres/pipeline.sql", tables: PIPELINE_TABLES, expect: Expect::Csv(PIPELINE) },
            Probe::plain("common/values.sql", Expect::Csv(VALUES_CONCAT_SKIPS_NULL)),
            Probe { script: "postgres/loading.sql", tables: LOADING_TABLES, expect: Expect::Csv(LOADING) },
            // `/` and `div` on BIGINT truncate toward zero, so
            // `floor(t / 86400)` is wrong below zero; `floor(t / 86400.0)`
            // (NUMERIC) is right.
            Probe::plain(
                "postgres/arith.sql",
                Expect::Csv(
                    "t,slash,floor_slash,native_div,floor_decimal,remainder\n\
                     -86401,-1,-1,-1,-2,-1\n\
                     -86400,-1,-1,-1,-1,0\n\
                     -1,0,0,0,-1,-1\n\
                     86399,0,0,0,0,86399\n\
                     1700000000,19675,19675,19675,19675,80000\n",
                ),
            ),
            // NUMERIC / INTEGER keeps 20 decimal places here.
            Probe::plain(
                "common/decimals.sql",
                Expect::Csv(
                    "total,tripled,divided,exponent,padded,negative_zero\n\
                     0.3000000000,0.9000000000,0.10000000000000000000,1000.0000000000,2.5000000000,0.0000000000\n",
                ),
            ),
            // POSIX regex: `.` matches a line break, `$` only the very end.
            Probe {
                script: "postgres/regex.sql",
                tables: REGEX_TABLES,
                expect: Expect::Csv(
                    "v,dot,digits,abc\n\
                     12,false,true,false\n\
                     a<LF>c,true,false,false\n\
                     abc,true,false,true\n\
                     abc<LF>,false,false,false\n\
                     xabc,false,false,false\n",
                ),
            },
            Probe::plain("common/timestamps.sql", Expect::Csv(TIMESTAMPS_OFFSET_IGNORED)),
            Probe::plain("common/bad_date.sql", Expect::Error("date/time field value out of range: \"2024-02-30\"")),
            Probe::plain(
                "common/bad_timestamp.sql",
                Expect::Error("invalid input syntax for type timestamp: \"garbage\""),
            ),
            Probe::plain(
                "common/fractional_bigint.sql",
                Expect::Error("invalid input syntax for type bigint: \"1.5\""),
            ),
            Probe::plain("common/syntax_error.sql", Expect::Error("syntax error at or near \"SELEC\"")),
        ],
    );
}

#[test]
fn spark_runs_the_probe_scripts() {
    check_engine(
        "spark",
        &[
            Probe { script: "spark/pipeline.sql", tables: PIPELINE_TABLES, expect: Expect::Csv(PIPELINE) },
            // `concat` is NULL when any argument is.
            Probe::plain(
                "common/values.sql",
                Expect::Csv(
                    "a,b,c,cat,cat_null,concat_null,empty_text,nothing,semicolon\n\
                     1,2,10,xy,,,\"\",,x;y\n\
                     3,4,30,xy,,,\"\",,x;y\n",
                ),
            ),
            Probe { script: "spark/loading.sql", tables: LOADING_TABLES, expect: Expect::Csv(LOADING) },
            Probe::plain("spark/file_root.sql", Expect::Csv(FILE_ROOT)),
            // As DuckDB: `/` is a DOUBLE division; `div` truncates.
            Probe::plain(
                "spark/arith.sql",
                Expect::Csv(
                    "t,slash,floor_slash,native_div,floor_decimal,remainder\n\
                     -86401,-1.000011574074074,-2,-1,-2,-1\n\
                     -86400,-1,-1,-1,-1,0\n\
                     -1,-0.000011574074074074073,-1,0,-1,-1\n\
                     86399,0.999988425925926,0,0,0,86399\n\
                     1700000000,19675.925925925927,19675,19675,19675,80000\n",
                ),
            ),
            // DECIMAL(38, 10) * 3 loses two places (precision capped at 38).
            Probe::plain(
                "common/decimals.sql",
                Expect::Csv(
                    "total,tripled,divided,exponent,padded,negative_zero\n\
                     0.3000000000,0.90000000,0.1000000000,1000.0000000000,2.5000000000,0.0000000000\n",
                ),
            ),
            // Java regex: `.` does not match a line break, but `$` matches
            // before a final one; `\z` is the very end.
            Probe {
                script: "spark/regex.sql",
                tables: REGEX_TABLES,
                expect: Expect::Csv(
                    "v,dot,digits,abc,abc_z\n\
                     12,false,true,false,false\n\
                     a<LF>c,false,false,false,false\n\
                     abc,true,false,true,true\n\
                     abc<LF>,true,false,true,false\n\
                     xabc,false,false,false,false\n",
                ),
            },
            // The offset is applied (to UTC), not ignored.
            Probe::plain(
                "common/timestamps.sql",
                Expect::Csv("iso_z,offset,short_date\n2024-01-01 10:00:00,2024-01-01 08:00:00,2024-01-05\n"),
            ),
            // With ANSI casts set by the script, a bad date is an error...
            Probe::plain("spark/ansi.sql", Expect::Error("[CAST_INVALID_INPUT]")),
            // ... but only in that job: not ANSI, a text that does not
            // convert is NULL, a fraction truncated.
            Probe::plain("common/bad_date.sql", Expect::Csv("d\n\n")),
            Probe::plain("common/bad_timestamp.sql", Expect::Csv("ts\n\n")),
            Probe::plain("common/fractional_bigint.sql", Expect::Csv("n\n1\n")),
            Probe::plain(
                "common/syntax_error.sql",
                Expect::Error("[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'"),
            ),
        ],
    );
}

/// The single-script command line: `--table` loads a schema-qualified
/// table, the CSV goes to `--out`.
#[test]
fn one_script_runs_from_the_command_line() {
    let work = tempfile::tempdir().expect("a temporary directory");
    let out = work.path().join("pipeline.csv");
    let probes = probes_dir();
    let script = probes.join("duckdb/pipeline.sql");
    let table = format!("itsm.incidents={}", probes.join("incidents.csv").display());
    let output = run_py(&[
        "duckdb",
        "--script",
        script.to_str().expect("UTF-8"),
        "--out",
        out.to_str().expect("UTF-8"),
        "--table",
        &table,
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(std::fs::read_to_string(&out).expect("the CSV"), PIPELINE);
}

/// A wrong jobs file runs nothing and says what is wrong (exit status 2).
#[test]
fn a_wrong_jobs_file_is_refused() {
    let work = tempfile::tempdir().expect("a temporary directory");
    let jobs = work.path().join("jobs.json");
    std::fs::write(&jobs, r#"[{"script": "a.sql", "out": "a.csv", "tabels": {}}]"#).expect("writes");
    let output = run_py(&["duckdb", "--batch", jobs.to_str().expect("UTF-8")]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("job 1 has unknown keys ['tabels']"), "{stderr}");
    assert!(!work.path().join("a.csv.error").exists());
}
