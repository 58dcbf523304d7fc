//! The lowering driver: spec in, checked IR out, or every problem found.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use openapiv3::{ReferenceOr, Schema};
use serde::Deserialize;

use super::{
    limits, modules, naming, recursion, refs, Api, EnvelopeField, Layout, Shape, TypeDef, TypeRef,
};
use crate::error::{pointer, Diagnostic, Error};
use crate::parse::Spec;

/// State shared by the lowering steps.
pub(super) struct Lowerer<'a> {
    pub raw: &'a crate::json::Value,
    pub components: &'a indexmap::IndexMap<String, ReferenceOr<Schema>>,
    pub envelope: BTreeSet<String>,
    /// Rust names of the types used as request bodies (envelope fields are left out of them).
    pub request_types: BTreeSet<String>,
    pub types: Vec<TypeDef>,
    /// Where each type of `types` is, by Rust name: lowering looks types up for every body,
    /// union arm and pagination check.
    index: HashMap<String, usize>,
    names: BTreeMap<String, String>,
    /// A property's field name and its name in inline types' contexts, by JSON name: the same
    /// names recur across hundreds of schemas and converting them is most of a property's cost.
    pub property_names: HashMap<String, PropertyNames>,
    /// Components' Rust names, by component name ([`Lowerer::type_name_of`]).
    component_names: HashMap<String, Option<String>>,
    diagnostics: Vec<Diagnostic>,
}

/// What a property's JSON name becomes: its field (`None` when it has no usable one) and the
/// upper camel case that names inline types after it.
#[derive(Clone)]
pub(super) struct PropertyNames {
    pub field: Option<String>,
    pub camel: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvelopeSpec {
    fields: Vec<String>,
    #[serde(default)]
    secrets: Vec<String>,
}

/// Lowers a parsed spec into the IR.
pub fn lower(spec: &Spec<'_>) -> Result<Api, Error> {
    let empty = indexmap::IndexMap::new();
    let components = spec
        .openapi
        .components
        .as_ref()
        .map_or(&empty, |c| &c.schemas);
    let mut lowerer = Lowerer {
        raw: &spec.raw,
        components,
        envelope: BTreeSet::new(),
        request_types: BTreeSet::new(),
        types: Vec::new(),
        index: HashMap::new(),
        names: BTreeMap::new(),
        property_names: HashMap::new(),
        component_names: HashMap::new(),
        diagnostics: Vec::new(),
    };
    let envelope = lowerer.envelope(&spec.openapi.extensions, &spec.openapi.paths);
    lowerer.envelope = envelope.iter().map(|field| field.name.clone()).collect();
    lowerer.request_types = request_types(&spec.openapi.paths);
    lowerer.check_scope(&spec.openapi);

    // Claim every component's Rust name first, so an inline type can never take one.
    for name in components.keys() {
        let at = pointer("#/components/schemas", name);
        match lowerer.type_name_of(name) {
            Some(rust_name) => {
                lowerer.claim_name(&rust_name, &at);
            }
            None => lowerer.error(Diagnostic::at(
                at,
                format!(
                    "schema name `{name}` {}",
                    naming::invalid_reason(name).unwrap_or("is not a valid Rust type name")
                ),
            )),
        }
    }
    lowerer.lower_components(components);
    let operations = lowerer.lower_operations(&spec.openapi.paths);
    let events = lowerer.lower_events(&spec.openapi.extensions);
    lowerer.check_union_payloads();
    let carried = lowerer.carried(components);
    let entities = lowerer.check_fetches(&operations);
    if lowerer.diagnostics.is_empty() {
        let cycles = recursion::resolve(&mut lowerer.types);
        lowerer.diagnostics.extend(cycles);
    }
    if !lowerer.diagnostics.is_empty() {
        return Err(Error {
            diagnostics: lowerer.diagnostics,
        });
    }
    let mut types = lowerer.types;
    let request_bodies: BTreeSet<String> = operations.iter().map(|op| op.request.clone()).collect();
    limits::mark(&mut types, &request_bodies);
    let problems = limits::check(&mut types);
    if !problems.is_empty() {
        return Err(Error {
            diagnostics: problems,
        });
    }
    let modules =
        modules::assign(&mut types, &operations, &events, &carried).map_err(Error::one)?;
    Ok(Api {
        title: spec.openapi.info.title.clone(),
        description: spec.openapi.info.description.clone(),
        version: spec.openapi.info.version.clone(),
        envelope,
        modules,
        types,
        operations,
        events,
        entities,
    })
}

impl<'a> Lowerer<'a> {
    /// A lowerer in this one's state, with no types or diagnostics yet (a half of
    /// [`Lowerer::lower_components`]).
    pub(super) fn copy(&self) -> Lowerer<'a> {
        Lowerer {
            raw: self.raw,
            components: self.components,
            envelope: self.envelope.clone(),
            request_types: self.request_types.clone(),
            types: Vec::new(),
            index: HashMap::new(),
            names: self.names.clone(),
            property_names: HashMap::new(),
            component_names: self.component_names.clone(),
            diagnostics: Vec::new(),
        }
    }

