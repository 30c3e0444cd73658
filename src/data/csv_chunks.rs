//! Cutting CSV text into chunks of whole records.
//!
//! The reading thread reads the text a large piece at a time and cuts it
//! after the last line end that closes a record: one outside a quoted field,
//! following the quoting rules of [`csv_records`](super::csv_records) through
//! the quotes and line ends alone (found with `memchr2`). It counts the
//! physical lines as it goes, so each chunk knows the line it starts on, and
//! the bytes after the cut start the next chunk. Records are then split
//! where they lie in the chunk, on any thread, without copying their text.

use super::buffer::{Buffer, CHUNK};
use super::text::{EncodingCheck, Text};
use std::io;
use std::sync::Arc;

/// Whole records of CSV text, as read.
pub(super) struct Chunk {
    /// The text: whole records (and the blank lines between them), shared
    /// with the file's hasher.
    pub bytes: Arc<Buffer>,
    /// Where the records not yet split start in `bytes`.
    pub at: usize,
    /// The 1-based physical line at `at`.
    pub line: u64,
    /// The offset of `bytes[0]` in the text.
    pub offset: u64,
    /// How to find bytes not valid in the file's encoding.
    pub check: EncodingCheck,
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
    /// Physical lines ended in `rest[..scanned]`.
    lines_scanned: u64,
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
            lines_scanned: 0,
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
            if let Some((cut, lines)) = self.scan() {
                buffer.clear();
                buffer.extend_from_slice(&self.rest[cut..]);
                self.rest.truncate(cut);
                return self.take(buffer, lines).map(Some);
            }
            if self.end {
                if self.rest.is_empty() {
                    return Ok(None);
                }
                // The last record, without a line end (or with a quote left open).
                buffer.clear();
                return self.take(buffer, 0).map(Some);
            }
            self.fill()?;
        }
    }

    /// Makes `rest` a chunk spanning `lines` line ends, `remainder` the new
    /// `rest`, and hands it to the file's hasher.
    fn take(&mut self, remainder: Buffer, lines: u64) -> io::Result<Chunk> {
        let bytes = Arc::new(std::mem::replace(&mut self.rest, remainder));
        self.text.hash(&bytes)?;
        let (line, offset) = (self.line, self.offset);
        self.line += lines;
        self.offset += bytes.len() as u64;
        // The remainder starts a record: it is scanned again from its start.
        self.scanned = 0;
        self.lines_scanned = 0;
        self.quoting = Quoting::Out;
        let check = self.text.encoding_check(self.offset);
        Ok(Chunk { bytes, at: 0, line, offset, check })
    }

    /// Reads until `rest` holds `CHUNK` bytes more than it did, or the text ends.
    fn fill(&mut self) -> io::Result<()> {
        self.end = self.rest.read_more(&mut self.text, CHUNK)?;
        Ok(())
    }

    /// Scans `rest` on from where the last scan stopped; returns where the
    /// last record ending in it ends, and the line ends before that, if a
    /// record does end in it. Stops at a quote in a quoted field whose next
    /// byte, which tells whether it closes the field, is not read yet.
    fn scan(&mut self) -> Option<(usize, u64)> {
        let text = &self.rest[..];
        let mut cut = None;
        let mut at = self.scanned;
        loop {
            let Some(hit) = memchr::memchr2(b'\n', b'"', &text[at..]).map(|p| at + p) else {
                at = text.len();
                break;
            };
            at = hit + 1;
            match (text[hit], self.quoting) {
                (b'\n', quoting) => {
                    self.lines_scanned += 1;
                    if quoting == Quoting::Out {
                        cut = Some((at, self.lines_scanned));
                    }
                }
                // A quote opens a field only where a field starts.
                (_, Quoting::Out) => {
                    if hit == 0 || text[hit - 1] == self.delimiter || text[hit - 1] == b'\n' {
                        self.quoting = Quoting::In;
                    }
                }
                (_, Quoting::In) => match text.get(at) {
                    // `""`: a quote in the field.
                    Some(b'"') => at += 1,
                    Some(_) => self.quoting = Quoting::Out,
                    None if self.end => self.quoting = Quoting::Out,
                    None => {
                        at = hit;
                        break;
                    }
                },
            }
        }
        self.scanned = at;
        cut
    }
}
