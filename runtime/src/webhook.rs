//! Receiving Mews webhooks, whatever the web framework: the shared secret Mews adds to the
//! webhook URL, checked in constant time, and the body decoded with the JSON path of any error.
//!
//! The secret is never printed: [`WebhookSecret`]'s `Debug` is redacted, it has no `Display`,
//! and no error of this module holds it (nor the request URL, which carries it).

use std::fmt;

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use subtle::ConstantTimeEq;

use crate::transport::{decode_json, JsonPathError};

/// A webhook message type the bindings generate (or any JSON body an application wants):
/// decoded from the bytes of a delivery.
pub trait WebhookPayload: Sized + Send + 'static {
    /// Decodes a delivery's body; the error names the JSON path of the failure.
    fn decode(body: &[u8]) -> Result<Self, JsonPathError>;
}

/// Decodes a webhook body as `T` (what [`WebhookPayload::decode`] of a generated message does):
/// trailing bytes are an error, and the error names the JSON path (`Events[2].Value.Id`).
pub fn decode_webhook<T: DeserializeOwned>(body: &[u8]) -> Result<T, JsonPathError> {
    decode_json(body)
}

/// The keys of a JSON object, in order, without decoding the values (which are checked only for
/// being JSON): how a body that may be one of several messages is told apart.
pub fn object_keys(body: &[u8]) -> Result<Vec<String>, JsonPathError> {
    struct Keys;
    impl<'de> Visitor<'de> for Keys {
        type Value = Vec<String>;

        fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            formatter.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
            let mut keys = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                map.next_value::<IgnoredAny>()?;
                keys.push(key);
            }
            Ok(keys)
        }
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let keys = de::Deserializer::deserialize_map(&mut deserializer, Keys)
        .and_then(|keys| deserializer.end().map(|()| keys));
    keys.map_err(|error| JsonPathError {
        path: ".".to_owned(),
        error,
    })
}

/// The error for a body that is a JSON object but none of the messages expected at the endpoint.
pub fn unknown_message(expected: &str) -> JsonPathError {
    JsonPathError {
        path: ".".to_owned(),
        error: de::Error::custom(format_args!(
            "the body is not a known webhook message (expected {expected})"
        )),
    }
}

/// The shared secret of a webhook endpoint: the token agreed with Mews, which Mews adds to the
/// URL it posts to.
///
/// Comparison takes the same time whatever the candidate (it depends only on the secret's
/// length), so an attacker cannot find the secret byte by byte by timing refused deliveries.
#[derive(Clone)]
pub struct WebhookSecret {
    secret: Box<[u8]>,
}

impl WebhookSecret {
    /// The secret; an empty one is refused (every delivery would be accepted).
    pub fn new(secret: impl Into<String>) -> Result<Self, crate::ConfigError> {
        let secret: String = secret.into();
        if secret.is_empty() {
            return Err(crate::ConfigError::new(
                "the webhook secret is empty: every delivery would be accepted",
            ));
        }
        Ok(WebhookSecret {
            secret: secret.into_bytes().into_boxed_slice(),
        })
    }

    /// Whether `candidate` is the secret, in constant time.
    pub fn matches(&self, candidate: &str) -> bool {
        let candidate = candidate.as_bytes();
        // Every byte of the secret is compared with the candidate's byte at the same place (or
        // 0 past its end), and the lengths with a constant-time comparison too.
        let mut equal = (candidate.len() as u64).ct_eq(&(self.secret.len() as u64));
        for (index, byte) in self.secret.iter().enumerate() {
            let theirs = candidate.get(index).copied().unwrap_or(0);
            equal &= byte.ct_eq(&theirs);
        }
        bool::from(equal)
    }

