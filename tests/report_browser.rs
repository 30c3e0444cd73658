//! The review pack (`xla report`) read as a reader would: in headless
//! Chromium, for `examples/acme` and `examples/servicenow-uci`.
//!
//! `tests/browser/install.sh` first installs Debian's `chromium` and the
//! pinned `playwright-core` if they are missing (quick when they are
//! there); if it cannot, the test fails and says why. Each test writes the
//! report and the settlement JSON of the same months with the `xla` binary,
//! then `tests/browser/check-report.mjs` opens the report from disk and
//! fails on any console error or network request, on a cover figure or a
//! chart's table that differs from the JSON, or on a chart without its
//! title, text alternative or table. The screenshots (1280 px, print
//! emulation, one per section) and the A4 and Letter PDFs are kept in
//! `target/report-screenshots/` for a reviewer to look at.
//!
//! The ServiceNow example reads the real export in
//! `shared/data/servicenow-uci/` beside the checkout (as `tests/servicenow.rs`
//! does); without it the test fails and says where it looked.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Runs the install script once per test binary; the error says why it failed.
fn installed() -> Result<(), String> {
    static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();
    INSTALLED
        .get_or_init(|| {
            let script = Path::new(ROOT).join("tests/browser/install.sh");
            let output = Command::new("bash")
                .arg(&script)
                .output()
                .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
            if output.status.success() {
                Ok(())
            } else {
                Err(format!(
                    "{} failed ({}), so the review pack cannot be checked in a browser:\n{}",
                    script.display(),
                    output.status,
                    String::from_utf8_lossy(&output.stderr)
                ))
            }
        })
        .clone()
}

/// Where the screenshots go: `target/report-screenshots/`.
fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| Path::new(ROOT).join("target"), PathBuf::from);
    target.join("report-screenshots")
}

/// Runs `xla` with `args`, failing the test with its stderr if it fails.
fn xla(args: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_xla")).args(args).current_dir(ROOT).output().expect("xla runs");
    assert!(output.status.success(), "xla {} failed:\n{}", args.join(" "), String::from_utf8_lossy(&output.stderr));
}

/// The report and the settlements of `from..=through`, written by `xla`
/// into a temporary directory: `(directory, report, settlements)`.
fn write_outputs(
    name: &str,
    contract: &str,
    data: &Path,
    from: &str,
    through: &str,
) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let work = tempfile::tempdir().expect("a temporary directory");
    let report = work.path().join(format!("{name}.html"));
    let settlements = work.path().join("settlements");
    let data = data.to_str().expect("a UTF-8 path");
    let (report_arg, settlements_arg) = (report.to_str().expect("UTF-8"), settlements.to_str().expect("UTF-8"));
    let months = ["--period", from, "--through", through];
    xla(&[&["report", contract, "--data", data][..], &months, &["--out", report_arg]].concat());
    xla(&[&["settle", contract, "--data", data][..], &months, &["--out", settlements_arg]].concat());
    (work, report, settlements)
}

/// Runs `check-report.mjs` over `report`; its success and its output.
fn check_report(report: &Path, settlements: &Path, shots: &Path, name: &str) -> (bool, String) {
    if let Err(why) = installed() {
        panic!("{why}");
    }
    let output = Command::new("node")
        .arg(Path::new(ROOT).join("tests/browser/check-report.mjs"))
        .args([report.as_os_str(), settlements.as_os_str(), shots.as_os_str()])
        .arg(name)
        .current_dir(Path::new(ROOT).join("tests/browser"))
        .output()
        .expect("node runs");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

/// Writes the report and the settlements of `from..=through`, then checks
/// the report in Chromium, keeping the screenshots.
fn check_in_browser(name: &str, contract: &str, data: &Path, from: &str, through: &str) {
    let (_work, report, settlements) = write_outputs(name, contract, data, from, through);
    let shots = screenshot_dir();
    let (passed, output) = check_report(&report, &settlements, &shots, name);
    assert!(passed, "the {name} review pack fails in Chromium:\n{output}");
    eprintln!("{output}screenshots in {}", shots.display());
}

/// The check can fail: a figure that differs from the JSON and an image
/// that would be fetched (from a closed port on this machine) are caught.
#[test]
fn the_browser_check_catches_a_wrong_figure_and_a_request() {
    let data = Path::new(ROOT).join("examples/acme/data");
    let (work, report, settlements) =
        write_outputs("tampered", "examples/acme/contract.xla", &data, "2026-01", "2026-03");
    let html = std::fs::read_to_string(&report).expect("the report");
    let marker = "data-figure=\"net-total\" data-value=\"";
    let at = html.find(marker).expect("the net payable figure") + marker.len();
    let tampered = format!("{}1{}", &html[..at], &html[at..])
        .replace("</main>", "<img src=\"http://127.0.0.1:9/x.png\" alt=\"\"></main>");
    std::fs::write(&report, tampered).expect("writes");
    let (passed, output) = check_report(&report, &settlements, &work.path().join("shots"), "tampered");
    assert!(!passed, "the tampered report passed:\n{output}");
    assert!(output.contains("cover net payable 1"), "{output}");
    assert!(output.contains("external-resource elements"), "{output}");
    assert!(output.contains("127.0.0.1:9"), "the blocked request is reported: {output}");
}

#[test]
fn acme_review_pack_reads_right_in_chromium() {
    let data = Path::new(ROOT).join("examples/acme/data");
    check_in_browser("acme", "examples/acme/contract.xla", &data, "2026-01", "2026-12");
}

/// The ServiceNow export beside the checkout, or where it was looked for.
fn servicenow_zip() -> Result<PathBuf, String> {
    let candidates: Vec<PathBuf> = ["../shared", "../../shared"]
        .iter()
        .map(|up| Path::new(ROOT).join(up).join("data/servicenow-uci/incident_event_log.csv.zip"))
        .collect();
    candidates.iter().find(|p| p.is_file()).cloned().ok_or_else(|| {
        let looked: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
        format!("the ServiceNow export is not there; looked for {}", looked.join(" and "))
    })
}

#[test]
fn servicenow_review_pack_reads_right_in_chromium() {
    let zip = servicenow_zip().unwrap_or_else(|why| panic!("{why}"));
    let data = tempfile::tempdir().expect("a temporary directory");
    let status = Command::new("python3")
        .args(["-m", "zipfile", "-e"])
        .arg(&zip)
        .arg(data.path())
        .status()
        .unwrap_or_else(|e| panic!("cannot run python3 to unzip {}: {e}", zip.display()));
    assert!(status.success(), "python3 -m zipfile -e {} failed: {status}", zip.display());
    check_in_browser("servicenow-uci", "examples/servicenow-uci/contract.xla", data.path(), "2016-03", "2017-02");
}
