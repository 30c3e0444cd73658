//! The semantic difference between two versions of a schedule (issue 16,
//! `xla diff`), in the words a contract lawyer reads.
//!
//! Both versions are compared as checked programs, aspect by aspect
//! ([`describe`] writes each aspect of the IR in one canonical way), so
//! layout and comments are never changes. [`changes`] lists what differs:
//! contract terms, calendars, datasets, the escalation ladder, clauses
//! and gains, each added, removed or changed. [`replay`] settles both
//! versions over the same months of data and sets status and money side
//! by side.
//!
//! The layout, one job per file: `describe` (IR → canonical text),
//! `items` (the aspects compared, item by item), `replay` (the money
//! replay), `render` (the report, in words and as JSON).

pub mod describe;
mod items;
mod render;
mod replay;

pub use items::changes;
pub use render::{human, json};
pub use replay::{replay, ClauseOutcome, ClauseReplay, MonthReplay, Replay, Settled};

use serde::Serialize;

/// What a change is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Subject {
    /// The `contract` item's terms.
    Contract,
    /// A calendar, by name.
    Calendar(String),
    /// A dataset, by name.
    Dataset(String),
    /// The escalation ladder.
    Escalation,
    /// An `sla` or `xla` clause, by id.
    Clause(String),
    /// A gain, by id.
    Gain(String),
}

/// One difference between the old and the new version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What it is about.
    pub subject: Subject,
    /// Which aspect (`target`, `monthly fee`, …); empty when the whole
    /// subject was added or removed.
    pub aspect: String,
    /// The old version's text; `None` when added.
    pub old: Option<String>,
    /// The new version's text; `None` when removed.
    pub new: Option<String>,
}
