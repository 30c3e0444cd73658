//! The pest parser generated from `grammar/xla.pest`.

/// The parser for `.xla` files; its rules are the grammar's.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/xla.pest"]
pub struct XlaParser;
