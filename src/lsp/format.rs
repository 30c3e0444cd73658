//! Formatting: the same layout as `xla fmt`.

use super::world::DocView;
use lsp_types::{OneOf, TextEdit};

/// Whether formatting is offered.
pub const PROVIDER: Option<OneOf<bool, lsp_types::DocumentFormattingOptions>> = None;

/// The edits that format the document.
pub fn format(_view: &DocView) -> Result<Vec<TextEdit>, String> {
    Err("formatting is not available in this build".to_string())
}
