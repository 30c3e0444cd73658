//! Writing lines of pieces as text: indentation, padding, line breaks of long
//! expressions, blank lines and comments.
//!
//! Comments are put back by position: before a token is written, every
//! comment that came before it in the source is written first. An own-line
//! comment gets a line of its own at the indentation of what follows it; a
//! trailing comment ends the current line, two spaces after its last token.
//! When a comment falls inside a line, the rest of the line continues below:
//! inside an expression just after the innermost open bracket (or under the
//! start of the expression), elsewhere four spaces deeper than the line. A
//! comment right after the last token of a line stays at its end.
//!
//! Blank lines: at most one is kept where the source has one or more before
//! a line of a block or an own-line comment — never at the start of a block,
//! before its `}`, or below a `///` comment (which stays directly above its
//! item).

use super::comments::Comments;
use super::doc::{flat_width, Piece, Tok};
use crate::syntax::ast::Comment;
use std::collections::HashMap;

/// The widest a line of an expression may get before it breaks.
pub const WIDTH: usize = 100;

/// What goes between the previous token and the next one on a line.
#[derive(Clone, Copy)]
enum Sep {
    None,
    Space,
    Pad(usize),
}

/// What to do at a possible line break.
enum Choice {
    /// Nothing to decide: the break would not move anything left.
    Nothing,
    /// Keep going on this line.
    Stay,
    /// Break here; the next line starts at this column.
    Here(usize),
    /// Go back to the passed break with this index, and break there.
    Back(usize, usize),
}

/// A break passed without breaking, and the state of the line there.
struct Passed {
    index: usize,
    mark: usize,
    depth: usize,
    unit: usize,
    newlines: usize,
    out_len: usize,
    col: usize,
    last_end: usize,
    scopes: Vec<usize>,
}

/// The index of the first break at or after `from`, or the end.
fn next_break(pieces: &[Piece], from: usize) -> usize {
    pieces[from..].iter().position(|p| matches!(p, Piece::Break { .. })).map_or(pieces.len(), |n| from + n)
}

/// Output text under construction.
pub struct Writer<'a> {
    comments: Comments<'a>,
    out: String,
    /// Column of the end of the output (characters on the last line).
    col: usize,
    /// Nothing is written on the last line yet.
    line_empty: bool,
    /// Lines ended so far.
    newlines: usize,
    /// Indentation of the block line being written.
    indent: usize,
    /// Where the first token of an empty line goes.
    next_indent: usize,
    /// A token of the current block line has been written.
    in_line: bool,
    /// A comment has broken the current block line: its columns no longer
    /// line up with the other lines, so cells are no longer padded.
    broken: bool,
    /// The current line may be preceded by a blank line.
    blank_ok: bool,
    /// Source end of the last token or comment written.
    last_end: usize,
    /// Nothing written since the start of the file, an item or a block.
    at_start: bool,
    /// The last thing written is a `///` comment.
    after_doc: bool,
    marks: HashMap<usize, usize>,
    scopes: Vec<usize>,
}

impl<'a> Writer<'a> {
    /// A writer for a file with this source and these comments.
    pub fn new(src: &'a str, comments: &'a [Comment]) -> Self {
        Writer {
            comments: Comments::new(src, comments),
            out: String::new(),
            col: 0,
            line_empty: true,
            newlines: 0,
            indent: 0,
            next_indent: 0,
            in_line: false,
            broken: false,
            blank_ok: true,
            last_end: 0,
            at_start: true,
            after_doc: false,
            marks: HashMap::new(),
            scopes: Vec::new(),
        }
    }

    /// Writes one line of a block (or a one-line item) at `indent`. With
    /// `blank_ok`, a blank line of the source above it is kept.
    pub fn line(&mut self, indent: usize, pieces: &[Piece], blank_ok: bool) {
        self.indent = indent;
        self.next_indent = indent;
        self.blank_ok = blank_ok;
        self.in_line = false;
        self.broken = false;
        self.marks.clear();
        self.scopes.clear();
        let mut sep = Sep::None;
        let mut pending_marks = Vec::new();
        let mut passed: Vec<Passed> = Vec::new();
        let mut i = 0;
        while i < pieces.len() {
            match &pieces[i] {
                Piece::Tok(tok) => {
                    self.token(tok, sep, &pending_marks);
                    pending_marks.clear();
                    sep = Sep::None;
                }
                Piece::Space => sep = Sep::Space,
                Piece::Pad(column) => sep = Sep::Pad(*column),
                Piece::Mark(id) => pending_marks.push(*id),
                Piece::Break { mark, depth, unit } => {
                    passed.retain(|p| p.newlines == self.newlines);
                    match self.break_choice(pieces, i, *mark, *depth, &passed) {
                        Choice::Stay => passed.push(self.pass(i, *mark, *depth, *unit)),
                        Choice::Here(column) => {
                            self.break_to(column);
                            passed.clear();
                        }
                        Choice::Back(k, column) => {
                            let back = passed.swap_remove(k);
                            self.out.truncate(back.out_len);
                            self.col = back.col;
                            self.last_end = back.last_end;
                            self.scopes = back.scopes;
                            self.break_to(column);
                            passed.clear();
                            i = back.index;
                        }
                        Choice::Nothing => {}
                    }
                }
                Piece::Open(id) => self.scopes.push(*id),
                Piece::Close => {
                    self.scopes.pop();
                }
            }
            i += 1;
        }
        self.end_line();
    }

    /// Marks the start of a block or item: no blank line is kept before
    /// what comes next.
    pub fn start_block(&mut self) {
        self.at_start = true;
    }

    /// Writes the blank line between two items.
    pub fn item_gap(&mut self) {
        self.out.push('\n');
        self.at_start = true;
    }

