//! The syntax layer: text → AST with spans, comments and friendly syntax
//! errors.
//!
//! [`parse`] never fails: a file with syntax errors yields the items that
//! could be read plus one diagnostic per broken item. Recovery works at item
//! granularity: when the whole file does not parse, it is cut before every
//! line that starts (in column 0) with an item keyword, and each piece is
//! parsed on its own. That keeps the rest of a half-typed file useful to the
//! checker and the editor.

pub mod ast;
mod comments;
mod error;
mod expected;
mod literal;
mod lower;
mod parser;
mod recover;
mod slips;

pub use comments::{doc_before, scan as scan_comments};
pub use parser::{Rule, XlaParser};

use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use pest::Parser;
use std::sync::{PoisonError, RwLock};

/// The result of parsing one file.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The items that could be read, and every comment.
    pub ast: ast::File,
    /// Syntax and literal errors.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses the text of one file.
pub fn parse(text: &str, file: FileId) -> Parsed {
    let comments = comments::scan(text, file);
    let mut items = Vec::new();
    let mut unparsed = Vec::new();
    let mut diagnostics = Vec::new();
    let mut parse_piece = |range: std::ops::Range<usize>, report: bool| match parse_fast(&text[range.clone()]) {
        Ok(mut pairs) => {
            let mut lower = lower::Lower::new(file, range.start, text, &comments);
            if let Some(file_pair) = pairs.next() {
                items.extend(lower.items(file_pair.into_inner()));
            }
            diagnostics.extend(lower.diagnostics);
            unparsed.extend(lower.unparsed);
            true
        }
        Err(fast) => {
            if report {
                let error = parse_detailed(&text[range.clone()]).err().unwrap_or(fast);
                diagnostics.push(error::syntax_error(text, file, range.clone(), &error));
                unparsed.extend(recover::unparsed(text, range, file));
            }
            false
        }
    };
    if !parse_piece(0..text.len(), false) {
        for chunk in recover::item_chunks(text) {
            parse_piece(chunk, true);
        }
    }
    Parsed { ast: ast::File { items, comments, unparsed }, diagnostics }
}

/// Pest's "error detail" switch (which records the tokens tried, so that an
/// error can name punctuation such as `)`) is process-wide, read when a
/// parse starts, and costs about a third of the parsing time. It stays off;
/// parses without it share this lock, and a parse that needs the detail of
/// an error takes the lock alone while it turns the switch on.
static ERROR_DETAIL: RwLock<()> = RwLock::new(());

type PestResult<'i> = Result<pest::iterators::Pairs<'i, Rule>, pest::error::Error<Rule>>;

fn parse_fast(input: &str) -> PestResult<'_> {
    let _shared = ERROR_DETAIL.read().unwrap_or_else(PoisonError::into_inner);
    XlaParser::parse(Rule::file, input)
}

fn parse_detailed(input: &str) -> PestResult<'_> {
    let _alone = ERROR_DETAIL.write().unwrap_or_else(PoisonError::into_inner);
    pest::set_error_detail(true);
    let result = XlaParser::parse(Rule::file, input);
    pest::set_error_detail(false);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    const METRIC: &str = "/// Doc.\nmetric a = 1 + 2 // note\nmetric b = a\n";

    #[test]
    fn byte_order_mark_and_crlf_line_ends_are_whitespace() {
        for text in [format!("\u{feff}{METRIC}"), METRIC.replace('\n', "\r\n")] {
            let parsed = parse(&text, FileId(0));
            assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
            assert_eq!(parsed.ast.items.len(), 2);
            assert_eq!(parsed.ast.items[0].doc.as_deref(), Some("Doc."));
        }
    }

    #[test]
    fn a_bad_escape_of_a_wide_character_is_underlined_whole() {
        let text = "contract \"C\" {\n  client \"a\\é\"\n}\n";
        let parsed = parse(text, FileId(0));
        let span = parsed.diagnostics[0].span;
        assert_eq!(&text[span.range()], "\\é");
    }

    #[test]
    fn spans_stop_before_trailing_comments() {
        let parsed = parse(METRIC, FileId(0));
        let ast::ItemKind::Metric(m) = &parsed.ast.items[0].kind else { panic!("a metric") };
        assert_eq!(&METRIC[m.expr.span.range()], "1 + 2");
    }
}
