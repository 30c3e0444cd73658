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

pub use comments::{doc_before, scan as scan_comments};
pub use parser::{Rule, XlaParser};

use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use pest::Parser;

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
    // Record attempted tokens so that errors can name punctuation such as `)`.
    pest::set_error_detail(true);
    let comments = comments::scan(text, file);
    let mut items = Vec::new();
    let mut diagnostics = Vec::new();
    let mut parse_piece =
        |range: std::ops::Range<usize>, report: bool| match XlaParser::parse(Rule::file, &text[range.clone()]) {
            Ok(mut pairs) => {
                let mut lower = lower::Lower::new(file, range.start, text, &comments);
                if let Some(file_pair) = pairs.next() {
                    items.extend(lower.items(file_pair.into_inner()));
                }
                diagnostics.extend(lower.diagnostics);
                true
            }
            Err(e) => {
                if report {
                    diagnostics.push(error::syntax_error(text, file, range.start, &e));
                }
                false
            }
        };
    if !parse_piece(0..text.len(), false) {
        for chunk in item_chunks(text) {
            parse_piece(chunk, true);
        }
    }
    Parsed { ast: ast::File { items, comments }, diagnostics }
}

const ITEM_KEYWORDS: &[&str] =
    &["include", "contract", "calendar", "dataset", "metric", "escalation", "sla", "xla", "gain"];

/// Byte ranges of the file, cut before each line that starts with an item keyword.
fn item_chunks(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut starts = vec![0];
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let word_end = line.find(|c: char| !(c.is_ascii_lowercase() || c == '_')).unwrap_or(line.len());
        if offset > 0 && ITEM_KEYWORDS.contains(&&line[..word_end]) {
            starts.push(offset);
        }
        offset += line.len();
    }
    starts.push(text.len());
    starts.windows(2).map(|w| w[0]..w[1]).collect()
}
