//! The language server for `.xla` files.
