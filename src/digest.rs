//! The one 128-bit content hash by which `serve` and the build cache tell what they have seen
//! before: a source file's text, a rendered body, a page's template variables, a build's inputs.
//! 128 bits, so that an accidental collision is never a concern. XXH3 (not a keyed hash such as
//! SipHash: nothing here is chosen by an adversary who could aim for a collision) because these
//! digests are on the path of every save: hashing a 10,000-page site's pages each save took a
//! tenth of a title edit's rebuild with SipHash-1-3, and the build cache hashes every source.

use xxhash_rust::xxh3::{Xxh3, xxh3_128};

/// The digest of `bytes`.
pub fn digest(bytes: &[u8]) -> u128 {
    xxh3_128(bytes)
}

/// A digest built from several values in turn: bytes, and what `Debug` prints of values with no
/// other stable byte form (the model's structures), written straight into the hasher (which
/// buffers the small pieces `Debug` and JSON writes).
pub struct Digester(Xxh3);

impl Digester {
    /// An empty digest.
    pub fn new() -> Self {
        Digester(Xxh3::new())
    }

    /// Adds `bytes`, with their length (two values cannot run together).
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    /// Adds `bytes` as they are: for a caller that frames its input itself (a stream of JSON).
    pub fn raw(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(bytes);
        self
    }

    /// Adds a number.
    pub fn number(&mut self, n: u64) -> &mut Self {
        self.0.update(&n.to_le_bytes());
        self
    }

    /// Adds an optional string (`None` and `Some("")` differ).
    pub fn opt_str(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => {
                self.0.update(&[1]);
                self.bytes(s.as_bytes())
            }
            None => {
                self.0.update(&[0]);
                self
            }
        }
    }

    /// Adds a JSON object (front matter as written), walked value by value: serializing it
    /// into the hasher wrote it in pieces of a few bytes, a third of a page's digest.
    pub fn json_object(
        &mut self,
        object: &serde_json::Map<String, serde_json::Value>,
    ) -> &mut Self {
        self.number(object.len() as u64);
        for (key, value) in object {
            self.bytes(key.as_bytes()).json(value);
        }
        self
    }

    /// Adds a JSON value: its kind, then what it holds.
    pub fn json(&mut self, value: &serde_json::Value) -> &mut Self {
        use serde_json::Value;
        match value {
            Value::Null => self.raw(&[0]),
            Value::Bool(b) => self.raw(&[1, u8::from(*b)]),
            // The number as written: `1` and `1.0` are different front matter.
            Value::Number(n) => self.raw(&[2]).bytes(n.to_string().as_bytes()),
            Value::String(s) => self.raw(&[3]).bytes(s.as_bytes()),
            Value::Array(items) => {
                self.raw(&[4]).number(items.len() as u64);
                for item in items {
                    self.json(item);
                }
                self
            }
            Value::Object(object) => self.raw(&[5]).json_object(object),
        }
    }

    /// Adds an optional number (`None` and every number differ).
    pub fn opt_number(&mut self, n: Option<i64>) -> &mut Self {
        match n {
            Some(n) => self.raw(&[1]).number(n as u64),
            None => self.raw(&[0]),
        }
    }

    /// Adds an optional date.
    pub fn opt_date(&mut self, date: Option<chrono::NaiveDate>) -> &mut Self {
        use chrono::Datelike as _;
        self.opt_number(date.map(|d| i64::from(d.num_days_from_ce())))
    }

    /// Adds an optional moment with its offset (`+02:00` and `Z` at the same instant differ).
    pub fn opt_moment(&mut self, at: Option<chrono::DateTime<chrono::FixedOffset>>) -> &mut Self {
        match at {
            Some(at) => self
                .raw(&[1])
                .number(at.timestamp() as u64)
                .number(u64::from(at.timestamp_subsec_nanos()))
                .number(at.offset().local_minus_utc() as u64),
            None => self.raw(&[0]),
        }
    }

    /// Adds a digest made elsewhere.
    pub fn digest(&mut self, digest: u128) -> &mut Self {
        self.0.update(&digest.to_le_bytes());
        self
    }

    /// Adds everything `Debug` prints of `value`: every field, nested.
    pub fn debug(&mut self, value: &impl std::fmt::Debug) -> &mut Self {
        // Writing into a hasher cannot fail; a `Debug` impl that returns an error leaves a
        // partial digest, which only makes two values look different.
        let _ = std::fmt::write(self, format_args!("{value:?}"));
        // Ends the value, so that the next one cannot run into it.
        self.0.update(&[0xff]);
        self
    }

    /// The digest of everything added.
    pub fn finish(&self) -> u128 {
        self.0.digest128()
    }
}

/// A value's digest, kept with it once worked out. Not part of the value: two values are equal
/// (and print the same) whatever their caches hold.
#[derive(Clone, Default)]
pub struct DigestCache(std::sync::OnceLock<u128>);

impl DigestCache {
    /// The digest, worked out by `make` the first time.
    pub fn get_or(&self, make: impl FnOnce() -> u128) -> u128 {
        *self.0.get_or_init(make)
    }

    /// Forgets the digest (the value is about to change).
    pub fn forget(&mut self) {
        self.0 = std::sync::OnceLock::new();
    }
}

impl PartialEq for DigestCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for DigestCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DigestCache")
    }
}

impl Default for Digester {
    fn default() -> Self {
        Self::new()
    }
}

impl std::io::Write for Digester {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl std::fmt::Write for Digester {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}
