//! Mutation testing of the parser and checker: contracts from `examples/`
//! (and the UI tests, for variety) with tokens and characters deleted,
//! duplicated, swapped and inserted must never make `check_text` panic, and
//! every diagnostic must point inside its file, on character boundaries.
//!
//! 256 cases by default; hunt for more with `PROPTEST_CASES=5000 cargo test
//! --test mutations`.

use proptest::prelude::*;
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use xla::check::{check_text, normalize, Checked, FileSystem};
use xla::diagnostic::{render_github, render_human, render_json};
use xla::source::Span;

/// The files of the corpus, by normalised relative path, so that includes
/// and holiday files of a mutated contract still resolve.
struct Corpus {
    files: HashMap<PathBuf, String>,
    roots: Vec<PathBuf>,
}

impl FileSystem for Corpus {
    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        self.files.get(&normalize(path)).cloned().ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
    }
}

/// The corpus, read once for all cases.
fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(read_corpus)
}

fn read_corpus() -> Corpus {
    let mut files = HashMap::new();
    let mut roots = Vec::new();
    for pattern in ["examples/**/*.xla", "examples/**/*.toml", "tests/ui/**/*.xla", "tests/ui/**/*.toml"] {
        for path in glob::glob(pattern).expect("valid glob").flatten() {
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            let is_root = path.extension().is_some_and(|e| e == "xla") && !path.starts_with("tests/ui/aux");
            if is_root {
                roots.push(path.clone());
            }
            files.insert(normalize(&path), text);
        }
    }
    roots.sort();
    assert!(roots.iter().any(|r| r.starts_with("examples")), "no examples/**/*.xla found");
    Corpus { files, roots }
}

/// Words worth inserting: keywords, reserved words, functions, units.
const WORDS: &[&str] = &[
    "contract",
    "calendar",
    "dataset",
    "metric",
    "escalation",
    "sla",
    "xla",
    "gain",
    "include",
    "from",
    "csv",
    "jsonl",
    "period",
    "by",
    "to",
    "target",
    "minimum",
    "allocation",
    "credit",
    "bonus",
    "below",
    "above",
    "baseline",
    "first",
    "months",
    "reviewed",
    "every",
    "ratchet",
    "when",
    "missed",
    "failed",
    "met",
    "consecutive",
    "escalate",
    "level",
    "chronic",
    "failure",
    "earnback",
    "after",
    "within",
    "business",
    "days",
    "and",
    "or",
    "not",
    "in",
    "of",
    "where",
    "meeting",
    "true",
    "false",
    "none",
    "count",
    "percent",
    "mean",
    "baseline(",
    "scheduled(",
    "business_time(",
    "text",
    "timestamp?",
    "duration",
    "unit",
    "format",
    "EUR",
    "USD",
    "95%",
    "4h",
    "1h30m",
    "2026-02-30",
    "24:00",
    "99:99",
    "-1",
    "0",
    "1e9",
    "9999999999999999999999999999",
    "100.00 EUR",
    "55.00 EUR/h",
    "\"",
    "\"\\u{",
    "\\",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    "=",
    "==",
    ">=",
    "<",
    "+",
    "-",
    "*",
    "/",
    "?",
    "%",
    "//",
    "///",
    "\n",
    "é",
    "€",
    "😀",
];

/// Characters worth inserting, including multi-byte ones.
const CHARS: &[char] = &[
    '"', '\\', '{', '}', '(', ')', '[', ']', '%', '-', ':', '/', '\n', '\t', ' ', '0', '9', '.', '_', 'a', 'Z', 'é',
    '€', '😀', '\u{0}', '\u{feff}',
];

