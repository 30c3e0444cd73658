//! UI tests, in the style of rustc's: every `tests/ui/*.xla` is checked and
//! its rendered diagnostics (human form, no colour) are compared with a
//! snapshot in `tests/snapshots/`.
//!
//! Each file also says which diagnostics it expects, on the line where each
//! one starts: `//~ XLA0101` (several codes may follow one `//~`). The
//! runner fails if a diagnostic has no annotation or an annotation no
//! diagnostic, so a snapshot cannot silently accept a wrong code or a span
//! on the wrong line. Files named after a code (`XLA0101-….xla`) must
//! produce that code; files named `clean…` must produce nothing.
//!
//! Files in `tests/ui/aux/` are only included or read by the roots (shared
//! items, holiday lists); they are not roots themselves.
//!
//! To accept new or changed snapshots: `INSTA_UPDATE=always cargo test --test ui`,
//! then read every changed `.snap` file before committing it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use xla::check::{check_file, Checked, RealFs};
use xla::diagnostic::{render_human, Code};

/// The root files, as paths relative to the package (stable in snapshots).
fn ui_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        glob::glob("tests/ui/*.xla").expect("valid glob").map(|p| p.expect("readable directory entry")).collect();
    files.sort();
    assert!(!files.is_empty(), "no UI tests found under tests/ui/");
    files
}

fn check(path: &Path) -> Checked {
    check_file(path, &RealFs).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Every diagnostic rendered as a person sees it, one after another.
fn render(checked: &Checked) -> String {
    if checked.diagnostics.is_empty() {
        return "(no diagnostics)\n".to_string();
    }
    checked.diagnostics.iter().map(|d| render_human(d, &checked.sources, false)).collect::<Vec<_>>().join("\n")
}

/// (file, one-based line) → codes, in the order written.
type Expectations = BTreeMap<(String, usize), Vec<String>>;

/// The `//~ CODE` annotations of every file the check read.
fn annotations(checked: &Checked) -> Expectations {
    let mut out = Expectations::new();
    for (_, file) in checked.sources.iter() {
        for (i, line) in file.text.lines().enumerate() {
            let Some((_, rest)) = line.split_once("//~") else { continue };
            let codes: Vec<String> = rest.split_whitespace().map(str::to_string).collect();
            assert!(!codes.is_empty(), "{}:{}: `//~` without a code", file.path.display(), i + 1);
            out.entry((file.path.display().to_string(), i + 1)).or_default().extend(codes);
        }
    }
    out
}

/// Where each diagnostic starts, with its code.
fn found(checked: &Checked) -> Expectations {
    let mut out = Expectations::new();
    for d in &checked.diagnostics {
        let file = checked.sources.get(d.span.file);
        let line = file.line_col(d.span.start as usize).line;
        out.entry((file.path.display().to_string(), line)).or_default().push(d.code.as_str().to_string());
    }
    out
}

fn sorted(mut e: Expectations) -> Expectations {
    for codes in e.values_mut() {
        codes.sort();
    }
    e
}

/// Problems with the file's annotations and name, in words.
fn expectation_errors(path: &Path, checked: &Checked) -> Vec<String> {
    let mut errors = Vec::new();
    let expected = sorted(annotations(checked));
    let actual = sorted(found(checked));
    if expected != actual {
        errors.push(format!(
            "{}: annotations do not match the diagnostics\n  expected (//~): {expected:?}\n  found:          {actual:?}",
            path.display()
        ));
    }
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    if stem.starts_with("clean") && !checked.diagnostics.is_empty() {
        errors.push(format!("{}: a clean file must have no diagnostics", path.display()));
    }
    if let Some(code) = stem.split('-').next().filter(|c| c.starts_with("XLA")) {
        if !checked.diagnostics.iter().any(|d| d.code.as_str() == code) {
            errors.push(format!("{}: named after {code} but does not produce it", path.display()));
        }
    }
    errors
}

#[test]
fn ui() {
    let mut failures = Vec::new();
    for path in ui_files() {
        let checked = check(&path);
        failures.extend(expectation_errors(&path, &checked));
        let name = path.file_stem().and_then(|s| s.to_str()).expect("UTF-8 file name").to_string();
        let rendered = render(&checked);
        let mut settings = insta::Settings::clone_current();
        settings.set_input_file(&path);
        settings.set_omit_expression(true);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            settings.bind(|| insta::assert_snapshot!(name, rendered));
        }));
        if outcome.is_err() {
            failures.push(format!("{}: snapshot differs (see above)", path.display()));
        }
    }
    assert!(failures.is_empty(), "UI test failures:\n{}", failures.join("\n"));
}

/// The codes `xla sql` gives (XLA05xx) rather than the checker: their
/// examples in docs/diagnostics.md are compiled to SQL by tests/docs.rs,
/// and tests/cli_sql.rs runs them from the command line.
fn from_sql(code: &str) -> bool {
    code.starts_with("XLA05")
}

#[test]
fn every_code_has_a_ui_file() {
    let files = ui_files();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|code| !from_sql(code))
        .filter(|code| {
            !files
                .iter()
                .any(|f| f.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&format!("{code}-"))))
        })
        .collect();
    assert!(missing.is_empty(), "codes without a tests/ui/CODE-….xla file: {missing:?}");
}

#[test]
fn there_are_clean_and_multi_error_files() {
    let files = ui_files();
    let named = |prefix: &str| {
        files.iter().filter(|f| f.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix))).count()
    };
    assert!(named("clean") >= 1, "no clean UI file");
    let multi: Vec<PathBuf> = files
        .iter()
        .filter(|f| f.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("multi")))
        .cloned()
        .collect();
    assert!(multi.len() >= 3, "fewer than three multi-error UI files");
    for path in multi {
        let errors = check(&path).diagnostics.iter().filter(|d| d.is_error()).count();
        assert!(errors >= 2, "{} has {errors} error(s); a multi file needs several", path.display());
    }
}
