//! Finding a few byte values eight bytes at a time, in a plain `u64`.
//!
//! The CSV splitter looks for delimiters, quotes and line feeds, which come
//! every ten bytes or so in rows of short fields. A vector search (`memchr`)
//! started again after each costs more than the bytes it skips; one word
//! that marks every hit among eight bytes, visited a bit at a time, does not.
//! Where hits are sparse (the chunk cutter's quotes and line ends, one per
//! row), `memchr` is faster, and stays.

/// The bytes among the first eight of `bytes` (fewer at its end) that equal
/// one of `targets`: bit 7 of byte `i` of the result (`0x80 << 8 * i`) is set
/// where `bytes[i]` does. Exact: a byte next to a hit is never marked.
pub(super) fn word_hits(bytes: &[u8], targets: [u8; 3]) -> u64 {
    const EACH: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let (word, present) = match bytes.first_chunk::<8>() {
        Some(eight) => (u64::from_le_bytes(*eight), HIGH),
        None => {
            let mut eight = [0; 8];
            let n = bytes.len().min(8);
            eight[..n].copy_from_slice(&bytes[..n]);
            (u64::from_le_bytes(eight), HIGH & ((1u64 << (8 * n)) - 1))
        }
    };
    // Bit 7 of each byte of `nonzero(x)` is set where that byte of `x` is
    // not zero; the low seven bits are added without a carry out of the byte.
    let nonzero = |x: u64| ((x & LOW7) + LOW7) | x;
    let misses = targets.iter().fold(!0, |misses, &t| misses & nonzero(word ^ (EACH * u64::from(t))));
    !misses & present
}

/// The index of the first hit of `hits` (from [`word_hits`]), counted from
/// the word's first byte, and `hits` without it.
pub(super) fn first_hit(hits: u64) -> (usize, u64) {
    ((hits.trailing_zeros() / 8) as usize, hits & (hits - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(positions: &[usize]) -> u64 {
        positions.iter().map(|p| 0x80u64 << (8 * p)).sum()
    }

    #[test]
    fn hits_are_exact_in_a_word_and_at_the_end() {
        // Bytes one bit away from a target, or with the high bit set, are not hits.
        assert_eq!(word_hits(b"a,\"\n\x0b\xac\xa2;", [b',', b'"', b'\n']), marks(&[1, 2, 3]));
        assert_eq!(word_hits(b";;\t\t", [b'\t', b'"', b'\n']), marks(&[2, 3]));
        // A zero target does not see the padding past the end.
        assert_eq!(word_hits(b"\0x\0", [0, b'"', b'\n']), marks(&[0, 2]));
        assert_eq!(word_hits(b"abcdefgh,", [b',', b'"', b'\n']), 0);
        assert_eq!(word_hits(b"", [b',', b'"', b'\n']), 0);
    }

    #[test]
    fn every_byte_value_is_a_hit_exactly_where_it_is_a_target() {
        for target in 0..=255u8 {
            for other in [0u8, 1, 0x7F, 0x80, 0xFF, target ^ 1, target ^ 0x80] {
                for at in 0..8 {
                    let mut word = [other; 8];
                    word[at] = target;
                    let expected = marks(&(0..8).filter(|&i| i == at || other == target).collect::<Vec<_>>());
                    assert_eq!(word_hits(&word, [target; 3]), expected, "{target} {other} {at}");
                }
            }
        }
    }

    #[test]
    fn hits_are_visited_in_order() {
        let mut hits = word_hits(b"a,b,,c\nd", [b',', b'"', b'\n']);
        let mut seen = Vec::new();
        while hits != 0 {
            let (at, rest) = first_hit(hits);
            seen.push(at);
            hits = rest;
        }
        assert_eq!(seen, [1, 3, 4, 6]);
    }
}
