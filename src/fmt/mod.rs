//! The formatter: one canonical layout for `.xla` files.
//!
//! [`format()`] parses a file and prints it again from its AST, keeping every
//! comment. The layout (see LANGUAGE.md §2):
//!
//! - items are separated by exactly one blank line; blocks indent by two
//!   spaces, `{` ends the item's line and `}` stands alone; the file ends
//!   with one newline and no line has trailing whitespace;
//! - the one-value fields of a block (contract fields, calendar lines,
//!   clause and gain fields) align their values one space after the longest
//!   keyword; dataset columns align as a table; escalation levels align
//!   their roles and `within`; bands align on the `:`; consecutive `when`
//!   rules align their actions three spaces after the longest condition;
//! - literals are printed as written, with runs of whitespace inside them
//!   collapsed to one space; strings exactly as written; expressions with
//!   single spaces around binary operators and the parentheses of the
//!   source, no more and no fewer; an expression that does not fit in 100
//!   columns breaks before `where`, `meeting` or an operator, or after a
//!   comma between arguments (see `expr.rs` and `writer.rs`);
//! - comments stay where they were relative to the tokens around them: an
//!   own-line comment on its own line before what follows it, a trailing one
//!   at the end of the line of the token before it, two spaces after it,
//!   and aligned with the trailing comments of the neighbouring lines of the
//!   same indentation (as gofmt does);
//!   `///` doc comments directly above their item;
//! - one blank line that the user left between the lines of a block (or
//!   before an own-line comment) is kept; more are folded into one.
//!
//! The output parses to the same AST as the input (spans aside), and
//! formatting it again changes nothing.

mod align;
mod clause;
mod comments;
mod cursor;
mod dataset;
mod doc;
mod expr;
mod items;
mod layout;
mod trailing;
mod writer;

use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use crate::syntax::parse;

/// Formats the text of one `.xla` file in the canonical layout. A file with
/// syntax errors is not formatted: its diagnostics are returned instead.
pub fn format(text: &str) -> Result<String, Vec<Diagnostic>> {
    let parsed = parse(text, FileId(0));
    if !parsed.diagnostics.is_empty() {
        return Err(parsed.diagnostics);
    }
    let nodes = items::nodes(text, &parsed.ast.comments, &parsed.ast.items);
    let mut writer = writer::Writer::new(text, &parsed.ast.comments);
    layout::file(&mut writer, &nodes);
    Ok(trailing::align(&writer.finish()))
}
