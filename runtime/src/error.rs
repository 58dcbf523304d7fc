//! The one error type every operation returns, and the redaction that keeps tokens out of it.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use crate::limits::LimitError;

/// Any failure of a Mews Connector API call.
///
/// Match on the variant to decide what to do: [`Error::Api`] is an answer from Mews,
/// [`Error::Transport`] and [`Error::Timeout`] say whether the request may have reached Mews
/// (so whether a non-idempotent operation such as `orders/add` may have run), and
/// [`Error::Decode`], [`Error::Encode`] and [`Error::Config`] are local problems.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Mews answered with a non-success HTTP status (boxed to keep `Result`s small).
    Api(Box<ApiError>),
    /// The HTTP exchange failed: DNS, connect, TLS, I/O, or a connection dropped mid-response.
    Transport(TransportError),
    /// The call's deadline passed, or the last attempt ran out of its attempt timeout.
    Timeout(TimeoutError),
    /// A success response did not match the expected response type (boxed to keep `Result`s
    /// small).
    Decode(Box<DecodeError>),
    /// A page broke the cursor contract (a full page without a cursor, a repeated cursor, a
    /// body-less page nobody asked for); the stream ends, since later pages cannot be reached.
    Page(PageError),
    /// One item of a page did not decode; only lenient item streams yield it, and they go on
    /// with the next item (boxed to keep `Result`s small).
    Item(Box<ItemError>),
    /// The request breaks a limit the spec states (an id list too long, a `Count` out of
    /// range, an interval too long...); nothing was sent (boxed to keep `Result`s small).
    Limit(Box<LimitError>),
    /// The request could not be encoded as a JSON object.
    Encode(EncodeError),
    /// The client is misconfigured (missing token, bad base URL, ...).
    Config(ConfigError),
}

impl Error {
    /// The id of the operation that failed (`orders_add`), when the error belongs to one.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Api(e) => Some(e.operation),
            Error::Transport(e) => Some(e.operation),
            Error::Timeout(e) => Some(e.operation),
            Error::Decode(e) => Some(e.operation),
            Error::Page(e) => Some(e.operation),
            Error::Item(e) => Some(e.operation),
            Error::Limit(e) => Some(e.operation),
            Error::Encode(e) => Some(e.operation),
            Error::Config(_) => None,
        }
    }

    /// How many attempts the call made and how long it took, for errors that ended a call
    /// which reached the network.
    pub fn attempts(&self) -> Option<Attempts> {
        match self {
            Error::Api(e) => Some(e.attempts),
            Error::Transport(e) => Some(e.attempts),
            Error::Timeout(e) => Some(e.attempts),
            Error::Decode(e) => Some(e.attempts),
            Error::Page(_)
            | Error::Item(_)
            | Error::Limit(_)
            | Error::Encode(_)
            | Error::Config(_) => None,
        }
    }

    /// Records the attempts of the call this error ends.
    pub(crate) fn with_attempts(mut self, attempts: Attempts) -> Self {
        match &mut self {
            Error::Api(e) => e.attempts = attempts,
            Error::Transport(e) => e.attempts = attempts,
            Error::Timeout(e) => e.attempts = attempts,
            Error::Decode(e) => e.attempts = attempts,
            Error::Page(_)
            | Error::Item(_)
            | Error::Limit(_)
            | Error::Encode(_)
            | Error::Config(_) => {}
        }
        self
    }

    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// The Mews `Request-Id` to quote to partnersuccess@mews.com, when the server sent one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether the request may have been processed by Mews. `false` means it certainly was
    /// not, so even a non-idempotent operation can safely be sent again.
    pub fn request_may_have_reached_server(&self) -> bool {
        // A retried attempt (a timed-out one, say) may have reached Mews even when the last
        // attempt could not connect.
        if self
            .attempts()
            .is_some_and(|attempts| attempts.earlier_may_have_reached_server)
        {
            return true;
        }
        match self {
            Error::Transport(e) => e.may_have_reached_server,
            Error::Timeout(e) => e.may_have_reached_server,
            Error::Limit(_) | Error::Encode(_) | Error::Config(_) => false,
            Error::Page(_) | Error::Item(_) => true,
            // 429 is rejected before the operation runs; every other answer came from Mews.
            Error::Api(e) => !matches!(e.kind, ApiErrorKind::TooManyRequests { .. }),
            Error::Decode(_) => true,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => e.fmt(f),
            Error::Transport(e) => e.fmt(f),
            Error::Timeout(e) => e.fmt(f),
            Error::Decode(e) => e.fmt(f),
            Error::Page(e) => e.fmt(f),
            Error::Item(e) => e.fmt(f),
            Error::Limit(e) => e.fmt(f),
            Error::Encode(e) => e.fmt(f),
            Error::Config(e) => e.fmt(f),
        }
    }
}

