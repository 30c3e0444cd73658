//! Finding a few byte values sixteen bytes at a time.
//!
//! The CSV splitter looks for delimiters, quotes and line feeds, which come
//! every ten bytes or so in rows of short fields. A vector search (`memchr`)
//! started again after each costs more than the bytes it skips; one mask
//! that marks every hit among sixteen bytes, visited a bit at a time, does
//! not. Where hits are sparse (the chunk cutter's quotes and line ends, one
//! per row), `memchr` is faster, and stays.
//!
//! On x86-64 the mask is three SSE2 compares and a `movemask` (SSE2 is part
//! of every x86-64 processor), through `safe_arch`, which wraps the
//! intrinsics in safe functions where the target has the feature: this
//! module has no `unsafe`. Elsewhere it is two words of plain integer
//! arithmetic, the way this module found hits eight bytes at a time before
//! (the SSE2 way saves 4% of the whole settlement's CPU on the benchmark's
//! 5M set).

/// How many bytes [`block_hits`] looks at.
pub(super) const BLOCK: usize = 16;

/// The bytes among the first sixteen of `bytes` (fewer at its end) that
/// equal one of `targets`: bit `i` of the result is set where `bytes[i]`
/// does. Exact: a byte next to a hit is never marked.
#[inline]
pub(super) fn block_hits(bytes: &[u8], targets: [u8; 3]) -> u32 {
    match bytes.first_chunk::<BLOCK>() {
        Some(block) => hits_in(block, targets),
        None => {
            let mut block = [0; BLOCK];
            let n = bytes.len().min(BLOCK);
            block[..n].copy_from_slice(&bytes[..n]);
            hits_in(&block, targets) & ((1u32 << n) - 1)
        }
    }
}

/// The index of the first hit of `hits` (from [`block_hits`]), and `hits`
/// without it.
#[inline]
pub(super) fn first_hit(hits: u32) -> (usize, u32) {
    (hits.trailing_zeros() as usize, hits & (hits - 1))
}

/// [`block_hits`] of a whole block, with SSE2.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn hits_in(block: &[u8; BLOCK], targets: [u8; 3]) -> u32 {
    use safe_arch::{bitor_m128i, cmp_eq_mask_i8_m128i, load_unaligned_m128i, move_mask_i8_m128i, set_splat_i8_m128i};
    let bytes = load_unaligned_m128i(block);
    let equal = |target: u8| cmp_eq_mask_i8_m128i(bytes, set_splat_i8_m128i(target as i8));
    let any = bitor_m128i(bitor_m128i(equal(targets[0]), equal(targets[1])), equal(targets[2]));
    // One bit per byte, in the low sixteen bits: the cast keeps them.
    move_mask_i8_m128i(any) as u32
}

/// [`block_hits`] of a whole block, in plain integers.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline]
fn hits_in(block: &[u8; BLOCK], targets: [u8; 3]) -> u32 {
    portable_hits(block, targets)
}

/// [`block_hits`] of a whole block in plain integers, eight bytes at a
/// time: bit 7 of each byte marks a hit, and the eight marks are then
/// gathered into eight bits with one multiplication.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
fn portable_hits(block: &[u8; BLOCK], targets: [u8; 3]) -> u32 {
    const EACH: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let word_hits = |eight: [u8; 8]| {
        let word = u64::from_le_bytes(eight);
        // Bit 7 of each byte of `nonzero(x)` is set where that byte of `x`
        // is not zero; the low seven bits are added without a carry out of
        // the byte.
        let nonzero = |x: u64| ((x & LOW7) + LOW7) | x;
        let misses = targets.iter().fold(!0, |misses, &t| misses & nonzero(word ^ (EACH * u64::from(t))));
        // Byte i's mark, moved to bit 0 of byte i, lands in bit 56 + i of
        // the product (no two partial products meet in one bit).
        (((!misses & HIGH) >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
    };
    let (low, high) = block.split_at(8);
    let word = |half: &[u8]| <[u8; 8]>::try_from(half).map_or(0, word_hits);
    word(low) | word(high) << 8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(positions: &[usize]) -> u32 {
        positions.iter().map(|p| 1u32 << p).sum()
    }

    #[test]
    fn hits_are_exact_in_a_block_and_at_the_end() {
        // Bytes one bit away from a target, or with the high bit set, are not hits.
        assert_eq!(block_hits(b"a,\"\n\x0b\xac\xa2;x,", [b',', b'"', b'\n']), marks(&[1, 2, 3, 9]));
        assert_eq!(block_hits(b";;\t\t", [b'\t', b'"', b'\n']), marks(&[2, 3]));
        // A zero target does not see the padding past the end.
        assert_eq!(block_hits(b"\0x\0", [0, b'"', b'\n']), marks(&[0, 2]));
        assert_eq!(block_hits(b"abcdefghijklmnop,", [b',', b'"', b'\n']), 0);
        assert_eq!(block_hits(b"", [b',', b'"', b'\n']), 0);
    }

    #[test]
    fn every_byte_value_is_a_hit_exactly_where_it_is_a_target() {
        for target in 0..=255u8 {
            for other in [0u8, 1, 0x7F, 0x80, 0xFF, target ^ 1, target ^ 0x80] {
                for at in 0..BLOCK {
                    let mut block = [other; BLOCK];
                    block[at] = target;
                    let expected = marks(&(0..BLOCK).filter(|&i| i == at || other == target).collect::<Vec<_>>());
                    assert_eq!(block_hits(&block, [target; 3]), expected, "{target} {other} {at}");
                    assert_eq!(portable_hits(&block, [target; 3]), expected, "{target} {other} {at}");
                }
            }
        }
    }

    #[test]
    fn both_ways_mark_the_same_bytes() {
        // Every pattern of hits among 16 bytes, in slices of each length.
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let block: [u8; BLOCK] =
                std::array::from_fn(|i| [b',', b'"', b'\n', b'a', 0x80, b';'][(seed >> (3 * i)) as usize % 6]);
            let targets = [b',', b'"', b'\n'];
            assert_eq!(block_hits(&block, targets), portable_hits(&block, targets), "{block:?}");
            let n = (seed % 17) as usize;
            assert_eq!(
                block_hits(&block[..n], targets),
                portable_hits(&block, targets) & ((1 << n) - 1),
                "{block:?} {n}"
            );
        }
    }

    #[test]
    fn hits_are_visited_in_order() {
        let mut hits = block_hits(b"a,b,,c\nd,,,,,,,,,,", [b',', b'"', b'\n']);
        let mut seen = Vec::new();
        while hits != 0 {
            let (at, rest) = first_hit(hits);
            seen.push(at);
            hits = rest;
        }
        assert_eq!(seen, [1, 3, 4, 6, 8, 9, 10, 11, 12, 13, 14, 15]);
    }
}
