//! Conversions between the protocol's terms (URIs, UTF-16 positions) and
//! the library's (paths, byte spans).

use crate::check::normalize;
use crate::source::{SourceFile, Span};
use lsp_types::{Position, Range, Uri};
use std::path::{Path, PathBuf};

/// The file path a URI names. `file:` URIs are decoded; any other scheme
/// (an editor's unsaved `untitled:` buffer) keeps the URI text as its path.
pub fn path_of_uri(uri: &Uri) -> PathBuf {
    let s = uri.as_str();
    let Some(rest) = s.strip_prefix("file://") else {
        return PathBuf::from(s);
    };
    // The authority is empty or `localhost`; anything else cannot be read
    // locally, so the whole text stays the path.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return PathBuf::from(s);
    }
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let decoded = percent_decode(rest);
    if cfg!(windows) {
        // `/c:/dir/file.xla` → `c:/dir/file.xla`
        let b = decoded.as_bytes();
        if b.len() >= 3 && b[0] == b'/' && b[1].is_ascii_alphabetic() && b[2] == b':' {
            return normalize(Path::new(&decoded[1..]));
        }
    }
    normalize(Path::new(&decoded))
}

/// The `file:` URI of a path.
pub fn uri_of_path(path: &Path) -> Uri {
    let mut s = String::from("file://");
    let text = path.to_string_lossy().replace('\\', "/");
    if !text.starts_with('/') {
        s.push('/');
    }
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => s.push(b as char),
            b':' if cfg!(windows) => s.push(':'),
            _ => s.push_str(&format!("%{b:02X}")),
        }
    }
    s.parse().unwrap_or_else(|_| "file:///".parse().expect("a valid URI"))
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(hi), Some(lo)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push(hi * 16 + lo);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// The protocol range of a span of `file`.
pub fn range(file: &SourceFile, span: Span) -> Range {
    Range { start: position(file, span.start as usize), end: position(file, span.end as usize) }
}

/// The protocol position of a byte offset of `file`.
pub fn position(file: &SourceFile, offset: usize) -> Position {
    let (line, character) = file.utf16_position(offset);
    Position { line: line as u32, character: character as u32 }
}

/// The byte offset of a protocol position in `file` (clamped to the text).
pub fn offset(file: &SourceFile, position: Position) -> usize {
    file.offset_of_utf16(position.line as usize, position.character as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_round_trip() {
        let path = PathBuf::from("/tmp/my contracts/ä.xla");
        let uri = uri_of_path(&path);
        assert_eq!(uri.as_str(), "file:///tmp/my%20contracts/%C3%A4.xla");
        assert_eq!(path_of_uri(&uri), path);
    }

    #[test]
    fn other_schemes_keep_their_text() {
        let uri: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(path_of_uri(&uri), PathBuf::from("untitled:Untitled-1"));
    }

    #[test]
    fn positions_are_utf16() {
        let file = SourceFile::new("a.xla", "// é😀\nmetric");
        let at = "// é😀\n".len() + 2;
        assert_eq!(position(&file, at), Position { line: 1, character: 2 });
        assert_eq!(position(&file, "// é😀".len()), Position { line: 0, character: 6 });
        assert_eq!(offset(&file, Position { line: 0, character: 6 }), "// é😀".len());
    }
}
