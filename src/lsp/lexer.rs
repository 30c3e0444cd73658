//! A forgiving tokenizer for editor features that must work on any text,
//! half-typed or not: completion contexts and semantic tokens.
//!
//! It is not the grammar (that is `grammar/xla.pest`, and every diagnostic
//! comes from it); it only cuts text into words, literals, comments and
//! punctuation, never fails, and stops a string that is not closed at the
//! end of its line so that one stray quote does not swallow the file.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A word: `[A-Za-z_][A-Za-z0-9_]*`.
    Ident,
    /// A string literal; `closed` is false when the line ends first.
    Str {
        /// Whether the closing quote is there.
        closed: bool,
    },
    /// Anything that starts with a digit: numbers, percents, durations,
    /// dates, times of day.
    Number,
    /// A `//` comment; `doc` for `///`.
    Comment {
        /// Whether it is a doc comment.
        doc: bool,
    },
    /// Punctuation and operators (`==`, `(`, `,`, …).
    Punct,
    /// A character that is none of the above.
    Unknown,
}

/// A token: its kind and byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Byte offset of its first byte.
    pub start: usize,
    /// Byte offset one past its last byte.
    pub end: usize,
}

impl Token {
    /// The token's text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Whether the token is the word `word`.
    pub fn is_word(&self, text: &str, word: &str) -> bool {
        self.kind == TokenKind::Ident && self.text(text) == word
    }

    /// Whether the token is the punctuation `p`.
    pub fn is_punct(&self, text: &str, p: &str) -> bool {
        self.kind == TokenKind::Punct && self.text(text) == p
    }
}

/// Cuts `text` into tokens, whitespace dropped.
pub fn lex(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        let kind = match b {
            b' ' | b'\t' | b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let doc = bytes.get(i + 2) == Some(&b'/');
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                TokenKind::Comment { doc }
            }
            b'"' => {
                i += 1;
                let mut closed = false;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' if bytes.get(i + 1).is_some_and(|&c| c != b'\n') => i += 2,
                        b'"' => {
                            i += 1;
                            closed = true;
                            break;
                        }
                        b'\n' => break,
                        _ => i += 1,
                    }
                }
                TokenKind::Str { closed }
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                TokenKind::Ident
            }
            b'0'..=b'9' => {
                if is_date(&bytes[i..]) {
                    i += 10;
                }
                // A number ends before the `..` of a range (`-100..100`).
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'.' | b':' | b'%'))
                    && !bytes[i..].starts_with(b"..")
                {
                    i += 1;
                }
                TokenKind::Number
            }
            b'=' | b'!' | b'<' | b'>' => {
                i += if bytes.get(i + 1) == Some(&b'=') { 2 } else { 1 };
                TokenKind::Punct
            }
            b'.' if bytes.get(i + 1) == Some(&b'.') => {
                i += 2;
                TokenKind::Punct
            }
            b'(' | b')' | b'[' | b']' | b'{' | b'}' | b',' | b':' | b'+' | b'-' | b'*' | b'/' | b'?' | b'%' => {
                i += 1;
                TokenKind::Punct
            }
            _ => {
                // One whole character, however many bytes it takes.
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                TokenKind::Unknown
            }
        };
        tokens.push(Token { kind, start, end: i });
    }
    tokens
}

fn is_date(b: &[u8]) -> bool {
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// Whether only spaces and tabs stand between the start of the line and `offset`.
pub fn first_on_line(text: &str, offset: usize) -> bool {
    let line_start = line_start(text, offset);
    text.get(line_start..offset).is_some_and(|s| s.chars().all(|c| c == ' ' || c == '\t'))
}

/// The byte offset where the line holding `offset` starts.
pub fn line_start(text: &str, offset: usize) -> usize {
    let offset = floor_char_boundary(text, offset);
    text[..offset].rfind('\n').map_or(0, |n| n + 1)
}

/// The largest char boundary at or below `offset` (clamped to the text).
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        lex(text).into_iter().map(|t| (t.kind, t.text(text))).collect()
    }

    #[test]
    fn cuts_a_metric() {
        let text = "metric a = percent(tickets where p == \"P1\" meeting x <= 4h) // note";
        let k = kinds(text);
        assert_eq!(k[0], (TokenKind::Ident, "metric"));
        assert!(k.contains(&(TokenKind::Str { closed: true }, "\"P1\"")));
        assert!(k.contains(&(TokenKind::Punct, "<=")));
        assert!(k.contains(&(TokenKind::Number, "4h")));
        assert_eq!(k.last(), Some(&(TokenKind::Comment { doc: false }, "// note")));
    }

    #[test]
    fn a_range_is_two_numbers_around_dots() {
        let k = kinds("score number in -100..100 = \"s\" wait duration in 0s..8h");
        assert!(k
            .windows(3)
            .any(|w| w == [(TokenKind::Number, "100"), (TokenKind::Punct, ".."), (TokenKind::Number, "100")]));
        assert!(k
            .windows(3)
            .any(|w| w == [(TokenKind::Number, "0s"), (TokenKind::Punct, ".."), (TokenKind::Number, "8h")]));
        assert_eq!(kinds("99.5"), [(TokenKind::Number, "99.5")]);
    }

    #[test]
    fn literals() {
        let k = kinds("2026-01-01 08:00-18:00 95.5% 1_000 1h30m");
        let texts: Vec<&str> = k.iter().map(|(_, t)| *t).collect();
        assert_eq!(texts, ["2026-01-01", "08:00", "-", "18:00", "95.5%", "1_000", "1h30m"]);
    }

    #[test]
    fn open_string_stops_at_line_end() {
        let k = kinds("x == \"P1\nmetric");
        assert_eq!(k[2], (TokenKind::Str { closed: false }, "\"P1"));
        assert_eq!(k[3], (TokenKind::Ident, "metric"));
    }

    #[test]
    fn any_text() {
        let text = "é\u{0}\"\\";
        let toks = lex(text);
        assert_eq!(toks.last().map(|t| t.end), Some(text.len()));
    }
}
