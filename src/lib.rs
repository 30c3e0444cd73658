//! `xla`: a declarative language for the service-level and experience-level
//! schedules of IT outsourcing contracts.
//!
//! The pipeline, one module per stage:
//! [`syntax`] (text → AST with spans) → [`check`] (names, types, units →
//! typed [`ir`]) → [`eval`] (data → metric values) → [`settle`] (statuses,
//! money) → [`report`] (the settlement files and explanations). The command
//! line (the `xla` binary) and the language server are thin shells over it.
//!
//! Over the pipeline, for the parties to a contract: [`verify`] (recompute
//! a received settlement and compare), [`diff`] (the substance of an
//! amendment and its money replayed), [`propose`] (targets from history).

pub mod calendar;
pub mod check;
pub mod data;
pub mod diagnostic;
pub mod diff;
pub mod eval;
pub mod fmt;
pub mod ir;
pub mod lsp;
pub mod propose;
pub mod report;
pub mod settle;
pub mod source;
pub mod sql;
pub mod syntax;
pub mod temporary;
pub mod trust;
pub mod value;
pub mod verify;
