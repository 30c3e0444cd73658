//! SHA-256 of a data file, computed on a thread of its own as the file is
//! read.
//!
//! The reading thread, which also cuts records for the parsing threads,
//! does not wait for the digest. What the thread hashes comes to it in one
//! of two ways:
//!
//! - a chunk the loader hands out ([`Hasher::chunk`]): the buffer is shared
//!   with the parsing thread that gets the chunk, not copied. A UTF-8 file's
//!   chunks are its bytes in order, each once, so hashing them in the order
//!   they are cut is hashing the file;
//! - bytes read from the file ([`HashingReader`] made with
//!   [`HashingReader::hashing_reads`]): copied, since the reader's buffer is
//!   its caller's. This is for the files whose text is not their bytes
//!   (decoded from another encoding) and for workbooks.
//!
//! Sharing the chunks spares a copy of every byte of the commonest files:
//! with it, a settlement of the bench's 5M set took 4% more CPU and wall
//! time (`bench/changes.md`).

use super::buffer::Buffer;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

/// Pieces in flight to the hashing thread; it hashes far faster than
/// records are parsed, so the reader rarely waits for room.
const IN_FLIGHT: usize = 16;

/// Bytes on their way to the hashing thread.
enum Piece {
    /// A copy, given back for reuse once hashed.
    Copied(Vec<u8>),
    /// A chunk shared with the thread that parses it.
    Shared(Arc<Buffer>),
}

/// The thread computing one file's SHA-256 from the pieces it is sent, in
/// the order they are sent.
pub(super) struct Hasher {
    pieces: SyncSender<Piece>,
    spent: Receiver<Vec<u8>>,
    digest: JoinHandle<String>,
}

impl Hasher {
    /// Starts the thread.
    fn start() -> io::Result<Self> {
        let (pieces, to_hash) = mpsc::sync_channel::<Piece>(IN_FLIGHT);
        let (give_back, spent) = mpsc::channel();
        let digest = std::thread::Builder::new().name("sha256".to_string()).spawn(move || {
            let mut hasher = Sha256::new();
            for piece in to_hash {
                match piece {
                    Piece::Copied(bytes) => {
                        hasher.update(&bytes);
                        // The reader may be gone already; the buffer is then dropped.
                        let _ = give_back.send(bytes);
                    }
                    Piece::Shared(chunk) => hasher.update(&chunk[..]),
                }
            }
            format!("{:x}", hasher.finalize())
        })?;
        Ok(Hasher { pieces, spent, digest })
    }

    /// Hashes a copy of `bytes`, next after what was sent before.
    pub(super) fn copy(&mut self, bytes: &[u8]) -> io::Result<()> {
        let mut copy = self.spent.try_recv().unwrap_or_default();
        copy.clear();
        copy.extend_from_slice(bytes);
        self.send(Piece::Copied(copy))
    }

    /// Hashes `chunk`, next after what was sent before, without a copy.
    pub(super) fn chunk(&mut self, chunk: &Arc<Buffer>) -> io::Result<()> {
        self.send(Piece::Shared(Arc::clone(chunk)))
    }

    fn send(&mut self, piece: Piece) -> io::Result<()> {
        self.pieces
            .send(piece)
            .map_err(|_| io::Error::other("the thread hashing the file stopped before the file was read"))
    }

    /// The lowercase hex SHA-256 of everything sent.
    fn finish(self) -> String {
        let Hasher { pieces, digest, .. } = self;
        // No more pieces: the thread hashes what it has and returns.
        drop(pieces);
        match digest.join() {
            Ok(hex) => hex,
            // Hashing a byte slice does not panic; if the thread was lost
            // anyway, going on would record a digest of nothing.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

/// Reads a file, counting the bytes read, with a [`Hasher`] for its digest.
pub(super) struct HashingReader {
    file: File,
    bytes: u64,
    hasher: Hasher,
    /// Whether every byte read is hashed as it is read; if not, the reader's
    /// user sends the hasher what the file holds ([`HashingReader::hasher`]).
    hash_reads: bool,
}

impl HashingReader {
    /// Opens `path` for reading; its user hashes what it reads.
    pub(super) fn open(path: &Path) -> io::Result<Self> {
        let file = File::open(path)?;
        Ok(HashingReader { file, bytes: 0, hasher: Hasher::start()?, hash_reads: false })
    }

    /// Opens `path` for reading, hashing every byte read from now on.
    pub(super) fn hashing_reads(path: &Path) -> io::Result<Self> {
        let mut reader = HashingReader::open(path)?;
        reader.hash_reads = true;
        Ok(reader)
    }

    /// Hashes every byte read from now on.
    pub(super) fn hash_reads(&mut self) {
        self.hash_reads = true;
    }

    /// The file's hasher, for what its user sends it.
    pub(super) fn hasher(&mut self) -> &mut Hasher {
        &mut self.hasher
    }

    /// Bytes read so far.
    pub(super) fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The lowercase hex SHA-256 of the bytes hashed: the whole file once
    /// read to its end and all of it sent.
    pub(super) fn sha256(self) -> String {
        self.hasher.finish()
    }
}

impl Read for HashingReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read(buf)?;
        if n > 0 && self.hash_reads {
            self.hasher.copy(&buf[..n])?;
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
        let mut reader = HashingReader::hashing_reads(&path).expect("opened");
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
        let mut reader = HashingReader::hashing_reads(&path).expect("opened");
        let mut buf = [0u8; 3];
        assert_eq!(reader.read(&mut buf).expect("read"), 3);
        assert_eq!(reader.sha256(), format!("{:x}", Sha256::digest(b"abc")));
    }

    #[test]
    fn shared_chunks_and_copies_are_hashed_in_the_order_sent() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("f");
        std::fs::write(&path, b"").expect("written");
        let mut reader = HashingReader::open(&path).expect("opened");
        let chunk = |text: &[u8]| {
            let mut buffer = Buffer::default();
            buffer.extend_from_slice(text);
            Arc::new(buffer)
        };
        let mut whole = Vec::new();
        for i in 0..100u8 {
            let piece: Vec<u8> = (0..i).map(|j| i ^ j).collect();
            if i % 3 == 0 {
                reader.hasher().copy(&piece).expect("sent");
            } else {
                reader.hasher().chunk(&chunk(&piece)).expect("sent");
            }
            whole.extend_from_slice(&piece);
        }
        // Reads are not hashed unless asked for.
        assert_eq!(reader.read(&mut [0u8; 8]).expect("read"), 0);
        assert_eq!(reader.sha256(), format!("{:x}", Sha256::digest(&whole)));
    }
}
