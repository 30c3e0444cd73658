//! The buffers the chunks of a CSV or JSON Lines file are read into, reused
//! from chunk to chunk without being zeroed again.
//!
//! Safe Rust reads into initialised bytes only. A `Vec` emptied for reuse
//! forgets that its bytes were written, and growing it again for the next
//! read zeroes them all: half a megabyte of `memset` for every chunk, about 1.5%
//! of a settlement's CPU (`bench/changes.md`). A [`Buffer`] keeps its bytes
//! and its length apart, so a buffer emptied and read into again zeroes
//! only what it has never held.

use std::io::{self, Read};
use std::ops::Deref;
use std::sync::Arc;

/// The size a CSV or JSON Lines chunk is read to before it is cut after
/// its last whole record (a record longer than this makes its chunk
/// longer). A few bytes in tests, so that small files span many chunks.
#[cfg(not(test))]
pub(super) const CHUNK: usize = 512 * 1024;
#[cfg(test)]
pub(super) const CHUNK: usize = 16;

/// Bytes read, in storage kept initialised past them for the next read.
#[derive(Debug, Default)]
pub(super) struct Buffer {
    /// Every byte written so far; the buffer's own are `bytes[..len]`.
    bytes: Vec<u8>,
    len: usize,
}

impl Buffer {
    /// Empties the buffer, keeping its storage.
    pub(super) fn clear(&mut self) {
        self.len = 0;
    }

    /// Keeps the first `len` bytes (all of them if it holds fewer).
    pub(super) fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
    }

    /// Appends `more`.
    pub(super) fn extend_from_slice(&mut self, more: &[u8]) {
        let end = self.len + more.len();
        self.room(end);
        self.bytes[self.len..end].copy_from_slice(more);
        self.len = end;
    }

    /// Reads from `reader` onto the end of the buffer until it holds
    /// `more` bytes more than it did or the reader is at its end; true at
    /// the end.
    pub(super) fn read_more(&mut self, reader: &mut impl Read, more: usize) -> io::Result<bool> {
        let target = self.len + more;
        self.room(target);
        while self.len < target {
            match reader.read(&mut self.bytes[self.len..target]) {
                Ok(0) => return Ok(true),
                Ok(n) => self.len += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(false)
    }

    /// Makes the storage at least `len` bytes long, zeroing only bytes it
    /// never had.
    fn room(&mut self, len: usize) {
        if self.bytes.len() < len {
            self.bytes.resize(len, 0);
        }
    }
}

/// The buffer of a spent chunk, for the next one: `chunk` itself if
/// nothing else holds it any more (its file's digest may, while it waits
/// its turn to be hashed), else a new one.
pub(super) fn reclaim(chunk: Arc<Buffer>) -> Buffer {
    Arc::try_unwrap(chunk).unwrap_or_default()
}

impl Deref for Buffer {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// A buffer holding `bytes`, for tests that build a chunk by hand.
#[cfg(test)]
impl From<Vec<u8>> for Buffer {
    fn from(bytes: Vec<u8>) -> Self {
        Buffer { len: bytes.len(), bytes }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that gives at most three bytes a call, and is interrupted every other call.
    struct Trickle<'a>(&'a [u8], bool);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.1 = !self.1;
            if self.1 {
                return Err(io::ErrorKind::Interrupted.into());
            }
            let n = self.0.len().min(buf.len()).min(3);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn reads_as_much_as_asked_then_tells_the_end() {
        let mut reader = Trickle(b"abcdefghij", false);
        let mut buffer = Buffer::from(b"xy".to_vec());
        assert!(!buffer.read_more(&mut reader, 7).unwrap());
        assert_eq!(&*buffer, b"xyabcdefg");
        assert!(buffer.read_more(&mut reader, 7).unwrap());
        assert_eq!(&*buffer, b"xyabcdefghij");
    }

    #[test]
    fn a_reused_buffer_holds_only_what_was_put_in_it_since() {
        let mut buffer = Buffer::from(b"old bytes, longer than the new".to_vec());
        buffer.clear();
        assert!(buffer.is_empty());
        buffer.extend_from_slice(b"new");
        assert_eq!(&*buffer, b"new");
        // A read shorter than the storage: the old bytes past it are not the buffer's.
        assert!(buffer.read_more(&mut Trickle(b"+read", false), 100).unwrap());
        assert_eq!(&*buffer, b"new+read");
        buffer.truncate(3);
        assert_eq!(&*buffer, b"new");
        buffer.truncate(10);
        assert_eq!(&*buffer, b"new");
        // Growing past the old storage keeps every byte put in.
        let long = vec![b'z'; 100];
        buffer.extend_from_slice(&long);
        assert_eq!(buffer.len(), 103);
        assert!(buffer[3..].iter().all(|&b| b == b'z'));
    }
}
