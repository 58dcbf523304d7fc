//! The spec an import builds, before it is written as OpenAPI: small enough for the overlay and
//! the inference passes to edit directly.

use indexmap::IndexMap;

/// A property or item type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `type: string` with an optional format (`uuid`, `date-time`, `date`).
    String(Option<String>),
    /// `type: integer` with an optional format (`int32`, `int64`).
    Integer(Option<String>),
    Number,
    Boolean,
    /// No type: any JSON value.
    Any,
    /// `type: object` without properties: a JSON object with any keys.
    Object,
    Array(Box<Ty>),
    /// `additionalProperties`: a dictionary.
    Map(Box<Ty>),
    /// A component schema, by name.
    Ref(String),
}

impl Ty {
    /// The schema this type names, directly or as array or map items.
    pub fn referenced(&self) -> Option<&str> {
        match self {
            Ty::Ref(name) => Some(name),
            Ty::Array(inner) | Ty::Map(inner) => inner.referenced(),
            _ => None,
        }
    }

    pub fn referenced_mut(&mut self) -> Option<&mut String> {
        match self {
            Ty::Ref(name) => Some(name),
            Ty::Array(inner) | Ty::Map(inner) => inner.referenced_mut(),
            _ => None,
        }
    }

    /// The innermost string type, through arrays: where a format can be inferred.
    pub fn string_format_mut(&mut self) -> Option<&mut Option<String>> {
        match self {
            Ty::String(format) => Some(format),
            Ty::Array(inner) => inner.string_format_mut(),
            _ => None,
        }
    }
}

/// When a source changed an item's life, as the spec records it: added by the newer source
/// (`x-added`, `x-added-values`), discontinued (`x-discontinued`), with the changelog entry that
/// announces it where one does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Since {
    /// The changelog entry's date, else the source's.
    pub date: String,
    /// `docs` or `openapi`.
    pub source: String,
    /// The changelog entry in the public Mews docs.
    pub changelog: Option<String>,
}

/// Where a schema is used, which decides what "optional" means for its properties.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub request: bool,
    pub response: bool,
}

/// One property of an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Property {
    pub name: String,
    pub ty: Ty,
    /// The docs' contract: `required` or not.
    pub documented_required: bool,
    /// Always on the wire (OpenAPI `required`).
    pub required: bool,
    pub nullable: bool,
    /// `Some(note)` when deprecated; the note may be empty.
    pub deprecated: Option<String>,
    /// The Mews `{"Value": ...}` update wrapper.
    pub update_value: bool,
    /// A Mews hybrid identifier (a UUID or an `eid:…` external one): never given the uuid format.
    pub hybrid_identifier: bool,
    pub description: Option<String>,
    pub curation: Option<String>,
    pub max_items: Option<u64>,
    pub max_length: Option<u64>,
    pub max_interval: Option<String>,
    pub min_items: Option<u64>,
    pub min_length: Option<u64>,
    /// `minimum`/`maximum`, as the source writes the number.
    pub minimum: Option<String>,
    pub maximum: Option<String>,
    pub unique_items: bool,
    /// What was inferred rather than read, e.g. `format uuid (name and 2 examples)`.
    pub inferred: Vec<String>,
    /// `file:line` of the row.
    pub source: Option<String>,
    /// The docs' description, kept for inference even when descriptions are not imported.
    pub docs_text: String,
    /// Only the newer source lists it (`x-added`).
    pub added: Option<Since>,
}

impl Property {
    pub fn new(name: &str, ty: Ty) -> Property {
        Property {
            name: name.to_owned(),
            ty,
            documented_required: false,
            required: false,
            nullable: false,
            deprecated: None,
            update_value: false,
            hybrid_identifier: false,
            description: None,
            curation: None,
            max_items: None,
            max_length: None,
            max_interval: None,
            min_items: None,
            min_length: None,
            minimum: None,
            maximum: None,
            unique_items: false,
            inferred: Vec::new(),
            source: None,
            docs_text: String::new(),
            added: None,
        }
    }
}

/// A union layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    Sibling,
    Adjacent {
        value: String,
    },
    /// The tag (the discriminator) beside the arm's own fields (WebSocket events).
    Internal,
}

/// The operation that fetches the entity an arm's event names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetch {
    /// `customers_getAll`.
    pub operation: String,
    /// Its request property taking ids, `CustomerIds`.
    pub ids: String,
    /// The payload property holding the id, `Id`.
    pub id: String,
}

/// A union arm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arm {
    pub value: String,
    /// Sibling layout: the property holding the payload.
    pub property: Option<String>,
    /// Payload schema; `None` keeps the raw JSON.
    pub schema: Option<String>,
    /// The operation fetching the entity this arm's event names.
    pub fetch: Option<Fetch>,
}

/// A union of one of the Mews layouts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Union {
    pub layout: Layout,
    pub discriminator: String,
    pub arms: Vec<Arm>,
}

