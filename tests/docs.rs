//! `docs/diagnostics.md` and `Code::ALL` in step: every code has a section
//! `## XLA0101 — unknown name` (the code's title), no section names a code
//! that does not exist, and every example does what the page says: the
//! first `xla` block of a section produces the code, the later ones (the
//! fix) have no errors and not that code.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use xla::check::{check_text, FileSystem};
use xla::diagnostic::{Code, Severity};
use xla::eval::Period;
use xla::sql::{compile, Dialect, SqlOptions};

const PAGE: &str = include_str!("../docs/diagnostics.md");

/// The contract an example without its own `contract` item is checked with.
const PRELUDE: &str = r#"contract "Service levels" {
  client      "Acme Corp"
  provider    "Northwind Managed Services"
  start       2026-01-01
  end         2026-12-31
  timezone    "Europe/London"
  currency    EUR
  monthly_fee 100000.00 EUR
  at_risk     10%
}
"#;

/// A file system with no files: examples stand alone.
struct NoFiles;

impl FileSystem for NoFiles {
    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        Err(io::Error::new(io::ErrorKind::NotFound, format!("{} is not part of the example", path.display())))
    }
}

/// One `## CODE — title` section: its heading and its `xla` blocks
/// (`None` for blocks marked `xla,ignore`).
struct Section {
    code: String,
    title: String,
    blocks: Vec<Option<String>>,
}

fn sections() -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let mut lines = PAGE.lines();
    while let Some(line) = lines.next() {
        if let Some(heading) = line.strip_prefix("## ") {
            let (code, title) = heading.split_once(" — ").unwrap_or((heading, ""));
            out.push(Section { code: code.to_string(), title: title.to_string(), blocks: Vec::new() });
        } else if let Some(info) = line.strip_prefix("```") {
            let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
            let block = body.join("\n") + "\n";
            if let Some(section) = out.last_mut() {
                match info {
                    "xla" => section.blocks.push(Some(block)),
                    // A contract that checks, then is compiled by `xla sql`.
                    "xla,sql" => section.blocks.push(Some(format!("{SQL_MARK}{block}"))),
                    "xla,ignore" => section.blocks.push(None),
                    _ => {}
                }
            }
        }
    }
    out
}

/// Codes that guard against what no contract the checker accepts can
/// reach: their sections explain them without an example.
const GUARDS: &[Code] = &[Code::SqlTimeTable];

/// Marks a block of an `xla,sql` fence: checked, then compiled to SQL.
const SQL_MARK: &str = "// xla sql\n";

/// The codes an example produces (for an `xla,sql` block, the checker's
/// and then `xla sql`'s for DuckDB), and whether any of them is an error.
fn check_example(text: &str) -> (Vec<Code>, bool) {
    let sql = text.starts_with(SQL_MARK);
    let text = if text.contains("contract \"") { text.to_string() } else { format!("{PRELUDE}\n{text}") };
    let checked = check_text(&PathBuf::from("contract.xla"), text, &NoFiles);
    let mut codes: Vec<Code> = checked.diagnostics.iter().map(|d| d.code).collect();
    let mut errors = checked.diagnostics.iter().any(|d| d.severity == Severity::Error);
    if let (true, Some(program)) = (sql, &checked.program) {
        let through = Period::of(program.contract.start);
        let options = SqlOptions {
            dialect: Dialect::DuckDb,
            through,
            contract_fingerprint: String::new(),
            data_dir: None,
            local: Vec::new(),
        };
        if let Err(sql_errors) = compile(program, &options) {
            codes.extend(sql_errors.iter().map(|e| e.code));
            errors = true;
        }
    }
    (codes, errors)
}

#[test]
fn every_code_has_a_section_with_its_title() {
    let by_code: HashMap<String, Section> = sections().into_iter().map(|s| (s.code.clone(), s)).collect();
    for code in Code::ALL {
        let section = by_code.get(code.as_str()).unwrap_or_else(|| panic!("{code} has no section"));
        assert_eq!(section.title, code.title(), "the heading of {code} must be `## {code} — {}`", code.title());
    }
}

#[test]
fn every_section_is_a_code_in_order() {
    let listed: Vec<String> = sections().into_iter().map(|s| s.code).collect();
    let known: Vec<String> = Code::ALL.iter().map(|c| c.as_str().to_string()).collect();
    assert_eq!(listed, known, "sections must be exactly the codes of Code::ALL, in order");
}

#[test]
fn examples_produce_their_code_and_fixes_do_not() {
    let mut failures = Vec::new();
    for section in sections() {
        let Some(code) = Code::ALL.iter().copied().find(|c| c.as_str() == section.code) else {
            failures.push(format!("{}: not a diagnostic code", section.code));
            continue;
        };
        if GUARDS.contains(&code) {
            if !section.blocks.is_empty() {
                failures.push(format!("{code}: a guard's section has no example to check"));
            }
            continue;
        }
        let mut blocks = section.blocks.iter();
        match blocks.next() {
            Some(Some(bad)) => {
                let (codes, _) = check_example(bad);
                if !codes.contains(&code) {
                    failures.push(format!("{code}: the example produces {codes:?}, not {code}"));
                }
            }
            _ => failures.push(format!("{code}: the section needs a checked `xla` example first")),
        }
        let fixes: Vec<&String> = blocks.flatten().collect();
        if fixes.is_empty() && section.blocks.len() < 2 {
            failures.push(format!("{code}: the section shows no fix"));
        }
        for fix in fixes {
            let (codes, errors) = check_example(fix);
            if errors || codes.contains(&code) {
                failures.push(format!("{code}: the fix still produces {codes:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
