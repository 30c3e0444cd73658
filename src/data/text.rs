//! A data file's bytes as UTF-8 text, hashed as they are read.
//!
//! A UTF-8 file is passed through as it is (its byte order mark skipped);
//! its invalid bytes are found line by line. A file in another encoding,
//! or starting with a UTF-16 byte order mark whatever was declared, is
//! decoded with `encoding_rs`; a sequence not valid in its encoding becomes
//! U+FFFD and its file offset is kept, so the line holding it is rejected.
//!
//! The file's SHA-256 is of its bytes: a decoded file's are hashed as they
//! are read; a UTF-8 file's text is its bytes, and each stretch of it the
//! loader cuts is hashed as a [`Piece`] of the file, with no copy.

use super::buffer::Buffer;
use super::hashing::{ChunkDigest, FileDigest, HashingReader, Piece};
use crate::ir::TextEncoding;
use encoding_rs::{Decoder, DecoderResult, Encoding, UTF_16LE, WINDOWS_1252};
use std::collections::VecDeque;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

/// The UTF-8 byte order mark.
pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Bytes decoded at a time.
const CHUNK: usize = 64 * 1024;

/// How to find the bytes of a stretch of text that were not valid in its
/// file's encoding.
pub(super) enum EncodingCheck {
    /// The text is the file's own bytes, after `skipped` bytes (a byte order
    /// mark): a byte is invalid where the text is not UTF-8.
    Utf8 {
        /// Bytes of the file before the text.
        skipped: u64,
    },
    /// The text was decoded, and these U+FFFD replaced invalid sequences:
    /// (text offset, file offset of the sequence), in order.
    Decoded(Vec<(u64, u64)>),
}

impl EncodingCheck {
    /// The file offset of the first invalid byte of `line`, the text from offset `offset`.
    pub(super) fn invalid(&self, line: &[u8], offset: u64) -> Option<u64> {
        match self {
            EncodingCheck::Utf8 { skipped } => {
                let valid = std::str::from_utf8(line).err()?.valid_up_to() as u64;
                Some(skipped + offset + valid)
            }
            EncodingCheck::Decoded(invalid) => {
                let first = invalid.partition_point(|&(at, _)| at < offset);
                let end = offset + line.len() as u64;
                invalid.get(first).filter(|&&(at, _)| at < end).map(|&(_, file_offset)| file_offset)
            }
        }
    }

    /// Whether `text` (the whole stretch) has no invalid byte; if so, its
    /// text. Every chunk of every file passes here, so the check is
    /// `simdutf8`'s, several times faster than the standard library's on
    /// the ASCII most exports are; where a byte is invalid, [`Self::invalid`]
    /// finds it line by line.
    pub(super) fn valid<'t>(&self, text: &'t [u8]) -> Option<&'t str> {
        match self {
            // Decoded text is UTF-8 even where a U+FFFD replaced an invalid
            // sequence: such a stretch is not valid whatever the check says.
            EncodingCheck::Decoded(invalid) if !invalid.is_empty() => None,
            _ => simdutf8::basic::from_utf8(text).ok(),
        }
    }
}

/// A file read as UTF-8 text.
pub(super) struct Text {
    file: HashingReader,
    /// The digest of a UTF-8 file: its byte order mark, then the stretches
    /// of its text as the loader cuts them.
    digest: Arc<ChunkDigest>,
    encoding: TextEncoding,
    /// Whether the start of the file has been looked at for a byte order mark.
    started: bool,
    /// Bytes of the file skipped before the text (a UTF-8 byte order mark).
    skipped: u64,
    /// Bytes read from the file but not yet handed out (UTF-8) or decoded.
    pending: Vec<u8>,
    /// The decoder, for a file that is not read as UTF-8.
    decoding: Option<Decoding>,
}

/// The state of decoding a file that is not UTF-8.
struct Decoding {
    decoder: Decoder,
    /// File bytes not yet decoded, from `raw_start`.
    raw: Vec<u8>,
    raw_start: usize,
    /// The file offset of `raw[0]`.
    raw_offset: u64,
    /// Whether the file has been read to its end.
    eof: bool,
    /// Whether the decoder has been told the end and flushed (it must not be used again).
    finished: bool,
    /// Decoded text not yet handed out, from `out_start`.
    out: Vec<u8>,
    out_start: usize,
    /// Room for the decoder to write into.
    chunk: Vec<u8>,
    /// Bytes of text decoded so far.
    decoded: u64,
    /// Where invalid sequences were: (text offset of their U+FFFD, file offset).
    invalid: VecDeque<(u64, u64)>,
}

impl Text {
    /// Opens `path`, written in `encoding`.
    pub(super) fn open(path: &Path, encoding: TextEncoding) -> io::Result<Text> {
        Ok(Text {
            file: HashingReader::open(path)?,
            digest: ChunkDigest::new(),
            encoding,
            started: false,
            skipped: 0,
            pending: Vec::new(),
            decoding: None,
        })
    }

    /// Bytes of the file read so far.
    pub(super) fn bytes(&self) -> u64 {
        HashingReader::bytes(&self.file)
    }

