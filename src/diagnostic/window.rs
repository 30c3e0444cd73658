//! The part of a source file that miette sees when it draws a snippet.
//!
//! miette finds lines by scanning its source from the first byte, so handing
//! it a whole file costs a scan (and, through `NamedSource`, a copy) of the
//! file per diagnostic: quadratic in a file with many warnings. A [`Window`]
//! hands it only the whole lines around a diagnostic's spans, and shifts
//! offsets and line numbers back, so the drawing is the same and its cost
//! depends on the lines shown, not on the file.

use crate::source::{SourceFile, Span};
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Lines of context kept on each side of the spans: more than the one line
/// miette's graphical handler shows, so that it finds the same lines in the
/// window as in the whole file.
const MARGIN: usize = 2;

/// A copy of a run of whole lines of one file, named after the file.
pub(super) struct Window {
    name: String,
    text: String,
    /// Byte offset of `text` in the file.
    base: usize,
    /// Zero-based line number of the first line of `text`.
    base_line: usize,
}

impl Window {
    /// The lines of `file` that `spans` touch, with [`MARGIN`] lines around.
    pub(super) fn around(file: &SourceFile, spans: impl IntoIterator<Item = Span>) -> Window {
        let (mut first, mut last) = (usize::MAX, 0);
        for span in spans {
            first = first.min(file.line_of(span.start as usize));
            last = last.max(file.line_of(span.end as usize));
        }
        if first > last {
            (first, last) = (0, 0);
        }
        let first = first.saturating_sub(MARGIN);
        let last = (last + MARGIN).min(file.line_count().saturating_sub(1));
        let base = file.line_range(first).start;
        let end = file.line_range(last).end;
        Window {
            name: file.path.display().to_string(),
            text: file.text.get(base..end).unwrap_or("").to_string(),
            base,
            base_line: first,
        }
    }
}

impl SourceCode for Window {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let offset = span.offset().checked_sub(self.base).ok_or(MietteError::OutOfBounds)?;
        let inner =
            self.text.as_str().read_span(&(offset, span.len()).into(), context_lines_before, context_lines_after)?;
        let found = inner.span();
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            (found.offset() + self.base, found.len()).into(),
            inner.line() + self.base_line,
            inner.column(),
            inner.line_count() + self.base_line,
        )))
    }
}
