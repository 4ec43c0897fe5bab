//! Template variables as bytes for the fingerprint: a serde serializer that writes each value
//! with a type tag, every string and byte string with its length, and every struct field and
//! map key by name, so that no two different values write the same bytes. Faster than JSON:
//! nothing is escaped or formatted as text (this runs over every page after each save).

use super::Fingerprint;
use serde::ser::{self, Serialize};

/// The serializer; fails only where a value's own `Serialize` fails.
pub(super) struct Encoder<'a>(pub(super) &'a mut Fingerprint);

/// A value's own error, which makes the page render instead of being fingerprinted.
#[derive(Debug)]
pub(super) struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

// One tag a kind of value; `END` closes a sequence, map or struct. Every value starts with a
// tag other than `END`, so a closed list of values reads back one way only.
const NONE: u8 = 0;
const SOME: u8 = 1;
const FALSE: u8 = 2;
const TRUE: u8 = 3;
const INT: u8 = 4;
const UINT: u8 = 5;
const FLOAT: u8 = 6;
const CHAR: u8 = 7;
const STR: u8 = 8;
const BYTES: u8 = 9;
const UNIT: u8 = 10;
const VARIANT: u8 = 11;
const SEQ: u8 = 12;
const MAP: u8 = 13;
const STRUCT: u8 = 14;
const END: u8 = 15;

impl Encoder<'_> {
    fn tag(&mut self, tag: u8) {
        self.0.write(&[tag]);
    }

    fn str(&mut self, s: &str) {
        self.0.write(&[STR]);
        self.0.write(&(s.len() as u64).to_le_bytes());
        self.0.write(s.as_bytes());
    }

    fn variant(&mut self, name: &str, index: u32, variant: &str) {
        self.tag(VARIANT);
        self.str(name);
        self.0.write(&index.to_le_bytes());
        self.str(variant);
    }
}

impl ser::Serializer for &mut Encoder<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.tag(if v { TRUE } else { FALSE });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }

    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }

    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }

    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.tag(INT);
        self.0.write(&v.to_le_bytes());
        Ok(())
    }

    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.tag(INT);
        self.0.write(&v.to_le_bytes());
        Ok(())
    }

    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }

    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }

    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }

    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.tag(UINT);
        self.0.write(&v.to_le_bytes());
        Ok(())
    }

    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.tag(UINT);
        self.0.write(&v.to_le_bytes());
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(v.into())
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.tag(FLOAT);
        self.0.write(&v.to_bits().to_le_bytes());
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.tag(CHAR);
        self.0.write(&u32::from(v).to_le_bytes());
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.str(v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.tag(BYTES);
        self.0.write(&(v.len() as u64).to_le_bytes());
        self.0.write(v);
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.tag(NONE);
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        self.tag(SOME);
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.tag(UNIT);
        Ok(())
    }

    fn serialize_unit_struct(self, name: &'static str) -> Result<(), Error> {
        self.tag(UNIT);
        self.str(name);
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.variant(name, index, variant);
        self.tag(UNIT);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.tag(STRUCT);
        self.str(name);
        value.serialize(&mut *self)?;
        self.tag(END);
        Ok(())
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.variant(name, index, variant);
        value.serialize(self)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Error> {
        self.tag(SEQ);
        Ok(self)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self, Error> {
        self.tag(SEQ);
        Ok(self)
    }

    fn serialize_tuple_struct(self, name: &'static str, _: usize) -> Result<Self, Error> {
        self.tag(STRUCT);
        self.str(name);
        Ok(self)
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Error> {
        self.variant(name, index, variant);
        self.tag(SEQ);
        Ok(self)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self, Error> {
        self.tag(MAP);
        Ok(self)
    }

    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Self, Error> {
        self.tag(STRUCT);
        self.str(name);
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Error> {
        self.variant(name, index, variant);
        self.tag(STRUCT);
        Ok(self)
    }
}

/// Elements, tuple fields and map keys and values are values in a row; `end` closes the list.
macro_rules! value_lists {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for &mut Encoder<'_> {
            type Ok = ();
            type Error = Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                value.serialize(&mut **self)
            }

            fn end(self) -> Result<(), Error> {
                self.tag(END);
                Ok(())
            }
        }
    )*};
}

value_lists!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for &mut Encoder<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        key.serialize(&mut **self)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), Error> {
        self.tag(END);
        Ok(())
    }
}

/// Fields by name, so that a field left out (`skip_serializing_if`) cannot be mistaken for
/// another's value.
macro_rules! field_lists {
    ($($trait:ident),*) => {$(
        impl ser::$trait for &mut Encoder<'_> {
            type Ok = ();
            type Error = Error;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.str(key);
                value.serialize(&mut **self)
            }

            fn end(self) -> Result<(), Error> {
                self.tag(END);
                Ok(())
            }
        }
    )*};
}

field_lists!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::super::Fingerprint;
    use crate::render::{RenderOptions, Vars};
    use serde::Serialize;
    use std::collections::BTreeMap;

    fn fingerprint<T: Serialize>(value: &T) -> u128 {
        let mut fingerprint = Fingerprint::new("page.html", &RenderOptions::default());
        fingerprint.put("value", value);
        fingerprint.finish().unwrap()
    }

    #[derive(Serialize)]
    struct Link {
        #[serde(skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        href: String,
    }

    #[test]
    fn different_values_write_different_bytes() {
        let values = [
            fingerprint(&Link {
                title: None,
                href: "a".into(),
            }),
            fingerprint(&Link {
                title: Some("a".into()),
                href: String::new(),
            }),
            fingerprint(&Link {
                title: Some(String::new()),
                href: "a".into(),
            }),
            fingerprint(&vec!["ab", "c"]),
            fingerprint(&vec!["a", "bc"]),
            fingerprint(&vec![vec!["a"], vec![]]),
            fingerprint(&vec![vec![], vec!["a"]]),
            fingerprint(&BTreeMap::from([("a", "b")])),
            fingerprint(&BTreeMap::from([("b", "a")])),
            fingerprint(&serde_json::json!({"n": 1})),
            fingerprint(&serde_json::json!({"n": 1.0})),
            fingerprint(&serde_json::json!({"n": "1"})),
            fingerprint(&Some(())),
            fingerprint(&None::<()>),
            fingerprint(&()),
        ];
        for (i, a) in values.iter().enumerate() {
            for b in &values[i + 1..] {
                assert_ne!(a, b);
            }
        }
        // And the same value, the same fingerprint.
        assert_eq!(
            fingerprint(&serde_json::json!({"a": [1, "x", null]})),
            fingerprint(&serde_json::json!({"a": [1, "x", null]}))
        );
    }
}