/// One edit of the text; the numbers pick positions and replacements.
#[derive(Clone, Debug)]
enum Mutation {
    DeleteToken(usize),
    DuplicateToken(usize),
    SwapTokens(usize, usize),
    ReplaceToken(usize, usize),
    InsertWord(usize, usize),
    DeleteChar(usize),
    DuplicateChar(usize),
    SwapChars(usize),
    InsertChar(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let n = any::<usize>();
    prop_oneof![
        n.prop_map(Mutation::DeleteToken),
        n.prop_map(Mutation::DuplicateToken),
        (n, n).prop_map(|(a, b)| Mutation::SwapTokens(a, b)),
        (n, n).prop_map(|(a, b)| Mutation::ReplaceToken(a, b)),
        (n, n).prop_map(|(a, b)| Mutation::InsertWord(a, b)),
        n.prop_map(Mutation::DeleteChar),
        n.prop_map(Mutation::DuplicateChar),
        n.prop_map(Mutation::SwapChars),
        (n, n).prop_map(|(a, b)| Mutation::InsertChar(a, b)),
    ]
}

/// The text cut into tokens: runs of word characters, runs of whitespace,
/// strings, and single other characters. Joining them gives the text back.
fn tokens(text: &str) -> Vec<String> {
    let word = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | '%');
    let mut out: Vec<String> = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let mut token = c.to_string();
        if c == '"' {
            while let Some(&n) = chars.peek() {
                token.push(n);
                chars.next();
                if n == '"' || n == '\n' {
                    break;
                }
            }
        } else if word(c) || c.is_whitespace() {
            while let Some(&n) = chars.peek().filter(|&&n| word(n) == word(c) && n.is_whitespace() == c.is_whitespace())
            {
                token.push(n);
                chars.next();
            }
        }
        out.push(token);
    }
    out
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut toks = tokens(text);
    let mut chars: Vec<char> = text.chars().collect();
    let (nt, nc) = (toks.len().max(1), chars.len().max(1));
    match *m {
        Mutation::DeleteToken(i) if !toks.is_empty() => {
            toks.remove(i % nt);
        }
        Mutation::DuplicateToken(i) if !toks.is_empty() => {
            let t = toks[i % nt].clone();
            toks.insert(i % nt, t);
        }
        Mutation::SwapTokens(a, b) if !toks.is_empty() => toks.swap(a % nt, b % nt),
        Mutation::ReplaceToken(i, w) if !toks.is_empty() => toks[i % nt] = WORDS[w % WORDS.len()].to_string(),
        Mutation::InsertWord(i, w) => toks.insert(i % (toks.len() + 1), format!(" {} ", WORDS[w % WORDS.len()])),
        Mutation::DeleteChar(i) if !chars.is_empty() => {
            chars.remove(i % nc);
            return chars.into_iter().collect();
        }
        Mutation::DuplicateChar(i) if !chars.is_empty() => {
            chars.insert(i % nc, chars[i % nc]);
            return chars.into_iter().collect();
        }
        Mutation::SwapChars(i) if chars.len() > 1 => {
            let i = i % (chars.len() - 1);
            chars.swap(i, i + 1);
            return chars.into_iter().collect();
        }
        Mutation::InsertChar(i, c) => {
            chars.insert(i % (chars.len() + 1), CHARS[c % CHARS.len()]);
            return chars.into_iter().collect();
        }
        _ => {}
    }
    toks.concat()
}

/// Why a span does not fit the text of its file, if it does not.
fn bad_span(checked: &Checked, span: Span) -> Option<String> {
    let file = checked.sources.iter().find(|(id, _)| *id == span.file).map(|(_, f)| f)?;
    let (start, end, text) = (span.start as usize, span.end as usize, &file.text);
    if start > end || end > text.len() {
        return Some(format!("{start}..{end} outside {} bytes of {}", text.len(), file.path.display()));
    }
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Some(format!("{start}..{end} not on character boundaries in {}", file.path.display()));
    }
    None
}

/// Checks every span of every diagnostic, and that each renders.
fn spans_fit(checked: &Checked) -> Result<(), String> {
    for d in &checked.diagnostics {
        if !checked.sources.iter().any(|(id, _)| id == d.span.file) {
            return Err(format!("{}: span in an unknown file", d.code));
        }
        let spans = std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span)).chain(d.fix.iter().map(|f| f.span));
        for span in spans {
            if let Some(why) = bad_span(checked, span) {
                return Err(format!("{} `{}`: {why}", d.code, d.message));
            }
        }
        render_human(d, &checked.sources, false);
        render_json(d, &checked.sources);
        render_github(d, &checked.sources);
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn mutated_contracts_never_panic_and_spans_fit(
        root in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..5),
    ) {
        let corpus = corpus();
        let path = &corpus.roots[root % corpus.roots.len()];
        let mut text = corpus.files[&normalize(path)].clone();
        for m in &mutations {
            text = apply(&text, m);
        }
        let checked = check_text(path, text, corpus);
        prop_assert!(spans_fit(&checked).is_ok(), "{}", spans_fit(&checked).unwrap_err());
    }
}

