//! One connection: TCP, TLS (rustls on ring, webpki roots), and the WebSocket upgrade with the
//! tokens in the `Cookie` header; a failed handshake is classified as final or passing.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::header::{COOKIE, RETRY_AFTER, USER_AGENT};
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Error as WsError;
use tokio_tungstenite::WebSocketStream;

use super::error::{ConnectError, Error, Rejected};
use crate::error::{ConfigError, Redactor};
use crate::retry::parse_retry_after;

/// The byte stream under the WebSocket: plain TCP or TLS over it.
pub(crate) trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// An open WebSocket connection.
pub(crate) type Socket = WebSocketStream<Box<dyn Io>>;

/// Where and how to connect; built and checked once, used for every (re)connection.
pub(crate) struct Endpoint {
    /// `{address}/ws/connector`; holds no token.
    pub(crate) url: String,
    host: String,
    port: u16,
    tls: Option<(TlsConnector, ServerName<'static>)>,
    /// `ClientToken=…; AccessToken=…`, marked sensitive.
    cookie: HeaderValue,
    pub(crate) redactor: Redactor,
    connect_timeout: Duration,
}

/// Why a connection attempt failed.
pub(crate) enum Failure {
    /// Retrying cannot help.
    Final(Error),
    /// It may pass.
    Passing(ConnectError),
}

impl Endpoint {
    /// Checks the address and the tokens. `tls` replaces the default TLS configuration.
    pub(crate) fn new(
        address: &str,
        client_token: &str,
        access_token: &str,
        tls: Option<Arc<ClientConfig>>,
        connect_timeout: Duration,
    ) -> Result<Endpoint, ConfigError> {
        check_token("ClientToken", "client_token", client_token)?;
        check_token("AccessToken", "access_token", access_token)?;
        let address = address.trim_end_matches('/');
        let bad = |why: &str| {
            ConfigError::new(format!(
                "invalid WebSocket address {address:?}: {why}; expected ws(s)://host[:port][/prefix]"
            ))
        };
        let parsed = reqwest::Url::parse(address).map_err(|e| bad(&e.to_string()))?;
        let secure = match parsed.scheme() {
            "wss" => true,
            "ws" => false,
            _ => return Err(bad("the scheme must be ws or wss")),
        };
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(bad("no query or fragment"));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(bad("no user name or password"));
        }
        // IPv6 literals come bracketed (`[::1]`); sockets and TLS names take them bare.
        let host = match parsed.host_str() {
            Some(host) if !host.is_empty() => host
                .strip_prefix('[')
                .and_then(|h| h.strip_suffix(']'))
                .unwrap_or(host)
                .to_owned(),
            _ => return Err(bad("no host")),
        };
        let port = parsed
            .port_or_known_default()
            .ok_or_else(|| bad("no port"))?;
        let tls = if secure {
            let config = match tls {
                Some(config) => config,
                None => default_tls()?,
            };
            let name = ServerName::try_from(host.clone())
                .map_err(|e| bad(&format!("not a TLS server name: {e}")))?;
            Some((TlsConnector::from(config), name))
        } else {
            None
        };
        let mut cookie = HeaderValue::from_str(&format!(
            "ClientToken={client_token}; AccessToken={access_token}"
        ))
        .map_err(|_| ConfigError::new("the tokens cannot form a Cookie header"))?;
        cookie.set_sensitive(true);
        Ok(Endpoint {
            url: format!("{address}/ws/connector"),
            host,
            port,
            tls,
            cookie,
            redactor: Redactor::new(&[client_token, access_token]),
            connect_timeout,
        })
    }

    /// One connection attempt, bounded by the connect timeout.
    pub(crate) async fn connect(&self) -> Result<Socket, Failure> {
        match tokio::time::timeout(self.connect_timeout, self.dial()).await {
            Ok(result) => result,
            Err(_) => Err(self.passing(
                None,
                format!(
                    "no connection within the connect timeout of {} ms",
                    self.connect_timeout.as_millis()
                ),
                None,
            )),
        }
    }

    async fn dial(&self) -> Result<Socket, Failure> {
        let tcp = TcpStream::connect((self.host.as_str(), self.port))
            .await
            .map_err(|e| self.passing(None, format!("TCP connection failed: {e}"), None))?;
        // Events are small and latency matters more than packet count.
        let _ = tcp.set_nodelay(true);
        let io: Box<dyn Io> = match &self.tls {
            None => Box::new(tcp),
            Some((connector, name)) => Box::new(
                connector
                    .connect(name.clone(), tcp)
                    .await
                    .map_err(|e| self.passing(None, format!("TLS handshake failed: {e}"), None))?,
            ),
        };
        let mut request = self.url.as_str().into_client_request().map_err(|e| {
            Failure::Final(Error::Config(ConfigError::new(format!(
                "cannot build the WebSocket request for {}: {e}",
                self.url
            ))))
        })?;
        let headers = request.headers_mut();
        headers.insert(COOKIE, self.cookie.clone());
        headers.insert(
            USER_AGENT,
            HeaderValue::from_static(concat!("mews-connector-rust/", env!("CARGO_PKG_VERSION"))),
        );
        match tokio_tungstenite::client_async_with_config(request, io, None).await {
            Ok((socket, _response)) => Ok(socket),
            Err(error) => Err(self.classify(error)),
        }
    }

