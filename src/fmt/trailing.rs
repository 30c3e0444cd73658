//! Aligning trailing comments of neighbouring lines into one column.

use crate::source::FileId;
use crate::syntax::scan_comments;
use std::collections::HashMap;

/// Aligns the trailing comments in each run of consecutive lines that have
/// the same indentation (no blank or comment-only line between them): each
/// comment starts two spaces after the longest code among the commented
/// lines of the run. Lines without a trailing comment stay as they are.
pub fn align(text: &str) -> String {
    // Comment starts, found by a string-aware scan of the whole text (a
    // string may span lines), keyed by line number and column.
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let comment_at: HashMap<usize, usize> = scan_comments(text, FileId(0))
        .iter()
        .map(|c| {
            let start = c.span.start as usize;
            let line = line_starts.partition_point(|&s| s <= start) - 1;
            (line, start - line_starts[line])
        })
        .collect();
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let indent = indentation(lines[i]);
        let mut end = i;
        while end < lines.len() && is_code(lines[end]) && indentation(lines[end]) == indent {
            end += 1;
        }
        if end == i {
            out.push(lines[i].to_string());
            i += 1;
            continue;
        }
        let split: Vec<(&str, Option<&str>)> = (i..end).map(|n| split(lines[n], comment_at.get(&n).copied())).collect();
        let width = split.iter().filter(|(_, c)| c.is_some()).map(|(code, _)| code.chars().count()).max();
        for (code, comment) in split {
            match (comment, width) {
                (Some(comment), Some(w)) => {
                    let pad = w - code.chars().count() + 2;
                    out.push(format!("{code}{}{comment}", " ".repeat(pad)));
                }
                _ => out.push(code.to_string()),
            }
        }
        i = end;
    }
    let mut joined = out.join("\n");
    if text.ends_with('\n') {
        joined.push('\n');
    }
    joined
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// A line with code on it (not blank, not only a comment).
fn is_code(line: &str) -> bool {
    let trimmed = line.trim_start();
    !trimmed.is_empty() && !trimmed.starts_with("//")
}

/// The code of a line and its trailing comment (starting at `comment`), if any.
fn split(line: &str, comment: Option<usize>) -> (&str, Option<&str>) {
    match comment {
        Some(at) => (line[..at].trim_end(), Some(&line[at..])),
        None => (line, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_runs_of_the_same_indentation() {
        let input = "c {\n  a 1  // one\n  bbbb 2  // two\n  c 3\n  d 4  // four\n\n  e 5  // five\n}\n";
        let want = "c {\n  a 1     // one\n  bbbb 2  // two\n  c 3\n  d 4     // four\n\n  e 5  // five\n}\n";
        assert_eq!(align(input), want);
        assert_eq!(align(want), want);
    }

    #[test]
    fn ignores_slashes_in_strings() {
        let input = "include \"a//b\"  // c\n";
        assert_eq!(align(input), input);
        // A string spanning lines: its second line is not a comment.
        let multi = "contract \"a\n  b // not a comment\" {\n  x 1  // c\n}\n";
        assert_eq!(align(multi), multi);
    }
}