/// What a schema is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An object; a union when `union` is set (the properties document the wire format).
    Object {
        properties: Vec<Property>,
        union: Option<Union>,
    },
    Enum(Vec<String>),
    /// A named dictionary or other alias.
    Alias(Ty),
}

/// A component schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schema {
    pub kind: Kind,
    pub description: Option<String>,
    pub curation: Option<String>,
    pub deprecated: Option<String>,
    pub inferred: Vec<String>,
    /// `operations/orders.md#order-addition-options`.
    pub source: Option<String>,
    pub usage: Usage,
    /// The schema's section in the public Mews docs (`x-docs`).
    pub docs_url: Option<String>,
    /// Enum values (or union arms) a source marks deprecated in their description, with our
    /// note (`x-deprecated-values`).
    pub values_deprecated: IndexMap<String, String>,
    /// Enum values (or union arms) only the newer source lists (`x-added-values`).
    pub values_added: IndexMap<String, Since>,
    /// The property that carries this schema as untyped JSON, as (schema, property): a section
    /// the sources describe that no typed property reaches (the command data `Command.Data`
    /// holds). Kept in the spec with it (`x-carried-by: Schema.Property`), so its changes show.
    pub carried_by: Option<(String, String)>,
}

impl Schema {
    pub fn new(kind: Kind) -> Schema {
        Schema {
            kind,
            description: None,
            curation: None,
            deprecated: None,
            inferred: Vec::new(),
            source: None,
            usage: Usage::default(),
            docs_url: None,
            values_deprecated: IndexMap::new(),
            values_added: IndexMap::new(),
            carried_by: None,
        }
    }

    pub fn properties(&self) -> &[Property] {
        match &self.kind {
            Kind::Object { properties, .. } => properties,
            _ => &[],
        }
    }

    pub fn properties_mut(&mut self) -> Option<&mut Vec<Property>> {
        match &mut self.kind {
            Kind::Object { properties, .. } => Some(properties),
            _ => None,
        }
    }

    /// Every schema this one refers to.
    pub fn references(&self) -> Vec<&str> {
        match &self.kind {
            Kind::Object { properties, union } => {
                let mut out: Vec<&str> = properties
                    .iter()
                    .filter_map(|p| p.ty.referenced())
                    .collect();
                if let Some(union) = union {
                    out.extend(union.arms.iter().filter_map(|arm| arm.schema.as_deref()));
                }
                out
            }
            Kind::Enum(_) => Vec::new(),
            Kind::Alias(ty) => ty.referenced().into_iter().collect(),
        }
    }
}

/// One operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    /// `orderItems_getAll`.
    pub id: String,
    pub path: String,
    pub summary: String,
    pub description: Option<String>,
    pub curation: Option<String>,
    pub deprecated: Option<String>,
    pub restricted: Option<String>,
    pub retry_safe: bool,
    pub request: String,
    pub response: String,
    /// The array property paged through, when the operation uses cursor pagination.
    pub pagination: Option<String>,
    pub inferred: Vec<String>,
    /// `operations/orderitems.md#get-all-order-items`.
    pub source: String,
    /// The source's example of the request body (envelope fields included) and of the response.
    pub request_example: Option<crate::json::Value>,
    pub response_example: Option<crate::json::Value>,
    /// The docs' examples of the same bodies, when an import of both sources keeps them.
    pub docs_examples: DocsExamples,
    /// The operation's page in the public Mews docs (`x-docs`).
    pub docs_url: Option<String>,
    /// Only the newer source describes it (`x-added`).
    pub added: Option<Since>,
    /// Listed among the discontinued operations (`operations/discontinued.md`): Mews no longer
    /// serves it (`x-discontinued`); it is deprecated too.
    pub discontinued: Option<Since>,
}

/// The docs' examples of an operation's bodies, beside the official spec's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocsExamples {
    pub request: Vec<crate::json::Value>,
    pub response: Vec<crate::json::Value>,
}

impl Operation {
    /// `orderItems` of `orderItems_getAll`.
    pub fn resource(&self) -> &str {
        self.id
            .split_once('_')
            .map_or(self.id.as_str(), |(resource, _)| resource)
    }

    pub fn action(&self) -> &str {
        self.id.split_once('_').map_or("", |(_, action)| action)
    }
}

/// An error status every operation documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorStatus {
    pub code: u16,
    pub description: String,
}

/// The root of the spec.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Info {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// When the source was last changed (not written: the import's header names the sources).
    pub dated: Option<super::dated::Dated>,
}

