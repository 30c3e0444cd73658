//! Putting the nodes of a file on the page: one blank line between items,
//! two spaces of indentation per block, `}` alone on its line.

use super::align::Columns;
use super::doc::{Block, Node, Piece};
use super::writer::Writer;

/// Indentation added by each block.
const INDENT: usize = 2;

/// Writes the items of a file, one node each.
pub fn file(writer: &mut Writer, items: &[Node]) {
    let alone = Columns::default();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            writer.item_gap();
        }
        match item {
            Node::Line(line) => writer.line(0, &alone.pieces(line), true),
            Node::Block(block) => self::block(writer, block, 0),
        }
    }
}

fn block(writer: &mut Writer, block: &Block, indent: usize) {
    writer.line(indent, &Columns::default().pieces(&block.head), true);
    writer.start_block();
    let inner = indent + INDENT;
    let columns = Columns::of(&block.body);
    for node in &block.body {
        match node {
            Node::Line(line) => writer.line(inner, &columns.pieces(line), true),
            Node::Block(nested) => self::block(writer, nested, inner),
        }
    }
    writer.comments_before(block.close.start, inner);
    writer.line(indent, &[Piece::Tok(block.close.clone())], false);
}
