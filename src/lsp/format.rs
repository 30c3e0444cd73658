//! Formatting: the same layout as `xla fmt`, as one edit of the whole
//! document (none when it is already formatted).

use super::convert;
use super::world::DocView;
use crate::source::Span;
use lsp_types::{OneOf, TextEdit};

/// Whether formatting is offered.
pub const PROVIDER: Option<OneOf<bool, lsp_types::DocumentFormattingOptions>> = Some(OneOf::Left(true));

/// The edits that format the document. A document with syntax errors is
/// left as it is (its diagnostics say why), so that format-on-save never
/// interrupts typing with an error.
pub fn format(view: &DocView) -> Result<Vec<TextEdit>, String> {
    let text = view.text();
    match crate::fmt::format(text) {
        Ok(formatted) if formatted == text => Ok(Vec::new()),
        Ok(formatted) => {
            let whole = Span::new(view.file, 0, text.len());
            Ok(vec![TextEdit { range: convert::range(view.source(), whole), new_text: formatted }])
        }
        Err(diagnostics) => {
            let first = diagnostics.first().map_or(String::new(), |d| format!(": {}", d.message));
            super::server::log(&format!(
                "not formatting {}: it has syntax errors{first}",
                view.source().path.display()
            ));
            Ok(Vec::new())
        }
    }
}
