//! The client: configuration, the authentication envelope, and the retry loop around one call.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::time::Instant;

use crate::error::{ConfigError, Error, Redactor};
use crate::rate_limit::{RateLimit, RateLimiter};
use crate::retry::RetryPolicy;
use crate::transport::{self, Envelope, RawResponse};

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

/// The Mews platform to talk to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Environment {
    /// `https://api.mews-demo.com`: public test environment, never real data.
    Demo,
    /// `https://api.mews.com`: live customer data.
    Production,
    /// Any other base URL (a proxy, a mock server); `http` or `https`, no query or fragment.
    Custom(String),
}

impl Environment {
    /// The platform address, without a trailing slash.
    pub fn base_url(&self) -> &str {
        match self {
            Environment::Demo => "https://api.mews-demo.com",
            Environment::Production => "https://api.mews.com",
            Environment::Custom(url) => url.trim_end_matches('/'),
        }
    }
}

/// Default for [`ClientBuilder::connect_timeout`].
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default for [`ClientBuilder::timeout`]: Mews answers heavy requests with 408 after tens of
/// seconds, so the client waits longer than that.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(90);

/// Configures a [`Client`]. Obtain one with [`Client::builder`].
///
/// Defaults: [`Environment::Production`], connect timeout 10 s, per-attempt timeout 90 s,
/// [`RetryPolicy::default`], no client-side rate limit, no language/culture.
///
/// `C` is what [`build`](Self::build) returns: this crate's [`Client`], or the generated crate's
/// own `Client`, which wraps it so that it can carry one accessor per resource
/// (`client.orders()`).
pub struct ClientBuilder<C = Client> {
    environment: Environment,
    client_token: Option<String>,
    access_token: Option<String>,
    client: Option<String>,
    enterprise_id: Option<uuid::Uuid>,
    connect_timeout: Duration,
    timeout: Duration,
    language_code: Option<String>,
    culture_code: Option<String>,
    retry: RetryPolicy,
    rate_limit: Option<RateLimit>,
    prefer_minimal: bool,
    /// `fn() -> C`: the builder holds no `C`, so it is `Send`, `Sync` and `Clone` whatever `C` is.
    builds: PhantomData<fn() -> C>,
}

impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder {
            environment: self.environment.clone(),
            client_token: self.client_token.clone(),
            access_token: self.access_token.clone(),
            client: self.client.clone(),
            enterprise_id: self.enterprise_id,
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            language_code: self.language_code.clone(),
            culture_code: self.culture_code.clone(),
            retry: self.retry,
            rate_limit: self.rate_limit,
            prefer_minimal: self.prefer_minimal,
            builds: PhantomData,
        }
    }
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder {
            environment: Environment::Production,
            client_token: None,
            access_token: None,
            client: None,
            enterprise_id: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            language_code: None,
            culture_code: None,
            retry: RetryPolicy::default(),
            rate_limit: None,
            prefer_minimal: false,
            builds: PhantomData,
        }
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// The platform to call (default [`Environment::Production`]).
    #[must_use]
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// `ClientToken`: identifies the integration (required).
    #[must_use]
    pub fn client_token(mut self, token: impl Into<String>) -> Self {
        self.client_token = Some(token.into());
        self
    }

    /// `AccessToken`: identifies the enterprise connection (required).
    #[must_use]
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.access_token = Some(token.into());
        self
    }

    /// `Client`: name and version of the application, e.g. `"MyApp 1.0.0"` (required).
    #[must_use]
    pub fn client(mut self, name_and_version: impl Into<String>) -> Self {
        self.client = Some(name_and_version.into());
        self
    }

    /// Default enterprise for portfolio access tokens: sent as `EnterpriseId` (or
    /// `EnterpriseIds: [id]`) when the request leaves that field out or null.
    #[must_use]
    pub fn enterprise_id(mut self, enterprise_id: uuid::Uuid) -> Self {
        self.enterprise_id = Some(enterprise_id);
        self
    }

    /// Limit on establishing a connection (default 10 s).
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Limit on one whole attempt, from sending to the last byte of the response
    /// (default 90 s). Retries each get this much again.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// `LanguageCode`, e.g. `"en-US"`. Mews needs it together with
    /// [`culture_code`](Self::culture_code); setting only one is a configuration error.
    #[must_use]
    pub fn language_code(mut self, code: impl Into<String>) -> Self {
        self.language_code = Some(code.into());
        self
    }

    /// `CultureCode`, e.g. `"en-US"`; see [`language_code`](Self::language_code).
    #[must_use]
    pub fn culture_code(mut self, code: impl Into<String>) -> Self {
        self.culture_code = Some(code.into());
        self
    }

    /// Retry policy (default [`RetryPolicy::default`]; [`RetryPolicy::disabled`] turns it off).
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Client-side rate limit shared by all clones of the client, e.g.
    /// [`RateLimit::mews_default`]. Off by default.
    #[must_use]
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
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
    /// [`Error::Config`] when a token or the client name is missing or blank, only one of
    /// language and culture code is set, the base URL is not `http(s)`, a timeout is zero, or
    /// the rate limit allows no request.
    pub fn build(self) -> Result<C, Error> {
        let required = |value: Option<String>, field: &str, setter: &str| match value {
            Some(v) if !v.trim().is_empty() => Ok(v),
            _ => Err(ConfigError::new(format!(
                "{field} is required; set it with ClientBuilder::{setter}"
            ))),
        };
        let client_token = required(self.client_token, "ClientToken", "client_token")?;
        let access_token = required(self.access_token, "AccessToken", "access_token")?;
        let client = required(self.client, "Client", "client")?;
        let language =
            match (self.language_code, self.culture_code) {
                (Some(language), Some(culture)) => Some((language, culture)),
                (None, None) => None,
                _ => return Err(ConfigError::new(
                    "LanguageCode and CultureCode must be set together (Mews ignores one alone)",
                )
                .into()),
            };
        let base_url = validate_base_url(&self.environment)?;
        if self.timeout.is_zero() || self.connect_timeout.is_zero() {
            return Err(ConfigError::new("timeouts must be greater than zero").into());
        }
        if let Some(limit) = &self.rate_limit {
            limit.validate().map_err(ConfigError::new)?;
        }
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(self.connect_timeout)
            // Redirects would resend the tokens in the body to another address.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("mews-connector-rust/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ConfigError::new(format!("cannot build the HTTP client: {e}")))?;
        let redactor = Redactor::new(&[&client_token, &access_token]);
        Ok(C::from(Client {
            inner: Arc::new(ClientInner {
                http,
                base_url,
                envelope: Envelope {
                    client_token,
                    access_token,
                    client,
                    language,
                    enterprise_id: self.enterprise_id,
                },
                redactor,
                timeout: self.timeout,
                retry: self.retry,
                rate_limiter: self.rate_limit.map(RateLimiter::new),
                prefer_minimal: self.prefer_minimal,
            }),
        }))
    }
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
            .field(
                "client_token",
                &self.client_token.as_ref().map(|_| Redacted),
            )
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| Redacted),
            )
            .field("client", &self.client)
            .field("enterprise_id", &self.enterprise_id)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("language_code", &self.language_code)
            .field("culture_code", &self.culture_code)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("prefer_minimal", &self.prefer_minimal)
            .finish()
    }
}

