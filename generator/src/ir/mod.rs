//! The intermediate representation: every type and operation resolved, named and checked.
//!
//! Emitters consume only this; nothing is emitted straight from the raw schema.

mod components;
mod events;
mod fetch;
mod limits;
mod lower;
mod modules;
pub mod naming;
mod operation;
mod recursion;
mod refs;
mod schema;
mod scope;
mod union;

pub use limits::{decimal_parts, Bound, IntervalUnit, Limits, MaxInterval};
pub use lower::lower;

/// The whole API.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    pub title: String,
    pub description: Option<String>,
    pub version: String,
    /// Body fields the client adds to every request (`x-envelope`, in wire order), left out of
    /// generated request types.
    pub envelope: Vec<EnvelopeField>,
    /// Resource modules in output order; `shared` (types used by several resources) comes first.
    pub modules: Vec<Module>,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// The messages Mews sends the application: webhooks, then the WebSocket's (`x-webhooks`,
    /// `x-websocket`).
    pub events: Vec<EventMessage>,
    /// The entities the events name, one per operation that fetches them (arms with `fetch`).
    pub entities: Vec<Entity>,
}

/// A message Mews sends to the application rather than answers with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventMessage {
    pub pointer: String,
    /// `generalWebhook` (a webhook's `operationId`); `websocket` for the WebSocket message.
    pub id: String,
    pub channel: Channel,
    pub doc: Option<String>,
    pub deprecated: Option<Deprecation>,
    /// The Rust type of the body: a struct or a union.
    pub message: String,
    /// The variant naming this webhook in the generated `Webhook` enum, e.g. `GeneralWebhook`.
    pub variant: String,
    /// A key always present in this message and in no other webhook's: how a body posted to an
    /// endpoint shared by several webhooks is told apart (`None` when there is none).
    pub marker: Option<String>,
}

/// How a message arrives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Channel {
    /// An HTTP POST from Mews to the application's URL.
    Webhook,
    /// A message on the WebSocket at this path of the WebSocket address (`/ws/connector`).
    WebSocket { path: String },
}

/// An entity events name, and the operation that fetches it by id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// The variant of the generated `EventEntity`, e.g. `Customer` (from `CustomerIds`).
    pub variant: String,
    /// The field of the generated `EntitiesToFetch`, e.g. `customer_ids`.
    pub field: String,
    /// The fetching operation's id, resource module, static and method.
    pub operation: String,
    pub module: String,
    pub static_name: String,
    pub method: String,
    /// The operation's request type, and its property taking the ids.
    pub request: String,
    pub ids_json: String,
    pub ids_field: String,
    pub ids_presence: Presence,
    /// The type of one id (the property's item type and the event payload's id).
    pub id: TypeRef,
}

/// One body field of the envelope, as the runtime's `EnvelopeField` describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvelopeField {
    /// The wire name, e.g. `ClientToken`.
    pub name: String,
    /// Some request schema lists it as required: the client cannot be built without it.
    pub required: bool,
    /// Listed in `x-envelope.secrets`: never shown in `Debug` output or logs.
    pub secret: bool,
}

/// A Rust module of the bindings: one per resource, plus `shared`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Module {
    /// Rust module name, e.g. `order_items`.
    pub name: String,
    /// The resource as the URL spells it, e.g. `orderItems`; `None` for `shared`.
    pub resource: Option<String>,
}

impl Module {
    /// Whether this is the `shared` module of the types several resources use.
    pub fn is_shared(&self) -> bool {
        self.name == modules::SHARED
    }

    /// Whether this is the `events` module of the messages Mews sends.
    pub fn is_events(&self) -> bool {
        self.name == modules::EVENTS && self.resource.is_none()
    }

    /// The cargo feature that compiles a resource module: the URL resource in kebab-case
    /// (`orderItems` → `order-items`).
    pub fn feature(&self) -> String {
        naming::feature_name(&self.name)
    }
}