    /// Writes the comments that come before byte `pos` as lines of a block
    /// at `indent` (the comments before a closing brace).
    pub fn comments_before(&mut self, pos: usize, indent: usize) {
        self.indent = indent;
        self.next_indent = indent;
        self.in_line = false;
        self.blank_ok = true;
        self.flush_before(pos);
    }

    /// The text, with every remaining comment, ending in exactly one newline
    /// (or empty for a file with nothing in it).
    pub fn finish(mut self) -> String {
        self.comments_before(usize::MAX, 0);
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        self.out
    }

    fn token(&mut self, tok: &Tok, sep: Sep, marks: &[usize]) {
        self.flush_before(tok.start);
        if self.line_empty {
            if !self.in_line {
                self.blank_line_before(tok.start);
            }
            self.push_spaces(self.next_indent);
        } else {
            match sep {
                Sep::None => {}
                Sep::Space => self.push_spaces(1),
                Sep::Pad(_) if self.broken => self.push_spaces(1),
                Sep::Pad(column) => {
                    let target = self.indent + column;
                    self.push_spaces(target.saturating_sub(self.col).max(1));
                }
            }
        }
        for id in marks {
            self.marks.insert(*id, self.col);
        }
        self.push_text(&tok.text);
        self.last_end = tok.end;
        self.in_line = true;
        self.at_start = false;
        self.after_doc = false;
    }

    /// Whether to break the line at the break `pieces[at]`.
    ///
    /// A break is taken when what follows it, up to the next break, would
    /// pass the line width. But first, the breaks passed on this line that
    /// are less deeply nested, and whose operand or `where`/`meeting` part
    /// holds this break, are tried, outermost first: the first whose part
    /// fits whole on a line of its own is taken instead. So
    /// `count(x where a and b)` breaks before `where` rather than before
    /// `and`, while a `where` condition too long for any line fills its lines.
    fn break_choice(&self, pieces: &[Piece], at: usize, mark: usize, depth: usize, passed: &[Passed]) -> Choice {
        let Some(&column) = self.marks.get(&mark) else {
            return Choice::Nothing;
        };
        if self.line_empty || column >= self.col {
            return Choice::Nothing;
        }
        let end = next_break(pieces, at + 1);
        if self.col + flat_width(&pieces[at + 1..end]) <= WIDTH {
            return Choice::Stay;
        }
        let mut earlier: Vec<(usize, &Passed)> = passed
            .iter()
            .enumerate()
            .filter(|(_, p)| p.depth < depth && flat_width(&pieces[p.index + 1..at]) < p.unit)
            .collect();
        earlier.sort_by_key(|(_, p)| (p.depth, p.index));
        for (k, p) in earlier {
            if let Some(&column) = self.marks.get(&p.mark) {
                if column < p.col && column + p.unit <= WIDTH {
                    return Choice::Back(k, column);
                }
            }
        }
        Choice::Here(column)
    }

    /// The state of the line at a break not taken.
    fn pass(&self, index: usize, mark: usize, depth: usize, unit: usize) -> Passed {
        Passed {
            index,
            mark,
            depth,
            unit,
            newlines: self.newlines,
            out_len: self.out.len(),
            col: self.col,
            last_end: self.last_end,
            scopes: self.scopes.clone(),
        }
    }

    /// Ends the line; the next token starts at `column`.
    fn break_to(&mut self, column: usize) {
        self.newline();
        self.next_indent = column;
    }

    /// The column where a line broken inside the current line continues.
    fn continuation(&self) -> usize {
        self.scopes.iter().rev().find_map(|id| self.marks.get(id).copied()).unwrap_or(self.indent + 4)
    }

    fn flush_before(&mut self, pos: usize) {
        while let Some(comment) = self.comments.take_before(pos) {
            self.broken |= self.in_line;
            if self.comments.is_trailing(comment) && !self.line_empty {
                self.trailing(comment);
                self.next_indent = if self.in_line { self.continuation() } else { self.indent };
            } else {
                if !self.line_empty {
                    self.newline();
                }
                let indent = if self.in_line {
                    self.continuation()
                } else {
                    self.blank_line_before(comment.span.start as usize);
                    self.indent
                };
                self.push_spaces(indent);
                self.push_text(&comment.text);
                self.newline();
                self.next_indent = indent;
                self.after_doc = comment.text.starts_with("///");
            }
            self.last_end = comment.span.end as usize;
            self.at_start = false;
        }
    }

    /// Ends the line, keeping a comment that follows its last token.
    fn end_line(&mut self) {
        if !self.line_empty {
            if let Some(comment) = self.comments.take_right_after(self.last_end) {
                self.trailing(comment);
                self.last_end = comment.span.end as usize;
            } else {
                self.newline();
            }
        }
        self.in_line = false;
    }

    /// Writes `comment` at the end of the current line and ends it.
    fn trailing(&mut self, comment: &Comment) {
        self.push_spaces(2);
        self.push_text(&comment.text);
        self.newline();
    }

    fn blank_line_before(&mut self, pos: usize) {
        if self.blank_ok && !self.at_start && !self.after_doc && self.comments.blank_between(self.last_end, pos) {
            self.out.push('\n');
        }
    }

    fn newline(&mut self) {
        self.newlines += 1;
        self.out.push('\n');
        self.col = 0;
        self.line_empty = true;
    }

    fn push_spaces(&mut self, n: usize) {
        self.out.extend(std::iter::repeat_n(' ', n));
        self.col += n;
    }

    fn push_text(&mut self, text: &str) {
        self.out.push_str(text);
        match text.rfind('\n') {
            Some(n) => self.col = text[n + 1..].chars().count(),
            None => self.col += text.chars().count(),
        }
        self.line_empty = false;
    }
}
