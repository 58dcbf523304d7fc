//! Decoding of open enums: a listed value maps to its variant without allocating, any other
//! string is kept in the catch-all variant.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Visitor};

/// Serde visitor for a generated open enum.
pub struct OpenEnumVisitor<T> {
    name: &'static str,
    known: fn(&str) -> Option<T>,
    unknown: fn(String) -> T,
    marker: PhantomData<T>,
}

impl<T> OpenEnumVisitor<T> {
    /// A visitor for the enum `name`, given its lookup of listed values and its catch-all.
    pub fn new(name: &'static str, known: fn(&str) -> Option<T>, unknown: fn(String) -> T) -> Self {
        OpenEnumVisitor {
            name,
            known,
            unknown,
            marker: PhantomData,
        }
    }
}

impl<T> Visitor<'_> for OpenEnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string ({})", self.name)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        Ok((self.known)(value).unwrap_or_else(|| (self.unknown)(value.to_owned())))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
        match (self.known)(&value) {
            Some(known) => Ok(known),
            None => Ok((self.unknown)(value)),
        }
    }
}
