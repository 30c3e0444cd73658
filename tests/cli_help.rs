//! Each subcommand's `--help` ends with real examples, and those examples
//! run as printed (from a directory holding a copy of `examples/acme`);
//! `xla explain` without an id lists what can be explained.

use std::path::Path;
use std::process::{Command, Output};

fn xla(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xla")).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const SUBCOMMANDS: [&str; 6] = ["check", "fmt", "settle", "explain", "init", "lsp"];

/// The lines of the `Examples:` section at the end of `help`.
fn examples(help: &str) -> Vec<String> {
    let section = help.rsplit("Examples:\n").next().unwrap_or_default();
    section.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
}

/// Copies `from` into `to`, recursively.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn every_subcommand_help_ends_with_examples_that_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root.join("examples/acme"), &dir.path().join("examples/acme"));
    for sub in SUBCOMMANDS {
        let o = xla(dir.path(), &[sub, "--help"]);
        assert_eq!(o.status.code(), Some(0));
        let help = text(&o.stdout);
        let lines = examples(&help);
        assert!((1..=2).contains(&lines.len()), "{sub}: {help}");
        for line in lines {
            assert!(line.starts_with(&format!("xla {sub}")), "{sub}: {line}");
            if sub == "lsp" {
                continue; // it waits for an editor on stdin
            }
            let words: Vec<&str> = line.split_whitespace().skip(1).collect();
            let o = xla(dir.path(), &words);
            assert_eq!(o.status.code(), Some(0), "`{line}`: {}", text(&o.stderr));
        }
    }
}

#[test]
fn explain_without_an_id_lists_the_clause_and_gain_ids() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = xla(root, &["explain", "examples/acme/contract.xla"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    for line in [
        "  p1            sla   \"P1 incident resolution\"",
        "  happy         xla ",
        "  productivity  gain ",
        "explain one with: xla explain CONTRACT --data DIR --period YYYY-MM ID",
    ] {
        assert!(out.contains(line), "{line:?} not in:\n{out}");
    }
}

#[test]
fn explain_with_an_id_still_needs_the_data_and_the_month() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = xla(root, &["explain", "examples/acme/contract.xla", "p1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--data"), "{}", text(&o.stderr));
}
