//! `wss://`: a TLS WebSocket server on loopback with a test CA (`tls/`). Trusted through
//! `Builder::tls_config` it serves events; with the default roots the certificate is refused
//! before any HTTP byte, so the cookie never leaves.

use std::sync::{Arc, Mutex};

use mews_connector_runtime::websocket::rustls::pki_types::pem::PemObject;
use mews_connector_runtime::websocket::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use mews_connector_runtime::websocket::rustls::{self, ClientConfig, RootCertStore, ServerConfig};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};

use super::server::COOKIE;
use super::*;

const CA: &[u8] = include_bytes!("tls/ca.pem");
const CERT: &[u8] = include_bytes!("tls/localhost.pem");
const KEY: &[u8] = include_bytes!("tls/localhost.key");

fn ring() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A TLS WebSocket server that sends one event; returns its port and the cookies it saw.
async fn tls_server() -> (u16, Arc<Mutex<Vec<Vec<u8>>>>) {
    let certs = vec![CertificateDer::from_pem_slice(CERT).unwrap()];
    let key = PrivateKeyDer::from_pem_slice(KEY).unwrap();
    let config = ServerConfig::builder_with_provider(ring())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let cookies = Arc::new(Mutex::new(Vec::new()));
    let seen = cookies.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (acceptor, seen) = (acceptor.clone(), seen.clone());
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let callback = |request: &Request, response: Response| {
                    if let Some(cookie) = request.headers().get("cookie") {
                        seen.lock().unwrap().push(cookie.as_bytes().to_vec());
                    }
                    Ok(response)
                };
                let Ok(mut connection) = tokio_tungstenite::accept_hdr_async(tls, callback).await
                else {
                    return;
                };
                let message = format!(r#"{{"Events":[{}]}}"#, resource("over-tls"));
                let _ = connection.send(Message::text(message)).await;
                // Stay open (reading answers pings) until the client goes.
                while let Some(Ok(_)) = connection.next().await {}
            });
        }
    });
    (port, cookies)
}

fn wss_client(port: u16) -> Builder<Event> {
    Builder::new()
        // An https:// platform address: its WebSocket address is wss:// on the same host.
        .environment(Environment::custom(format!("https://localhost:{port}")))
        .client_token(CLIENT_TOKEN)
        .access_token(ACCESS_TOKEN)
        .connect_timeout(Duration::from_secs(5))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wss_with_a_trusted_certificate_carries_the_events() {
    let (port, cookies) = tls_server().await;
    let mut roots = RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(CA).unwrap())
        .unwrap();
    let config = ClientConfig::builder_with_provider(ring())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let mut events = wss_client(port)
        .tls_config(Arc::new(config))
        .connect()
        .await
        .expect("connects over TLS");
    assert_eq!(
        events.endpoint(),
        format!("wss://localhost:{port}/ws/connector")
    );
    assert!(
        matches!(next_event(&mut events).await, Event::Resource { id, .. } if id == "over-tls")
    );
    assert_eq!(*cookies.lock().unwrap(), vec![COOKIE.as_bytes().to_vec()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_untrusted_certificate_is_refused_before_the_cookie_is_sent() {
    let (port, cookies) = tls_server().await;
    // The default configuration trusts the public roots only.
    let error = wss_client(port)
        .connect()
        .await
        .expect_err("the test CA is not trusted");
    let shown = format!("{error} / {error:?}");
    assert!(matches!(error, websocket::Error::Connect(_)), "{shown}");
    assert!(shown.contains("TLS handshake failed"), "{shown}");
    assert!(shown.to_lowercase().contains("certificate"), "{shown}");
    assert!(!shown.contains(ACCESS_TOKEN), "{shown}");
    assert!(cookies.lock().unwrap().is_empty(), "the cookie went out");
}
