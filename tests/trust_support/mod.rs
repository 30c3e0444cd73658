//! What the tests of `xla verify`, `xla diff` and `xla propose` share:
//! running the binary, and a private copy of an example to tamper with.

#![allow(dead_code)] // each test crate uses its own part

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `xla ARGS` in `dir`.
pub fn xla(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xla")).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `examples/NAME` in the repository.
pub fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name)
}

/// A temporary directory holding a copy of `examples/NAME`.
pub fn copy_of(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example(name), dir.path());
    dir
}

/// Copies `from` into `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Settles `contract.xla` in `dir` over `data` from `from` through `through` into `out`.
pub fn settle(dir: &Path, data: &str, from: &str, through: &str, out: &str) {
    settle_contract(dir, "contract.xla", data, from, through, out);
}

/// Settles `contract` in `dir` over `data` from `from` through `through` into `out`.
pub fn settle_contract(dir: &Path, contract: &str, data: &str, from: &str, through: &str, out: &str) {
    let o = xla(dir, &["settle", contract, "--data", data, "--period", from, "--through", through, "--out", out]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Reads a JSON file.
pub fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

/// Writes a JSON file, pretty.
pub fn write_json(path: &Path, value: &serde_json::Value) {
    fs::write(path, serde_json::to_vec_pretty(value).unwrap()).unwrap();
}
