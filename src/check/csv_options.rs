//! The values of a CSV dataset's `delimiter`, `decimal` and `encoding` (§5 v2).

use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::ir::TextEncoding;
use crate::syntax::ast::StrLit;

/// The encodings `encoding` accepts, as written, and what each reads as.
const ENCODINGS: [(&str, TextEncoding); 4] = [
    ("utf-8", TextEncoding::Utf8),
    ("windows-1252", TextEncoding::Windows1252),
    ("latin1", TextEncoding::Windows1252),
    ("utf-16", TextEncoding::Utf16),
];

/// The byte of a `delimiter`: one ASCII character that is not a quote or a line end.
pub(super) fn delimiter(value: &StrLit) -> Result<u8, Box<Diagnostic>> {
    match value.value.as_bytes() {
        [b] if b.is_ascii() && !matches!(b, b'"' | b'\n' | b'\r') => Ok(*b),
        _ => Err(Box::new(Diagnostic::new(
            Code::Delimiter,
            value.span,
            format!("{:?} cannot separate CSV fields", value.value),
        )
        .with_label("not one ASCII character other than a quote or a line end")
        .with_help("give the one character between fields: `delimiter \";\"`, or `delimiter \"\\t\"` for tab-separated files"))),
    }
}

/// Whether `decimal` says a decimal comma.
pub(super) fn decimal_comma(value: &StrLit) -> Result<bool, Box<Diagnostic>> {
    match value.value.as_str() {
        "," => Ok(true),
        "." => Ok(false),
        other => Err(Box::new(
            Diagnostic::new(Code::DecimalMark, value.span, format!("{other:?} is not a decimal mark"))
                .with_label("not `\",\"` or `\".\"`")
                .with_help("write `decimal \",\"` when the files write `99,5`; grouping separators are never accepted"),
        )),
    }
}

/// The encoding `encoding` names (compared without regard to case).
pub(super) fn encoding(value: &StrLit) -> Result<TextEncoding, Box<Diagnostic>> {
    let wanted = value.value.to_ascii_lowercase();
    if let Some((_, encoding)) = ENCODINGS.iter().find(|(name, _)| *name == wanted) {
        return Ok(*encoding);
    }
    let names = ENCODINGS.map(|(name, _)| name);
    let mut d =
        Diagnostic::new(Code::UnknownEncoding, value.span, format!("{:?} is not an encoding xla reads", value.value))
            .with_label("unknown encoding")
            .with_help(format!("use one of {}", names.map(|n| format!("\"{n}\"")).join(", ")));
    if let Some(best) = did_you_mean(&wanted, names) {
        d = d.with_fix(format!("\"{best}\""));
    }
    Err(Box::new(d))
}
