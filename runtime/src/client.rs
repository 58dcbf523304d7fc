//! The client: configuration, the authentication envelope, and the retry loop around one call.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::time::Instant;

use crate::envelope::{ApiClient, EnvelopeValues, FilledEnvelope};
use crate::error::{Attempts, ConfigError, Error, Redactor, TimeoutError, TimeoutLimit};
use crate::limits::{CheckLimits, JsonPath, LimitError};
use crate::observe::{self, Span};
use crate::options::Settings;
use crate::rate_limit::{RateLimit, RateLimiter};
use crate::retry::RetryPolicy;
use crate::transport::{self, RawResponse};

/// Static description of one API operation, emitted by the generator.
#[derive(Debug)]
pub struct Operation {
    /// `{resource}_{action}`, e.g. `orders_add`.
    pub id: &'static str,
    /// Exact, case-sensitive path, e.g. `/api/connector/v1/orders/add`.
    pub path: &'static str,
    /// Repeating the request cannot change server state, so it may be retried after 408, 5xx,
    /// timeouts and lost connections.
    pub retry_safe: bool,
    /// Which body key receives the client's default enterprise id.
    pub enterprise_scope: EnterpriseScope,
}

/// How an operation names the enterprise(s) it acts on, for portfolio access tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnterpriseScope {
    /// The operation takes no enterprise.
    None,
    /// Body key `EnterpriseId`.
    Single,
    /// Body key `EnterpriseIds`.
    Many,
}

/// The Mews platform to talk to: its API address and its WebSocket address (a different host).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Environment {
    /// `https://api.mews-demo.com` (WebSockets `wss://ws.mews-demo.com`): public test
    /// environment, never real data.
    Demo,
    /// `https://api.mews.com` (WebSockets `wss://ws.mews.com`): live customer data.
    Production,
    /// Any other base URL (a proxy, a mock server); `http` or `https`, no query or fragment.
    /// Its WebSocket address is the same URL with `ws`/`wss` for `http`/`https`.
    Custom(String),
    /// Any other API and WebSocket addresses, for a server whose WebSocket endpoint is not on
    /// the API's host and port; made by [`Environment::with_websocket_address`].
    Addresses {
        /// The API base URL, as for [`Environment::Custom`].
        platform: String,
        /// `ws://` or `wss://` base address; the client connects to `{websocket}/ws/connector`.
        websocket: String,
    },
}

impl Environment {
    /// [`Environment::Custom`] from anything string-like; the URL is checked by
    /// [`ClientBuilder::build`].
    pub fn custom(base_url: impl Into<String>) -> Self {
        Environment::Custom(base_url.into())
    }

    /// This environment's API address with `websocket` as its WebSocket address (`ws://` or
    /// `wss://`, checked when a WebSocket client is built).
    #[must_use]
    pub fn with_websocket_address(self, websocket: impl Into<String>) -> Self {
        Environment::Addresses {
            platform: self.base_url().to_owned(),
            websocket: websocket.into(),
        }
    }

    /// The platform address, without a trailing slash.
    pub fn base_url(&self) -> &str {
        match self {
            Environment::Demo => "https://api.mews-demo.com",
            Environment::Production => "https://api.mews.com",
            Environment::Custom(url) | Environment::Addresses { platform: url, .. } => {
                url.trim_end_matches('/')
            }
        }
    }

    /// The WebSocket address (`WebSocketAddress` in the Mews docs), without a trailing slash;
    /// the WebSocket endpoint is this plus `/ws/connector`.
    pub fn websocket_address(&self) -> String {
        match self {
            Environment::Demo => "wss://ws.mews-demo.com".to_owned(),
            Environment::Production => "wss://ws.mews.com".to_owned(),
            Environment::Custom(url) => {
                let url = url.trim_end_matches('/');
                match url.split_once("://") {
                    Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => {
                        format!("wss://{rest}")
                    }
                    Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => {
                        format!("ws://{rest}")
                    }
                    _ => url.to_owned(),
                }
            }
            Environment::Addresses { websocket, .. } => websocket.trim_end_matches('/').to_owned(),
        }
    }
}