    /// Whether a name neither this lowerer nor its copies had was claimed by both copies.
    pub(super) fn claimed_by_both(&self, earlier: &Lowerer<'_>, later: &Lowerer<'_>) -> bool {
        later
            .names
            .keys()
            .any(|name| !self.names.contains_key(name) && earlier.names.contains_key(name))
    }

    /// Takes a copy's types, names and diagnostics, after this lowerer's own.
    pub(super) fn absorb(&mut self, copy: Lowerer<'_>) {
        self.diagnostics.extend(copy.diagnostics);
        for def in copy.types {
            self.push_type(def);
        }
        self.names.extend(copy.names);
        self.component_names.extend(copy.component_names);
    }

    pub(super) fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Reserves a Rust type name, reporting a collision with the pointer that holds it.
    pub(super) fn claim_name(&mut self, rust_name: &str, at: &str) -> bool {
        if naming::is_reserved_type(rust_name) {
            let message = format!("the inline type's name `{rust_name}` would shadow a type the generated code uses; make it a component schema");
            self.error(Diagnostic::at(at, message));
            return false;
        }
        if let Some(holder) = self.names.get(rust_name) {
            let message = format!("name collision: `{rust_name}` is already the name of {holder}");
            self.error(Diagnostic::at(at, message));
            return false;
        }
        self.names.insert(rust_name.to_owned(), at.to_owned());
        true
    }

    /// `x-carried-by: Schema.Property` of each component: the property that holds it as untyped
    /// JSON. Each is checked (the schema has that property) and given as the carried type's
    /// Rust name → the carrier's, so that the type lives with its carrier's resources.
    fn carried(
        &mut self,
        components: &indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::Schema>>,
    ) -> BTreeMap<String, String> {
        let mut carried = BTreeMap::new();
        for name in components.keys() {
            let at = pointer("#/components/schemas", name);
            let Some(by) = refs::raw_at(self.raw, &at).and_then(|node| node.get("x-carried-by"))
            else {
                continue;
            };
            let held =
                by.as_str()
                    .and_then(|by| by.split_once('.'))
                    .filter(|(carrier, property)| {
                        refs::raw_at(self.raw, &pointer("#/components/schemas", carrier))
                            .and_then(|node| node.pointer(&format!("/properties/{property}")))
                            .is_some()
                    });
            match (held, naming::type_name(name)) {
                (Some((carrier, _)), Some(rust_name)) => {
                    if let Some(carrier) = naming::type_name(carrier) {
                        carried.insert(rust_name, carrier);
                    }
                }
                _ => self.error(Diagnostic::at(
                    format!("{at}/x-carried-by"),
                    "x-carried-by must name a schema's property (`Schema.Property`) that the spec has",
                )),
            }
        }
        carried
    }

    /// A component's Rust type name (converted once per name: references repeat them).
    pub(super) fn type_name_of(&mut self, component: &str) -> Option<String> {
        if let Some(name) = self.component_names.get(component) {
            return name.clone();
        }
        let name = naming::type_name(component);
        self.component_names
            .insert(component.to_owned(), name.clone());
        name
    }

    pub(super) fn push_type(&mut self, def: TypeDef) {
        // The first of a name is the one found, as with a search from the start.
        self.index
            .entry(def.name.clone())
            .or_insert(self.types.len());
        self.types.push(def);
    }

