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

/// A digest built from several values in turn: bytes, and what `Debug` prints of values with no
/// other stable byte form (the model's structures), written straight into the hasher.
pub struct Digester(SipHasher13);

impl Digester {
    /// An empty digest.
    pub fn new() -> Self {
        Digester(SipHasher13::new())
    }

    /// Adds `bytes`, with their length (two values cannot run together).
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.write_usize(bytes.len());
        self.0.write(bytes);
        self
    }

    /// Adds a number.
    pub fn number(&mut self, n: u64) -> &mut Self {
        self.0.write_u64(n);
        self
    }

    /// Adds an optional string (`None` and `Some("")` differ).
    pub fn opt_str(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => {
                self.0.write_u8(1);
                self.bytes(s.as_bytes())
            }
            None => {
                self.0.write_u8(0);
                self
            }
        }
    }

    /// Adds `value` as JSON: faster than its `Debug` form for a JSON value.
    pub fn json(&mut self, value: &impl serde::Serialize) -> &mut Self {
        // Cannot fail into a hasher but for a value that will not serialize: that only makes
        // two values look different.
        let _ = serde_json::to_writer(&mut *self, value);
        self.0.write_u8(0xff);
        self
    }

    /// Adds a digest made elsewhere.
    pub fn digest(&mut self, digest: u128) -> &mut Self {
        self.0.write_u128(digest);
        self
    }

    /// Adds everything `Debug` prints of `value`: every field, nested.
    pub fn debug(&mut self, value: &impl std::fmt::Debug) -> &mut Self {
        // Writing into a hasher cannot fail; a `Debug` impl that returns an error leaves a
        // partial digest, which only makes two values look different.
        let _ = std::fmt::write(self, format_args!("{value:?}"));
        // Ends the value, so that the next one cannot run into it.
        self.0.write_u8(0xff);
        self
    }

    /// The digest of everything added.
    pub fn finish(&self) -> u128 {
        self.0.finish128().as_u128()
    }
}

impl Default for Digester {
    fn default() -> Self {
        Self::new()
    }
}

impl std::io::Write for Digester {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl std::fmt::Write for Digester {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}
