//! The WebSocket client against a real WebSocket server on loopback (tokio-tungstenite's server
//! side): the cookie byte for byte, events, malformed frames and messages, drops, reconnects,
//! refused handshakes, keepalive, TLS and closing.

// The test servers' handshake callbacks return tungstenite's `ErrorResponse`, a whole HTTP
// response.
#![allow(clippy::result_large_err)]

mod connect;
mod drops;
mod messages;
mod server;
mod tls;
#[cfg(feature = "tracing")]
mod traces;

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use mews_connector_runtime::websocket::{self, Builder, EventStream, Item, ReconnectPolicy};
use mews_connector_runtime::Environment;
use serde::Deserialize;
use tokio_tungstenite::tungstenite::Message;

use server::{Connection, Server, ACCESS_TOKEN, CLIENT_TOKEN};

/// The four documented WebSocket events, tagged by `Type` with their fields beside the tag, as
/// an application would write them without the generated types.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "Type")]
enum Event {
    DeviceCommand {
        #[serde(rename = "Id")]
        id: String,
        #[serde(rename = "State")]
        state: String,
    },
    Reservation {
        #[serde(rename = "Id")]
        id: String,
        #[serde(rename = "State")]
        state: String,
        #[serde(rename = "StartUtc")]
        start_utc: String,
        #[serde(rename = "EndUtc")]
        end_utc: String,
        #[serde(rename = "AssignedResourceId", default)]
        assigned_resource_id: Option<String>,
    },
    Resource {
        #[serde(rename = "Id")]
        id: String,
        #[serde(rename = "State")]
        state: String,
    },
    PriceUpdate {
        #[serde(rename = "Id")]
        id: String,
        #[serde(rename = "RateId", default)]
        rate_id: Option<String>,
    },
}

/// A client of `server` with short backoff, so drops are repaired in milliseconds (keepalive
/// stays at seconds: most test servers do not read, so they never answer a ping; the keepalive
/// test shortens it). `Environment::custom` with the server's `http://` address: its WebSocket
/// address is the same host with `ws://`.
fn client(server: &Server) -> Builder<Event> {
    Builder::new()
        .environment(Environment::custom(format!("http://{}", server.host)))
        .client_token(CLIENT_TOKEN)
        .access_token(ACCESS_TOKEN)
        .connect_timeout(Duration::from_secs(5))
        .keepalive(Duration::from_secs(5), Duration::from_secs(5))
        .reconnect(
            ReconnectPolicy::new()
                .with_backoff(Duration::from_millis(5), Duration::from_millis(50)),
        )
}

/// The next item (the test fails after 10 s or when the stream ends).
async fn next<E: std::fmt::Debug>(
    stream: &mut EventStream<E>,
) -> Result<Item<E>, websocket::Error> {
    tokio::time::timeout(Duration::from_secs(10), stream.next())
        .await
        .expect("no item within 10 s")
        .expect("the stream ended")
}

/// The next item, which must be an event.
async fn next_event(stream: &mut EventStream<Event>) -> Event {
    match next(stream).await {
        Ok(Item::Event(event)) => event,
        other => panic!("expected an event, got {other:?}"),
    }
}

/// A `Resource` event whose id is `id`.
fn resource(id: impl std::fmt::Display) -> String {
    format!(r#"{{"Type":"Resource","Id":"{id}","State":"Dirty"}}"#)
}

/// Sends a message holding `events` (JSON texts).
async fn send_events(connection: &mut Connection, events: &[String]) {
    let message = format!(r#"{{"Events":[{}]}}"#, events.join(","));
    connection
        .send(Message::text(message))
        .await
        .expect("send a message");
}

/// Reads the client's frames until its close frame; `true` if one came (pings are skipped).
async fn receives_close(connection: &mut Connection) -> bool {
    let read = async {
        while let Some(frame) = connection.next().await {
            match frame {
                Ok(Message::Close(_)) => return true,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
        false
    };
    tokio::time::timeout(Duration::from_secs(5), read)
        .await
        .unwrap_or(false)
}
