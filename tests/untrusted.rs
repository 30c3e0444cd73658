//! Contracts, data and editor sessions are untrusted input (issue 9,
//! `docs/trust.md`): regressions for each defect an adversarial pass found,
//! run through the `xla` binary as CI and users run it.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn xla_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xla"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the xla binary runs")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited normally, not killed by a signal")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The contract of `tests/ui/XLA1003-never-pays.xla` (one warning, on the
/// `sla` line) with `prefix` written before that line's text.
fn never_pays(prefix: &str) -> String {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/XLA1003-never-pays.xla"))
        .expect("the UI test exists");
    text.replace("sla p1", &format!("{prefix}sla p1"))
}

const TICKETS: &str = "priority,opened_at,resolved_at\nP1,2026-01-05T10:00:00Z,2026-01-05T11:00:00Z\n";

#[test]
fn a_warning_past_column_65536_is_reported_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let wide = " ".repeat(70_000);
    std::fs::write(dir.path().join("c.xla"), never_pays(&wide)).unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/tickets.csv"), TICKETS).unwrap();

    let check = xla_in(dir.path(), &["check", "c.xla"]);
    assert_eq!(code(&check), 0, "{}", stderr(&check));
    assert!(stderr(&check).contains("c.xla:21:7000"), "the location is named: {}", stderr(&check));

    let settle = xla_in(dir.path(), &["settle", "c.xla", "--data", "data", "--period", "2026-01", "--out", "out"]);
    assert_eq!(code(&settle), 0, "{}", stderr(&settle));
    assert!(dir.path().join("out/settlement-2026-01.json").is_file());

    std::fs::write(dir.path().join("broken.xla"), format!("{wide}@@\n")).unwrap();
    let fmt = xla_in(dir.path(), &["fmt", "broken.xla"]);
    assert_eq!(code(&fmt), 1, "{}", stderr(&fmt));
    assert!(stderr(&fmt).contains("broken.xla:1:70001"), "{}", stderr(&fmt));
}

#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    // Many diagnostics, so that the output outgrows the pipe's buffer.
    let many: String = (0..400).map(|i| format!("metric m{i} = nonsense{i}\n")).collect();
    std::fs::write(dir.path().join("c.xla"), many).unwrap();
    for format in ["human", "json", "github"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_xla"))
            .args(["check", "--format", format, "c.xla"])
            .current_dir(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read one byte of each, like `| head -c1`, then close both pipes.
        let mut byte = [0u8; 1];
        let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
        let _ = if format == "human" { err.read(&mut byte) } else { out.read(&mut byte) };
        drop((out, err));
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(1), "{format}: the contract has errors, and nothing panicked");
    }
}

/// `tests/ui/clean-minimal.xla` plus a chain of `n` metrics
/// `c_i = c_{i-1} + 1`, written first to last or last to first, and a clause
/// on the last one.
fn metric_chain(n: usize, reversed: bool) -> String {
    let base = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/clean-minimal.xla"))
        .expect("the UI test exists");
    let mut lines: Vec<String> = std::iter::once("metric c0 = count(tickets)".to_string())
        .chain((1..n).map(|i| format!("metric c{i} = c{} + 1", i - 1)))
        .collect();
    if reversed {
        lines.reverse();
    }
    let last = n - 1;
    format!("{base}\n{}\nsla chain {{\n  metric c{last}\n  target >= {n}\n}}\n", lines.join("\n"))
}

#[test]
fn a_chain_of_20000_metrics_settles_in_either_order() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/tickets.csv"), TICKETS).unwrap();
    for (name, reversed) in [("forward.xla", false), ("backward.xla", true)] {
        std::fs::write(dir.path().join(name), metric_chain(20_000, reversed)).unwrap();
        let settle = xla_in(dir.path(), &["settle", name, "--data", "data", "--period", "2026-01", "--out", "out"]);
        assert_eq!(code(&settle), 0, "{name}: {}", stderr(&settle));
        let json = std::fs::read_to_string(dir.path().join("out/settlement-2026-01.json")).unwrap();
        // One ticket, plus 19,999 times one: the clause is met at exactly 20000.
        assert!(json.contains("\"value\": \"20000\""), "{name}: {}", &json[..json.len().min(2_000)]);
        let explain = xla_in(dir.path(), &["explain", name, "--data", "data", "--period", "2026-01", "chain"]);
        assert_eq!(code(&explain), 0, "{name}: {}", stderr(&explain));
    }
}
