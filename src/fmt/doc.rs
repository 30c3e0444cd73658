//! The formatter's intermediate model: what to print, line by line, before
//! columns are aligned and comments are put back.
//!
//! Every token keeps the byte range it had in the source, so the writer can
//! put each comment back between the two tokens it was written between.

/// One token of output, and where it was in the source.
#[derive(Clone, Debug)]
pub struct Tok {
    /// The text to print.
    pub text: String,
    /// Byte offset of the token in the source.
    pub start: usize,
    /// Byte offset one past the token in the source.
    pub end: usize,
}

impl Tok {
    /// Printed width in characters.
    pub fn width(&self) -> usize {
        self.text.chars().count()
    }
}

/// One piece of an output line.
#[derive(Clone, Debug)]
pub enum Piece {
    /// A token.
    Tok(Tok),
    /// One space before the next token (dropped at the start of a line).
    Space,
    /// Spaces up to this column (counted from the line's indentation) before
    /// the next token; at least one. The aligner puts these between cells.
    Pad(usize),
    /// Records, under this id, the column where the next token starts.
    Mark(usize),
    /// The line may break here, continuing at the column of `mark`; `depth`
    /// is how deeply the break is nested in its expression.
    Break {
        /// The mark whose column the next line starts at.
        mark: usize,
        /// 0 for the outermost operator of an expression.
        depth: usize,
        /// Flat width of what the break starts: the operator and its right
        /// operand, or the `where`/`meeting` part.
        unit: usize,
    },
    /// Until the matching `Close`, a line broken by a comment continues at
    /// the column of this mark.
    Open(usize),
    /// Ends the innermost `Open`.
    Close,
}

/// The pieces of one cell of a line.
pub type Cell = Vec<Piece>;

/// Printed width of a run of pieces laid out flat on one line.
pub fn flat_width(pieces: &[Piece]) -> usize {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Tok(t) => t.width(),
            Piece::Space | Piece::Pad(_) => 1,
            Piece::Mark(_) | Piece::Break { .. } | Piece::Open(_) | Piece::Close => 0,
        })
        .sum()
}

/// A line of a block (or a one-line item), split into cells.
#[derive(Clone, Debug)]
pub struct Line {
    /// The cells, printed left to right.
    pub cells: Vec<Cell>,
    /// How many cells are padded to their column's width; the cells after
    /// them follow with one space.
    pub aligned: usize,
    /// Spaces after the widest cell of a column.
    pub gap: usize,
    /// Lines of one block with the same group have their cells aligned.
    pub group: Option<u32>,
}

impl Line {
    /// A line of one cell that aligns with nothing.
    pub fn single(cell: Cell) -> Line {
        Line { cells: vec![cell], aligned: 0, gap: 1, group: None }
    }

    /// A `key value` line of a block, aligned with the block's other fields.
    pub fn field(key: Cell, value: Cell) -> Line {
        Line { cells: vec![key, value], aligned: 1, gap: 1, group: Some(0) }
    }
}

/// `head {` body `}`.
#[derive(Clone, Debug)]
pub struct Block {
    /// The line that opens the block, `{` included.
    pub head: Line,
    /// The lines and nested blocks inside.
    pub body: Vec<Node>,
    /// The closing brace.
    pub close: Tok,
}

/// A line or a block.
#[derive(Clone, Debug)]
pub enum Node {
    /// A line.
    Line(Line),
    /// A block.
    Block(Block),
}

/// Builds a cell from tokens, with one space between them unless a token is
/// pushed `tight`.
#[derive(Default)]
pub struct CellBuf {
    pieces: Cell,
}

impl CellBuf {
    /// An empty cell.
    pub fn new() -> Self {
        CellBuf::default()
    }

    /// Adds a token after one space (none at the start of the cell).
    pub fn tok(&mut self, tok: Tok) -> &mut Self {
        if !self.pieces.is_empty() {
            self.pieces.push(Piece::Space);
        }
        self.pieces.push(Piece::Tok(tok));
        self
    }

    /// Adds a token with no space before it.
    pub fn tight(&mut self, tok: Tok) -> &mut Self {
        self.pieces.push(Piece::Tok(tok));
        self
    }

    /// Adds already-built pieces after one space.
    pub fn pieces(&mut self, pieces: Vec<Piece>) -> &mut Self {
        if !self.pieces.is_empty() {
            self.pieces.push(Piece::Space);
        }
        self.pieces.extend(pieces);
        self
    }

    /// The finished cell.
    pub fn done(&mut self) -> Cell {
        std::mem::take(&mut self.pieces)
    }
}

/// A cell of one token.
pub fn one(tok: Tok) -> Cell {
    vec![Piece::Tok(tok)]
}
