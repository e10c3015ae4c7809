//! A fast, deterministic hasher for the matcher's maps keyed by short terms and small ids.
//!
//! The standard SipHash is built to resist hash flooding from untrusted keys; here the keys
//! are analysed terms and catalog positions, looked up millions of times in a bulk run, so
//! the multiply-rotate hash of rustc (FxHash) serves better. Being seedless, it also makes
//! iteration orders the same in every process. Caches keyed by the words of the user's own
//! documents use [`WordMap`] instead, whose seed is random: none of them is ever iterated.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash: one multiply and rotate per word.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A `HashMap` with foldhash's per-process random seed, for keys taken from the user's
/// documents (the words a thread remembers the analysis of): nearly as fast as [`FastMap`],
/// but words crafted to collide under a known seedless hash cannot turn lookups quadratic.
pub type WordMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
/// A `HashSet` with the seed of [`WordMap`], for the same kind of keys.
pub type WordSet<T> = HashSet<T, foldhash::fast::RandomState>;

/// A `HashMap` with [`FxHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A `HashSet` with [`FxHasher`].
pub type FastSet<T> = HashSet<T, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_work_and_hashes_differ() {
        let mut map: FastMap<String, u32> = FastMap::default();
        for (i, word) in ["manag", "servic", "data", "a", "abcdefghijk"].iter().enumerate() {
            map.insert(word.to_string(), i as u32);
        }
        assert_eq!(map.get("data"), Some(&2));
        assert_eq!(map.get("abcdefghijk"), Some(&4));
        let hash = |s: &str| {
            let mut h = FxHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_ne!(hash("manag"), hash("servic"));
    }
}
