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

/// A sink that rows can be fed to from several threads: each batch of rows
/// goes to a part of its own, and the parts are merged back (by the caller
/// of [`load_dataset_parallel`](super::load_dataset_parallel)) in the order
/// of the rows they hold.
pub trait ParallelSink: Sync {
    /// What some consecutive rows add up to.
    type Part: Send;

    /// An empty part.
    fn part(&self) -> Self::Part;

    /// Adds one accepted row (cells in the dataset's column order) read
    /// from file `file` to `part`.
    fn row(&self, part: &mut Self::Part, file: usize, row: &[Value]);
}
