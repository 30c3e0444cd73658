//! SHA-256 of a data file, computed as the file is read (LANGUAGE.md §8.4).
//!
//! Two ways, by what the loader hands out:
//!
//! - A UTF-8 file's chunks are its bytes in order, each once, so its digest
//!   is taken from the chunks ([`ChunkDigest`]): each is hashed by the
//!   thread that parses it, just after parsing, while the bytes are in that
//!   core's cache, in the order the chunks were cut. Hashed on a thread of
//!   their own (given the chunk without a copy), the bytes were read into
//!   two cores' caches instead of one (`bench/changes.md`).
//! - A file whose text is not its bytes (decoded from another encoding) is
//!   hashed as it is read ([`HashingReader::hash_reads`]): each read is
//!   copied to a thread of its own, as the text decoded from it is what
//!   the loader cuts.

use super::buffer::Buffer;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

/// Reads in flight to the hashing thread; it hashes far faster than
/// records are parsed, so the reader rarely waits for room.
const IN_FLIGHT: usize = 16;

/// The SHA-256 of a file's pieces, hashed in the order they were cut
/// whatever the order the threads holding them hash them in.
///
/// A thread hashes its piece if it is next, then any pieces left waiting
/// after it; a piece whose turn has not come is left for the thread that
/// hashes the one before it. No thread waits for another (the hashing is
/// done outside the lock), so a thread that stopped cannot hold the others.
#[derive(Debug, Default)]
pub(super) struct ChunkDigest {
    state: Mutex<Ordered>,
}

/// The pieces hashed so far, and those waiting their turn.
#[derive(Debug, Default)]
struct Ordered {
    sha: Sha256,
    /// Pieces handed out ([`ChunkDigest::piece`]).
    issued: u64,
    /// Pieces hashed: the next to hash is piece `hashed`.
    hashed: u64,
    /// Whether a thread is hashing (`sha` is then its placeholder).
    busy: bool,
    waiting: BTreeMap<u64, Arc<Buffer>>,
}

impl ChunkDigest {
    /// A digest of nothing yet.
    pub(super) fn new() -> Arc<ChunkDigest> {
        Arc::default()
    }

    fn lock(&self) -> MutexGuard<'_, Ordered> {
        // The state changes in whole steps: a thread that panicked left a
        // state that `finish` reads right (a piece it held never hashed).
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The number of the next piece of the file, in the order of the file.
    fn piece(&self) -> u64 {
        let mut state = self.lock();
        state.issued += 1;
        state.issued - 1
    }

    /// Hashes `bytes`, piece `index`, once the pieces before it are.
    fn hash(&self, index: u64, bytes: &Arc<Buffer>) {
        let mut state = self.lock();
        state.waiting.insert(index, Arc::clone(bytes));
        if state.busy {
            return;
        }
        state.busy = true;
        loop {
            let next = state.hashed;
            let Some(piece) = state.waiting.remove(&next) else { break };
            let mut sha = std::mem::take(&mut state.sha);
            drop(state);
            sha.update(&piece[..]);
            state = self.lock();
            state.sha = sha;
            state.hashed += 1;
        }
        state.busy = false;
    }

    /// The lowercase hex SHA-256 of every piece handed out; an error if
    /// one of them was never hashed (a piece lost on its way: a bug, which
    /// must not pass for the digest of the file).
    pub(super) fn finish(&self) -> io::Result<String> {
        let state = self.lock();
        if state.busy || state.hashed != state.issued {
            return Err(io::Error::other(format!(
                "the file's digest is missing pieces ({} of {} hashed)",
                state.hashed, state.issued
            )));
        }
        Ok(format!("{:x}", state.sha.clone().finalize()))
    }
}

/// A piece of a file to hash: its digest and its place in the file. Not
/// `Clone`, and used up by [`Piece::hash`]: each piece is hashed once.
#[derive(Debug)]
pub(super) struct Piece {
    digest: Arc<ChunkDigest>,
    index: u64,
}

impl Piece {
    /// The next piece of `digest`'s file.
    pub(super) fn next(digest: &Arc<ChunkDigest>) -> Piece {
        Piece { digest: Arc::clone(digest), index: digest.piece() }
    }

    /// Hashes `bytes` as this piece.
    pub(super) fn hash(self, bytes: &Arc<Buffer>) {
        self.digest.hash(self.index, bytes);
    }
}

/// A file's digest once its last byte is read: known, or still to be
/// completed by the threads parsing its last chunks.
pub(super) enum FileDigest {
    /// The lowercase hex SHA-256.
    Done(String),
    /// The digest of the file's chunks, complete once every chunk is parsed.
    Chunks(Arc<ChunkDigest>),
}

impl FileDigest {
    /// The lowercase hex SHA-256; call it once every chunk of the file has
    /// been parsed.
    pub(super) fn finish(self) -> io::Result<String> {
        match self {
            FileDigest::Done(hex) => Ok(hex),
            FileDigest::Chunks(digest) => digest.finish(),
        }
    }
}

/// The thread hashing what a [`HashingReader`] reads.
struct ReadHasher {
    reads: SyncSender<Vec<u8>>,
    spent: Receiver<Vec<u8>>,
    digest: JoinHandle<String>,
}

