//! Configuring and opening a WebSocket subscription.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::backoff::ReconnectPolicy;
use super::error::Error;
use super::handshake::{Endpoint, Failure};
use super::observe::{self, Span};
use super::rustls::ClientConfig;
use super::session::{Session, Settings};
use super::stream::EventStream;
use crate::client::{Client, Environment};
use crate::error::ConfigError;

/// Default for [`Builder::connect_timeout`].
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default ping interval of [`Builder::keepalive`].
const DEFAULT_PING_INTERVAL: Duration = Duration::from_secs(20);
/// Default pong timeout of [`Builder::keepalive`].
const DEFAULT_PONG_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest keepalive interval or timeout taken as given.
const LONGEST_WAIT: Duration = Duration::from_secs(365 * 24 * 60 * 60);
/// Batches (one per frame) the connection may read ahead of the application.
const READ_AHEAD: usize = 64;

/// Configures a WebSocket subscription whose events decode as `E`; [`connect`](Self::connect)
/// opens it.
///
/// `E` is one event of a message's `Events` array: the generated crate's WebSocket event union
/// (what its `client.websocket()` uses), or any `DeserializeOwned` type.
///
/// Defaults: [`Environment::Production`], connect timeout 10 s, a ping every 20 s answered
/// within 10 s, [`ReconnectPolicy::default`], TLS with rustls and the webpki roots.
pub struct Builder<E> {
    /// The WebSocket address, from [`Builder::environment`].
    address: String,
    client_token: Option<String>,
    access_token: Option<String>,
    connect_timeout: Duration,
    ping_interval: Duration,
    pong_timeout: Duration,
    reconnect: ReconnectPolicy,
    tls: Option<Arc<ClientConfig>>,
    events: PhantomData<fn() -> E>,
}

impl<E> Default for Builder<E> {
    fn default() -> Self {
        Builder {
            address: Environment::Production.websocket_address(),
            client_token: None,
            access_token: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            ping_interval: DEFAULT_PING_INTERVAL,
            pong_timeout: DEFAULT_PONG_TIMEOUT,
            reconnect: ReconnectPolicy::default(),
            tls: None,
            events: PhantomData,
        }
    }
}

impl<E> Clone for Builder<E> {
    fn clone(&self) -> Self {
        Builder {
            address: self.address.clone(),
            client_token: self.client_token.clone(),
            access_token: self.access_token.clone(),
            tls: self.tls.clone(),
            events: PhantomData,
            ..*self
        }
    }
}

impl Client {
    /// A WebSocket subscription with this client's tokens and its environment's WebSocket
    /// address ([`Environment::websocket_address`]), decoding events as `E`. The generated
    /// crate's `client.websocket()` is this with its WebSocket event type.
    pub fn websocket<E>(&self) -> Builder<E> {
        let (address, client_token, access_token) = self.websocket_credentials();
        Builder {
            address: address.to_owned(),
            ..Builder::new()
        }
        .client_token(client_token)
        .access_token(access_token)
    }
}

impl<E> Builder<E> {
    /// Starts configuring a subscription (see [`Client::websocket`] to start from a client).
    pub fn new() -> Self {
        Self::default()
    }

    /// The platform whose WebSocket address to connect to (default
    /// [`Environment::Production`]); see [`Environment::websocket_address`].
    #[must_use]
    pub fn environment(mut self, environment: Environment) -> Self {
        self.address = environment.websocket_address();
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

    /// Limit on one connection attempt: TCP, TLS and the WebSocket handshake (default 10 s).
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sends a ping every `interval` of the connection (default 20 s); when nothing at all
    /// arrives within `timeout` after one (default 10 s), the peer is taken for gone and the
    /// client reconnects.
    #[must_use]
    pub fn keepalive(mut self, interval: Duration, timeout: Duration) -> Self {
        self.ping_interval = interval;
        self.pong_timeout = timeout;
        self
    }

    /// How to reconnect after a drop (default [`ReconnectPolicy::default`]: for as long as it
    /// takes).
    #[must_use]
    pub fn reconnect(mut self, policy: ReconnectPolicy) -> Self {
        self.reconnect = policy;
        self
    }

    /// TLS settings for `wss://` addresses (extra roots, a proxy's certificate), replacing the
    /// default (rustls on ring, webpki roots). Leave ALPN empty or `http/1.1`: the WebSocket
    /// upgrade is HTTP/1.1.
    #[must_use]
    pub fn tls_config(mut self, config: Arc<ClientConfig>) -> Self {
        self.tls = Some(config);
        self
    }

    /// Checks the configuration, connects, and returns the stream of items. The first
    /// connection is tried once; reconnects after later drops follow the
    /// [`ReconnectPolicy`]. Must run inside a Tokio runtime: the connection is read by a task
    /// of its own, so keepalive goes on while the application works.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a missing or unusable token, a bad address, a zero timeout or no
    /// Tokio runtime; [`Error::Rejected`] when the server refuses the handshake for good
    /// (401/403...); [`Error::Connect`] when the connection fails otherwise.
    pub async fn connect(self) -> Result<EventStream<E>, Error>
    where
        E: DeserializeOwned + Send + 'static,
    {
        if self.connect_timeout.is_zero()
            || self.ping_interval.is_zero()
            || self.pong_timeout.is_zero()
        {
            return Err(ConfigError::new("WebSocket timeouts must be greater than zero").into());
        }
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| {
            ConfigError::new("the WebSocket client needs a Tokio runtime (it runs a task)")
        })?;
        let endpoint = Endpoint::new(
            &self.address,
            self.client_token.as_deref().unwrap_or_default(),
            self.access_token.as_deref().unwrap_or_default(),
            self.tls,
            self.connect_timeout,
        )?;
        let span = Span::stream(&endpoint.url);
        let attempt = span.connect(0);
        let started = Instant::now();
        let socket = match attempt.run(endpoint.connect()).await {
            Ok(socket) => {
                attempt.finish(Some(101), started.elapsed());
                socket
            }
            Err(failure) => {
                let error = match failure {
                    Failure::Final(error) => error,
                    Failure::Passing(error) => Error::Connect(error),
                };
                attempt.finish(error.status(), started.elapsed());
                observe::ended(&error);
                return Err(error);
            }
        };
        observe::connected(0);
        let (sender, receiver) = mpsc::channel(READ_AHEAD);
        let url = endpoint.url.clone();
        let session = Session {
            endpoint: Arc::new(endpoint),
            settings: Settings {
                // Deadlines are instants: a longer wait than a year is as good as none, and
                // could not be added to one.
                ping_interval: self.ping_interval.min(LONGEST_WAIT),
                pong_timeout: self.pong_timeout.min(LONGEST_WAIT),
                reconnect: self.reconnect,
            },
            sender,
            span: span.clone(),
        };
        let task = runtime.spawn(async move { span.run(session.run(socket)).await });
        Ok(EventStream::new(receiver, task, url))
    }
}

impl<E> fmt::Debug for Builder<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |token: &Option<String>| token.as_ref().map(|_| "<redacted>");
        f.debug_struct("websocket::Builder")
            .field("address", &self.address)
            .field("client_token", &redacted(&self.client_token))
            .field("access_token", &redacted(&self.access_token))
            .field("connect_timeout", &self.connect_timeout)
            .field("ping_interval", &self.ping_interval)
            .field("pong_timeout", &self.pong_timeout)
            .field("reconnect", &self.reconnect)
            .field("tls_config", &self.tls.is_some())
            .finish()
    }
}
