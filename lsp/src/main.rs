//! `xla-lsp`: the language server on stdio.

fn main() {}
