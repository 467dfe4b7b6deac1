//! FNV-1a for the small hash maps of short words (lexicons, cue words): several times faster
//! than the default SipHash on such keys, and none of these maps is keyed by a party that
//! could choose collisions against it.

use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// The hasher builder for maps and sets hashed with [`Fnv`].
pub type FastHash = BuildHasherDefault<Fnv>;