impl ReadHasher {
    fn start() -> io::Result<Self> {
        let (reads, to_hash) = mpsc::sync_channel::<Vec<u8>>(IN_FLIGHT);
        let (give_back, spent) = mpsc::channel();
        let digest = std::thread::Builder::new().name("sha256".to_string()).spawn(move || {
            let mut hasher = Sha256::new();
            for read in to_hash {
                hasher.update(&read);
                // The reader may be gone already; the buffer is then dropped.
                let _ = give_back.send(read);
            }
            format!("{:x}", hasher.finalize())
        })?;
        Ok(ReadHasher { reads, spent, digest })
    }

    /// Hashes a copy of `bytes`, next after what was sent before.
    fn copy(&mut self, bytes: &[u8]) -> io::Result<()> {
        let mut copy = self.spent.try_recv().unwrap_or_default();
        copy.clear();
        copy.extend_from_slice(bytes);
        self.reads
            .send(copy)
            .map_err(|_| io::Error::other("the thread hashing the file stopped before the file was read"))
    }

    fn finish(self) -> String {
        let ReadHasher { reads, digest, .. } = self;
        // No more reads: the thread hashes what it has and returns.
        drop(reads);
        match digest.join() {
            Ok(hex) => hex,
            // Hashing a byte slice does not panic; if the thread was lost
            // anyway, going on would record a digest of nothing.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

/// Reads a file, counting the bytes read, and hashing them if asked to.
pub(super) struct HashingReader {
    file: File,
    bytes: u64,
    hasher: Option<ReadHasher>,
}

impl HashingReader {
    /// Opens `path` for reading; its user hashes what it reads.
    pub(super) fn open(path: &Path) -> io::Result<Self> {
        Ok(HashingReader { file: File::open(path)?, bytes: 0, hasher: None })
    }

    /// Hashes `before` (bytes read already), then every byte read from now on.
    pub(super) fn hash_reads(&mut self, before: &[u8]) -> io::Result<()> {
        let mut hasher = ReadHasher::start()?;
        if !before.is_empty() {
            hasher.copy(before)?;
        }
        self.hasher = Some(hasher);
        Ok(())
    }

    /// Bytes read so far.
    pub(super) fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The lowercase hex SHA-256 of the bytes hashed (the whole file once
    /// read to its end); none unless reads were hashed.
    pub(super) fn sha256(self) -> Option<String> {
        self.hasher.map(ReadHasher::finish)
    }
}

impl Read for HashingReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read(buf)?;
        if let (Some(hasher), true) = (&mut self.hasher, n > 0) {
            hasher.copy(&buf[..n])?;
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
        // More reads than can be in flight, of uneven sizes.
        let content: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &content).expect("written");
        let mut reader = HashingReader::open(&path).expect("opened");
        reader.hash_reads(&[]).expect("hashing");
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
        assert_eq!(reader.sha256(), Some(format!("{:x}", Sha256::digest(&content))));
    }

    #[test]
    fn reads_are_hashed_from_when_asked_after_the_bytes_given() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("f");
        std::fs::write(&path, b"abcdef").expect("written");
        let mut reader = HashingReader::open(&path).expect("opened");
        let mut buf = [0u8; 3];
        assert_eq!(reader.read(&mut buf).expect("read"), 3);
        reader.hash_reads(b"xy").expect("hashing");
        assert_eq!(reader.read(&mut buf).expect("read"), 3);
        assert_eq!(reader.sha256(), Some(format!("{:x}", Sha256::digest(b"xydef"))));
    }

    fn buffer(bytes: &[u8]) -> Arc<Buffer> {
        let mut buffer = Buffer::default();
        buffer.extend_from_slice(bytes);
        Arc::new(buffer)
    }

    /// Pieces hashed in any order, on several threads at once, make the
    /// digest of the pieces in the order they were handed out.
    #[test]
    fn pieces_are_hashed_in_their_order_whatever_order_they_come_in() {
        let pieces: Vec<Vec<u8>> = (0..200u32).map(|i| (0..i * 7).map(|j| (i ^ j) as u8).collect()).collect();
        let whole = format!("{:x}", Sha256::digest(pieces.concat()));
        for threads in [1, 2, 5] {
            let digest = ChunkDigest::new();
            // Thread t is handed pieces t, t + threads, ... and hashes them from the last to the first.
            let mut handed: Vec<Vec<(Piece, &[u8])>> = (0..threads).map(|_| Vec::new()).collect();
            for (i, bytes) in pieces.iter().enumerate() {
                handed[i % threads].push((Piece::next(&digest), bytes));
            }
            std::thread::scope(|scope| {
                for mine in handed {
                    scope.spawn(move || {
                        for (piece, bytes) in mine.into_iter().rev() {
                            piece.hash(&buffer(bytes));
                        }
                    });
                }
            });
            assert_eq!(digest.finish().expect("every piece hashed"), whole, "{threads} threads");
        }
    }

    #[test]
    fn a_piece_never_hashed_is_an_error_not_a_digest() {
        let digest = ChunkDigest::new();
        let first = Piece::next(&digest);
        let _lost = Piece::next(&digest);
        first.hash(&buffer(b"abc"));
        let err = digest.finish().expect_err("a piece is missing");
        assert_eq!(err.to_string(), "the file's digest is missing pieces (1 of 2 hashed)");
    }
}