/// Stands in for a secret in `Debug` output.
struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// An asynchronous Mews Connector API client.
///
/// Cheap to clone: clones share the connection pool and the rate limiter. Operations are
/// grouped per resource, e.g. `client.orders().add(&request)`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

struct ClientInner {
    http: reqwest::Client,
    base_url: String,
    envelope: Envelope,
    redactor: Redactor,
    timeout: Duration,
    retry: RetryPolicy,
    rate_limiter: Option<RateLimiter>,
    prefer_minimal: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("client_token", &Redacted)
            .field("access_token", &Redacted)
            .field("client", &inner.envelope.client)
            .field("enterprise_id", &inner.envelope.enterprise_id)
            .field("language", &inner.envelope.language)
            .field("timeout", &inner.timeout)
            .field("retry", &inner.retry)
            .field(
                "rate_limit",
                &inner.rate_limiter.as_ref().map(RateLimiter::limit),
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

    /// The default enterprise set with [`ClientBuilder::enterprise_id`].
    pub fn default_enterprise_id(&self) -> Option<uuid::Uuid> {
        self.inner.envelope.enterprise_id
    }

    /// The platform address requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Calls `op` with `request` (retrying as the [`RetryPolicy`] allows) and decodes the result.
    ///
    /// A success without a body (`204 No Content`, see
    /// [`ClientBuilder::prefer_minimal_responses`]) decodes `Resp` from `{}`, else from
    /// `null`: empty result objects, `()` and `Option` succeed; a type that needs fields
    /// returns [`Error::Decode`] saying the response had no body.
    ///
    /// # Errors
    ///
    /// Any [`Error`] variant; see its documentation for what each means.
    pub async fn call<Req: Serialize + ?Sized, Resp: DeserializeOwned>(
        &self,
        op: &'static Operation,
        request: &Req,
    ) -> Result<Resp, Error> {
        let body = self.inner.envelope.encode(op, request)?;
        let response = self.execute(op, body).await?;
        match transport::decode_body(op, &response, &self.inner.redactor)? {
            Some(value) => Ok(value),
            None => transport::decode_no_content(op, response.status),
        }
    }

    /// Like [`call`](Self::call) but `None` for a success without a body; used for pages.
    pub(crate) async fn call_optional<Req: Serialize + ?Sized, Resp: DeserializeOwned>(
        &self,
        op: &'static Operation,
        request: &Req,
    ) -> Result<Option<Resp>, Error> {
        let body = self.inner.envelope.encode(op, request)?;
        let response = self.execute(op, body).await?;
        transport::decode_body(op, &response, &self.inner.redactor)
    }

    /// Sends the encoded body until a success, a final error, or the retry budget runs out.
    async fn execute(&self, op: &'static Operation, body: Vec<u8>) -> Result<RawResponse, Error> {
        let inner = &*self.inner;
        let request = self.build_request(op, body)?;
        let started = Instant::now();
        let mut attempts = 0;
        loop {
            // Bytes bodies always clone; the check only avoids an unwrap.
            let attempt = request.try_clone().ok_or_else(|| {
                ConfigError::new("the request body cannot be replayed for a retry")
            })?;
            if let Some(limiter) = &inner.rate_limiter {
                limiter.acquire().await;
            }
            attempts += 1;
            let error = match transport::send_once(&inner.http, attempt, inner.timeout, op).await {
                Ok(response) if response.is_success() => return Ok(response),
                Ok(response) => transport::api_error(op, &response, &inner.redactor).into(),
                Err(error) => error,
            };
            match inner
                .retry
                .next_delay(&error, op.retry_safe, attempts, started.elapsed())
            {
                Some(delay) => tokio::time::sleep(delay).await,
                None => return Err(error),
            }
        }
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

    fn configured<C: From<Client>>() -> ClientBuilder<C> {
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
