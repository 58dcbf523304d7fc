//! The Mews update-value wrapper: `{"Value": ...}`.
//!
//! An update operation's property of type `Option<UpdateValue<T>>` has three states: `None`
//! leaves the key out (keep the current value), `Some(UpdateValue::set(v))` sends
//! `{"Value": v}`, and `Some(UpdateValue::clear())` sends `{"Value": null}` (remove the value).

use serde::{Deserialize, Serialize};

/// A new value for a property, or its removal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateValue<T> {
    /// The new value; `None` clears the property.
    #[serde(rename = "Value")]
    pub value: Option<T>,
}

impl<T> UpdateValue<T> {
    /// Sets the property to `value`.
    pub fn set(value: T) -> Self {
        UpdateValue { value: Some(value) }
    }

    /// Removes the property's value (sends `null`).
    pub fn clear() -> Self {
        UpdateValue { value: None }
    }
}

impl<T> From<T> for UpdateValue<T> {
    fn from(value: T) -> Self {
        UpdateValue::set(value)
    }
}
