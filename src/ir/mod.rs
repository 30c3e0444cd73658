//! The typed intermediate representation: what the checker produces and the
//! evaluator runs. Names are resolved to indices, types and units are known,
//! and every value is validated; nothing here needs checking again.

mod dataset;

pub use dataset::{ColumnKind, DataFormat, Dataset, DatasetColumn, DurationUnit, PeriodBy, UniqueBy};