    /// 401, 403, other 4xx but 408/429, 3xx (not followed: the cookie would go elsewhere) are
    /// final; 408, 429, 5xx and everything without a status may pass.
    fn classify(&self, error: WsError) -> Failure {
        let response = match error {
            WsError::Http(response) => response,
            other => {
                let message = self.redactor.redact(&other.to_string()).into_owned();
                return self.passing(None, format!("WebSocket handshake failed: {message}"), None);
            }
        };
        let status = response.status().as_u16();
        let body = response.body().as_deref().unwrap_or_default();
        let excerpt = self.redactor.excerpt(body, 0);
        let message = (!excerpt.is_empty()).then_some(excerpt);
        if matches!(status, 408 | 429 | 500..=599) {
            let retry_after = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| parse_retry_after(v, SystemTime::now()));
            let text = match &message {
                Some(message) => format!("HTTP {status}: {message}"),
                None => format!("HTTP {status}"),
            };
            return self.passing(Some(status), text, retry_after);
        }
        Failure::Final(Error::Rejected(Rejected {
            endpoint: self.url.clone(),
            status,
            message,
        }))
    }

    fn passing(
        &self,
        status: Option<u16>,
        message: String,
        retry_after: Option<Duration>,
    ) -> Failure {
        Failure::Passing(ConnectError {
            endpoint: self.url.clone(),
            status,
            message: self.redactor.redact(&message).into_owned(),
            retry_after,
        })
    }
}

/// rustls on ring with the webpki roots: the stack reqwest uses, so nothing new is compiled
/// and no process-wide crypto provider is needed or installed.
fn default_tls() -> Result<Arc<ClientConfig>, ConfigError> {
    let roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let config =
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| ConfigError::new(format!("cannot configure TLS: {e}")))?
            .with_root_certificates(roots)
            .with_no_client_auth();
    Ok(Arc::new(config))
}

/// A token must fit in a cookie as it is (Mews tokens are letters, digits and `-`); the error
/// names the token and the position, never the value.
fn check_token(name: &str, setter: &str, token: &str) -> Result<(), ConfigError> {
    if token.is_empty() {
        return Err(ConfigError::new(format!(
            "{name} is required; set it with websocket::Builder::{setter}"
        )));
    }
    // RFC 6265 cookie-octet: no controls, space, `"`, `,`, `;` or `\`.
    let cookie_octet =
        |b: u8| matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
    match token.bytes().position(|b| !cookie_octet(b)) {
        None => Ok(()),
        Some(position) => Err(ConfigError::new(format!(
            "{name} has a character a cookie cannot carry at byte {position} (a space, quote, \
             comma, semicolon, backslash or control character)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(address: &str, client: &str, access: &str) -> Result<Endpoint, ConfigError> {
        Endpoint::new(address, client, access, None, Duration::from_secs(1))
    }

    #[test]
    fn the_cookie_is_exactly_the_documented_one() {
        let e = endpoint("wss://ws.mews-demo.com/", "C-1", "A-2").unwrap();
        assert_eq!(e.url, "wss://ws.mews-demo.com/ws/connector");
        assert_eq!((e.host.as_str(), e.port), ("ws.mews-demo.com", 443));
        assert_eq!(e.cookie.as_bytes(), b"ClientToken=C-1; AccessToken=A-2");
        assert!(e.cookie.is_sensitive());
        let e = endpoint("ws://[::1]:9000/prefix", "C", "A").unwrap();
        assert_eq!(e.url, "ws://[::1]:9000/prefix/ws/connector");
        assert_eq!(
            (e.host.as_str(), e.port, e.tls.is_none()),
            ("::1", 9000, true)
        );
    }

    #[test]
    fn bad_tokens_and_addresses_are_named_without_the_token() {
        let error = endpoint("ws://h", "SECRET;x", "A").err().unwrap();
        assert!(error.message.contains("ClientToken"), "{error}");
        assert!(error.message.contains("byte 6"), "{error}");
        assert!(!error.to_string().contains("SECRET"), "{error}");
        let error = endpoint("ws://h", "C", "").err().unwrap();
        assert!(error.message.contains("AccessToken is required"), "{error}");
        for bad in [
            "https://h",
            "ws://h/?q=1",
            "ws://u:p@h",
            "not a url",
            "ws://h#f",
        ] {
            let error = endpoint(bad, "C", "A").err().unwrap();
            assert!(
                error.message.contains("invalid WebSocket address"),
                "{bad}: {error}"
            );
        }
    }
}
