//! Making values: [`ToJson`] for the interpolations of [`json!`](crate::json::json), the
//! `From` conversions, and the macro itself.

use indexmap::IndexMap;

use super::{Map, Number, Value};

/// Conversion into a [`Value`] for [`json!`](crate::json::json)'s interpolated expressions.
pub trait ToJson {
    fn to_json(&self) -> Value;
}

impl ToJson for Value {
    fn to_json(&self) -> Value {
        self.clone()
    }
}

impl ToJson for str {
    fn to_json(&self) -> Value {
        Value::String(self.to_owned())
    }
}

impl ToJson for String {
    fn to_json(&self) -> Value {
        Value::String(self.clone())
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}

impl ToJson for Number {
    fn to_json(&self) -> Value {
        Value::Number(self.clone())
    }
}

macro_rules! integers_to_json {
    ($($ty:ty),*) => {$(
        impl ToJson for $ty {
            fn to_json(&self) -> Value {
                Value::Number(Number::from(*self))
            }
        }
    )*};
}

integers_to_json!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

impl ToJson for f64 {
    fn to_json(&self) -> Value {
        Number::from_f64(*self).map_or(Value::Null, Value::Number)
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToJson::to_json)
    }
}

impl<T: ToJson> ToJson for [T] {
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(ToJson::to_json).collect())
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Value {
        self.as_slice().to_json()
    }
}

impl<T: ToJson, S> ToJson for IndexMap<String, T, S> {
    fn to_json(&self) -> Value {
        Value::Object(
            self.iter()
                .map(|(key, value)| (key.clone(), value.to_json()))
                .collect(),
        )
    }
}

impl<T: ToJson> ToJson for std::collections::BTreeMap<String, T> {
    fn to_json(&self) -> Value {
        Value::Object(
            self.iter()
                .map(|(key, value)| (key.clone(), value.to_json()))
                .collect(),
        )
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn to_json(&self) -> Value {
        (**self).to_json()
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn to_json(&self) -> Value {
        (**self).to_json()
    }
}

impl From<Map> for Value {
    fn from(map: Map) -> Value {
        Value::Object(map)
    }
}

impl From<Vec<Value>> for Value {
    fn from(list: Vec<Value>) -> Value {
        Value::Array(list)
    }
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::String(text)
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::String(text.to_owned())
    }
}

impl From<bool> for Value {
    fn from(flag: bool) -> Value {
        Value::Bool(flag)
    }
}

impl From<Number> for Value {
    fn from(number: Number) -> Value {
        Value::Number(number)
    }
}

impl From<i64> for Value {
    fn from(number: i64) -> Value {
        Value::Number(number.into())
    }
}

impl From<u64> for Value {
    fn from(number: u64) -> Value {
        Value::Number(number.into())
    }
}

impl From<usize> for Value {
    fn from(number: usize) -> Value {
        Value::Number(number.into())
    }
}

impl FromIterator<Value> for Value {
    fn from_iter<I: IntoIterator<Item = Value>>(items: I) -> Value {
        Value::Array(items.into_iter().collect())
    }
}

/// A [`Value`] from JSON-like syntax, keys in the order written: `json!({"a": 1, "b": [x]})`.
/// Interpolated expressions convert through [`ToJson`].
#[doc(hidden)]
#[macro_export]
macro_rules! __ordered_json {
    (null) => { $crate::json::Value::Null };
    ([]) => { $crate::json::Value::Array(Vec::new()) };
    ([ $($items:tt)+ ]) => {
        $crate::json::Value::Array($crate::__ordered_json!(@array [] () $($items)+))
    };
    ({}) => { $crate::json::Value::Object($crate::json::Map::default()) };
    ({ $($members:tt)+ }) => {{
        let mut object = $crate::json::Map::default();
        $crate::__ordered_json!(@object object () $($members)+);
        $crate::json::Value::Object(object)
    }};
    ($other:expr) => { $crate::json::ToJson::to_json(&$other) };

    // Arrays: gather one element's tokens up to a top-level comma.
    (@array [$($done:expr,)*] ($($item:tt)+) , $($rest:tt)*) => {
        $crate::__ordered_json!(@array [$($done,)* $crate::__ordered_json!($($item)+),] () $($rest)*)
    };
    (@array [$($done:expr,)*] ($($item:tt)+)) => {
        vec![$($done,)* $crate::__ordered_json!($($item)+)]
    };
    (@array [$($done:expr,)*] ()) => { vec![$($done,)*] };
    (@array [$($done:expr,)*] ($($item:tt)*) $next:tt $($rest:tt)*) => {
        $crate::__ordered_json!(@array [$($done,)*] ($($item)* $next) $($rest)*)
    };

    // Objects: `"key": value` members, each value's tokens up to a top-level comma.
    (@object $object:ident ()) => {};
    (@object $object:ident () $key:literal : $($rest:tt)+) => {
        $crate::__ordered_json!(@value $object [$key] () $($rest)+)
    };
    (@value $object:ident [$key:expr] ($($value:tt)+) , $($rest:tt)*) => {
        $object.insert(($key).into(), $crate::__ordered_json!($($value)+));
        $crate::__ordered_json!(@object $object () $($rest)*)
    };
    (@value $object:ident [$key:expr] ($($value:tt)+)) => {
        $object.insert(($key).into(), $crate::__ordered_json!($($value)+));
    };
    (@value $object:ident [$key:expr] ($($value:tt)*) $next:tt $($rest:tt)*) => {
        $crate::__ordered_json!(@value $object [$key] ($($value)* $next) $($rest)*)
    };
}