/// Transparent: `Display` already shows the variant, so the chain continues with its cause.
impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => std::error::Error::source(e),
            _ => None,
        }
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

impl From<TransportError> for Error {
    fn from(e: TransportError) -> Self {
        Error::Transport(e)
    }
}

impl From<TimeoutError> for Error {
    fn from(e: TimeoutError) -> Self {
        Error::Timeout(e)
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Decode(Box::new(e))
    }
}

impl From<PageError> for Error {
    fn from(e: PageError) -> Self {
        Error::Page(e)
    }
}

impl From<ItemError> for Error {
    fn from(e: ItemError) -> Self {
        Error::Item(Box::new(e))
    }
}

/// What one call cost before it ended: attempts sent and time from the start of the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Attempts {
    /// Attempts made, the first included (`0` when the call ended before sending, e.g. while
    /// waiting for the rate limiter).
    pub count: u32,
    /// Time from the start of the call to the error.
    pub elapsed: Duration,
    /// Whether an attempt before the last one may have reached the server (it was retried):
    /// then the call may have had its effect whatever the last attempt's error says.
    pub earlier_may_have_reached_server: bool,
}

impl Attempts {
    pub(crate) fn new(count: u32, elapsed: Duration) -> Self {
        Attempts {
            count,
            elapsed,
            earlier_may_have_reached_server: false,
        }
    }

    pub(crate) fn with_earlier_reached(mut self, reached: bool) -> Self {
        self.earlier_may_have_reached_server = reached;
        self
    }
}

impl fmt::Display for Attempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.count == 1 { "" } else { "s" };
        write!(
            f,
            "after {} attempt{plural} in {} ms",
            self.count,
            self.elapsed.as_millis()
        )
    }
}

impl From<LimitError> for Error {
    fn from(e: LimitError) -> Self {
        Error::Limit(Box::new(e))
    }
}

impl From<EncodeError> for Error {
    fn from(e: EncodeError) -> Self {
        Error::Encode(e)
    }
}

impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Self {
        Error::Config(e)
    }
}

/// What kind of failure an HTTP error status means, following the Mews response guidelines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400: malformed request or invalid identifier; usually a bug in the client app.
    BadRequest,
    /// 401: invalid `ClientToken`/`AccessToken`, or no permission for the endpoint.
    Unauthorized,
    /// 403: a business rule or server-side validation failed; the message is meant for the
    /// end user of the client app.
    Forbidden,
    /// 404: unknown address (the path is case-sensitive) or resource.
    NotFound,
    /// 408: the request was too heavy; ask for less data per request.
    RequestTimeout,
    /// 409: the data changed meanwhile; refresh and resubmit.
    Conflict,
    /// 413: the request body is too large.
    PayloadTooLarge,
    /// 429: request limit hit; the request was rejected before it ran.
    TooManyRequests {
        /// How long Mews asked to wait (`Retry-After`, seconds or HTTP date).
        retry_after: Option<Duration>,
    },
    /// 5xx: unexpected error on the Mews side.
    Server,
    /// Any other non-success status (including unfollowed 3xx redirects).
    Other(u16),
}