/// A whole imported spec.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    pub info: Info,
    pub servers: Vec<(String, Option<String>)>,
    pub envelope: Vec<String>,
    pub secrets: Vec<String>,
    pub operations: Vec<Operation>,
    /// By name, in document order (hashed as the JSON tree's maps: the import looks schemas up
    /// for every property it reads and every example value it walks).
    pub schemas: crate::json::Map<String, Schema>,
    /// The error statuses and the schema of their body.
    pub errors: Vec<ErrorStatus>,
    pub error_schema: Option<String>,
    /// JSON examples of request and response bodies (and of event messages).
    pub examples: Vec<Example>,
    /// The messages Mews sends the application: webhooks and the WebSocket's.
    pub events: Vec<Event>,
}

/// A message Mews sends the application (`x-webhooks`, `x-websocket`).
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// `generalWebhook`; `websocket` for the WebSocket's message.
    pub id: String,
    /// `Some(path)` for the WebSocket (`/ws/connector`), `None` for a webhook.
    pub websocket: Option<String>,
    pub summary: String,
    pub description: Option<String>,
    pub curation: Option<String>,
    /// The message body's schema.
    pub schema: String,
    /// `events/wh-general.md#request-body`.
    pub source: String,
    pub docs_url: Option<String>,
    /// The docs' example of the message.
    pub example: Option<crate::json::Value>,
}

impl Model {
    /// The schemas no operation's body (nor the error body) reaches, in schema order.
    pub fn unreached(&self) -> Vec<String> {
        // A schema carried as JSON by a property counts as reached (see `carried_by`).
        let carried = self
            .schemas
            .iter()
            .filter(|(_, s)| {
                s.carried_by
                    .as_ref()
                    .is_some_and(|(carrier, _)| self.schemas.contains_key(carrier))
            })
            .map(|(name, _)| name.clone());
        let mut stack: Vec<String> = self
            .operations
            .iter()
            .flat_map(|op| [op.request.clone(), op.response.clone()])
            .chain(self.error_schema.clone())
            .chain(carried)
            .chain(self.events.iter().map(|event| event.schema.clone()))
            .collect();
        let mut reached = std::collections::BTreeSet::new();
        while let Some(name) = stack.pop() {
            if !reached.insert(name.clone()) {
                continue;
            }
            if let Some(schema) = self.schemas.get(&name) {
                stack.extend(schema.references().into_iter().map(str::to_owned));
            }
        }
        self.schemas
            .keys()
            .filter(|name| !reached.contains(*name))
            .cloned()
            .collect()
    }

    /// Renames a schema in place (its position kept) and every reference to it.
    pub fn rename(&mut self, from: &str, to: &str) {
        self.redirect(from, to);
        if let Some(index) = self.schemas.get_index_of(from) {
            // The key replaced in place (a removal and an insertion shift the whole map); when
            // `to` is already a schema, that entry moves here with this schema, as before.
            if let Err((_, to)) = self.schemas.replace_index(index, to.to_owned()) {
                if let Some((_, schema)) = self.schemas.shift_remove_index(index) {
                    self.schemas.shift_insert(index, to, schema);
                }
            }
        }
    }

    /// Points every reference to the schema `from` (properties, arms, aliases, bodies, the error
    /// body, examples) at `to`.
    pub fn redirect(&mut self, from: &str, to: &str) {
        let replace = |name: &mut String| {
            if name == from {
                *name = to.to_owned();
            }
        };
        for schema in self.schemas.values_mut() {
            if let Some((carrier, _)) = &mut schema.carried_by {
                replace(carrier);
            }
            if let Kind::Object { properties, union } = &mut schema.kind {
                properties
                    .iter_mut()
                    .filter_map(|p| p.ty.referenced_mut())
                    .for_each(replace);
                if let Some(union) = union {
                    union
                        .arms
                        .iter_mut()
                        .filter_map(|arm| arm.schema.as_mut())
                        .for_each(replace);
                }
            }
            if let Kind::Alias(ty) = &mut schema.kind {
                ty.referenced_mut().into_iter().for_each(replace);
            }
        }
        for op in &mut self.operations {
            replace(&mut op.request);
            replace(&mut op.response);
        }
        for event in &mut self.events {
            replace(&mut event.schema);
        }
        self.error_schema.iter_mut().for_each(replace);
        self.examples
            .iter_mut()
            .for_each(|example| replace(&mut example.schema));
    }
}

/// A JSON example of a request or response body.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// The body schema's name.
    pub schema: String,
    pub value: crate::json::Value,
    /// Where the example is written, to point at a bad value in it.
    pub origin: Option<ExampleOrigin>,
}

/// The code block an example was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleOrigin {
    pub file: String,
    /// The line of the opening fence.
    pub line: usize,
    pub text: String,
}

impl ExampleOrigin {
    /// The line of the first occurrence of `needle` in the block (the fence's when not found).
    pub fn line_of_text(&self, needle: &str) -> usize {
        self.text
            .lines()
            .position(|line| line.contains(needle))
            .map_or(self.line, |index| self.line + 1 + index)
    }
}
