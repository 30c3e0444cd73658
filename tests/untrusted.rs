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

/// Runs `xla` in `dir`, killing it and failing the test if it runs longer
/// than a minute (the defects below hung for ever).
fn xla_finishing(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xla"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the xla binary runs");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("xla {args:?} did not finish");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success());
}

/// A clean contract that includes `include`.
fn including(include: &str) -> String {
    let base = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/clean-minimal.xla"))
        .expect("the UI test exists");
    format!("include \"{include}\"\n{base}")
}

#[cfg(unix)]
#[test]
fn includes_of_devices_fifos_and_planted_links_are_refused_without_reading() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    symlink("/dev/zero", d.join("zero.xla")).unwrap();
    symlink("/dev/stdin", d.join("stdin.xla")).unwrap();
    symlink("/proc/self/environ", d.join("env.xla")).unwrap();
    mkfifo(&d.join("pipe.xla"));
    std::fs::write(d.join("shadow"), "root:SECRET-HASH:19000:0:99999:7:::\n").unwrap();
    let cases = [
        ("zero.xla", "a device"),
        ("stdin.xla", "not a regular file"),
        ("env.xla", "symlink"),
        ("pipe.xla", "a FIFO"),
        ("shadow", "does not name a `.xla` file"),
        ("/proc/self/environ", "is absolute"),
    ];
    for (include, reason) in cases {
        std::fs::write(d.join("c.xla"), including(include)).unwrap();
        let out = xla_finishing(d, &["check", "c.xla"]);
        let err = stderr(&out);
        assert_eq!(code(&out), 1, "{include}: {err}");
        assert!(err.contains("XLA0110") && err.contains(reason), "{include}: {err}");
        assert!(!err.contains("SECRET") && !err.contains("PATH="), "{include}: content quoted: {err}");
    }
    // A holidays file follows the same rules.
    mkfifo(&d.join("days.toml"));
    let calendar = "calendar office {\n  hours mon-fri 09:00-17:00\n  holidays \"days.toml\"\n}\n";
    std::fs::write(d.join("c.xla"), including("shared.xla").replace("include \"shared.xla\"\n", calendar)).unwrap();
    let out = xla_finishing(d, &["check", "c.xla"]);
    assert!(stderr(&out).contains("XLA0110") && stderr(&out).contains("a FIFO"), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn directory_scans_skip_directory_symlinks_and_refuse_devices() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let contracts = d.join("contracts");
    std::fs::create_dir(&contracts).unwrap();
    std::fs::write(contracts.join("c.xla"), including("shared.xla").replace("include \"shared.xla\"\n", "")).unwrap();
    symlink(".", contracts.join("loop")).unwrap();
    symlink("..", contracts.join("up")).unwrap();
    let out = xla_finishing(d, &["check", "contracts"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("checked 1 contract"), "the loops are not followed: {}", stderr(&out));

    symlink("/dev/zero", contracts.join("zero.xla")).unwrap();
    let out = xla_finishing(d, &["check", "contracts"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("zero.xla") && stderr(&out).contains("a device"), "{}", stderr(&out));
}

#[test]
fn includes_resolve_from_the_including_file_not_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for sub in ["shared", "a/x/shared"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
    }
    std::fs::write(d.join("shared/cal.xla"), "calendar office {\n  hours mon-fri 09:00-17:00\n}\n").unwrap();
    // A decoy where the old lexical resolution (`../` cancelled against
    // `../`) looked, from the working directory `a/x`.
    std::fs::write(d.join("a/x/shared/cal.xla"), "calendar decoy {\n  hours mon-fri 09:00-17:00\n}\n").unwrap();
    let contract = including("../shared/cal.xla")
        .replace("meeting resolved - opened <= 4h", "meeting business_time(opened, resolved, office) <= 4h");
    std::fs::write(d.join("a/contract.xla"), contract).unwrap();
    let out = xla_finishing(&d.join("a/x"), &["check", "../contract.xla"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("no problems"), "{}", stderr(&out));
}

/// A contract counting the rows of `tickets/**/*.csv`, with a clause met at
/// 3 rows or more, and a data directory holding one file of 3 rows.
fn counting_tickets(d: &Path, path: &str) {
    let base = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/clean-minimal.xla"))
        .expect("the UI test exists");
    let contract = base
        .replace("\"tickets.csv\"", &format!("\"{path}\""))
        .replace("metric p1_fixed = ", "metric rows = count(tickets)\nmetric p1_fixed = ")
        .replace("metric     p1_fixed", "metric     rows")
        .replace(">= 95%", ">= 3");
    std::fs::write(d.join("c.xla"), contract).unwrap();
    std::fs::create_dir_all(d.join("data/tickets")).unwrap();
    let rows =
        "priority,opened_at,resolved_at\n".to_string() + &"P1,2026-01-05T10:00:00Z,2026-01-05T11:00:00Z\n".repeat(3);
    std::fs::write(d.join("data/tickets/a.csv"), rows).unwrap();
}

fn settle(d: &Path) -> Output {
    xla_finishing(d, &["settle", "c.xla", "--data", "data", "--period", "2026-01", "--out", "out"])
}

#[cfg(unix)]
#[test]
fn globs_read_each_regular_file_once_and_never_follow_directory_links() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    counting_tickets(d, "tickets/**/*.csv");
    symlink(".", d.join("data/tickets/loop")).unwrap();
    symlink("..", d.join("data/tickets/up")).unwrap();
    symlink("a.csv", d.join("data/tickets/same.csv")).unwrap();
    let out = settle(d);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let json = std::fs::read_to_string(d.join("out/settlement-2026-01.json")).unwrap();
    assert!(json.contains("\"value\": \"3\""), "3 rows, not 3 per path that reaches them: {json}");
    assert!(!json.contains("same.csv"), "a link to a file already read is not read again");

    mkfifo(&d.join("data/tickets/pipe.csv"));
    let out = settle(d);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("tickets/pipe.csv is a FIFO (named pipe), not a regular file"), "{}", stderr(&out));
}