impl ApiErrorKind {
    /// The kind for an HTTP status; `retry_after` is only kept for 429.
    pub fn from_status(status: u16, retry_after: Option<Duration>) -> Self {
        match status {
            400 => ApiErrorKind::BadRequest,
            401 => ApiErrorKind::Unauthorized,
            403 => ApiErrorKind::Forbidden,
            404 => ApiErrorKind::NotFound,
            408 => ApiErrorKind::RequestTimeout,
            409 => ApiErrorKind::Conflict,
            413 => ApiErrorKind::PayloadTooLarge,
            429 => ApiErrorKind::TooManyRequests { retry_after },
            500..=599 => ApiErrorKind::Server,
            other => ApiErrorKind::Other(other),
        }
    }

    fn label(&self) -> &'static str {
        match self {
            ApiErrorKind::BadRequest => "bad request",
            ApiErrorKind::Unauthorized => "unauthorized",
            ApiErrorKind::Forbidden => "forbidden",
            ApiErrorKind::NotFound => "not found",
            ApiErrorKind::RequestTimeout => "request timeout",
            ApiErrorKind::Conflict => "conflict",
            ApiErrorKind::PayloadTooLarge => "payload too large",
            ApiErrorKind::TooManyRequests { .. } => "too many requests",
            ApiErrorKind::Server => "server error",
            ApiErrorKind::Other(_) => "unexpected status",
        }
    }
}

/// An error answer from Mews (any non-2xx status).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// Operation id, e.g. `orders_add`.
    pub operation: &'static str,
    /// What the status means.
    pub kind: ApiErrorKind,
    /// The HTTP status code.
    pub status: u16,
    /// `Message` from the JSON error body, or an excerpt of a non-JSON body.
    /// For [`ApiErrorKind::Forbidden`] this is meant to be shown to the end user.
    pub message: Option<String>,
    /// The `Request-Id` header, else the body's `RequestId`.
    pub request_id: Option<String>,
    /// The body's `Details` (only sent by development environments), tokens redacted.
    pub details: Option<serde_json::Value>,
    /// Attempts made by the call this answer ended.
    pub attempts: Attempts,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: HTTP {} ({})",
            self.operation,
            self.status,
            self.kind.label()
        )?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [Request-Id {id}]")?;
        }
        if self.attempts.count > 1 {
            write!(f, " ({})", self.attempts)?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// The HTTP exchange failed before a complete response arrived.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// Operation id, e.g. `orders_add`.
    pub operation: &'static str,
    /// `false` only when the connection was never established, so Mews cannot have seen the
    /// request; `true` when it was (or may have been) sent and the response was lost.
    pub may_have_reached_server: bool,
    /// Attempts made by the call this error ended.
    pub attempts: Attempts,
    source: reqwest::Error,
}

