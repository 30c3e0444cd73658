//! Where loaded rows go.

use crate::value::Value;

/// Receives the accepted rows of a dataset as they are loaded.
pub trait RowSink {
    /// One accepted row; cells in the dataset's column order. `file` is the
    /// index of the file it came from in [`LoadReport::files`](super::LoadReport::files).
    fn row(&mut self, file: usize, row: &[Value]);

    /// Bytes read so far across the dataset's files (for a progress bar).
    fn progress(&mut self, _bytes: u64) {}
}
