//! Finding comments in source text. The grammar skips comments; the
//! formatter and doc-comment attachment need them back, with positions.

use super::ast::Comment;
use crate::source::{FileId, Span};

/// Every `//` comment outside string literals, in order.
pub fn scan(text: &str, file: FileId) -> Vec<Comment> {
    let bytes = text.as_bytes();
    let mut comments = Vec::new();
    let mut i = 0;
    let mut in_string = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                comments.push(Comment { text: text[i..end].trim_end().to_string(), span: Span::new(file, i, end) });
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    comments
}

/// Where a `//` comment starts in one line of source, outside strings.
pub fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The doc comment (`///` lines) directly above `offset`, with only
/// whitespace between the lines and the item, slashes and one space removed.
pub fn doc_before(text: &str, comments: &[Comment], offset: usize) -> Option<String> {
    let mut lines = Vec::new();
    let mut cursor = offset;
    for comment in comments.iter().rev().filter(|c| (c.span.end as usize) <= offset) {
        let between = text.get(comment.span.end as usize..cursor).unwrap_or("x");
        if !between.trim().is_empty() || !comment.text.starts_with("///") {
            break;
        }
        // The comment must start its line: nothing but whitespace before it.
        let line_start = text[..comment.span.start as usize].rfind('\n').map_or(0, |n| n + 1);
        let before = &text[line_start..comment.span.start as usize];
        if !before.trim_start_matches('\u{feff}').trim().is_empty() {
            break;
        }
        let body = &comment.text[3..];
        lines.push(body.strip_prefix(' ').unwrap_or(body).to_string());
        cursor = comment.span.start as usize;
    }
    if lines.is_empty() {
        return None;
    }
    lines.reverse();
    Some(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_slashes_in_strings() {
        let text = "include \"http://x\" // real\n/// doc\nmetric a = 1";
        let found = scan(text, FileId(0));
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].text, "// real");
        assert_eq!(found[1].text, "/// doc");
        let metric = text.find("metric").unwrap();
        assert_eq!(doc_before(text, &found, metric).as_deref(), Some("doc"));
    }

    #[test]
    fn doc_comment_must_be_directly_above() {
        let text = "/// doc\nmetric a = 1\nmetric b = 2";
        let found = scan(text, FileId(0));
        let b = text.rfind("metric").unwrap();
        assert_eq!(doc_before(text, &found, b), None);
    }
}