    /// Checks a request for the secret where [`SecretIn`] says it is: `query` is the URL's
    /// query string without `?`, `path` the URL's path.
    pub fn check(&self, place: &SecretIn, path: &str, query: Option<&str>) -> Result<(), Refusal> {
        let candidate = match place {
            SecretIn::Query(name) => query.and_then(|query| {
                form_urlencoded::parse(query.as_bytes())
                    .find(|(key, _)| key == name.as_str())
                    .map(|(_, value)| value.into_owned())
            }),
            SecretIn::LastPathSegment => path
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .filter(|segment| !segment.is_empty())
                .map(|segment| {
                    percent_encoding::percent_decode_str(segment)
                        .decode_utf8_lossy()
                        .into_owned()
                }),
        };
        match candidate {
            None => Err(Refusal::MissingSecret),
            Some(candidate) if self.matches(&candidate) => Ok(()),
            Some(_) => Err(Refusal::WrongSecret),
        }
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret(<redacted>)")
    }
}

/// Where the webhook URL carries the secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretIn {
    /// A query parameter of this name: `https://example.com/mews?token=SECRET`.
    Query(String),
    /// The last segment of the path: `https://example.com/mews/SECRET`.
    LastPathSegment,
}

/// Why a delivery is refused, and the HTTP status that says so.
#[derive(Debug)]
#[non_exhaustive]
pub enum Refusal {
    /// The URL has no secret (401).
    MissingSecret,
    /// The URL's secret is not ours (401).
    WrongSecret,
    /// The body is larger than the endpoint accepts (413).
    TooLarge { limit: usize },
    /// The body could not be read from the connection (400).
    Unreadable(String),
    /// The body is not the expected JSON; the error names the path (400).
    Malformed(JsonPathError),
    /// The application cannot take more deliveries now (503, so Mews retries later).
    Busy,
}

impl Refusal {
    /// The HTTP status to answer with.
    pub fn status(&self) -> u16 {
        match self {
            Refusal::MissingSecret | Refusal::WrongSecret => 401,
            Refusal::TooLarge { .. } => 413,
            Refusal::Unreadable(_) | Refusal::Malformed(_) => 400,
            Refusal::Busy => 503,
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::MissingSecret => f.write_str("the webhook URL has no secret"),
            Refusal::WrongSecret => f.write_str("the webhook URL's secret is wrong"),
            Refusal::TooLarge { limit } => {
                write!(f, "the webhook body is larger than {limit} bytes")
            }
            Refusal::Unreadable(why) => write!(f, "the webhook body could not be read: {why}"),
            Refusal::Malformed(error) => write!(f, "the webhook body does not decode at {error}"),
            Refusal::Busy => f.write_str("the application is not taking deliveries now"),
        }
    }
}

impl std::error::Error for Refusal {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Refusal::Malformed(error) => Some(error),
            _ => None,
        }
    }
}

/// One webhook endpoint's checks, in the order a delivery meets them: the secret (before the
/// body is read), the body's size, then its JSON.
#[derive(Clone, Debug)]
pub struct WebhookReceiver {
    secret: WebhookSecret,
    place: SecretIn,
    body_limit: usize,
}

/// The default largest body: Mews batches events by the hundred, each a few dozen bytes.
pub const DEFAULT_BODY_LIMIT: usize = 1 << 20;

