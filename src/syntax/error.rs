//! Syntax errors in plain words.

use super::comments::comment_start;
use super::expected::describe;
use super::parser::Rule;
use super::slips::{self, Place, Token};
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::source::{FileId, Span};
use pest::error::{ErrorVariant, InputLocation};
use std::ops::Range;

const RESERVED: &[&str] = &["and", "or", "not", "in", "of", "where", "meeting", "true", "false", "none"];

/// Converts a pest error on the piece `chunk` of the file into a diagnostic
/// that names what was expected, after what, and what was found instead.
pub fn syntax_error(text: &str, file: FileId, chunk: Range<usize>, error: &pest::error::Error<Rule>) -> Diagnostic {
    let (pos, positives) = position_and_rules(chunk.start, error);
    let found = Token { start: pos, text: token_at(text, pos) };
    if let ErrorVariant::CustomError { message } = &error.variant {
        // Pest's guards: the text nests deeper than the stack allows.
        return Diagnostic::new(
            Code::Syntax,
            found.span(file),
            format!("this nests too deeply to be read ({message})"),
        )
        .with_label("too deep")
        .with_help("split the expression into several metrics, each built on the ones before");
    }
    let previous = previous_token(text, pos);
    let found_words =
        if found.text.is_empty() { "the end of the file".to_string() } else { format!("`{}`", found.text) };
    let wants_name = positives.contains(&Rule::ident);

    if wants_name && RESERVED.contains(&found.text) {
        return Diagnostic::new(
            Code::ReservedWord,
            found.span(file),
            format!("`{}` is a reserved word and cannot be used as a name", found.text),
        )
        .with_label("reserved word")
        .with_help(format!(
            "choose another name, such as `{}_value`; the reserved words are {}",
            found.text,
            RESERVED.join(", ")
        ));
    }

    if let Some(slip) = slips::recognise(&Place { text, found, previous, expected: &positives }) {
        let span = slip.span(file);
        let diagnostic = Diagnostic::new(Code::Syntax, span, slip.message).with_label(slip.label).with_help(slip.help);
        return match slip.fix {
            Some(fix) => diagnostic.with_fix(fix),
            None => diagnostic,
        };
    }

    let tokens: Vec<String> = error
        .parse_attempts()
        .map(|a| a.expected_tokens())
        .unwrap_or_default()
        .iter()
        .map(ToString::to_string)
        .collect();
    let expected = describe(&positives, &tokens);
    // A string that runs across a line break swallowed the text up to the next `"`.
    let open_string = previous.as_ref().filter(|t| t.text.starts_with('"') && t.text.contains('\n'));
    let after = match &previous {
        Some(t) if open_string.is_none() && t.text.chars().count() <= 40 => format!(" after `{}`", t.text),
        _ => String::new(),
    };
    let message = format!("expected {expected}{after}, found {found_words}");
    // When the piece ends early (the next item starts, or the file ends), the
    // problem is at the end of the last token read, not at the next item.
    let cut_short = pos >= chunk.end || found.text.is_empty();
    let mut diagnostic = match &previous {
        Some(prev) if cut_short && open_string.is_none() => Diagnostic::new(Code::Syntax, prev.span(file), message)
            .with_label(short(&format!("expected {expected} after this"))),
        _ => {
            Diagnostic::new(Code::Syntax, found.span(file), message).with_label(short(&format!("expected {expected}")))
        }
    };
    let closer = ["}", ")", "]"].into_iter().find(|c| tokens.iter().any(|t| t == c));
    let keyword_typo = found
        .text
        .starts_with(|c: char| c.is_ascii_lowercase())
        .then(|| {
            let keywords: Vec<String> =
                positives.iter().filter_map(|r| format!("{r:?}").strip_prefix("kw_").map(str::to_string)).collect();
            did_you_mean(found.text, keywords.iter().map(String::as_str)).map(str::to_string)
        })
        .flatten();

    if let Some(string) = open_string {
        let line = text[..string.start].matches('\n').count() + 1;
        diagnostic = diagnostic
            .with_secondary(Span::new(file, string.start, string.start + 1), "this string is not closed on its line")
            .with_help(format!(
                "the string that starts on line {line} runs across a line break: is its closing `\"` missing?"
            ));
    } else if wants_name && found.text.starts_with(|c: char| c.is_ascii_uppercase()) {
        let lower = found.text.to_ascii_lowercase();
        diagnostic = diagnostic.with_help(format!("names are written in lower case: `{lower}`")).with_fix(lower);
    } else if found.text == "%" && previous.as_ref().is_some_and(|p| p.text.ends_with(|c: char| c.is_ascii_digit())) {
        diagnostic = diagnostic.with_help("write a percentage without a space before `%`, such as `5%`");
    } else if let Some(op) = reversed_operator(text, pos).filter(|_| positives.contains(&Rule::cmp_op)) {
        diagnostic = diagnostic
            .with_help(format!("did you mean `{op}`?"))
            .with_fix(op)
            .with_label("expected a comparison such as `>=` or `<=`");
        diagnostic.span.end = diagnostic.span.start + 2;
        if let Some(fix) = &mut diagnostic.fix {
            fix.span = diagnostic.span;
        }
    } else if positives.contains(&Rule::percent) && is_plain_number(found.text) {
        diagnostic =
            diagnostic.with_help(format!("did you mean `{}%`?", found.text)).with_fix(format!("{}%", found.text));
    } else if let Some(best) = keyword_typo {
        diagnostic = diagnostic.with_help(format!("did you mean `{best}`?")).with_fix(best);
    } else if let Some(closer) = closer {
        diagnostic = diagnostic.with_help(format!("is a closing `{closer}` missing?"));
    } else if found.text.is_empty() {
        diagnostic = diagnostic.with_help("the file ends too early: is a closing `}` or `\"` missing?");
    }
    diagnostic
}

/// Where the error is (a byte offset of the file) and the rules expected
/// there. Pest sometimes reports a failure at the very start of the piece
/// (after a string that ran across lines) while its attempts reached
/// further; then the furthest attempt is the real place.
fn position_and_rules(base: usize, error: &pest::error::Error<Rule>) -> (usize, Vec<Rule>) {
    let pos = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let positives: Vec<Rule> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    match error.parse_attempts() {
        Some(attempts) if pos == 0 && attempts.max_position > pos => {
            let mut rules: Vec<Rule> = attempts
                .call_stacks()
                .iter()
                .filter_map(|stack| stack.deepest.get_rule().copied().or(stack.parent))
                .collect();
            rules.dedup();
            (base + attempts.max_position, rules)
        }
        _ => (base + pos, positives),
    }
}

/// `=>` or `=<` at `pos`, as the comparison meant (`>=`, `<=`).
fn reversed_operator(text: &str, pos: usize) -> Option<&'static str> {
    match text.get(pos..pos + 2)? {
        "=>" => Some(">="),
        "=<" => Some("<="),
        _ => None,
    }
}

fn is_plain_number(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit()) && s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '_')
}

/// Labels stay short; a long list of expectations is in the message already.
fn short(label: &str) -> String {
    if label.chars().count() <= 60 {
        label.to_string()
    } else {
        "not expected here".to_string()
    }
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
fn previous_token(text: &str, pos: usize) -> Option<Token<'_>> {
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
    Some(Token { start, text: &before[start..] })
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '%' | '.')
}
