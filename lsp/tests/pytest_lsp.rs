//! The round trip again, driven by pytest-lsp: a client no one here wrote,
//! with VS Code's capabilities and its checks that answers fit them. Runs
//! `tests/pytest/run.sh`, which installs pytest-lsp into a virtual
//! environment under the target directory. Skipped, with a message, where
//! python3 (with venv) is missing or `XLA_SKIP_PYTEST_LSP` is set.

use std::path::Path;
use std::process::Command;

fn python_with_venv() -> bool {
    Command::new("python3").args(["-c", "import venv, ensurepip"]).output().is_ok_and(|o| o.status.success())
}

#[test]
fn pytest_lsp_round_trip() {
    if std::env::var_os("XLA_SKIP_PYTEST_LSP").is_some() {
        eprintln!("skipped: XLA_SKIP_PYTEST_LSP is set");
        return;
    }
    if !python_with_venv() {
        eprintln!("skipped: python3 with venv and ensurepip is not available");
        return;
    }
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().expect("the target directory");
    let output = Command::new("bash")
        .arg(here.join("tests/pytest/run.sh"))
        .env("XLA_LSP", env!("CARGO_BIN_EXE_xla-lsp"))
        .env("VENV", target.join("pytest-lsp-venv"))
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "pytest-lsp failed:\n{stdout}\n{stderr}");
    eprintln!("pytest-lsp: {}", stdout.lines().last().unwrap_or(""));
}
