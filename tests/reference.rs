//! `docs/reference.md` is complete and right: every keyword of the grammar
//! (read from `grammar/xla.pest`, so keywords added later are demanded too)
//! appears in its code, and every `xla` example in it checks without
//! errors and is laid out as `xla fmt` would. The first example is the
//! running contract; the others are checked appended to it, unless they
//! hold a `contract` of their own.
//!
//! `docs/quick-start.md` is followed as written: its export, contract and
//! commands are run, and the summary it shows is what `xla settle` prints.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use xla::check::{check_text, FileSystem};
use xla::diagnostic::render_human;

const REFERENCE: &str = include_str!("../docs/reference.md");
const QUICK_START: &str = include_str!("../docs/quick-start.md");
const GRAMMAR: &str = include_str!("../grammar/xla.pest");

/// The fenced blocks of a Markdown page: (info string, body).
fn blocks(page: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = page.lines();
    while let Some(line) = lines.next() {
        if let Some(info) = line.strip_prefix("```") {
            let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
            out.push((info.to_string(), body.join("\n") + "\n"));
        }
    }
    out
}

/// The words of the page's code: inline code spans and fenced blocks.
fn code_words(page: &str) -> BTreeSet<String> {
    let mut code = String::new();
    for (_, body) in blocks(page) {
        code.push_str(&body);
    }
    let mut in_fence = false;
    for line in page.lines() {
        if line.starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence {
            code.extend(line.split('`').skip(1).step_by(2).flat_map(|span| [span, " "]));
        }
    }
    code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).map(str::to_string).collect()
}

/// Every word the grammar spells out in a keyword rule (`kw_…`), in the
/// reserved words, the weekdays, and the `true`/`false`/`none` literals.
fn grammar_keywords(grammar: &str) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for line in grammar.lines() {
        let rule = line.split_whitespace().next().unwrap_or_default();
        let spelled = rule.starts_with("kw_") || matches!(rule, "reserved" | "weekday" | "bool" | "none");
        let reserved_body = line.trim_start().starts_with("(\"and\"");
        if spelled || reserved_body {
            let quoted = line.split('"').skip(1).step_by(2);
            words.extend(
                quoted
                    .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
                    .map(str::to_string),
            );
        }
    }
    words
}

#[test]
fn every_grammar_keyword_is_in_the_reference() {
    let keywords = grammar_keywords(GRAMMAR);
    assert!(keywords.len() > 70, "too few keywords read from the grammar: {keywords:?}");
    for word in ["include", "consecutive", "rows", "row", "mon", "none", "meeting"] {
        assert!(keywords.contains(word), "{word} not read from the grammar");
    }
    let documented = code_words(REFERENCE);
    let missing: Vec<&String> = keywords.iter().filter(|k| !documented.contains(*k)).collect();
    assert!(missing.is_empty(), "keywords of grammar/xla.pest not in docs/reference.md: {missing:?}");
}

#[test]
fn a_keyword_another_branch_adds_is_demanded_too() {
    let grammar = format!("{GRAMMAR}\nkw_sheet       = @{{ \"sheet\" ~ !ident_char }}\n");
    assert!(grammar_keywords(&grammar).contains("sheet"));
}

/// Included files and holiday lists the examples name: a holidays file
/// with one day, an empty `.xla` file.
struct ExampleFiles;

impl FileSystem for ExampleFiles {
    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        match path.extension().and_then(|e| e.to_str()) {
            Some("toml") => Ok("[[holiday]]\ndate = 2026-12-25\nname = \"Christmas Day\"\n".to_string()),
            Some("xla") => Ok(String::new()),
            _ => Err(io::Error::new(io::ErrorKind::NotFound, format!("{} is not part of the example", path.display()))),
        }
    }
}

/// The errors `text` has, rendered.
fn errors(text: String) -> Vec<String> {
    let checked = check_text(&PathBuf::from("contract.xla"), text, &ExampleFiles);
    checked.diagnostics.iter().filter(|d| d.is_error()).map(|d| render_human(d, &checked.sources, false)).collect()
}

#[test]
fn every_reference_example_checks() {
    let examples: Vec<String> =
        blocks(REFERENCE).into_iter().filter(|(info, _)| info == "xla").map(|(_, b)| b).collect();
    assert!(examples.len() >= 20, "only {} examples", examples.len());
    let running = &examples[0];
    let mut failures = Vec::new();
    for (i, example) in examples.iter().enumerate() {
        let text =
            if i == 0 || example.contains("contract \"") { example.clone() } else { format!("{running}\n{example}") };
        for e in errors(text) {
            failures.push(format!("example {i}:\n{example}\n{e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A newcomer copies the examples: they are in the layout `xla fmt` gives.
#[test]
fn every_reference_example_is_formatted() {
    for (info, example) in blocks(REFERENCE) {
        if info == "xla" {
            assert_eq!(xla::fmt::format(&example).ok().as_deref(), Some(example.as_str()), "not formatted:\n{example}");
        }
    }
}

#[test]
fn every_status_action_and_function_has_an_entry() {
    let documented = code_words(REFERENCE);
    let names = [
        "not_started",
        "baselining",
        "not_measured",
        "met",
        "missed",
        "failed",
        "escalate",
        "chronic",
        "count",
        "percent",
        "sum",
        "mean",
        "median",
        "min",
        "max",
        "percentile",
        "distinct",
        "business_time",
        "overlap",
        "coalesce",
        "lower",
        "contains",
        "date",
        "hour",
        "weekday",
        "scheduled",
        "clamp",
        "baseline",
        "text",
        "number",
        "bool",
        "timestamp",
        "duration",
        "csv",
        "jsonl",
        "xlsx",
        "table",
        "always",
        "client",
        "provider",
        "start",
        "end",
        "currency",
        "at_risk",
        "annual_cap",
        "pool",
        "gain_cap",
    ];
    let missing: Vec<&&str> = names.iter().filter(|n| !documented.contains(**n)).collect();
    assert!(missing.is_empty(), "not in docs/reference.md: {missing:?}");
    for function in xla::lsp::builtins::FUNCTIONS {
        assert!(REFERENCE.contains(&format!("`{}(", function.name)), "function {} has no entry", function.name);
    }
}

#[test]
fn the_quick_start_runs_as_written() {
    let blocks = blocks(QUICK_START);
    let body = |info: &str| {
        let found = blocks.iter().find(|(i, _)| i == info).map(|(_, b)| b.clone());
        found.unwrap_or_else(|| panic!("docs/quick-start.md has no ```{info} block"))
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/tickets.csv"), body("csv")).unwrap();
    let contract = blocks.iter().rev().find(|(i, b)| i == "xla" && b.contains("contract \"")).map(|(_, b)| b.clone());
    std::fs::write(dir.path().join("contract.xla"), contract.expect("a complete contract")).unwrap();
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_xla")).args(args).current_dir(dir.path()).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "xla {args:?}: {}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    run(&["check", "contract.xla", "--deny-warnings"]);
    run(&["fmt", "--check", "contract.xla"]);
    let summary = run(&["settle", "contract.xla", "--data", "data", "--period", "2026-03"]);
    let shown = body("text");
    for line in shown.lines().filter(|l| !l.trim().is_empty()) {
        assert!(summary.contains(line), "the quick start shows {line:?}, settle printed:\n{summary}");
    }
    let explained = run(&["explain", "contract.xla", "--data", "data", "--period", "2026-03", "p1"]);
    assert!(explained.contains("meeting: 3; not meeting: 1"), "{explained}");
}
