//! The one 128-bit content hash (SipHash-1-3) by which `serve` tells text it has seen before:
//! a source file's text, a rendered body. 128 bits, so that a collision is never a concern.

use siphasher::sip128::{Hasher128, SipHasher13};
use std::hash::Hasher as _;

/// The digest of `bytes`.
pub fn digest(bytes: &[u8]) -> u128 {
    let mut hasher = SipHasher13::new();
    hasher.write(bytes);
    hasher.finish128().as_u128()
}
