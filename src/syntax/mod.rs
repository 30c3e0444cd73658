//! The syntax layer: pest grammar → AST with spans, comments and friendly
//! syntax errors.

pub mod ast;
