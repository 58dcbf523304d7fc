//! Listens to the events Mews pushes over its WebSocket and prints them, with every drop and
//! reconnect the client reports (and the window in which events may have been missed).
//!
//! ```sh
//! cargo run --example websocket_listener
//! ```
//! Connects to the demo environment with its public tokens unless told otherwise:
//! `MEWS_CLIENT_TOKEN`/`MEWS_ACCESS_TOKEN` set the tokens, `MEWS_BASE_URL` another platform (its
//! WebSocket address is the same URL with `ws`/`wss`), `MEWS_WEBSOCKET_ADDRESS` the WebSocket
//! address itself (`wss://ws.mews.com` for production). Ctrl-C closes the connection cleanly.

use futures_util::StreamExt;
use mews_connector::runtime::websocket::{Item, ReconnectPolicy};
use mews_connector::{Client, Environment};
use serde::Deserialize;

/// Public tokens of the Mews demo environment (gross pricing), from the Mews documentation.
const DEMO_CLIENT_TOKEN: &str = "E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D";
const DEMO_ACCESS_TOKEN: &str = "C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D";

/// One event of a WebSocket message, tagged by `Type` with its fields beside the tag. Written
/// here until the generated event types reach this branch; any type the client can decode
/// works. A type this program does not know is kept as `Other`, not an error.
#[derive(Debug, Deserialize)]
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
    #[serde(other)]
    Other,
}

fn utc(time: std::time::SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(time).to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let env = |name: &str, fallback: &str| std::env::var(name).unwrap_or_else(|_| fallback.into());
    let mut environment = match std::env::var("MEWS_BASE_URL") {
        Ok(url) => Environment::custom(url),
        Err(_) => Environment::Demo,
    };
    if let Ok(address) = std::env::var("MEWS_WEBSOCKET_ADDRESS") {
        environment = environment.with_websocket_address(address);
    }
    let client = Client::builder()
        .environment(environment)
        .client_token(env("MEWS_CLIENT_TOKEN", DEMO_CLIENT_TOKEN))
        .access_token(env("MEWS_ACCESS_TOKEN", DEMO_ACCESS_TOKEN))
        .client(concat!(
            "mews-connector example ",
            env!("CARGO_PKG_VERSION")
        ))
        .build()?;

    let mut events = client
        .websocket::<Event>()
        .reconnect(ReconnectPolicy::new().with_max_attempts(20))
        .connect()
        .await?;
    println!("listening on {} (Ctrl-C to stop)", events.endpoint());
    loop {
        let item = tokio::select! {
            item = events.next() => item,
            _ = tokio::signal::ctrl_c() => break,
        };
        // `None` only follows an error, which `?` has already returned.
        let Some(item) = item else { break };
        match item? {
            Item::Event(Event::DeviceCommand { id, state }) => println!("command {id}: {state}"),
            Item::Event(Event::Reservation {
                id,
                state,
                start_utc,
                end_utc,
            }) => println!("reservation {id}: {state} ({start_utc} to {end_utc})"),
            Item::Event(Event::Resource { id, state }) => println!("resource {id}: {state}"),
            Item::Event(Event::PriceUpdate { id, rate_id }) => {
                println!("price update {id} (rate {rate_id:?})")
            }
            Item::Event(Event::Other) => println!("an event type this program does not know"),
            Item::Malformed(bad) => eprintln!("skipped: {bad}\n  {}", bad.raw),
            Item::Disconnected(drop) => eprintln!("disconnected: {}; reconnecting", drop.reason),
            Item::Reconnected(gap) => eprintln!(
                "reconnected after {} attempt(s): events between {} and {} may be missing; \
                 fetch what changed in that window",
                gap.attempts,
                utc(gap.last_frame_at),
                utc(gap.reconnected_at)
            ),
            other => println!("{other:?}"),
        }
    }
    events.close().await;
    Ok(())
}