impl WebhookReceiver {
    /// An endpoint whose URL carries `secret` in the query parameter `secret`
    /// (`?secret=…`); see [`WebhookReceiver::secret_in`] for another place.
    pub fn new(secret: WebhookSecret) -> Self {
        WebhookReceiver {
            secret,
            place: SecretIn::Query("secret".to_owned()),
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }

    /// Where the URL carries the secret.
    #[must_use]
    pub fn secret_in(mut self, place: SecretIn) -> Self {
        self.place = place;
        self
    }

    /// The largest body accepted (default [`DEFAULT_BODY_LIMIT`]); a larger one is refused
    /// with 413.
    #[must_use]
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Where the URL carries the secret.
    pub fn place(&self) -> &SecretIn {
        &self.place
    }

    /// The largest body accepted.
    pub fn limit(&self) -> usize {
        self.body_limit
    }

    /// The first check, before the body is read: the URL's secret.
    pub fn authorize(&self, path: &str, query: Option<&str>) -> Result<(), Refusal> {
        self.secret.check(&self.place, path, query)
    }

    /// Both checks of a delivery whose body is already read: the secret, then the body.
    pub fn receive<T: WebhookPayload>(
        &self,
        path: &str,
        query: Option<&str>,
        body: &[u8],
    ) -> Result<T, Refusal> {
        self.authorize(path, query)?;
        if body.len() > self.body_limit {
            return Err(Refusal::TooLarge {
                limit: self.body_limit,
            });
        }
        T::decode(body).map_err(Refusal::Malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Ping {
        #[serde(rename = "Id")]
        id: u32,
    }

    impl WebhookPayload for Ping {
        fn decode(body: &[u8]) -> Result<Self, JsonPathError> {
            decode_webhook(body)
        }
    }

    fn receiver() -> WebhookReceiver {
        WebhookReceiver::new(WebhookSecret::new("s3cr3t-value").unwrap())
    }

    #[test]
    fn the_secret_matches_only_itself_and_is_never_printed() {
        let secret = WebhookSecret::new("s3cr3t-value").unwrap();
        assert!(secret.matches("s3cr3t-value"));
        for other in [
            "",
            "s3cr3t-valu",
            "s3cr3t-value!",
            "S3cr3t-value",
            "s3cr3t-valuf",
        ] {
            assert!(!secret.matches(other), "{other}");
        }
        assert_eq!(format!("{secret:?}"), "WebhookSecret(<redacted>)");
        assert!(!format!("{:?}", receiver()).contains("s3cr3t"));
        assert!(WebhookSecret::new("").is_err());
    }

    #[test]
    fn the_secret_is_read_from_the_query_or_the_path() {
        let receiver = receiver();
        assert!(receiver
            .authorize("/mews", Some("secret=s3cr3t-value"))
            .is_ok());
        assert!(receiver
            .authorize("/mews", Some("a=1&secret=s3cr3t%2Dvalue"))
            .is_ok());
        assert!(matches!(
            receiver.authorize("/mews", Some("secret=nope")),
            Err(Refusal::WrongSecret)
        ));
        assert!(matches!(
            receiver.authorize("/mews", None),
            Err(Refusal::MissingSecret)
        ));
        assert!(matches!(
            receiver.authorize("/mews", Some("token=s3cr3t-value")),
            Err(Refusal::MissingSecret)
        ));
        let by_path = receiver.secret_in(SecretIn::LastPathSegment);
        assert!(by_path.authorize("/mews/s3cr3t-value", None).is_ok());
        assert!(by_path.authorize("/mews/s3cr3t-value/", None).is_ok());
        assert!(matches!(
            by_path.authorize("/mews/other", None),
            Err(Refusal::WrongSecret)
        ));
        assert!(matches!(
            by_path.authorize("/", None),
            Err(Refusal::MissingSecret)
        ));
    }

    #[test]
    fn deliveries_are_checked_in_order_and_errors_name_the_path() {
        let receiver = receiver().body_limit(64);
        let query = Some("secret=s3cr3t-value");
        let ok: Ping = receiver.receive("/", query, br#"{"Id": 4}"#).unwrap();
        assert_eq!(ok, Ping { id: 4 });
        let wrong = receiver
            .receive::<Ping>("/", Some("secret=x"), b"not json")
            .unwrap_err();
        assert_eq!(wrong.status(), 401);
        let malformed = receiver
            .receive::<Ping>("/", query, br#"{"Id": "four"}"#)
            .unwrap_err();
        assert_eq!(malformed.status(), 400);
        assert!(malformed
            .to_string()
            .starts_with("the webhook body does not decode at Id: "));
        let large = receiver
            .receive::<Ping>("/", query, &[b' '; 65])
            .unwrap_err();
        assert_eq!(large.status(), 413);
        for refusal in [wrong, malformed, large] {
            assert!(!format!("{refusal} {refusal:?}").contains("s3cr3t"));
        }
    }

    #[test]
    fn object_keys_reads_keys_only() {
        assert_eq!(
            object_keys(br#"{"Action": "X", "Data": {"a": [1, 2]}}"#).unwrap(),
            ["Action", "Data"]
        );
        assert!(object_keys(b"[1]").is_err());
        assert!(object_keys(br#"{"A": 1} x"#).is_err());
        assert!(unknown_message("`Events` or `Action`")
            .to_string()
            .contains("expected `Events` or `Action`"));
    }
}
