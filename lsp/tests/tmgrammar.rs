//! The VS Code extension's TextMate grammar, tested against annotated
//! sample files by vscode-tmgrammar-test (a real tool from npm). Runs
//! `editors/vscode/test.sh`, which installs the extension's locked npm
//! packages first. Skipped, with a message, where npm is missing or
//! `XLA_SKIP_NPM` is set.

use std::path::Path;
use std::process::Command;

#[test]
fn textmate_grammar_highlights_the_samples() {
    if std::env::var_os("XLA_SKIP_NPM").is_some() {
        eprintln!("skipped: XLA_SKIP_NPM is set");
        return;
    }
    if !Command::new("npm").arg("--version").output().is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: npm is not available");
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode/test.sh");
    let output = Command::new("bash").arg(script).output().expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "grammar tests failed:\n{stdout}\n{stderr}");
    eprintln!("{}", stdout.lines().rfind(|l| !l.trim().is_empty()).unwrap_or(""));
}