/// A named type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// Where it comes from, e.g. `#/components/schemas/OrderItem`.
    pub pointer: String,
    /// Rust name, e.g. `OrderItem`.
    pub name: String,
    /// Rust module it is emitted in.
    pub module: String,
    /// Resource modules whose operations reach this type (sorted): the cargo features it is
    /// compiled for. Empty when no operation uses it.
    pub used_by: Vec<String>,
    /// A request body reaches it: its values are sent.
    pub sent: bool,
    /// Sent, and a value of it can break a limit the spec states (a field with limits, or a
    /// field of a limited type): the client checks it before sending.
    pub limited: bool,
    pub doc: Option<String>,
    pub deprecated: Option<Deprecation>,
    pub shape: Shape,
}

/// `#[deprecated]`, with what to use instead when the spec says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deprecation {
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    Struct(Struct),
    Enum(Enum),
    Union(Union),
    /// A named primitive, e.g. `Currency: {type: string}`: a type alias.
    Alias(TypeRef),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Envelope fields the spec lists on this (request) type that the client supplies.
    pub envelope_fields: Vec<String>,
    /// Set when a property with `x-max-interval` holds this type: its start and end fields.
    pub interval: Option<IntervalEnds>,
}

/// The Rust fields holding an interval's start and end (`start_utc`, `end_utc`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntervalEnds {
    pub start: String,
    pub end: String,
    /// The ends are `Option`s (the spec lets them be null or left out).
    pub optional: bool,
}

impl Struct {
    /// Whether every field may be left unset, so `Default` can be derived.
    pub fn all_optional(&self) -> bool {
        self.fields
            .iter()
            .all(|field| field.presence != Presence::Required)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Name on the wire, e.g. `EnterpriseIds`.
    pub json_name: String,
    /// Rust name, e.g. `enterprise_ids` (raw identifiers spelled `r#type`).
    pub rust_name: String,
    pub ty: TypeRef,
    pub presence: Presence,
    /// What the spec states about the value (checked before sending when the type is sent).
    pub limits: Limits,
    pub doc: Option<String>,
    pub deprecated: Option<Deprecation>,
}

/// How a property appears on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Always present, never null: `T`.
    Required,
    /// Always present, may be null: `Option<T>`, `None` written as `null`.
    RequiredNullable,
    /// May be absent (and, when decoding, null): `Option<T>`, `None` left out.
    Optional,
}

/// A string enum, open to values the spec does not list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enum {
    pub values: Vec<EnumValue>,
    /// Name of the catch-all variant keeping unknown strings (normally `Unknown`).
    pub unknown_variant: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumValue {
    pub json: String,
    pub variant: String,
    /// `#[deprecated]` on the variant: a value the spec marks deprecated (`x-deprecated-values`).
    pub deprecated: Option<Deprecation>,
}

/// A discriminated union in one of the two Mews layouts.
#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    pub layout: Layout,
    /// The discriminator property, e.g. `Discriminator`.
    pub discriminator: String,
    /// The enum naming the discriminator values, when the spec declares one.
    pub discriminator_enum: Option<String>,
    pub arms: Vec<Arm>,
    /// Name of the catch-all variant for discriminator values the spec does not list.
    pub unknown_variant: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `{"Discriminator": "Product", "Rebate": null, "Product": {...}}`.
    Sibling,
    /// `{"Discriminator": "ProductOrder", "Value": {...}}`; holds the value property's name.
    Adjacent { value: String },
    /// `{"Type": "Reservation", "Id": ..., ...}`: the tag (the discriminator) beside the arm's
    /// own fields; each arm's payload is a struct without the tag.
    Internal,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Arm {
    /// Discriminator value, e.g. `Product`.
    pub value: String,
    pub variant: String,
    /// Sibling layout: the property holding this arm's payload.
    pub property: Option<String>,
    /// Sibling layout: the property is not required, so it is left out when the arm is not in use.
    pub optional: bool,
    /// Payload type; `None` keeps the raw JSON (adjacent arms without a documented payload).
    pub payload: Option<TypeRef>,
    /// `#[deprecated]` on the variant: an arm the spec marks deprecated (`x-deprecated-values`).
    pub deprecated: Option<Deprecation>,
    /// The entity this arm's event names, to fetch (`x-union` arm `fetch`).
    pub fetch: Option<ArmFetch>,
}