    /// The file's SHA-256, once read to its end: complete once each piece
    /// handed out ([`Text::piece`]) is hashed.
    pub(super) fn sha256(self) -> FileDigest {
        match self.file.sha256() {
            Some(hex) => FileDigest::Done(hex),
            None => FileDigest::Chunks(self.digest),
        }
    }

    /// The piece of the file that the stretch of text cut next is, to be
    /// hashed by whoever reads that stretch (the text is cut in order,
    /// whole and once); none for a decoded file, whose bytes are hashed as
    /// they are read.
    pub(super) fn piece(&self) -> Option<Piece> {
        match self.decoding {
            None => Some(Piece::next(&self.digest)),
            Some(_) => None,
        }
    }

    /// How to find the invalid bytes of the text read up to text offset
    /// `end` and not yet checked (call it with each stretch's end in turn).
    pub(super) fn encoding_check(&mut self, end: u64) -> EncodingCheck {
        match &mut self.decoding {
            None => EncodingCheck::Utf8 { skipped: self.skipped },
            Some(decoding) => {
                let upto = decoding.invalid.partition_point(|&(at, _)| at < end);
                EncodingCheck::Decoded(decoding.invalid.drain(..upto).collect())
            }
        }
    }

    /// Looks at the first bytes: skips a UTF-8 byte order mark, or starts
    /// decoding a file that is not UTF-8 or starts with a UTF-16 one.
    fn start(&mut self) -> io::Result<()> {
        self.started = true;
        let mut head = [0u8; 3];
        let mut got = 0;
        while got < head.len() {
            match self.file.read(&mut head[got..])? {
                0 => break,
                n => got += n,
            }
        }
        let head = &head[..got];
        let utf16_bom = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
        let encoding: Option<&'static Encoding> = match self.encoding {
            _ if utf16_bom => Some(UTF_16LE),
            TextEncoding::Utf8 => None,
            TextEncoding::Windows1252 => Some(WINDOWS_1252),
            TextEncoding::Utf16 => Some(UTF_16LE),
        };
        match encoding {
            // The mark is hashed here; the text after it in the pieces the loader cuts.
            None if head == BOM => {
                self.skipped = BOM.len() as u64;
                let mut mark = Buffer::default();
                mark.extend_from_slice(BOM);
                Piece::next(&self.digest).hash(&Arc::new(mark));
            }
            None => self.pending = head.to_vec(),
            // `new_decoder` honours (and removes) a byte order mark whatever the encoding.
            Some(encoding) => {
                self.file.hash_reads(head)?;
                self.decoding = Some(Decoding {
                    decoder: encoding.new_decoder(),
                    raw: head.to_vec(),
                    raw_start: 0,
                    raw_offset: 0,
                    eof: false,
                    finished: false,
                    out: Vec::with_capacity(CHUNK),
                    out_start: 0,
                    chunk: Vec::new(),
                    decoded: 0,
                    invalid: VecDeque::new(),
                })
            }
        }
        Ok(())
    }
}

impl Decoding {
    /// Decodes more of `file` into `out`; leaves `out` empty only at the end.
    fn fill(&mut self, file: &mut HashingReader) -> io::Result<()> {
        self.out.clear();
        self.out_start = 0;
        let mut chunk = std::mem::take(&mut self.chunk);
        chunk.resize(CHUNK, 0);
        while self.out.is_empty() && !self.finished {
            if self.raw_start == self.raw.len() && !self.eof {
                self.raw_offset += self.raw.len() as u64;
                self.raw.resize(CHUNK, 0);
                let n = file.read(&mut self.raw)?;
                self.raw.truncate(n);
                self.raw_start = 0;
                self.eof = n == 0;
            }
            let (result, read, written) =
                self.decoder.decode_to_utf8_without_replacement(&self.raw[self.raw_start..], &mut chunk, self.eof);
            self.out.extend_from_slice(&chunk[..written]);
            let consumed = self.raw_start + read;
            self.raw_start = consumed;
            match result {
                DecoderResult::Malformed(bad, extra) => {
                    let after = self.raw_offset + consumed as u64;
                    let at = after.saturating_sub(u64::from(extra) + u64::from(bad));
                    let text_at = self.decoded + self.out.len() as u64;
                    self.invalid.push_back((text_at, at));
                    self.out.extend_from_slice("\u{FFFD}".as_bytes());
                }
                DecoderResult::InputEmpty if self.eof => self.finished = true,
                DecoderResult::InputEmpty | DecoderResult::OutputFull => {}
            }
        }
        self.decoded += self.out.len() as u64;
        self.chunk = chunk;
        Ok(())
    }
}

impl Read for Text {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.started {
            self.start()?;
        }
        if let Some(decoding) = &mut self.decoding {
            if decoding.out_start == decoding.out.len() {
                decoding.fill(&mut self.file)?;
            }
            let available = &decoding.out[decoding.out_start..];
            let n = available.len().min(buf.len());
            buf[..n].copy_from_slice(&available[..n]);
            decoding.out_start += n;
            return Ok(n);
        }
        if self.pending.is_empty() {
            return self.file.read(buf);
        }
        let n = self.pending.len().min(buf.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        Ok(n)
    }
}
