//! Cutting CSV text into chunks of whole records.
//!
//! The reading thread reads the text a large piece at a time and cuts it
//! after the last line end that closes a record: one outside a quoted field,
//! following the quoting rules of [`csv_records`](super::csv_records). The
//! quotes alone decide where quoted fields are, so the scan goes from quote
//! to quote (`memchr`), noting the stretches between quoted fields; only
//! the last of those stretches are then searched for a line end (`memrchr`).
//! Most records hold a quoted field or none, so this visits one or two
//! bytes per record where stopping at every quote and line end visited
//! three. The chunk's line ends are counted once it is cut, so each chunk
//! knows the line it starts on; the bytes after the cut start the next
//! chunk. Records are then split where they lie in the chunk, on any
//! thread, without copying their text.

use super::buffer::{Buffer, CHUNK};
use super::hashing::Piece;
use super::text::{EncodingCheck, Text};
use std::io;
use std::sync::Arc;

/// Whole records of CSV text, as read.
pub(super) struct Chunk {
    /// The text: whole records (and the blank lines between them); the
    /// file's digest holds it too while it waits its turn to be hashed.
    pub bytes: Arc<Buffer>,
    /// Where the records not yet split start in `bytes`.
    pub at: usize,
    /// The 1-based physical line at `at`.
    pub line: u64,
    /// The offset of `bytes[0]` in the text.
    pub offset: u64,
    /// How to find bytes not valid in the file's encoding.
    pub check: EncodingCheck,
    /// The piece of the file's digest that `bytes` are, until hashed.
    pub piece: Option<Piece>,
}

impl Chunk {
    /// Hashes the chunk into its file's digest, if it is not yet: whoever
    /// reads a chunk's records does, once they are read, while the bytes
    /// are in that core's cache.
    pub(super) fn hash(&mut self) {
        if let Some(piece) = self.piece.take() {
            piece.hash(&self.bytes);
        }
    }
}

/// Where the cut's scan of the quotes is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// Outside a quoted field.
    Out,
    /// Inside a quoted field.
    In,
}

/// The chunks of one CSV text.
pub(super) struct Chunks {
    text: Text,
    delimiter: u8,
    /// Bytes read after the last cut: the start of the next chunk.
    rest: Buffer,
    /// How much of `rest` the scan has looked at, and the quoting there.
    scanned: usize,
    quoting: Quoting,
    /// Where the stretch outside quoted fields that the scan is in (if it
    /// is `Out`) starts.
    outside_from: usize,
    /// Stretches `[from, to)` outside quoted fields that the scan has
    /// closed (at a quote opening a field) and not yet searched for a
    /// line end.
    outside: Vec<(usize, usize)>,
    /// `rest[..searched]` has been searched for line ends outside quoted
    /// fields, and has none after the last cut.
    searched: usize,
    /// The line and text offset at which `rest` starts.
    line: u64,
    offset: u64,
    /// Whether the text has been read to its end.
    end: bool,
}

impl Chunks {
    /// The chunks of `text`, fields separated by `delimiter`.
    pub(super) fn new(text: Text, delimiter: u8) -> Chunks {
        Chunks {
            text,
            delimiter,
            rest: Buffer::default(),
            scanned: 0,
            quoting: Quoting::Out,
            outside_from: 0,
            outside: Vec::new(),
            searched: 0,
            line: 1,
            offset: 0,
            end: false,
        }
    }

    /// The text being read.
    pub(super) fn text(&self) -> &Text {
        &self.text
    }

    /// The text, once read to its end.
    pub(super) fn into_text(self) -> Text {
        self.text
    }

    /// The next chunk, in `buffer` (a spent chunk's, for reuse); None at the end.
    pub(super) fn next(&mut self, mut buffer: Buffer) -> io::Result<Option<Chunk>> {
        loop {
            if let Some(cut) = self.scan() {
                buffer.clear();
                buffer.extend_from_slice(&self.rest[cut..]);
                self.rest.truncate(cut);
                return Ok(Some(self.take(buffer)));
            }
            if self.end {
                if self.rest.is_empty() {
                    return Ok(None);
                }
                // The last record, without a line end (or with a quote left open).
                buffer.clear();
                return Ok(Some(self.take(buffer)));
            }
            self.fill()?;
        }
    }

    /// Makes `rest` a chunk, the next piece of the file's digest, and
    /// `remainder` the new `rest`.
    fn take(&mut self, remainder: Buffer) -> Chunk {
        let bytes = Arc::new(std::mem::replace(&mut self.rest, remainder));
        let piece = self.text.piece();
        let (line, offset) = (self.line, self.offset);
        self.line += memchr::memchr_iter(b'\n', &bytes).count() as u64;
        self.offset += bytes.len() as u64;
        // The remainder starts a record: it is scanned again from its start.
        self.scanned = 0;
        self.quoting = Quoting::Out;
        self.outside_from = 0;
        self.outside.clear();
        self.searched = 0;
        let check = self.text.encoding_check(self.offset);
        Chunk { bytes, at: 0, line, offset, check, piece }
    }

    /// Reads until `rest` holds `CHUNK` bytes more than it did, or the text ends.
    fn fill(&mut self) -> io::Result<()> {
        self.end = self.rest.read_more(&mut self.text, CHUNK)?;
        Ok(())
    }

    /// Scans `rest` on from where the last scan stopped; returns where the
    /// last record ending in it ends, if a record does end in it. Stops at
    /// a quote in a quoted field whose next byte, which tells whether it
    /// closes the field, is not read yet.
    fn scan(&mut self) -> Option<usize> {
        let text = &self.rest[..];
        let mut at = self.scanned;
        loop {
            let Some(quote) = memchr::memchr(b'"', &text[at..]).map(|p| at + p) else {
                at = text.len();
                break;
            };
            at = quote + 1;
            match self.quoting {
                // A quote opens a field only where a field starts.
                Quoting::Out => {
                    if quote == 0 || text[quote - 1] == self.delimiter || text[quote - 1] == b'\n' {
                        self.outside.push((self.outside_from, quote));
                        self.quoting = Quoting::In;
                    }
                }
                Quoting::In => match text.get(at) {
                    // `""`: a quote in the field.
                    Some(b'"') => at += 1,
                    None if !self.end => {
                        at = quote;
                        break;
                    }
                    // The field ends here, where a stretch outside quoted fields starts.
                    _ => {
                        self.quoting = Quoting::Out;
                        self.outside_from = at;
                    }
                },
            }
        }
        self.scanned = at;
        // The last line end outside a quoted field: in the stretch the scan
        // is in, else in the last stretch closed that holds one. What was
        // searched before holds none (its cut would have been taken).
        let open = (self.quoting == Quoting::Out).then_some((self.outside_from, at));
        let searched = std::mem::replace(&mut self.searched, at);
        open.into_iter()
            .chain(self.outside.drain(..).rev())
            .map(|(from, to)| (from.max(searched), to))
            .filter(|(from, to)| from < to)
            .find_map(|(from, to)| memchr::memrchr(b'\n', &text[from..to]).map(|p| from + p + 1))
    }
}
