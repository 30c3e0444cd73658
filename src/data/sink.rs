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

    /// What one thread reads and writes for every row it adds besides its
    /// part: its own copy of the sink's row logic, and its scratch.
    type Local;

    /// A thread's local state, made on that thread (by
    /// [`load_dataset_parallel`](super::load_dataset_parallel), once per
    /// thread). Blocks the allocator hands one thread can share cache lines
    /// with blocks another thread writes for every row; read for every row
    /// from a shared sink, they cost the cores a line moved between them on
    /// every row (up to 1.8× the CPU, `bench/changes.md`).
    fn local(&self) -> Self::Local;

    /// An empty part.
    fn part(&self) -> Self::Part;

    /// Adds one accepted row (cells in the dataset's column order) read
    /// from file `file` to `part`, with this thread's `local` state.
    fn row(&self, local: &mut Self::Local, part: &mut Self::Part, file: usize, row: &[Value]);

    /// What a thread's `local` state adds up to once the thread has added
    /// its last row, if it keeps states of its own across parts (states
    /// whose merge does not depend on the order of the rows): a part merged
    /// after every other, in no particular order among the threads'.
    fn finish(&self, _local: Self::Local) -> Option<Self::Part> {
        None
    }

    /// What a thread's `local` state keeps across parts, taken out of it as
    /// a part of its own if it has grown large (asked after each batch, and
    /// merged after that batch's part): a bound on what each thread holds.
    fn spill(&self, _local: &mut Self::Local) -> Option<Self::Part> {
        None
    }
}
