//! The wire: the JSON body with the authentication envelope, one HTTP attempt, and decoding
//! of the response body.

use std::time::{Duration, SystemTime};

use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::client::{EnterpriseScope, Operation};
use crate::envelope::FilledEnvelope;
use crate::error::{
    ApiError, ApiErrorKind, Attempts, DecodeError, EncodeError, Error, Redactor, TransportError,
};
use crate::retry::parse_retry_after;

impl FilledEnvelope {
    /// Serializes `request` once into the body sent by every attempt; `enterprise_id` fills
    /// the operation's enterprise field when the request leaves it out or null.
    ///
    /// The request's fields are copied as JSON text (never through a `serde_json::Value`, whose
    /// numbers are `f64` and whose keys are sorted), so amounts and key order reach the wire as
    /// the request wrote them.
    pub(crate) fn encode<Req: Serialize + ?Sized>(
        &self,
        op: &'static Operation,
        request: &Req,
        enterprise_id: Option<uuid::Uuid>,
    ) -> Result<Vec<u8>, Error> {
        let encode_error = |message: String| {
            Error::Encode(EncodeError {
                operation: op.id,
                message,
            })
        };
        let text = serde_json::to_string(request).map_err(|e| encode_error(e.to_string()))?;
        let RequestFields(mut fields) =
            serde_json::from_str(&text).map_err(|e| encode_error(e.to_string()))?;
        // Envelope first so logged bodies start with the same fields; it overrides any
        // caller-provided copies.
        let envelope: Vec<(&str, &str)> = self
            .fields
            .iter()
            .map(|(field, value)| (field.name, value.as_str()))
            .collect();
        fields.retain(|(key, _)| envelope.iter().all(|(name, _)| name != key));
        let enterprise =
            match enterprise_id.and_then(|id| enterprise_field(op.enterprise_scope, id)) {
                Some((key, json)) => Some((
                    key,
                    RawValue::from_string(json).map_err(|e| encode_error(e.to_string()))?,
                )),
                None => None,
            };
        if let Some((key, value)) = &enterprise {
            match fields.iter_mut().find(|(name, _)| name == key) {
                Some((_, slot)) if slot.get() == "null" => *slot = value,
                Some(_) => {}
                None => fields.push(((*key).to_owned(), value)),
            }
        }
        let mut body = Vec::with_capacity(text.len() + 256);
        write_body(&mut body, &envelope, &fields).map_err(|e| encode_error(e.to_string()))?;
        Ok(body)
    }
}

fn write_body(
    body: &mut Vec<u8>,
    envelope: &[(&str, &str)],
    fields: &[(String, &RawValue)],
) -> Result<(), serde_json::Error> {
    let mut serializer = serde_json::Serializer::new(body);
    let mut map = serializer.serialize_map(Some(envelope.len() + fields.len()))?;
    for (key, value) in envelope {
        map.serialize_entry(key, value)?;
    }
    for (key, value) in fields {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

/// The operation's enterprise property and its JSON for `id`, if it has one.
fn enterprise_field(scope: EnterpriseScope, id: uuid::Uuid) -> Option<(&'static str, String)> {
    match scope {
        EnterpriseScope::None => None,
        EnterpriseScope::Single => Some(("EnterpriseId", format!("\"{id}\""))),
        EnterpriseScope::Many => Some(("EnterpriseIds", format!("[\"{id}\"]"))),
    }
}

/// A request's top-level properties in order, each as its JSON text.
struct RequestFields<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for RequestFields<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RequestFieldsVisitor(PhantomData))
    }
}

struct RequestFieldsVisitor<'a>(PhantomData<&'a ()>);

impl RequestFieldsVisitor<'_> {
    fn not_an_object<E: de::Error>(found: &str) -> E {
        de::Error::custom(format_args!(
            "the request must serialize to a JSON object, not {found}"
        ))
    }
}