/// Default for [`ClientBuilder::connect_timeout`].
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default for [`ClientBuilder::attempt_timeout`]: Mews answers heavy requests with 408 after
/// tens of seconds, so one attempt waits longer than that.
const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(90);
/// Default for [`ClientBuilder::timeout`]: room for a slow attempt and a retry.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(180);

/// Configures a [`Client`]. Obtain one with [`Client::builder`].
///
/// The environment has no default: [`build`](Self::build) fails without
/// [`environment`](Self::environment), so that a program never reaches live data (or the demo)
/// by omission. Defaults: call timeout 180 s, attempt timeout 90 s, connect
/// timeout 10 s, [`RetryPolicy::default`], rate limit [`RateLimit::mews_default`], no
/// language/culture.
///
/// `C` is what [`build`](Self::build) returns: this crate's [`Client`], or the generated crate's
/// own `Client`, which wraps it so that it can carry one accessor per resource
/// (`client.orders()`).
pub struct ClientBuilder<C = Client> {
    environment: Option<Environment>,
    /// The body fields every request carries, and the values set for them.
    envelope: EnvelopeValues,
    enterprise_id: Option<uuid::Uuid>,
    connect_timeout: Duration,
    timeout: Duration,
    attempt_timeout: Duration,
    retry: RetryPolicy,
    rate_limit: Option<RateLimit>,
    prefer_minimal: bool,
    http: Option<reqwest::Client>,
    trace_request_bodies: bool,
    /// `fn() -> C`: the builder holds no `C`, so it is `Send`, `Sync` and `Clone` whatever `C` is.
    builds: PhantomData<fn() -> C>,
}

impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder {
            environment: self.environment.clone(),
            envelope: self.envelope.clone(),
            enterprise_id: self.enterprise_id,
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            attempt_timeout: self.attempt_timeout,
            retry: self.retry,
            rate_limit: self.rate_limit,
            prefer_minimal: self.prefer_minimal,
            http: self.http.clone(),
            trace_request_bodies: self.trace_request_bodies,
            builds: PhantomData,
        }
    }
}

impl<C: ApiClient> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder {
            environment: None,
            envelope: EnvelopeValues::new(C::ENVELOPE),
            enterprise_id: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            attempt_timeout: DEFAULT_ATTEMPT_TIMEOUT,
            retry: RetryPolicy::default(),
            rate_limit: Some(RateLimit::mews_default()),
            prefer_minimal: false,
            http: None,
            trace_request_bodies: false,
            builds: PhantomData,
        }
    }
}

