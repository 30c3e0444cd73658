//! A small seeded random number generator (xoshiro256**, seeded by
//! SplitMix64), written out here so that the bytes generated for a seed
//! never change with a dependency's version. Only IEEE-exact float
//! operations (`+ - * /`, `sqrt`) are used on its output, so the same seed
//! gives the same files on every platform.

/// xoshiro256** (Blackman and Vigna).
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator for `seed`; `stream` separates independent sequences of one seed.
    pub fn new(seed: u64, stream: u64) -> Rng {
        let mut x = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng { s: [next(), next(), next(), next()] }
    }

    /// 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `0..n` (`n > 0`), by multiply-shift.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An index drawn with the given cumulative weights (last = total).
    pub fn pick(&mut self, cumulative: &[u32]) -> usize {
        let total = *cumulative.last().unwrap_or(&1);
        let r = self.below(u64::from(total)) as u32;
        cumulative.partition_point(|&c| c <= r)
    }

    /// A long-tailed positive multiplier with median about 1: a bell-shaped
    /// body (the mean of three uniforms) and, with probability `tail`, a
    /// Pareto factor `1/√u` (shape 2), capped at `cap`.
    pub fn long_tail(&mut self, tail: f64, cap: f64) -> f64 {
        let body = (self.unit() + self.unit() + self.unit()) / 1.5;
        let factor = if self.chance(tail) { 1.0 / (1.0 - self.unit()).sqrt() * 2.0 } else { 1.0 };
        (body * factor).min(cap)
    }
}

/// Picks exactly `wanted` of `total` items, each subset equally likely, as
/// the items go by (Knuth's algorithm S).
pub struct Quota {
    left: u64,
    wanted: u64,
}

impl Quota {
    /// `wanted` of `total` (at most `total`).
    pub fn new(total: u64, wanted: u64) -> Quota {
        Quota { left: total, wanted: wanted.min(total) }
    }

    /// `share` (0–1) of `total`, rounded down.
    pub fn share(total: u64, share: f64) -> Quota {
        Quota::new(total, (total as f64 * share.max(0.0)) as u64)
    }

    /// Whether the next item is picked.
    pub fn take(&mut self, rng: &mut Rng) -> bool {
        if self.left == 0 {
            return false;
        }
        let picked = rng.below(self.left) < self.wanted;
        self.left -= 1;
        self.wanted -= u64::from(picked);
        picked
    }
}

/// Cumulative sums of `weights`, for [`Rng::pick`].
pub fn cumulative(weights: &[u32]) -> Vec<u32> {
    weights
        .iter()
        .scan(0u32, |sum, w| {
            *sum += w;
            Some(*sum)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_numbers_and_streams_differ() {
        let a: Vec<u64> = (0..4).map(|_| Rng::new(7, 0).next_u64()).collect();
        let b: Vec<u64> = (0..4).map(|_| Rng::new(7, 0).next_u64()).collect();
        assert_eq!(a, b);
        assert_ne!(Rng::new(7, 0).next_u64(), Rng::new(7, 1).next_u64());
    }

    #[test]
    fn quota_picks_exactly() {
        let mut r = Rng::new(3, 0);
        let mut q = Quota::new(1000, 7);
        assert_eq!((0..1000).filter(|_| q.take(&mut r)).count(), 7);
        assert!(!q.take(&mut r));
    }

    #[test]
    fn below_and_pick_stay_in_range() {
        let mut r = Rng::new(1, 0);
        let c = cumulative(&[1, 0, 3]);
        for _ in 0..1000 {
            assert!(r.below(10) < 10);
            let i = r.pick(&c);
            assert!(i == 0 || i == 2);
            let u = r.unit();
            assert!((0.0..1.0).contains(&u));
        }
    }
}