#[test]
fn tokens_give_the_text_back() {
    let text = "metric p1 = percent(tickets where priority == \"P1\" meeting x <= 4h) // é\n";
    assert_eq!(tokens(text).concat(), text);
    assert!(tokens(text).contains(&"\"P1\"".to_string()));
}

/// Found while hunting: a band of an enormous percentage of an enormous fee
/// overflowed a decimal in the monotonicity check and panicked.
#[test]
fn numbers_at_the_limit_of_a_decimal_do_not_panic() {
    let max = "79228162514264337593543950335";
    let text = format!(
        r#"contract "Huge" {{
  client "Acme Corp"  provider "Northwind"  start 2026-01-01  end 2026-12-31
  timezone "Europe/London"  currency EUR  monthly_fee {max} EUR  at_risk 10%  pool {max}%
}}
dataset tickets from csv "tickets.csv" {{
  opened timestamp = "opened_at"  resolved timestamp? = "resolved_at"  period by opened
}}
metric fixed = percent(tickets meeting resolved - opened <= 8h)
metric big = count(tickets) * {max} * {max}
sla a "A" {{
  metric fixed  target >= 95%
  credit {{ below 95% : {max}% of monthly_fee  below 90% : {max}% of monthly_fee }}
}}
sla b "B" {{ metric fixed  target >= 95%  allocation {max}% }}
sla c "C" {{ metric fixed  target >= 95%  allocation {max}% }}
xla d "D" {{ metric big  target <= {max}  allocation 1% }}
"#
    );
    let checked = check_text(Path::new("huge.xla"), text, corpus());
    let codes: Vec<&str> = checked.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["XLA0304"], "the allocations overflow, so they are over the pool");
    assert!(spans_fit(&checked).is_ok());
}

/// Found while hunting: a sum of 20,000 terms or 3,000 minus signs built a
/// tree so deep that checking (and dropping) it overflowed the stack and
/// aborted the process. Deep expressions are now syntax errors.
#[test]
fn deeply_nested_expressions_are_errors_not_stack_overflows() {
    let base = std::fs::read_to_string("tests/ui/clean-minimal.xla").expect("UI file");
    let deep = [
        vec!["p1_fixed"; 20_000].join(" + "),
        format!("{}p1_fixed", "- ".repeat(3_000)),
        format!("{}p1_fixed{}", "(".repeat(3_000), ")".repeat(3_000)),
        format!("count(tickets where {}opened == opened{})", "(".repeat(500), ")".repeat(500)),
    ];
    for expr in deep {
        let text = format!("{base}\nmetric deep = {expr}\n");
        let checked = check_text(Path::new("deep.xla"), text, corpus());
        let codes: Vec<&str> = checked.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["XLA0001"], "{}…", &expr[..40]);
        assert!(spans_fit(&checked).is_ok());
    }
    // A flat chain is one level of nesting however long it is (issue 9.4:
    // 65 terms were "nested 65 deep"); 500 operands fit the tree's limit,
    // and checking, formatting and dropping them stays inside a test
    // thread's stack.
    for terms in [60, 65, 500] {
        let long_but_fine = format!("{base}\nmetric sum = {}\n", vec!["p1_fixed"; terms].join(" + "));
        let formatted = xla::fmt::format(&long_but_fine).expect("it parses");
        let checked = check_text(Path::new("fine.xla"), long_but_fine, corpus());
        let codes: Vec<&str> = checked.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["XLA1001"], "{terms} terms are fine (the metric is merely unused)");
        assert_eq!(xla::fmt::format(&formatted).as_ref(), Ok(&formatted), "{terms} terms format idempotently");
    }
    let nested = format!("{base}\nmetric n = {}p1_fixed{}\n", "(p1_fixed + ".repeat(30), ")".repeat(30));
    let codes: Vec<String> = check_text(Path::new("nested.xla"), nested, corpus())
        .diagnostics
        .iter()
        .map(|d| d.code.as_str().to_string())
        .collect();
    assert_eq!(codes, ["XLA1001"], "30 brackets, each around a chain: 60 levels");
}
