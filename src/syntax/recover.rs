//! Recovery after a syntax error: cutting a file into items, and reading
//! the head (`metric NAME`) of an item that does not parse.

use super::ast::{Ident, Unparsed};
use crate::source::{FileId, Span};
use std::ops::Range;

const ITEM_KEYWORDS: &[&str] =
    &["include", "contract", "calendar", "dataset", "metric", "escalation", "sla", "xla", "gain"];

/// Byte ranges of the file, cut before each line that starts with an item keyword.
pub fn item_chunks(text: &str) -> Vec<Range<usize>> {
    let mut starts = vec![0];
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if offset > 0 && ITEM_KEYWORDS.contains(&leading_word(line)) {
            starts.push(offset);
        }
        offset += line.len();
    }
    starts.push(text.len());
    starts.windows(2).map(|w| w[0]..w[1]).collect()
}

/// What can be read of an item that does not parse: its keyword and the
/// name after it. `None` if the text does not start with an item keyword.
pub fn unparsed(text: &str, range: Range<usize>, file: FileId) -> Option<Unparsed> {
    let chunk = &text[range.clone()];
    let start = skip_blanks(chunk, 0);
    let keyword = leading_word(&chunk[start..]);
    if !ITEM_KEYWORDS.contains(&keyword) {
        return None;
    }
    let name_start = skip_blanks(chunk, start + keyword.len());
    let word = leading_word(&chunk[name_start..]);
    let is_name = word.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && word.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let name = (is_name && !matches!(keyword, "include" | "contract" | "escalation")).then(|| Ident {
        name: word.to_string(),
        span: Span::new(file, range.start + name_start, range.start + name_start + word.len()),
    });
    let end = range.start + chunk.trim_end().len();
    Some(Unparsed { keyword: keyword.to_string(), name, span: Span::new(file, range.start + start, end) })
}

/// The run of lower-case letters, digits and `_` at the start of `s`.
fn leading_word(s: &str) -> &str {
    let end = s.find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')).unwrap_or(s.len());
    &s[..end]
}

/// The offset of the first character at or after `from` that is neither
/// whitespace (or a byte order mark) nor inside a `//` comment.
fn skip_blanks(s: &str, mut from: usize) -> usize {
    loop {
        let rest = &s[from..];
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        from += rest.len() - trimmed.len();
        if !trimmed.starts_with("//") {
            return from;
        }
        from += trimmed.find('\n').unwrap_or(trimmed.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_before_item_keywords_in_column_zero() {
        let text = "metric a = 1\n  metric b = 2\nsla x {}\n";
        assert_eq!(item_chunks(text), vec![0..28, 28..37]);
    }

    #[test]
    fn reads_the_head_of_a_broken_item() {
        let text = "// note\n/// doc\ndataset tickets from csv {\n";
        let u = unparsed(text, 0..text.len(), FileId(0)).unwrap();
        assert_eq!(u.keyword, "dataset");
        assert_eq!(u.name.as_ref().map(|n| n.name.as_str()), Some("tickets"));
        assert_eq!(&text[u.span.range()], "dataset tickets from csv {");
        let contract = unparsed("contract \"X\" {", 0..14, FileId(0)).unwrap();
        assert_eq!((contract.keyword.as_str(), contract.name), ("contract", None));
        assert!(unparsed("}}", 0..2, FileId(0)).is_none());
    }
}
