//! Running SQL scripts on the real engines (DuckDB, PostgreSQL, Spark) from
//! a Rust test, through `tests/engines/install.sh` and `tests/engines/run.py`
//! (see `tests/engines/README.md`). Shared by the tests that need engines:
//! `mod engines_support;` in the test crate.

#![allow(dead_code)] // each test crate uses its own part

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Runs `tests/engines/install.sh` once per test binary: the Python of the
/// engines' venv, or why the engines cannot be installed.
pub fn python() -> Result<PathBuf, String> {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    PYTHON
        .get_or_init(|| {
            let script = Path::new(ROOT).join("tests/engines/install.sh");
            let output = Command::new("bash")
                .arg(&script)
                .output()
                .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
            let stdout = String::from_utf8_lossy(&output.stdout);
            match stdout.lines().last() {
                Some(python) if output.status.success() => Ok(PathBuf::from(python)),
                _ => Err(format!(
                    "{} failed ({}), so the SQL engines cannot run:\n{}",
                    script.display(),
                    output.status,
                    String::from_utf8_lossy(&output.stderr)
                )),
            }
        })
        .clone()
}

/// Runs `run.py ARGS` with the venv's Python; fails the test, saying why,
/// when the engines cannot be installed.
pub fn run_py(args: &[&str]) -> Output {
    let python = python().unwrap_or_else(|why| panic!("{why}"));
    Command::new(python)
        .arg(Path::new(ROOT).join("tests/engines/run.py"))
        .args(args)
        .output()
        .expect("the venv's python runs")
}

/// One script to run: its result set goes to `out` as CSV, or its error
/// text to `out.error`.
pub struct Job {
    pub script: PathBuf,
    pub out: PathBuf,
    /// Tables loaded first: name (`t` or `schema.t`) and CSV file.
    pub tables: Vec<(String, PathBuf)>,
    /// Where relative file paths in the script resolve.
    pub file_root: Option<PathBuf>,
}

impl Job {
    /// The CSV the job wrote, or the error text it left.
    pub fn result(&self) -> Result<String, String> {
        let error =
            self.out.with_file_name(format!("{}.error", self.out.file_name().unwrap_or_default().to_string_lossy()));
        std::fs::read_to_string(&self.out).map_err(|_| {
            std::fs::read_to_string(&error).unwrap_or_else(|_| format!("neither {} nor its .error", self.out.display()))
        })
    }
}

/// What a batch run says: its exit status (0 all jobs succeeded, 1 some
/// failed) and its standard error (errors and timings).
pub struct Batch {
    pub status: Option<i32>,
    pub stderr: String,
}

/// Runs `jobs` on `engine` in one batch (one Spark JVM, one PostgreSQL
/// server), writing `jobs.json` into `dir`. Fails the test, saying why,
/// when the engine cannot start (exit status 2).
pub fn run_batch(engine: &str, jobs: &[Job], dir: &Path) -> Batch {
    let entries: Vec<serde_json::Value> = jobs
        .iter()
        .map(|job| {
            let tables: serde_json::Map<String, serde_json::Value> =
                job.tables.iter().map(|(name, csv)| (name.clone(), csv.display().to_string().into())).collect();
            let mut entry = serde_json::json!({
                "script": job.script.display().to_string(),
                "out": job.out.display().to_string(),
                "tables": tables,
            });
            if let Some(root) = &job.file_root {
                entry["file_root"] = root.display().to_string().into();
            }
            entry
        })
        .collect();
    let jobs_file = dir.join("jobs.json");
    std::fs::write(&jobs_file, serde_json::Value::Array(entries).to_string()).expect("writes the jobs file");
    let output = run_py(&[engine, "--batch", jobs_file.to_str().expect("a UTF-8 path")]);
    let batch = Batch { status: output.status.code(), stderr: String::from_utf8_lossy(&output.stderr).into_owned() };
    assert_ne!(batch.status, Some(2), "{engine} cannot run:\n{}", batch.stderr);
    batch
}
