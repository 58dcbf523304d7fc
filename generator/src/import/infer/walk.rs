//! The examples' walk through the schemas: each property's example values, nulls and absences
//! ([`Evidence`]), by schema and property name ([`Seen`]), from which the formats, the
//! nullability and the received shapes are inferred.

use std::collections::BTreeMap;

use crate::json::{Map, Value};

use super::super::model::{Kind, Layout, Model, Ty};

/// Example values seen for one property, each with the example it comes from.
#[derive(Default)]
pub(crate) struct Evidence {
    /// Each string value, with the index of the example (in `Model::examples`) it is from.
    pub strings: Vec<(String, usize)>,
    /// Where an example holds the property's key with `null`.
    pub nulls: Sightings,
    /// Where an example has the schema's object without the property's key.
    pub absent: Sightings,
    /// Examples that wrap the value in `{"Value": …}` where the table has no update value.
    pub wrapped: Vec<usize>,
}

/// How often the examples show something, and the first place (example index and JSON path,
/// `Customers[0].ChainId`) where they do: the walk's order makes it deterministic.
#[derive(Default)]
pub(crate) struct Sightings {
    /// How many times, over all the examples walked.
    pub count: usize,
    /// The first: the example's index and the JSON path.
    pub first: Option<(usize, String)>,
}

impl Sightings {
    fn record(&mut self, example: usize, path: impl FnOnce() -> String) {
        if self.first.is_none() {
            self.first = Some((example, path()));
        }
        self.count += 1;
    }
}

/// Evidence by schema and property name. Nested, so that the walk finds a schema's evidence
/// once per object and a property's by the name it holds (every property of every example),
/// without making an owned key each time.
#[derive(Default)]
pub(crate) struct Seen(Map<String, Map<String, Evidence>>);

impl Seen {
    /// The evidence for a schema's property, if an example reached it.
    pub(crate) fn get(&self, schema: &str, property: &str) -> Option<&Evidence> {
        self.0.get(schema)?.get(property)
    }

    /// The string values seen for each property, by schema and property name.
    pub(crate) fn into_strings(self) -> BTreeMap<(String, String), Vec<String>> {
        let mut strings = BTreeMap::new();
        for (schema, properties) in self.0 {
            for (property, evidence) in properties {
                let values = evidence.strings.into_iter().map(|(s, _)| s).collect();
                strings.insert((schema.clone(), property), values);
            }
        }
        strings
    }

    /// Where a schema's evidence is (for [`Seen::entry`]), made empty when first reached.
    fn schema(&mut self, schema: &str) -> usize {
        match self.0.get_index_of(schema) {
            Some(at) => at,
            None => self.0.insert_full(schema.to_owned(), Map::default()).0,
        }
    }

    /// The evidence for a property of the schema at `schema`, made empty when first reached.
    fn entry(&mut self, schema: usize, property: &str) -> &mut Evidence {
        let properties = &mut self.0[schema];
        let at = match properties.get_index_of(property) {
            Some(at) => at,
            None => {
                properties
                    .insert_full(property.to_owned(), Evidence::default())
                    .0
            }
        };
        &mut properties[at]
    }
}

/// Collects the example values of every property reached from `example` as schema `name`;
/// the example is not one of `Model::examples`, so its values carry no example index.
pub(crate) fn collect(model: &Model, name: &str, example: &Value, seen: &mut Seen) {
    collect_from(model, name, example, usize::MAX, seen);
}

/// [`collect`], the sightings numbered `example` (an index into the caller's own list).
pub(crate) fn collect_from(
    model: &Model,
    name: &str,
    value: &Value,
    example: usize,
    seen: &mut Seen,
) {
    let mut walker = Walker {
        model,
        example,
        seen,
        path: String::new(),
    };
    walker.object(name, value, 0);
}

/// One example's walk through the schemas, keeping the JSON path of the value it is at.
struct Walker<'a> {
    model: &'a Model,
    example: usize,
    seen: &'a mut Seen,
    /// `Customers[0].Address`: where the walk is (empty at the body's root).
    path: String,
}