impl<C: ApiClient> ClientBuilder<C> {
    /// The platform to call (required: [`Environment::Demo`], [`Environment::Production`] or
    /// [`Environment::Custom`]).
    #[must_use]
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = Some(environment);
        self
    }

    /// `ClientToken`: identifies the integration (required by Mews' envelope).
    #[must_use]
    pub fn client_token(self, token: impl Into<String>) -> Self {
        self.envelope_field("ClientToken", token)
    }

    /// `AccessToken`: identifies the enterprise connection (required by Mews' envelope).
    #[must_use]
    pub fn access_token(self, token: impl Into<String>) -> Self {
        self.envelope_field("AccessToken", token)
    }

    /// `Client`: name and version of the application, e.g. `"MyApp 1.0.0"` (required).
    #[must_use]
    pub fn client(self, name_and_version: impl Into<String>) -> Self {
        self.envelope_field("Client", name_and_version)
    }

    /// The value of the body field `name` of the API's envelope ([`ApiClient::ENVELOPE`]; the
    /// setters above fill Mews' fields), e.g. `envelope_field("ConfigurationId", id)` for an
    /// API whose requests carry one. A later value for the same name replaces the earlier one;
    /// fields the envelope marks secret never appear in `Debug` output or logs.
    /// [`build`](Self::build) fails for a name the envelope does not have.
    #[must_use]
    pub fn envelope_field(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.envelope.set(name.into(), value.into());
        self
    }

    /// Default enterprise for portfolio access tokens: sent as `EnterpriseId` (or
    /// `EnterpriseIds: [id]`) when the request leaves that field out or null.
    #[must_use]
    pub fn enterprise_id(mut self, enterprise_id: uuid::Uuid) -> Self {
        self.enterprise_id = Some(enterprise_id);
        self
    }

    /// Limit on establishing a connection (default 10 s). Not used with
    /// [`http_client`](Self::http_client), whose own settings apply.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Limit on a whole call (default 180 s): every attempt, every backoff and `Retry-After`
    /// wait, and waits for the rate limiter. When it passes the call ends with
    /// [`Error::Timeout`]; a retry whose wait would outlast it is not made (the last error is
    /// returned at once).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Limit on one attempt, from sending to the last byte of the response (default 90 s).
    /// An attempt that runs out is retried when the operation is retry-safe and the call's
    /// [`timeout`](Self::timeout) leaves room.
    #[must_use]
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// `LanguageCode`, e.g. `"en-US"`. Mews needs it together with
    /// [`culture_code`](Self::culture_code); setting only one is a configuration error.
    #[must_use]
    pub fn language_code(self, code: impl Into<String>) -> Self {
        self.envelope_field("LanguageCode", code)
    }

    /// `CultureCode`, e.g. `"en-US"`; see [`language_code`](Self::language_code).
    #[must_use]
    pub fn culture_code(self, code: impl Into<String>) -> Self {
        self.envelope_field("CultureCode", code)
    }

    /// Retry policy (default [`RetryPolicy::default`]; [`RetryPolicy::disabled`] turns it off).
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Client-side rate limit (default [`RateLimit::mews_default`]), shared by all clients of
    /// this process that use the same access token on the same platform.
    #[must_use]
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// No client-side rate limit: every request is sent at once, and 429s are retried as the
    /// [`RetryPolicy`] says.
    #[must_use]
    pub fn no_rate_limit(mut self) -> Self {
        self.rate_limit = None;
        self
    }

    /// Sends requests through `http` (proxies, extra root certificates, pool settings). The
    /// client then uses it as configured: [`connect_timeout`](Self::connect_timeout) does not
    /// apply, and `http` should not follow redirects, which would send the tokens in the body
    /// to another address.
    #[must_use]
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Emits each request body as a `tracing` debug event (cargo feature `tracing`), tokens
    /// redacted. Off by default: bodies carry guest data.
    #[must_use]
    pub fn trace_request_bodies(mut self, trace: bool) -> Self {
        self.trace_request_bodies = trace;
        self
    }

    /// Sends `Prefer: return=minimal`, so Mews answers empty pages and empty results with
    /// `204 No Content` (a beta feature). Paginated streams end on 204; see [`Client::call`]
    /// for how other calls decode it.
    #[must_use]
    pub fn prefer_minimal_responses(mut self, prefer: bool) -> Self {
        self.prefer_minimal = prefer;
        self
    }

    /// Validates the configuration and builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the environment is missing, a field the envelope requires (Mews:
    /// the tokens and the client name) is missing or blank, a value names no field of the
    /// envelope, only one of language and culture code is set, the base URL is not `http(s)`, a
    /// timeout is zero, or the rate limit allows no request.
    pub fn build(self) -> Result<C, Error> {
        let envelope = self.envelope.finish()?;
        let environment = self.environment.ok_or_else(|| {
            ConfigError::new(
                "the environment is required; set it with ClientBuilder::environment (Environment::Demo, Environment::Production or Environment::custom(url)): there is no default, so that nothing reaches live data by omission",
            )
        })?;
        let base_url = validate_base_url(&environment)?;
        if self.timeout.is_zero()
            || self.attempt_timeout.is_zero()
            || self.connect_timeout.is_zero()
        {
            return Err(ConfigError::new("timeouts must be greater than zero").into());
        }
        if let Some(limit) = &self.rate_limit {
            limit.validate().map_err(ConfigError::new)?;
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .use_rustls_tls()
                .connect_timeout(self.connect_timeout)
                // Redirects would resend the tokens in the body to another address.
                .redirect(reqwest::redirect::Policy::none())
                .user_agent(concat!("mews-connector-rust/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|e| ConfigError::new(format!("cannot build the HTTP client: {e}")))?,
        };
        let secrets: Vec<&str> = envelope.secrets().collect();
        let redactor = Redactor::new(&secrets);
        let rate_limiter = self
            .rate_limit
            .map(|limit| RateLimiter::shared(limit, &base_url, &envelope.rate_limit_key()));
        Ok(C::from(Client {
            inner: Arc::new(ClientInner {
                http,
                base_url,
                websocket_address: environment.websocket_address(),
                envelope,
                redactor,
                rate_limiter,
                prefer_minimal: self.prefer_minimal,
                trace_request_bodies: self.trace_request_bodies,
            }),
            settings: Settings {
                timeout: self.timeout,
                attempt_timeout: self.attempt_timeout,
                retry: self.retry,
                enterprise_id: self.enterprise_id,
                lenient: false,
                split_filters: true,
                raw: None,
            },
        }))
    }
}

/// About thirty years after `start`: the deadline of a call whose timeout does not fit in an
/// `Instant`.
fn far_future(start: Instant) -> Instant {
    const THIRTY_YEARS: Duration = Duration::from_secs(30 * 365 * 24 * 60 * 60);
    start.checked_add(THIRTY_YEARS).unwrap_or(start)
}

fn validate_base_url(environment: &Environment) -> Result<String, ConfigError> {
    let base = environment.base_url();
    let url = reqwest::Url::parse(base)
        .map_err(|e| ConfigError::new(format!("invalid base URL {base:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https")
        || url.query().is_some()
        || url.fragment().is_some()
    {
        return Err(ConfigError::new(format!(
            "invalid base URL {base:?}: expected http(s)://host[:port][/prefix]"
        )));
    }
    Ok(base.to_owned())
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("environment", &self.environment)
            .field("envelope", &self.envelope)
            .field("enterprise_id", &self.enterprise_id)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("prefer_minimal", &self.prefer_minimal)
            .field("http_client", &self.http.is_some())
            .field("trace_request_bodies", &self.trace_request_bodies)
            .finish()
    }
}

/// An asynchronous Mews Connector API client.
///
/// Cheap to clone: clones share the connection pool and the rate limiter. Operations are
/// grouped per resource, e.g. `client.orders().add(&request)`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
    pub(crate) settings: Settings,
}

struct ClientInner {
    http: reqwest::Client,
    base_url: String,
    /// The environment's WebSocket address, for `Client::websocket` (feature `websocket`).
    #[cfg_attr(not(feature = "websocket"), allow(dead_code))]
    websocket_address: String,
    envelope: FilledEnvelope,
    redactor: Redactor,
    rate_limiter: Option<Arc<RateLimiter>>,
    prefer_minimal: bool,
    trace_request_bodies: bool,
}

/// A success answer and what it took to get it.
pub(crate) struct Answer {
    pub(crate) response: RawResponse,
    pub(crate) attempts: Attempts,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("envelope", &inner.envelope)
            .field("settings", &self.settings)
            .field(
                "rate_limit",
                &inner.rate_limiter.as_ref().map(|l| l.limit()),
            )
            .field("prefer_minimal", &inner.prefer_minimal)
            .finish()
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The default enterprise: set with [`ClientBuilder::enterprise_id`] or
    /// [`CallOptions::enterprise_id`](crate::CallOptions::enterprise_id).
    pub fn default_enterprise_id(&self) -> Option<uuid::Uuid> {
        self.settings.enterprise_id
    }

    /// The platform address requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Whether requests ask for minimal responses (see
    /// [`ClientBuilder::prefer_minimal_responses`]).
    pub(crate) fn prefers_minimal(&self) -> bool {
        self.inner.prefer_minimal
    }

    pub(crate) fn redactor(&self) -> &Redactor {
        &self.inner.redactor
    }

    /// The WebSocket address and the two tokens, for [`Client::websocket`].
    #[cfg(feature = "websocket")]
    pub(crate) fn websocket_credentials(&self) -> (&str, &str, &str) {
        // Mews' WebSocket cookie carries its two tokens; an envelope without them gives empty
        // ones, which the subscription refuses before connecting.
        let envelope = &self.inner.envelope;
        (
            &self.inner.websocket_address,
            envelope.value("ClientToken").unwrap_or_default(),
            envelope.value("AccessToken").unwrap_or_default(),
        )
    }

    /// Calls `op` with `request` (retrying as the [`RetryPolicy`] allows) and decodes the result.
    ///
    /// A success without a body is an error ([`Error::Decode`]) unless the client asked for
    /// minimal responses ([`ClientBuilder::prefer_minimal_responses`]); then `Resp` is decoded
    /// from `{}`, else from `null`: empty result objects, `()` and `Option` succeed, and a type
    /// that needs fields returns [`Error::Decode`] saying the response had no body.
    ///
    /// The request is first checked against the limits the spec states ([`CheckLimits`]); a
    /// broken one is [`Error::Limit`] and nothing is sent. A call never splits a request.
    ///
    /// # Errors
    ///
    /// Any [`Error`] variant; see its documentation for what each means.
    pub async fn call<Req: Serialize + CheckLimits + ?Sized, Resp: DeserializeOwned>(
        &self,
        op: &'static Operation,
        request: &Req,
    ) -> Result<Resp, Error> {
        request
            .check_limits(&JsonPath::ROOT)
            .map_err(|violation| LimitError::new(op.id, violation))?;
        let Answer { response, attempts } = self.send(op, request).await?;
        let decoded = if !response.has_no_content() {
            transport::decode_body(op, &response, &self.inner.redactor)
        } else if self.inner.prefer_minimal {
            transport::decode_no_content(op, response.status)
        } else {
            Err(transport::unrequested_no_content(op, response.status))
        };
        decoded.map_err(|e| e.with_attempts(attempts))
    }

    /// Encodes `request` and sends it until a success, a final error, or the deadline.
    pub(crate) async fn send<Req: Serialize + ?Sized>(
        &self,
        op: &'static Operation,
        request: &Req,
    ) -> Result<Answer, Error> {
        let body = self
            .inner
            .envelope
            .encode(op, request, self.settings.enterprise_id)?;
        if self.inner.trace_request_bodies {
            observe::request_body(
                op.id,
                &self.inner.redactor.redact(&String::from_utf8_lossy(&body)),
            );
        }
        let span = Span::call(op.id);
        let started = Instant::now();
        let result = span.run(self.execute(op, body, started, &span)).await;
        let (status, request_id, attempts) = match &result {
            Ok(answer) => (
                Some(answer.response.status),
                answer.response.request_id(),
                answer.attempts.count,
            ),
            Err(error) => (
                error.status(),
                error.request_id(),
                error.attempts().map_or(0, |a| a.count),
            ),
        };
        span.finish(status, request_id, started.elapsed(), Some(attempts));
        result
    }

    /// The retry loop: one call's attempts and waits, all before `started + timeout`.
    async fn execute(
        &self,
        op: &'static Operation,
        body: Vec<u8>,
        started: Instant,
        span: &Span,
    ) -> Result<Answer, Error> {
        let inner = &*self.inner;
        let settings = &self.settings;
        // A timeout too long to represent as an instant is as good as none.
        let deadline = started
            .checked_add(settings.timeout)
            .unwrap_or_else(|| far_future(started));
        let request = self.build_request(op, body)?;
        let mut attempts = 0;
        // Whether an attempt already retried may have reached the server.
        let mut reached = false;
        let ended = |error: Error, attempts: u32, reached: bool| {
            error.with_attempts(
                Attempts::new(attempts, started.elapsed()).with_earlier_reached(reached),
            )
        };
        loop {
            // Bytes bodies always clone; the check only avoids an unwrap.
            let attempt = request.try_clone().ok_or_else(|| {
                ConfigError::new("the request body cannot be replayed for a retry")
            })?;
            let permit = match &inner.rate_limiter {
                None => None,
                Some(limiter) => match tokio::time::timeout_at(deadline, limiter.acquire()).await {
                    Ok((permit, waited)) => {
                        if let Some(waited) = waited {
                            observe::rate_limited(op.id, attempts + 1, waited);
                        }
                        Some(permit)
                    }
                    Err(_) => {
                        let error = self.timeout_error(op, TimeoutLimit::Call, false);
                        return Err(ended(error, attempts, reached));
                    }
                },
            };
            attempts += 1;
            let remaining = deadline.saturating_duration_since(Instant::now());
            let (limit, budget) = if settings.attempt_timeout < remaining {
                (TimeoutLimit::Attempt, settings.attempt_timeout)
            } else {
                (TimeoutLimit::Call, remaining)
            };
            let attempt_span = span.attempt(op.id, attempts);
            let attempt_started = Instant::now();
            let outcome = attempt_span
                .run(transport::send_once(
                    &inner.http,
                    attempt,
                    budget,
                    op,
                    permit,
                ))
                .await;
            let response = outcome.as_ref().and_then(|r| r.as_ref().ok());
            attempt_span.finish(
                response.map(|r| r.status),
                response.and_then(RawResponse::request_id),
                attempt_started.elapsed(),
                None,
            );
            let error = match outcome {
                Some(Ok(response)) if response.is_success() => {
                    settings.capture(&response);
                    let attempts = Attempts::new(attempts, started.elapsed());
                    return Ok(Answer { response, attempts });
                }
                Some(Ok(response)) => transport::api_error(op, &response, &inner.redactor).into(),
                Some(Err(error)) => error,
                None if limit == TimeoutLimit::Call => {
                    return Err(ended(
                        self.timeout_error(op, limit, true),
                        attempts,
                        reached,
                    ))
                }
                None => self.timeout_error(op, limit, true),
            };
            let retry = settings
                .retry
                .next_delay(&error, op.retry_safe, attempts)
                .filter(|delay| {
                    Instant::now()
                        .checked_add(*delay)
                        .is_some_and(|resume| resume < deadline)
                });
            match retry {
                Some(delay) => {
                    observe::retrying(op.id, attempts, delay, &error);
                    reached |= error.request_may_have_reached_server();
                    tokio::time::sleep(delay).await;
                }
                None => return Err(ended(error, attempts, reached)),
            }
        }
    }

    fn timeout_error(
        &self,
        op: &'static Operation,
        limit: TimeoutLimit,
        may_have_reached_server: bool,
    ) -> Error {
        let timeout = match limit {
            TimeoutLimit::Call => self.settings.timeout,
            TimeoutLimit::Attempt => self.settings.attempt_timeout,
        };
        Error::Timeout(TimeoutError {
            operation: op.id,
            limit,
            timeout,
            may_have_reached_server,
            attempts: Attempts::default(),
        })
    }

    fn build_request(
        &self,
        op: &'static Operation,
        body: Vec<u8>,
    ) -> Result<reqwest::Request, Error> {
        use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE};
        let url = format!("{}{}", self.inner.base_url, op.path);
        let url = reqwest::Url::parse(&url)
            .map_err(|e| ConfigError::new(format!("invalid operation URL {url:?}: {e}")))?;
        let json = HeaderValue::from_static("application/json");
        let mut builder = self
            .inner
            .http
            .post(url)
            .header(CONTENT_TYPE, json.clone())
            .header(ACCEPT, json)
            .body(body);
        if self.inner.prefer_minimal {
            builder = builder.header("Prefer", "return=minimal");
        }
        builder
            .build()
            .map_err(|e| ConfigError::new(format!("cannot build the request: {e}")).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a generated crate does: its own client type, built by the same builder.
    struct Wrapper(Client);

    impl From<Client> for Wrapper {
        fn from(client: Client) -> Self {
            Wrapper(client)
        }
    }

    impl ApiClient for Wrapper {
        const ENVELOPE: &'static crate::Envelope = &crate::Envelope::MEWS;
    }

    fn configured<C: ApiClient>() -> ClientBuilder<C> {
        ClientBuilder::default()
            .environment(Environment::Custom("http://127.0.0.1:9/prefix/".into()))
            .client_token("client-token")
            .access_token("access-token")
            .client("Test 1.0")
    }

    #[test]
    fn builds_the_requested_client_type() {
        let Wrapper(client) = configured::<Wrapper>()
            .build()
            .expect("valid configuration");
        assert_eq!(client.base_url(), "http://127.0.0.1:9/prefix");
        let debug = format!("{:?}", configured::<Client>());
        assert!(!debug.contains("access-token"), "{debug}");
    }

    #[test]
    fn rejects_incomplete_configuration_whatever_it_builds() {
        let error = configured::<Wrapper>()
            .language_code("en-US")
            .build()
            .err()
            .expect("culture code missing");
        assert!(error.to_string().contains("CultureCode"), "{error}");
        let error = Client::builder().build().expect_err("no tokens");
        assert!(error.to_string().contains("ClientToken"), "{error}");
    }
}
