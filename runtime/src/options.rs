//! Per-call settings: [`CallOptions`] to override the client's for some calls, and [`Raw`]
//! access to the HTTP answer behind a decoded value. Both work through a cheap view of the
//! client, so every generated operation method honours them unchanged.

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::client::Client;
use crate::error::{ConfigError, Error};
use crate::retry::RetryPolicy;
use crate::transport::RawResponse;

/// Settings that override the client's for the calls made through
/// [`Client::with_options`]. Unset fields keep the client's value.
///
/// ```
/// # use std::time::Duration;
/// # use mews_connector_runtime::{CallOptions, RetryPolicy};
/// let options = CallOptions::new()
///     .timeout(Duration::from_secs(5))
///     .attempt_timeout(Duration::from_secs(2))
///     .retry(RetryPolicy::disabled());
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallOptions {
    timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    enterprise_id: Option<uuid::Uuid>,
    lenient: Option<bool>,
    split_filters: Option<bool>,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Bound on each whole call: every attempt, backoff and `Retry-After` wait (see
    /// [`ClientBuilder::timeout`](crate::ClientBuilder::timeout)).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Bound on each attempt (see
    /// [`ClientBuilder::attempt_timeout`](crate::ClientBuilder::attempt_timeout)).
    #[must_use]
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// The retry policy for these calls.
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The enterprise these calls act on, for portfolio access tokens (see
    /// [`ClientBuilder::enterprise_id`](crate::ClientBuilder::enterprise_id)).
    #[must_use]
    pub fn enterprise_id(mut self, enterprise_id: uuid::Uuid) -> Self {
        self.enterprise_id = Some(enterprise_id);
        self
    }

    /// Lenient item streams (`*_stream`): each item is decoded on its own, and one that does
    /// not decode yields [`Error::Item`] (page, index, JSON path, raw item) while the stream
    /// goes on with the next. Any other error still ends the stream. Off by default: a strict
    /// stream decodes whole pages, and its first error ends it.
    #[must_use]
    pub fn lenient(mut self, lenient: bool) -> Self {
        self.lenient = Some(lenient);
        self
    }

    /// Whether streams (`*_pages`, `*_stream`) split a filter longer than the API takes: a
    /// time interval over its `x-max-interval` into consecutive windows, an id list over its
    /// `maxItems` into batches, yielding each item once (see [`split`](crate::split)). On by
    /// default. Off, such a stream fails with [`Error::Limit`] before sending, as a single call
    /// always does.
    #[must_use]
    pub fn split_filters(mut self, split: bool) -> Self {
        self.split_filters = Some(split);
        self
    }
}

/// The settings one call runs with: the client's, overridden by [`CallOptions`].
#[derive(Clone)]
pub(crate) struct Settings {
    pub(crate) timeout: Duration,
    pub(crate) attempt_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) enterprise_id: Option<uuid::Uuid>,
    pub(crate) lenient: bool,
    /// Whether streams split filters longer than the API takes.
    pub(crate) split_filters: bool,
    /// Where [`Client::with_raw`] collects the last successful answer.
    pub(crate) raw: Option<Arc<Mutex<Option<RawResponse>>>>,
}

impl Settings {
    pub(crate) fn apply(&mut self, options: &CallOptions) {
        self.timeout = options.timeout.unwrap_or(self.timeout);
        self.attempt_timeout = options.attempt_timeout.unwrap_or(self.attempt_timeout);
        self.retry = options.retry.unwrap_or(self.retry);
        self.enterprise_id = options.enterprise_id.or(self.enterprise_id);
        self.lenient = options.lenient.unwrap_or(self.lenient);
        self.split_filters = options.split_filters.unwrap_or(self.split_filters);
    }

    /// Keeps `response` for [`Client::with_raw`], when it asked.
    pub(crate) fn capture(&self, response: &RawResponse) {
        if let Some(slot) = &self.raw {
            *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(response.clone());
        }
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("timeout", &self.timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("retry", &self.retry)
            .field("enterprise_id", &self.enterprise_id)
            .field("lenient", &self.lenient)
            .field("split_filters", &self.split_filters)
            .finish_non_exhaustive()
    }
}

/// A decoded value with the HTTP answer it came from; see [`Client::with_raw`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Raw<T> {
    /// The decoded value.
    pub value: T,
    /// The HTTP status of the answer.
    pub status: u16,
    /// The answer's headers.
    pub headers: reqwest::header::HeaderMap,
    /// The answer's body, exactly as received.
    pub body: bytes::Bytes,
}

impl<T> Raw<T> {
    /// The Mews `Request-Id` header, to quote to Mews support.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.get("request-id").and_then(|v| v.to_str().ok())
    }
}

impl Client {
    /// A view of this client whose calls use `options` over the client's settings. Cheap (it
    /// shares the connection pool, rate limiter and tokens); the client itself is unchanged.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use mews_connector_runtime::{CallOptions, Client};
    /// # fn run(client: Client) {
    /// let quick = client.with_options(&CallOptions::new().timeout(Duration::from_secs(3)));
    /// // `quick.call(...)`, or with the generated crate `quick.orders().add(&request)`.
    /// # let _ = quick; }
    /// ```
    #[must_use]
    pub fn with_options(&self, options: &CallOptions) -> Client {
        let mut view = self.clone();
        view.settings.apply(options);
        view
    }

    /// Runs `calls` with a view of this client and returns its value together with the HTTP
    /// answer of the last successful call it made (status, headers such as `Request-Id`, body
    /// bytes).
    ///
    /// ```no_run
    /// # use mews_connector_runtime::{Client, EnterpriseScope, Error, Operation};
    /// static CONFIGURATION_GET: Operation = Operation {
    ///     id: "configuration_get",
    ///     path: "/api/connector/v1/configuration/get",
    ///     retry_safe: true,
    ///     enterprise_scope: EnterpriseScope::None,
    /// };
    /// # async fn run(client: Client) -> Result<(), Error> {
    /// let raw = client
    ///     .with_raw(|client| async move {
    ///         client
    ///             .call::<_, serde_json::Value>(&CONFIGURATION_GET, &serde_json::json!({}))
    ///             .await
    ///     })
    ///     .await?;
    /// println!("{} {:?} {} bytes", raw.status, raw.request_id(), raw.body.len());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// The error of `calls`, or [`Error::Config`] when `calls` made no successful call.
    pub async fn with_raw<T, F, Fut>(&self, calls: F) -> Result<Raw<T>, Error>
    where
        F: FnOnce(Client) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let slot = Arc::new(Mutex::new(None));
        let mut view = self.clone();
        view.settings.raw = Some(Arc::clone(&slot));
        let value = calls(view).await?;
        let response = slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .ok_or_else(|| {
                ConfigError::new(
                    "with_raw: the closure made no call through the client it was given",
                )
            })?;
        Ok(Raw {
            value,
            status: response.status,
            headers: response.headers,
            body: response.body,
        })
    }
}