impl TransportError {
    pub(crate) fn new(
        operation: &'static str,
        may_have_reached_server: bool,
        source: reqwest::Error,
    ) -> Self {
        TransportError {
            operation,
            may_have_reached_server,
            attempts: Attempts::default(),
            source,
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let stage = if self.may_have_reached_server {
            "the request may have reached the server but no complete response arrived"
        } else {
            "could not connect; the request was not sent"
        };
        write!(
            f,
            "{}: transport error: {stage} ({})",
            self.operation, self.attempts
        )
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Which limit a [`TimeoutError`] ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutLimit {
    /// The whole call's deadline ([`ClientBuilder::timeout`](crate::ClientBuilder::timeout)).
    Call,
    /// One attempt's limit
    /// ([`ClientBuilder::attempt_timeout`](crate::ClientBuilder::attempt_timeout)), on the
    /// last attempt the call could make.
    Attempt,
}

/// The call ran out of time; the request may have been processed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TimeoutError {
    /// Operation id, e.g. `orders_add`.
    pub operation: &'static str,
    /// Which limit elapsed.
    pub limit: TimeoutLimit,
    /// The length of that limit.
    pub timeout: Duration,
    /// Whether Mews may have received (and run) the request.
    pub may_have_reached_server: bool,
    /// Attempts made by the call, and how long it took.
    pub attempts: Attempts,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let limit = match self.limit {
            TimeoutLimit::Call => "call timeout",
            TimeoutLimit::Attempt => "attempt timeout",
        };
        write!(
            f,
            "{}: {limit} of {:?} elapsed ({})",
            self.operation, self.timeout, self.attempts
        )?;
        if self.may_have_reached_server {
            f.write_str("; the request may have been processed")?;
        }
        Ok(())
    }
}

impl std::error::Error for TimeoutError {}

/// A success response whose body does not match the expected type.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// Operation id, e.g. `orderItems_getAll`.
    pub operation: &'static str,
    /// The HTTP status of the response.
    pub status: u16,
    /// Where decoding failed, e.g. `OrderItems[1].Id` (`.` is the top level).
    pub path: String,
    /// The decoder's message, tokens redacted.
    pub message: String,
    /// At most 200 characters of the body around the failure, tokens redacted.
    pub excerpt: String,
    /// Attempts made by the call whose answer this is.
    pub attempts: Attempts,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: cannot decode HTTP {} response at `{}`: {}",
            self.operation, self.status, self.path, self.message
        )?;
        if !self.excerpt.is_empty() {
            write!(f, " (near `{}`)", self.excerpt)?;
        }
        if self.attempts.count > 1 {
            write!(f, " ({})", self.attempts)?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// How a page broke the pagination contract.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageProblem {
    /// A full page (as many items as `Limitation.Count`) came without a cursor, so the next
    /// page cannot be asked for although there may be more data.
    MissingCursor {
        /// Items on the page.
        items: usize,
    },
    /// The server returned the cursor it was sent: following it would loop.
    RepeatedCursor {
        /// The cursor.
        cursor: String,
    },
    /// A success without a body although no minimal response was asked for; treating it as
    /// the end of the data could silently drop the rest.
    NoBody {
        /// The HTTP status.
        status: u16,
    },
}

/// A paginated call could not safely go on; the items already yielded are all valid.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageError {
    /// Operation id, e.g. `orderItems_getAll`.
    pub operation: &'static str,
    /// The page, counted from 1.
    pub page: usize,
    /// What was wrong with it.
    pub problem: PageProblem,
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: page {}: ", self.operation, self.page)?;
        match &self.problem {
            PageProblem::MissingCursor { items } => write!(
                f,
                "a full page ({items} items) without a cursor; the remaining pages cannot be requested"
            ),
            PageProblem::RepeatedCursor { cursor } => {
                write!(f, "the server repeated the cursor {cursor:?}")
            }
            PageProblem::NoBody { status } => write!(
                f,
                "HTTP {status} without a body although no minimal response was requested"
            ),
        }
    }
}

impl std::error::Error for PageError {}

/// One item of a page that did not decode, in a lenient item stream.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ItemError {
    /// Operation id, e.g. `orderItems_getAll`.
    pub operation: &'static str,
    /// The page, counted from 1.
    pub page: usize,
    /// The item's position in the page's item array, counted from 0.
    pub index: usize,
    /// Where in the item decoding failed, e.g. `Id` or `Amount.Currency` (`.` for the item).
    pub path: String,
    /// The decoder's message, tokens redacted.
    pub message: String,
    /// The item's JSON exactly as received, tokens redacted.
    pub raw: String,
}

impl fmt::Display for ItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: page {}, item {}: cannot decode `{}`: {}",
            self.operation, self.page, self.index, self.path, self.message
        )
    }
}

impl std::error::Error for ItemError {}

/// The request value could not be encoded as a JSON object.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EncodeError {
    /// Operation id, e.g. `orders_add`.
    pub operation: &'static str,
    /// Why encoding failed.
    pub message: String,
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: cannot encode request: {}",
            self.operation, self.message
        )
    }
}

impl std::error::Error for EncodeError {}

/// The client configuration is incomplete or invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConfigError {
    /// What is wrong and how to fix it.
    pub message: String,
}

