//! The types an application declares for its own JSON, next to mews-connector's.
//!
//! With serde_json's `arbitrary_precision` on (as the bindings once turned it on for everyone),
//! [`Reading`] fails on `1.5` ("data did not match any variant") and [`Measured`] on any number
//! ("invalid type: map, expected f64"); with `preserve_order`, every `serde_json::Value` object
//! keeps insertion order instead of sorting its keys. The tests check that none of that happens.

use serde::{Deserialize, Serialize};

/// A value that is a number or a text, as an application's own config might hold one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Reading {
    /// A number.
    Number(f64),
    /// Anything written as a string.
    Text(String),
}

/// A record whose number sits in a flattened part.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measured {
    /// What was measured.
    pub name: String,
    /// The measurement, flattened into the same object.
    #[serde(flatten)]
    pub value: Measurement,
}

/// The flattened part of [`Measured`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    /// A plain `f64`.
    pub amount: f64,
    /// Its unit.
    pub unit: String,
}
