//! Walking the source alongside the AST, to know where every token printed
//! came from.
//!
//! Nodes with a span give their position directly. Keywords and punctuation
//! have no span in the AST; they are found by skipping whitespace and
//! comments from the end of the token before them, which the grammar
//! guarantees to work. Words the grammar accepts in two spellings (`month`
//! and `months`, `row` and `rows`, `day` and `days`) are printed as written.

use super::doc::Tok;
use crate::source::Span;
use crate::syntax::ast::{Comment, LitKind, Literal};

/// A position in the source, moving forward as tokens are taken.
pub struct Cursor<'a> {
    src: &'a str,
    comments: &'a [Comment],
    pos: usize,
    marks: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `src`, whose comments are `comments`.
    pub fn new(src: &'a str, comments: &'a [Comment]) -> Self {
        Cursor { src, comments, pos: 0, marks: 0 }
    }

    /// The token at `span`, printed exactly as written.
    pub fn span(&mut self, span: Span) -> Tok {
        let range = span.range();
        let text = self.src.get(range.clone()).unwrap_or_default().to_string();
        self.take(text, range.start, range.end)
    }

    /// A literal, printed as written with runs of whitespace inside it
    /// (`250000.00   EUR`) collapsed to one space; strings exactly as written.
    pub fn literal(&mut self, lit: &Literal) -> Tok {
        self.literal_at(&lit.kind, lit.span)
    }

    /// The literal `kind` written at `span` (see [`Cursor::literal`]).
    pub fn literal_at(&mut self, kind: &LitKind, span: Span) -> Tok {
        let mut tok = self.span(span);
        if !matches!(kind, LitKind::Text(_)) {
            tok.text = tok.text.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        tok
    }

    /// A token whose text is known, starting at `start` in the source.
    pub fn at(&mut self, start: usize, text: &str) -> Tok {
        self.take(text.to_string(), start, start + text.len())
    }

    /// `text` printed in place of what is written at `span` (for day names,
    /// printed from their value). The span must hold no string literal.
    pub fn instead(&mut self, span: Span, text: String) -> Tok {
        let start = span.start as usize;
        let end = code_end(self.src, start, span.end as usize);
        self.take(text, start, end)
    }

    /// The closing bracket that ends `span`.
    pub fn close(&mut self, span: Span, text: &str) -> Tok {
        self.at((span.end as usize).saturating_sub(text.len()), text)
    }

    /// The keyword or punctuation `text`, the next token in the source.
    pub fn kw(&mut self, text: &str) -> Tok {
        let start = skip_trivia(self.src, self.pos);
        self.at(start, text)
    }

    /// The keyword `text` written just before `span`, with only whitespace
    /// and comments between them. For clauses the grammar lets a column
    /// repeat (`format`, `unit`), where the AST keeps only the last one: the
    /// keyword of the one kept is not necessarily the next in the source.
    pub fn kw_before(&mut self, span: Span, text: &str) -> Tok {
        let mut pos = span.start as usize;
        loop {
            pos = self.src[..pos].trim_end().len();
            let before = self.comments.partition_point(|c| (c.span.start as usize) < pos);
            match before.checked_sub(1).map(|k| &self.comments[k]) {
                Some(comment) if pos <= comment.span.end as usize => {
                    pos = comment.span.start as usize;
                }
                _ => break,
            }
        }
        self.at(pos.saturating_sub(text.len()), text)
    }

    /// The next word in the source, as written (`months` or `month`).
    pub fn word(&mut self) -> Tok {
        let start = skip_trivia(self.src, self.pos);
        let len =
            self.src[start..].find(|c: char| !(c.is_ascii_lowercase() || c == '_')).unwrap_or(self.src.len() - start);
        let text = self.src[start..start + len].to_string();
        self.take(text, start, start + len)
    }

    /// Steps over a trailing comma before a closing bracket, if there is one;
    /// the formatter does not print it.
    pub fn skip_trailing_comma(&mut self) {
        let at = skip_trivia(self.src, self.pos);
        if self.src[at..].starts_with(',') {
            self.pos = at + 1;
        }
    }

    /// A fresh id for a [`super::doc::Piece::Mark`].
    pub fn mark(&mut self) -> usize {
        self.marks += 1;
        self.marks
    }

    fn take(&mut self, text: String, start: usize, end: usize) -> Tok {
        self.pos = end;
        Tok { text, start, end }
    }
}

/// The offset of the first byte at or after `pos` that is neither whitespace
/// nor part of a `//` comment.
pub fn skip_trivia(src: &str, mut pos: usize) -> usize {
    loop {
        let rest = &src[pos.min(src.len())..];
        let trimmed = rest.trim_start();
        pos += rest.len() - trimmed.len();
        if !trimmed.starts_with("//") {
            return pos.min(src.len());
        }
        pos += trimmed.find('\n').unwrap_or(trimmed.len());
    }
}

/// The end of the last byte of code in `start..end`: the spans of rules that
/// end in an optional part reach over the whitespace and comments after
/// them, as pest skips those before trying the optional part.
fn code_end(src: &str, start: usize, end: usize) -> usize {
    let mut pos = start;
    let mut code_end = start;
    loop {
        pos = skip_trivia(src, pos);
        if pos >= end {
            return code_end;
        }
        let run = src[pos..end].find(|c: char| c.is_whitespace() || c == '/').unwrap_or(end - pos);
        pos += run.max(1);
        code_end = pos;
    }
}
