//! The language server: `xla lsp` (and the `xla-lsp` binary) on stdio.
//!
//! A small explicit main loop over `lsp-server` channels, in the manner of
//! rust-analyzer's: it reads every message waiting, applies cancellations,
//! handles the rest in order, then re-checks and publishes diagnostics once
//! for the whole batch. Every request runs under `catch_unwind`, so a bug
//! answers one request with an error instead of ending the session.
//!
//! Nothing here re-implements a check: diagnostics, names, types and
//! references all come from [`crate::check::check_text`] (see [`world`]);
//! the server only translates them into the protocol's terms. The one piece
//! of its own is a forgiving tokenizer ([`lexer`]) for the context of a
//! completion and for semantic tokens, which must work on text that does
//! not parse.

mod actions;
pub mod builtins;
mod completion;
pub mod convert;
mod diagnostics;
mod format;
pub mod framing;
mod history;
mod hover;
pub mod lexer;
mod model;
mod navigation;
mod semantic;
mod server;
mod settled;
mod symbols;
pub mod world;

pub use server::{run, run_stdio};
