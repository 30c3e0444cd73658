//! A file reader that hashes and counts the bytes as they stream past.

use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Reads a file, feeding every byte read to SHA-256.
pub(super) struct HashingReader {
    file: File,
    hasher: Sha256,
    bytes: u64,
}

impl HashingReader {
    /// Opens `path` for reading.
    pub(super) fn open(path: &Path) -> io::Result<Self> {
        Ok(HashingReader { file: File::open(path)?, hasher: Sha256::new(), bytes: 0 })
    }

    /// Bytes read so far.
    pub(super) fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The lowercase hex SHA-256 of the bytes read; the whole file once read to its end.
    pub(super) fn sha256(self) -> String {
        format!("{:x}", self.hasher.finalize())
    }
}

impl Read for HashingReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}
