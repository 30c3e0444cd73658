//! A file reader that hashes and counts the bytes as they stream past.
//!
//! SHA-256 runs on a thread of its own: every chunk read is copied to it
//! over a channel (spent buffers come back for reuse), so the reading
//! thread, which also splits records for the parsing threads, does not
//! wait for the digest. The digest is still of exactly the bytes read.

use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

/// Chunks in flight to the hashing thread; it hashes far faster than
/// records are parsed, so the reader rarely waits for room.
const IN_FLIGHT: usize = 16;

/// Reads a file, feeding every byte read to SHA-256.
pub(super) struct HashingReader {
    file: File,
    bytes: u64,
    chunks: SyncSender<Vec<u8>>,
    spent: Receiver<Vec<u8>>,
    digest: JoinHandle<String>,
}

impl HashingReader {
    /// Opens `path` for reading.
    pub(super) fn open(path: &Path) -> io::Result<Self> {
        let file = File::open(path)?;
        let (chunks, to_hash) = mpsc::sync_channel::<Vec<u8>>(IN_FLIGHT);
        let (give_back, spent) = mpsc::channel();
        let digest = std::thread::Builder::new().name("sha256".to_string()).spawn(move || {
            let mut hasher = Sha256::new();
            for chunk in to_hash {
                hasher.update(&chunk);
                // The reader may be gone already; the buffer is then dropped.
                let _ = give_back.send(chunk);
            }
            format!("{:x}", hasher.finalize())
        })?;
        Ok(HashingReader { file, bytes: 0, chunks, spent, digest })
    }

    /// Bytes read so far.
    pub(super) fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The lowercase hex SHA-256 of the bytes read; the whole file once read to its end.
    pub(super) fn sha256(self) -> String {
        let HashingReader { chunks, digest, .. } = self;
        // No more chunks: the thread hashes what it has and returns.
        drop(chunks);
        match digest.join() {
            Ok(hex) => hex,
            // Hashing a byte slice does not panic; if the thread was lost
            // anyway, going on would record a digest of nothing.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

impl Read for HashingReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read(buf)?;
        if n > 0 {
            let mut chunk = self.spent.try_recv().unwrap_or_default();
            chunk.clear();
            chunk.extend_from_slice(&buf[..n]);
            self.chunks
                .send(chunk)
                .map_err(|_| io::Error::other("the thread hashing the file stopped before the file was read"))?;
        }
        self.bytes += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_is_of_every_byte_read_in_order() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("f");
        // More chunks than can be in flight, of uneven sizes.
        let content: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &content).expect("written");
        let mut reader = HashingReader::open(&path).expect("opened");
        let mut read = Vec::new();
        let mut buf = vec![0u8; 1000];
        for size in (1..).map(|i| 1 + (i * 37) % 1000) {
            let n = reader.read(&mut buf[..size]).expect("read");
            if n == 0 {
                break;
            }
            read.extend_from_slice(&buf[..n]);
        }
        assert_eq!(read, content);
        assert_eq!(HashingReader::bytes(&reader), content.len() as u64);
        assert_eq!(reader.sha256(), format!("{:x}", Sha256::digest(&content)));
    }

    #[test]
    fn a_file_read_in_part_has_the_digest_of_that_part() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("f");
        std::fs::write(&path, b"abcdef").expect("written");
        let mut reader = HashingReader::open(&path).expect("opened");
        let mut buf = [0u8; 3];
        assert_eq!(reader.read(&mut buf).expect("read"), 3);
        assert_eq!(reader.sha256(), format!("{:x}", Sha256::digest(b"abc")));
    }
}