    pub(super) fn find_type(&self, rust_name: &str) -> Option<&TypeDef> {
        self.types.get(*self.index.get(rust_name)?)
    }

    /// `x-envelope`, each field marked required when some request schema requires it.
    fn envelope(
        &mut self,
        extensions: &indexmap::IndexMap<String, serde_json::Value>,
        paths: &openapiv3::Paths,
    ) -> Vec<EnvelopeField> {
        let Some(value) = extensions.get("x-envelope") else {
            return Vec::new();
        };
        let spec = match serde_json::from_value::<EnvelopeSpec>(value.clone()) {
            Ok(spec) => spec,
            Err(error) => {
                self.error(Diagnostic::at(
                    "#/x-envelope",
                    format!("invalid x-envelope: {error}"),
                ));
                return Vec::new();
            }
        };
        for secret in &spec.secrets {
            if !spec.fields.contains(secret) {
                self.error(Diagnostic::at(
                    "#/x-envelope/secrets",
                    format!("secret `{secret}` is not an envelope field"),
                ));
            }
        }
        let mut seen = BTreeSet::new();
        for (index, name) in spec.fields.iter().enumerate() {
            if !seen.insert(name) {
                self.error(Diagnostic::at(
                    format!("#/x-envelope/fields/{index}"),
                    format!("envelope field `{name}` is listed twice"),
                ));
            }
        }
        let required = self.required_in_requests(paths);
        spec.fields
            .iter()
            .map(|name| EnvelopeField {
                name: name.clone(),
                required: required.contains(name.as_str()),
                secret: spec.secrets.contains(name),
            })
            .collect()
    }

    /// The properties some request body schema lists as required.
    fn required_in_requests(&self, paths: &openapiv3::Paths) -> BTreeSet<&str> {
        request_components(paths)
            .filter_map(|name| self.components.get(&name)?.as_item())
            .filter_map(|schema| match &schema.schema_kind {
                openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) => {
                    Some(object.required.iter().map(String::as_str))
                }
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// A union arm's payload must be a struct: the Mews layouts put objects there.
    fn check_union_payloads(&mut self) {
        let mut problems = Vec::new();
        for def in &self.types {
            let Shape::Union(union) = &def.shape else {
                continue;
            };
            for (index, arm) in union.arms.iter().enumerate() {
                let Some(TypeRef::Named(payload)) = &arm.payload else {
                    continue;
                };
                let found = self.find_type(payload).map(|t| &t.shape);
                if let (Layout::Internal, Some(Shape::Struct(object))) = (&union.layout, found) {
                    if object
                        .fields
                        .iter()
                        .any(|field| field.json_name == union.discriminator)
                    {
                        problems.push(Diagnostic::at(
                            format!("{}/x-union/arms/{index}/schema", def.pointer),
                            format!(
                                "arm `{}`: `{payload}` has a `{}` property, but the union writes the tag itself; leave it out of the arm's schema",
                                arm.value, union.discriminator
                            ),
                        ));
                    }
                }
                if !matches!(found, Some(Shape::Struct(_))) {
                    problems.push(Diagnostic::at(
                        format!("{}/x-union/arms/{index}/schema", def.pointer),
                        format!(
                            "arm `{}` points to `{payload}`, which is not an object schema",
                            arm.value
                        ),
                    ));
                }
            }
        }
        self.diagnostics.extend(problems);
    }
}

/// Rust names of the component schemas used as request bodies.
fn request_types(paths: &openapiv3::Paths) -> BTreeSet<String> {
    request_components(paths)
        .filter_map(|name| naming::type_name(&name))
        .collect()
}

/// The component schemas used as request bodies, by their spec names.
fn request_components(paths: &openapiv3::Paths) -> impl Iterator<Item = String> + '_ {
    paths
        .paths
        .values()
        .filter_map(ReferenceOr::as_item)
        .flat_map(|item| item.iter().map(|(_, operation)| operation))
        .filter_map(|operation| operation.request_body.as_ref()?.as_item())
        .filter_map(|body| body.content.get("application/json")?.schema.as_ref())
        .filter_map(|schema| match schema {
            ReferenceOr::Reference { reference } => refs::component_name(reference),
            ReferenceOr::Item(_) => None,
        })
}