impl ConfigError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        ConfigError {
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid client configuration: {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Longest body excerpt kept in an error, in bytes (so also at most that many characters).
pub(crate) const EXCERPT_LEN: usize = 200;

const REDACTED: &str = "<redacted>";

/// Replaces the client's secrets in text coming back from the server: Mews `Details` may echo
/// the request, tokens included, and errors end up in logs.
#[derive(Clone)]
pub(crate) struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    pub(crate) fn new(secrets: &[&str]) -> Self {
        let mut secrets: Vec<String> = secrets
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| (*s).to_owned())
            .collect();
        // Longest first, so a secret containing another is replaced whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        Redactor { secrets }
    }

    pub(crate) fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out = Cow::Borrowed(text);
        for secret in &self.secrets {
            if out.contains(secret.as_str()) {
                out = Cow::Owned(out.replace(secret.as_str(), REDACTED));
            }
        }
        out
    }

    pub(crate) fn redact_value(&self, value: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match value {
            Value::String(s) => Value::String(self.redact(&s).into_owned()),
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| self.redact_value(v)).collect())
            }
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (self.redact(&k).into_owned(), self.redact_value(v)))
                    .collect(),
            ),
            other => other,
        }
    }

    /// At most [`EXCERPT_LEN`] bytes of `body` around byte offset `position`, redacted.
    pub(crate) fn excerpt(&self, body: &[u8], position: usize) -> String {
        let text = String::from_utf8_lossy(body);
        let position = floor_char_boundary(&text, position.min(text.len()));
        // Redact first so a token cannot be cut in half at the window's edge, then map the
        // position into the redacted text.
        let redacted = self.redact(&text);
        let position = floor_char_boundary(
            &redacted,
            self.redact(&text[..position]).len().min(redacted.len()),
        );
        let start = floor_char_boundary(&redacted, position.saturating_sub(EXCERPT_LEN / 2));
        let end = floor_char_boundary(
            &redacted,
            start.saturating_add(EXCERPT_LEN).min(redacted.len()),
        );
        redacted[start..end]
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .trim()
            .to_owned()
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_stays_small() {
        // Generated methods return `Result<_, Error>`; clippy's `result_large_err` flags > 128.
        assert!(std::mem::size_of::<Error>() <= 128);
    }

    #[test]
    fn errors_say_what_the_call_cost_and_which_page() {
        let attempts = Attempts::new(3, Duration::from_millis(1250));
        assert_eq!(attempts.to_string(), "after 3 attempts in 1250 ms");
        let one = Attempts::new(1, Duration::from_millis(5));
        assert_eq!(one.to_string(), "after 1 attempt in 5 ms");
        let page = PageError {
            operation: "orderItems_getAll",
            page: 2,
            problem: PageProblem::NoBody { status: 200 },
        };
        assert!(
            page.to_string()
                .starts_with("orderItems_getAll: page 2: HTTP 200 without a body"),
            "{page}"
        );
    }

    #[test]
    fn redacts_tokens_everywhere() {
        let r = Redactor::new(&["SECRET-A", "SECRET-B"]);
        assert_eq!(
            r.redact("x SECRET-A y SECRET-B"),
            "x <redacted> y <redacted>"
        );
        let v = r.redact_value(serde_json::json!({"AccessToken": ["SECRET-B"], "SECRET-A": 1}));
        assert!(!v.to_string().contains("SECRET"));
    }

    #[test]
    fn excerpt_is_bounded_and_centered() {
        let r = Redactor::new(&["TOKEN"]);
        let body = format!("{}TOKEN<here>{}", "a".repeat(500), "b".repeat(500));
        let excerpt = r.excerpt(body.as_bytes(), 505);
        assert!(excerpt.len() <= EXCERPT_LEN);
        assert!(excerpt.contains("<here>"), "{excerpt}");
        assert!(!excerpt.contains("TOKEN"));
        // Multi-byte characters never split.
        let excerpt = r.excerpt("é".repeat(300).as_bytes(), 301);
        assert!(excerpt.chars().all(|c| c == 'é'));
    }
}