impl<'de: 'a, 'a> Visitor<'de> for RequestFieldsVisitor<'a> {
    type Value = RequestFields<'a>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            fields.push((key, map.next_value::<&'a RawValue>()?));
        }
        Ok(RequestFields(fields))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(Self::not_an_object("an array"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Err(Self::not_an_object("a string"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Err(Self::not_an_object("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Err(Self::not_an_object("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Err(Self::not_an_object("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Err(Self::not_an_object("a number"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Err(Self::not_an_object("null"))
    }
}

/// A complete HTTP response, whatever its status.
#[derive(Debug, Clone)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: bytes::Bytes,
}

impl RawResponse {
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// `204 No Content` (`Prefer: return=minimal`) or any other success without a body.
    pub(crate) fn has_no_content(&self) -> bool {
        self.status == 204 || self.body.iter().all(u8::is_ascii_whitespace)
    }

    /// The first value of header `name`, when it is text.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The Mews `Request-Id` header.
    pub(crate) fn request_id(&self) -> Option<&str> {
        self.header("request-id")
    }
}

/// Sends one attempt and reads the whole response within `timeout`, which the caller turns
/// into the right [`TimeoutError`](crate::error::TimeoutError). `permit` (the attempt's place
/// in the rate limiter's window) is released as soon as the answer begins.
pub(crate) async fn send_once<P>(
    http: &reqwest::Client,
    request: reqwest::Request,
    timeout: Duration,
    op: &'static Operation,
    permit: P,
) -> Option<Result<RawResponse, Error>> {
    let exchange = async {
        let sent = http.execute(request).await;
        drop(permit);
        let response = sent.map_err(|e| {
            // A connect error means no byte of the request left this machine.
            Error::Transport(TransportError::new(op.id, !e.is_connect(), e))
        })?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| Error::Transport(TransportError::new(op.id, true, e)))?;
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    };
    // One deadline for the whole exchange, body included, so a server that trickles bytes
    // cannot hold the call open.
    tokio::time::timeout(timeout, exchange).await.ok()
}

/// Builds the [`ApiError`] for a non-success response.
pub(crate) fn api_error(
    op: &'static Operation,
    response: &RawResponse,
    redactor: &Redactor,
) -> ApiError {
    let retry_after = response
        .header("retry-after")
        .and_then(|v| parse_retry_after(v, SystemTime::now()));
    let mut error = ApiError {
        operation: op.id,
        kind: ApiErrorKind::from_status(response.status, retry_after),
        status: response.status,
        message: None,
        request_id: response.request_id().map(str::to_owned),
        details: None,
        attempts: Attempts::default(),
    };
    if let Ok(Value::Object(mut body)) = serde_json::from_slice::<Value>(&response.body) {
        if let Some(Value::String(message)) = body.remove("Message") {
            error.message = Some(redactor.redact(&message).into_owned());
        }
        if error.request_id.is_none() {
            if let Some(Value::String(id)) = body.remove("RequestId") {
                error.request_id = Some(id);
            }
        }
        error.details = body
            .remove("Details")
            .filter(|d| !d.is_null())
            .map(|d| redactor.redact_value(d));
    }
    // Not the documented error object (a proxy's page, plain text): keep the body's start.
    if error.message.is_none() {
        let excerpt = redactor.excerpt(&response.body, 0);
        error.message = (!excerpt.is_empty()).then_some(excerpt);
    }
    error
}

/// Decodes a success body.
pub(crate) fn decode_body<T: DeserializeOwned>(
    op: &'static Operation,
    response: &RawResponse,
    redactor: &Redactor,
) -> Result<T, Error> {
    let JsonPathError { path, error } = match decode_json(&response.body) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    let position = byte_offset(&response.body, error.line(), error.column());
    Err(DecodeError {
        operation: op.id,
        status: response.status,
        path,
        message: redactor.redact(&error.to_string()).into_owned(),
        excerpt: redactor.excerpt(&response.body, position),
        attempts: Attempts::default(),
    }
    .into())
}

/// A JSON document that does not decode, with where.
#[derive(Debug)]
pub struct JsonPathError {
    /// The JSON path of the failure, e.g. `OrderItems[737].UnitAmount.NetValue`; `.` for the
    /// document itself (malformed JSON, trailing bytes).
    pub path: String,
    /// serde_json's error, with line and column.
    pub error: serde_json::Error,
}

impl std::fmt::Display for JsonPathError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.error)
    }
}

impl std::error::Error for JsonPathError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// Decodes a JSON document as `T` the way the client decodes response bodies (e.g. for stored
/// responses or tests): trailing bytes after the value are an error, and the error names the
/// JSON path of the failure.
///
/// Plain serde runs first: tracking the path costs about half the decoding speed and is only
/// needed for the message, so only a document that fails is decoded again with it tracked.
pub fn decode_json<T: DeserializeOwned>(json: &[u8]) -> Result<T, JsonPathError> {
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let plain = T::deserialize(&mut deserializer).and_then(|value| {
        deserializer.end()?;
        Ok(value)
    });
    let plain_error = match plain {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let (path, error) = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(e) => (readable_path(e.path()), e.into_inner()),
        Ok(_) => match deserializer.end() {
            Err(e) => (".".to_owned(), e),
            // Not for a deterministic `Deserialize`; then the first error stands, pathless.
            Ok(()) => (".".to_owned(), plain_error),
        },
    };
    Err(JsonPathError { path, error })
}

/// The path as `OrderItems[3].Id`, leaving out the segments serde could not name (input that
/// ends inside a value yields such a `?` segment); `.` for the document itself.
fn readable_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Unknown => {}
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

/// Decodes a body-less success for [`Client::call`](crate::Client::call): as `{}`, else as
/// `null`, so empty result objects, `()` and `Option`s work and other types get a clear error.
pub(crate) fn decode_no_content<T: DeserializeOwned>(
    op: &'static Operation,
    status: u16,
) -> Result<T, Error> {
    T::deserialize(Value::Object(Map::new()))
        .or_else(|_| T::deserialize(Value::Null))
        .map_err(|e| {
            DecodeError {
                operation: op.id,
                status,
                path: ".".into(),
                message: format!(
                    "the response had no body (HTTP {status}) but the result type needs one: {e}"
                ),
                excerpt: String::new(),
                attempts: Attempts::default(),
            }
            .into()
        })
}

/// A success without a body that the client did not ask for: decoding it as empty could pass
/// off missing data as no data.
pub(crate) fn unrequested_no_content(op: &'static Operation, status: u16) -> Error {
    DecodeError {
        operation: op.id,
        status,
        path: ".".into(),
        message: format!(
            "the response had no body (HTTP {status}) although no minimal response was requested"
        ),
        excerpt: String::new(),
        attempts: Attempts::default(),
    }
    .into()
}

/// Converts serde_json's 1-based line and column into a byte offset.
fn byte_offset(body: &[u8], line: usize, column: usize) -> usize {
    let line_start = body
        .split(|&b| b == b'\n')
        .take(line.saturating_sub(1))
        .map(|l| l.len() + 1)
        .sum::<usize>();
    line_start
        .saturating_add(column.saturating_sub(1))
        .min(body.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    static OP: Operation = Operation {
        id: "orders_add",
        path: "/api/connector/v1/orders/add",
        retry_safe: false,
        enterprise_scope: EnterpriseScope::Single,
    };

    fn envelope() -> FilledEnvelope {
        let mut values = crate::envelope::EnvelopeValues::new(&crate::Envelope::MEWS);
        for (name, value) in [
            ("ClientToken", "ct"),
            ("AccessToken", "at"),
            ("Client", "Test 1.0"),
        ] {
            values.set(name.into(), value.into());
        }
        values.finish().expect("complete")
    }

    #[test]
    fn non_objects_are_rejected() {
        let err = envelope().encode(&OP, &[1, 2], None).unwrap_err();
        assert!(err.to_string().contains("not an array"), "{err}");
    }

    #[test]
    fn default_enterprise_fills_only_missing_or_null() {
        let id = uuid::Uuid::from_u128(7);
        let body = envelope()
            .encode(&OP, &serde_json::json!({"EnterpriseId": null}), Some(id))
            .unwrap();
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["EnterpriseId"], id.to_string());
        let other = uuid::Uuid::from_u128(8).to_string();
        let body = envelope()
            .encode(&OP, &serde_json::json!({ "EnterpriseId": other }), Some(id))
            .unwrap();
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["EnterpriseId"], other);
    }

    #[test]
    fn the_body_keeps_the_request_text() {
        #[derive(Serialize)]
        struct Request {
            #[serde(rename = "Zeta")]
            zeta: &'static str,
            #[serde(rename = "Amount", serialize_with = "crate::exact::serialize")]
            amount: rust_decimal::Decimal,
            #[serde(rename = "ClientToken")]
            client_token: &'static str,
            #[serde(rename = "EnterpriseId")]
            enterprise_id: Option<&'static str>,
            #[serde(rename = "Alpha")]
            alpha: crate::RawJson,
        }
        let amount = "1234567890123456789.012345678".parse().unwrap();
        let request = Request {
            zeta: "z",
            amount,
            client_token: "caller's copy",
            enterprise_id: None,
            alpha: crate::RawJson::from_string(r#"{"b":1.10,"a":2}"#).unwrap(),
        };
        let id = uuid::Uuid::from_u128(7);
        let body = envelope().encode(&OP, &request, Some(id)).unwrap();
        assert_eq!(
            String::from_utf8(body).unwrap(),
            format!(
                r#"{{"ClientToken":"ct","AccessToken":"at","Client":"Test 1.0","Zeta":"z","Amount":1234567890123456789.012345678,"EnterpriseId":"{id}","Alpha":{{"b":1.10,"a":2}}}}"#
            )
        );
    }

    #[test]
    fn offsets_follow_lines() {
        assert_eq!(byte_offset(b"ab\ncd", 2, 2), 4);
        assert_eq!(byte_offset(b"ab", 9, 9), 2);
    }
}
