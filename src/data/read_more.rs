//! Reading a large piece of a file onto the end of a buffer, for the
//! chunks of whole records the loading threads parse.

use std::io::{self, Read};

/// The size a CSV or JSON Lines chunk is read to before it is cut after
/// its last whole record (a record longer than this makes its chunk
/// longer). A few bytes in tests, so that small files span many chunks.
#[cfg(not(test))]
pub(super) const CHUNK: usize = 512 * 1024;
#[cfg(test)]
pub(super) const CHUNK: usize = 16;

/// Reads from `reader` onto the end of `buffer` until it holds `more`
/// bytes more than it did or the reader is at its end; true at the end.
pub(super) fn read_more(reader: &mut impl Read, buffer: &mut Vec<u8>, more: usize) -> io::Result<bool> {
    let target = buffer.len() + more;
    while buffer.len() < target {
        let from = buffer.len();
        buffer.resize(target, 0);
        let read = reader.read(&mut buffer[from..]);
        buffer.truncate(from + *read.as_ref().unwrap_or(&0));
        match read {
            Ok(0) => return Ok(true),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(false)
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
        let mut buffer = b"xy".to_vec();
        assert!(!read_more(&mut reader, &mut buffer, 7).unwrap());
        assert_eq!(buffer, b"xyabcdefg");
        assert!(read_more(&mut reader, &mut buffer, 7).unwrap());
        assert_eq!(buffer, b"xyabcdefghij");
    }
}
