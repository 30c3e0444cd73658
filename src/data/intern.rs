//! Keeping each long text of a column once per loading thread.
//!
//! A text value is a `SmolStr`: a text of up to 23 bytes (a device name, a
//! closed-set value, a ticket number) is held in the value itself, made and
//! copied with no allocation and no reference count, which costs an atomic
//! instruction on every copy and every drop. A longer text is allocated;
//! built from each cell, every copy would be an allocation of its own, so a
//! thread hands out one shared copy per text instead.

use smol_str::SmolStr;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// The longest text a `SmolStr` holds in place.
const INLINE_MAX: usize = 23;

/// Texts a column keeps before it stops sharing new ones: a column of
/// mostly unique texts (ticket titles) then costs at most this many copies
/// per thread, and each later cell is allocated as before, without a
/// look-up.
const SHARED_MAX: usize = 1 << 16;

/// The texts of one column that one thread has handed out.
#[derive(Default)]
pub(super) struct Interner {
    texts: HashSet<Arc<str>, BuildHasherDefault<FxHasher>>,
}

impl Interner {
    /// `text` as a value's text: held in place if it is short, else a
    /// shared copy, the one handed out before if any.
    pub(super) fn text(&mut self, text: &str) -> SmolStr {
        if text.len() <= INLINE_MAX || self.texts.len() >= SHARED_MAX {
            return SmolStr::new(text);
        }
        if let Some(shared) = self.texts.get(text) {
            return SmolStr::from(Arc::clone(shared));
        }
        let shared: Arc<str> = Arc::from(text);
        self.texts.insert(Arc::clone(&shared));
        SmolStr::from(shared)
    }
}

/// A fast non-cryptographic hasher (the multiply-rotate hash of rustc's
/// FxHash). It hashes cells of data the parties supply themselves, so
/// SipHash's resistance to chosen collisions buys nothing.
#[derive(Default)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_text_is_held_in_place() {
        let mut interner = Interner::default();
        for text in ["", "P1", "NWT-LT-00001", &"x".repeat(INLINE_MAX)] {
            let value = interner.text(text);
            assert_eq!(value, text);
            assert!(!value.is_heap_allocated(), "{text:?}");
        }
        assert!(interner.texts.is_empty());
    }

    #[test]
    fn a_long_text_is_shared_until_the_column_has_kept_enough() {
        let mut interner = Interner::default();
        let (one, two) = ("Outlook crashes, cannot send mail", "Outlook crashes, cannot send mails");
        let first = interner.text(one);
        assert!(first.is_heap_allocated());
        assert_eq!(first.as_ptr(), interner.text(one).as_ptr());
        assert_ne!(first.as_ptr(), interner.text(two).as_ptr());
        for i in 0..SHARED_MAX {
            let text = format!("a ticket title long enough, {i}");
            assert_eq!(&*interner.text(&text), text);
        }
        assert_eq!(interner.texts.len(), SHARED_MAX);
        // Full: a text kept before is still the same text, a new one is not kept.
        assert_eq!(&*interner.text(one), one);
        assert_eq!(&*interner.text("a new ticket title, never seen"), "a new ticket title, never seen");
        assert_eq!(interner.texts.len(), SHARED_MAX);
    }
}
