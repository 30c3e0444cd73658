//! A data file's bytes as UTF-8 text, hashed as they are read.

use super::hashing::HashingReader;
use std::io::{self, Read};
use std::path::Path;

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A file read as UTF-8 text (a byte order mark at its start is skipped).
pub(super) struct Text {
    file: HashingReader,
    /// Whether the start of the file has been looked at for a byte order mark.
    started: bool,
    /// Bytes of the file skipped before the text (a byte order mark).
    skipped: u64,
    /// Bytes read from the file but not yet handed out.
    pending: Vec<u8>,
}

impl Text {
    /// Opens `path`.
    pub(super) fn open(path: &Path) -> io::Result<Text> {
        Ok(Text { file: HashingReader::open(path)?, started: false, skipped: 0, pending: Vec::new() })
    }

    /// Bytes of the file read so far.
    pub(super) fn bytes(&self) -> u64 {
        HashingReader::bytes(&self.file)
    }

    /// The file's SHA-256, once read to its end.
    pub(super) fn sha256(self) -> String {
        self.file.sha256()
    }

    /// The file offset of the first byte of `chunk` (which starts at
    /// `offset` in the text) that is not valid in the file's encoding.
    pub(super) fn invalid(&mut self, chunk: &[u8], offset: u64) -> Option<u64> {
        let valid = std::str::from_utf8(chunk).err()?.valid_up_to() as u64;
        Some(self.skipped + offset + valid)
    }
}

impl Read for Text {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.started {
            self.started = true;
            let mut head = [0u8; 3];
            let mut got = 0;
            while got < head.len() {
                match self.file.read(&mut head[got..])? {
                    0 => break,
                    n => got += n,
                }
            }
            if head[..got] == *BOM {
                self.skipped = BOM.len() as u64;
            } else {
                self.pending = head[..got].to_vec();
            }
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