#[test]
fn dataset_paths_may_not_leave_the_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    counting_tickets(d, "../../../../etc/passwd");
    let out = settle(d);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("XLA0110") && stderr(&out).contains("climbs out"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("root:"), "{}", stderr(&out));
    assert!(!d.join("out").exists(), "nothing is written");
}

#[test]
fn settle_checks_every_output_before_replacing_any_and_says_what_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    counting_tickets(d, "tickets/*.csv");
    std::fs::create_dir_all(d.join("out/ledger.csv")).unwrap();
    std::fs::write(d.join("out/settlement-2026-01.json"), "old").unwrap();
    let out = settle(d);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("ledger.csv: it is a directory"), "{}", stderr(&out));
    assert!(stderr(&out).contains("nothing was written"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(d.join("out/settlement-2026-01.json")).unwrap(), "old", "and that is true");
}

/// A contract that `xla fmt` changes: the UI test with its alignment undone.
fn unformatted() -> String {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/clean-minimal.xla"))
        .expect("the UI test exists");
    text.replace("client      ", "client ")
}

#[cfg(unix)]
#[test]
fn fmt_writes_through_a_fresh_temporary_keeping_mode_and_links() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("c.xla"), unformatted()).unwrap();
    std::fs::set_permissions(d.join("c.xla"), std::fs::Permissions::from_mode(0o600)).unwrap();
    // A link planted where the old fixed temporary name was.
    std::fs::write(d.join("victim"), "untouched").unwrap();
    symlink("victim", d.join(".c.xla.xla-fmt.tmp")).unwrap();
    // A temporary left by a killed run (no process has this id).
    std::fs::write(d.join(".c.xla.xla-tmp.4194305.00000000deadbeef"), "half a file").unwrap();
    // A contract reached through a symlink.
    std::fs::write(d.join("real.xla"), unformatted()).unwrap();
    symlink("real.xla", d.join("linked.xla")).unwrap();

    let out = xla_finishing(d, &["fmt", "c.xla", "linked.xla"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let formatted = std::fs::read_to_string(d.join("c.xla")).unwrap();
    assert_ne!(formatted, unformatted());
    assert_eq!(std::fs::read_to_string(d.join("victim")).unwrap(), "untouched");
    assert_eq!(std::fs::metadata(d.join("c.xla")).unwrap().permissions().mode() & 0o777, 0o600);
    assert!(std::fs::symlink_metadata(d.join("linked.xla")).unwrap().file_type().is_symlink(), "the link stays");
    assert_eq!(std::fs::read_to_string(d.join("real.xla")).unwrap(), formatted, "its target is formatted");
    if cfg!(target_os = "linux") {
        assert!(!d.join(".c.xla.xla-tmp.4194305.00000000deadbeef").exists(), "the stale temporary is gone");
    }
    let mut left: Vec<String> =
        std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    assert_eq!(left, [".c.xla.xla-fmt.tmp", "c.xla", "linked.xla", "real.xla", "victim"]);
}

#[test]
fn html_in_a_rejected_cell_is_inert_in_the_markdown_report() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    counting_tickets(d, "tickets/*.csv");
    let contract = std::fs::read_to_string(d.join("c.xla"))
        .unwrap()
        .replace("  period by opened", "  period by opened\n  reject up to 50%");
    std::fs::write(d.join("c.xla"), contract).unwrap();
    let evil = "\"<img src=x onerror=alert(1)>`![t](http://evil.example/t.png)\",2026-01-05T10:00:00Z,\n";
    let mut rows = std::fs::read_to_string(d.join("data/tickets/a.csv")).unwrap();
    rows.push_str(evil);
    std::fs::write(d.join("data/tickets/a.csv"), rows).unwrap();
    let out = settle(d);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let md = std::fs::read_to_string(d.join("out/settlement-2026-01.md")).unwrap();
    let line = md.lines().find(|l| l.contains("img src")).expect("the rejection is listed");
    for live in ["<img", "![t]", "`"] {
        for (at, _) in line.match_indices(live) {
            assert!(line[..at].ends_with('\\'), "`{live}` is escaped: {line}");
        }
    }
}