impl Walker<'_> {
    /// Collects the example values of every property reached from `value` as schema `name`;
    /// the keys an object of a plain (non-union) schema leaves out are sightings of absence.
    fn object(&mut self, name: &str, value: &Value, depth: usize) {
        let model = self.model;
        let Some(schema) = model.schemas.get(name) else {
            return;
        };
        let (Kind::Object { properties, union }, Value::Object(map)) = (&schema.kind, value) else {
            return;
        };
        if depth > 32 {
            return;
        }
        let seen_at = self.seen.schema(name);
        for property in properties {
            let at = self.path.len();
            if !self.path.is_empty() {
                self.path.push('.');
            }
            self.path.push_str(&property.name);
            let evidence = self.seen.entry(seen_at, &property.name);
            match map.get(&property.name) {
                // A union's properties only document its wire shape: an arm's key is absent
                // whenever another arm is sent.
                None if union.is_none() => {
                    evidence.absent.record(self.example, || self.path.clone())
                }
                None => {}
                Some(value) => {
                    let value = match (property.update_value, value) {
                        (true, Value::Object(wrapper)) => {
                            wrapper.get("Value").unwrap_or(&Value::Null)
                        }
                        (false, Value::Object(wrapper))
                            if wrapper.len() == 1
                                && wrapper.contains_key("Value")
                                && !is_object_schema(model, &property.ty) =>
                        {
                            evidence.wrapped.push(self.example);
                            value
                        }
                        _ => value,
                    };
                    record(value, self.example, &self.path, evidence);
                    self.descend(&property.ty, value, depth);
                }
            }
            self.path.truncate(at);
        }
        if let Some(union) = union {
            // An internal arm's fields sit beside the tag, in this same object.
            if let (Layout::Internal, Some(Value::String(tag))) =
                (&union.layout, map.get(&union.discriminator))
            {
                let arm = union.arms.iter().find(|arm| &arm.value == tag);
                if let Some(schema) = arm.and_then(|arm| arm.schema.as_deref()) {
                    self.object(schema, value, depth + 1);
                }
            }
            if let (Layout::Adjacent { value: key }, Some(Value::String(discriminator))) =
                (&union.layout, map.get(&union.discriminator))
            {
                let arm = union.arms.iter().find(|arm| &arm.value == discriminator);
                if let (Some(schema), Some(payload)) =
                    (arm.and_then(|arm| arm.schema.as_deref()), map.get(key))
                {
                    let at = self.path.len();
                    if !self.path.is_empty() {
                        self.path.push('.');
                    }
                    self.path.push_str(key);
                    self.object(schema, payload, depth + 1);
                    self.path.truncate(at);
                }
            }
        }
    }

    fn descend(&mut self, ty: &Ty, value: &Value, depth: usize) {
        match (ty, value) {
            (Ty::Ref(name), _) => self.object(name, value, depth + 1),
            (Ty::Array(inner), Value::Array(items)) => {
                for (index, item) in items.iter().enumerate() {
                    let at = self.path.len();
                    self.path.push_str(&format!("[{index}]"));
                    self.descend(inner, item, depth);
                    self.path.truncate(at);
                }
            }
            _ => {}
        }
    }
}

/// A property whose value is a JSON object by its table (so `{"Value": …}` may be its shape).
fn is_object_schema(model: &Model, ty: &Ty) -> bool {
    match ty {
        Ty::Object | Ty::Any | Ty::Map(_) => true,
        Ty::Ref(name) => model.schemas.get(name).is_some_and(|schema| {
            !matches!(schema.kind, Kind::Enum(_) | Kind::Alias(Ty::String(_)))
        }),
        _ => false,
    }
}

fn record(value: &Value, example: usize, path: &str, evidence: &mut Evidence) {
    match value {
        Value::Null => evidence.nulls.record(example, || path.to_owned()),
        Value::String(text) => evidence.strings.push((text.clone(), example)),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .for_each(|text| evidence.strings.push((text.to_owned(), example))),
        _ => {}
    }
}
