//! The language server for `.xla` files.
//!
//! The server lives in the `xla` library ([`xla::lsp`]) so that the one
//! `xla` binary can serve it as `xla lsp`; this crate builds the same server
//! as the stand-alone `xla-lsp` binary and holds its integration tests,
//! benchmark and editor extensions (`editors/`).

pub use xla::lsp::{run, run_stdio};
