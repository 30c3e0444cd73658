//! Syntax errors in plain words.

use super::comments::comment_start;
use super::expected::describe;
use super::parser::Rule;
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::source::{FileId, Span};
use pest::error::{ErrorVariant, InputLocation};

const RESERVED: &[&str] = &["and", "or", "not", "in", "of", "where", "meeting", "true", "false", "none"];

/// Converts a pest error on the text that starts at `base` of the file
/// into a diagnostic that names what was expected, after what, and what was
/// found instead.
pub fn syntax_error(text: &str, file: FileId, base: usize, error: &pest::error::Error<Rule>) -> Diagnostic {
    let pos = base
        + match error.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        };
    let positives: Vec<Rule> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let found = token_at(text, pos);
    let span = Span::new(file, pos, pos + found.len());
    let found_words = if found.is_empty() { "the end of the file".to_string() } else { format!("`{found}`") };
    let wants_name = positives.contains(&Rule::ident);
    let after = previous_token(text, pos).map(|t| format!(" after `{t}`")).unwrap_or_default();

    if wants_name && RESERVED.contains(&found) {
        return Diagnostic::new(
            Code::ReservedWord,
            span,
            format!("`{found}` is a reserved word and cannot be used as a name"),
        )
        .with_label("reserved word")
        .with_help(format!(
            "choose another name, such as `{found}_value`; the reserved words are {}",
            RESERVED.join(", ")
        ));
    }

    let tokens: Vec<String> = error
        .parse_attempts()
        .map(|a| a.expected_tokens())
        .unwrap_or_default()
        .iter()
        .map(ToString::to_string)
        .collect();
    let expected = describe(&positives, &tokens);
    let label = if expected.len() <= 40 { format!("expected {expected}") } else { "not expected here".to_string() };
    let mut diagnostic =
        Diagnostic::new(Code::Syntax, span, format!("expected {expected}{after}, found {found_words}"))
            .with_label(label);
    let closer = ["}", ")", "]"].into_iter().find(|c| tokens.iter().any(|t| t == c));

    if wants_name && found.starts_with(|c: char| c.is_ascii_uppercase()) {
        let lower = found.to_ascii_lowercase();
        diagnostic = diagnostic.with_help(format!("names are written in lower case: `{lower}`")).with_fix(lower);
    } else if found.starts_with(|c: char| c.is_ascii_lowercase()) {
        let keywords: Vec<String> =
            positives.iter().filter_map(|r| format!("{r:?}").strip_prefix("kw_").map(str::to_string)).collect();
        if let Some(best) = did_you_mean(found, keywords.iter().map(String::as_str)) {
            diagnostic = diagnostic.with_help(format!("did you mean `{best}`?")).with_fix(best.to_string());
        }
    } else if let Some(closer) = closer {
        diagnostic = diagnostic.with_help(format!("is a closing `{closer}` missing?"));
    } else if found.is_empty() {
        diagnostic = diagnostic.with_help("the file ends too early: is a closing `}` or `\"` missing?");
    }
    diagnostic
}

/// The token starting at `pos`: a word, a number with its unit, a string, or
/// one character; empty at the end of the text.
fn token_at(text: &str, pos: usize) -> &str {
    let rest = text.get(pos..).unwrap_or("");
    let Some(first) = rest.chars().next() else {
        return "";
    };
    let end = if first == '"' {
        rest[1..].find(['"', '\n']).map_or(rest.len(), |i| i + 2)
    } else if is_word(first) {
        rest.find(|c: char| !is_word(c)).unwrap_or(rest.len())
    } else {
        first.len_utf8()
    };
    &rest[..end.min(rest.len())]
}

/// The last token before `pos`, skipping whitespace and comments.
fn previous_token(text: &str, pos: usize) -> Option<&str> {
    let mut before = text.get(..pos)?;
    loop {
        before = before.trim_end();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        match comment_start(&before[line_start..]) {
            Some(c) => before = &before[..line_start + c],
            None => break,
        }
    }
    let last = before.chars().next_back()?;
    let start = if last == '"' {
        before[..before.len() - 1].rfind('"').unwrap_or(before.len() - 1)
    } else if is_word(last) {
        before.rfind(|c: char| !is_word(c)).map_or(0, |i| i + 1)
    } else {
        before.len() - last.len_utf8()
    };
    let token = &before[start..];
    (token.chars().count() <= 40).then_some(token)
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '%' | '.')
}