/// An arm's entity: the payload field holding its id and the entity (operation) fetching it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArmFetch {
    /// The operation and its ids property, as the spec names them.
    pub operation: String,
    pub ids: String,
    /// The payload property holding the id, on the wire and in Rust.
    pub id_json: String,
    pub id_field: String,
    /// Index in [`Api::entities`].
    pub entity: usize,
}

/// A use of a type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeRef {
    /// A named type, by its Rust name.
    Named(String),
    String,
    Bool,
    I32,
    I64,
    /// Exact decimal: every JSON number that is not an integer.
    Decimal,
    Uuid,
    /// A Mews hybrid identifier (`format: hybrid-identifier`): a UUID, or `eid:` and an
    /// external identifier.
    HybridId,
    DateTime,
    Date,
    /// Any JSON value.
    Json,
    Vec(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    /// The Mews update-value wrapper `{"Value": T | null}`.
    UpdateValue(Box<TypeRef>),
    /// `Box<T>`: a use by value that closes a cycle of recursive types.
    Boxed(Box<TypeRef>),
}

impl TypeRef {
    /// Named types this use refers to, directly or through containers.
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::UpdateValue(inner)
            | TypeRef::Boxed(inner) => inner.named(),
            _ => None,
        }
    }
}

/// One API operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    pub pointer: String,
    /// `orderItems_getAll`.
    pub id: String,
    /// `orderItems`.
    pub resource: String,
    /// `getAll`.
    pub action: String,
    /// Rust method name, `get_all`.
    pub method: String,
    /// The static describing the operation, `ORDER_ITEMS_GET_ALL`.
    pub static_name: String,
    /// `/api/connector/v1/orderItems/getAll`.
    pub path: String,
    pub doc: Option<String>,
    pub deprecated: Option<Deprecation>,
    /// Repeating the request cannot change server state: retried after 408, 5xx and lost
    /// connections.
    pub retry_safe: bool,
    pub enterprise_scope: EnterpriseScope,
    pub request: String,
    pub response: String,
    pub pagination: Option<Pagination>,
    /// Documented error statuses.
    pub errors: Vec<u16>,
}

/// Which request key receives the client's default enterprise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnterpriseScope {
    None,
    /// `EnterpriseId`.
    Single,
    /// `EnterpriseIds`.
    Many,
}

/// Cursor pagination of an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pagination {
    /// Rust field of the request holding the `Limitation`.
    pub limitation_field: String,
    /// Rust fields of the limitation type.
    pub count_field: String,
    pub cursor_field: String,
    /// Rust field of the response holding the next cursor, and its name on the wire.
    pub response_cursor_field: String,
    pub response_cursor_json: String,
    /// Rust field of the response holding the items, its name on the wire, and the item type.
    pub items_field: String,
    pub items_json: String,
    pub item: TypeRef,
    /// The item's identity (its `Id` property: the Mews cursor is the last item's `Id`), for
    /// yielding each item once when a stream splits the request.
    pub item_id: Option<ItemId>,
    /// The request's filters a stream splits when they are longer than the API takes: id
    /// lists with `maxItems`, intervals with `x-max-interval` (top-level properties).
    pub splits: Vec<Split>,
}

/// The `Id` field of a paged item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemId {
    pub field: String,
    /// `uuid::Uuid` (else a string).
    pub uuid: bool,
    /// Always present (else `Option`).
    pub required: bool,
}

/// A filter of a paged request a stream may split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// Rust field and JSON name.
    pub field: String,
    pub json: String,
    pub kind: SplitKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SplitKind {
    /// An array of at most `maxItems` values: batches.
    Items { max: u64 },
    /// An interval of at most `x-max-interval`: consecutive windows.
    Interval { max: MaxInterval },
}
