//! Aligning the cells of a block's lines into columns.
//!
//! Lines of one block that share a group form a table: each column is as
//! wide as its widest cell, plus the line's gap. Only cells that are followed
//! by another aligned cell count towards a column's width, so a long last
//! cell never pushes the others apart.

use super::doc::{flat_width, Line, Node, Piece};
use std::collections::BTreeMap;

/// The column widths of each group of lines of one block.
#[derive(Default)]
pub struct Columns {
    widths: BTreeMap<u32, Vec<usize>>,
}

impl Columns {
    /// The columns of the lines among `nodes` (nested blocks align on their own).
    pub fn of(nodes: &[Node]) -> Self {
        let mut widths: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for node in nodes {
            let Node::Line(line) = node else { continue };
            let Some(group) = line.group else { continue };
            let columns = widths.entry(group).or_default();
            let counted = line.aligned.min(line.cells.len().saturating_sub(1));
            for (k, cell) in line.cells.iter().enumerate().take(counted) {
                if columns.len() <= k {
                    columns.resize(k + 1, 0);
                }
                columns[k] = columns[k].max(flat_width(cell));
            }
        }
        Columns { widths }
    }

    /// The pieces of `line`, with padding between its aligned cells.
    pub fn pieces(&self, line: &Line) -> Vec<Piece> {
        let widths = line.group.and_then(|g| self.widths.get(&g)).map_or(&[][..], Vec::as_slice);
        let mut out = Vec::new();
        let mut column = 0;
        for (k, cell) in line.cells.iter().enumerate() {
            if k > 0 {
                match widths.get(k - 1) {
                    Some(width) if k <= line.aligned => {
                        column += width + line.gap;
                        out.push(Piece::Pad(column));
                    }
                    _ => out.push(Piece::Space),
                }
            }
            out.extend(cell.iter().cloned());
        }
        out
    }
}
