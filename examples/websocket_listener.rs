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
use mews_connector::events::{EntitiesToFetch, WebSocketEvent};
use mews_connector::runtime::websocket::{Item, ReconnectPolicy};
use mews_connector::{Client, Environment};

/// Public tokens of the Mews demo environment (gross pricing), from the Mews documentation.
const DEMO_CLIENT_TOKEN: &str = "E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D";
const DEMO_ACCESS_TOKEN: &str = "C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D";

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

    // The stream's events are the bindings' `WebSocketEvent`: one variant per event type the
    // spec knows, and `Unknown` (kept byte for byte) for a type Mews adds later.
    let mut events = client
        .websocket()
        .reconnect(ReconnectPolicy::new().with_max_attempts(20))
        .connect()
        .await?;
    println!("listening on {} (Ctrl-C to stop)", events.endpoint());
    // What the events name, each entity once, to fetch through the API.
    let mut to_fetch = EntitiesToFetch::default();
    loop {
        let item = tokio::select! {
            item = events.next() => item,
            _ = tokio::signal::ctrl_c() => break,
        };
        // `None` only follows an error, which `?` has already returned.
        let Some(item) = item else { break };
        match item? {
            Item::Event(event) => {
                print_event(&event);
                if let Some(entity) = event.entity() {
                    if to_fetch.insert(entity.clone()) {
                        println!("  to fetch with {}: {entity:?}", entity.operation_id());
                    }
                }
            }
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
    println!(
        "{} distinct entities named (reservations {}, resources {}, commands {})",
        to_fetch.len(),
        to_fetch.reservation_ids.len(),
        to_fetch.resource_ids.len(),
        to_fetch.command_ids.len()
    );
    events.close().await;
    Ok(())
}

/// One line per event; the generated payload types carry typed ids, states and times.
fn print_event(event: &WebSocketEvent) {
    match event {
        WebSocketEvent::DeviceCommand(command) => {
            println!("command {}: {}", command.id, command.state)
        }
        WebSocketEvent::Reservation(reservation) => println!(
            "reservation {}: {} ({} to {})",
            reservation.id, reservation.state, reservation.start_utc, reservation.end_utc
        ),
        WebSocketEvent::Resource(resource) => {
            println!("resource {}: {}", resource.id, resource.state)
        }
        WebSocketEvent::PriceUpdate(update) => {
            println!("price update {} (rate {:?})", update.id, update.rate_id)
        }
        // `Unknown` and any type a later version of the bindings adds.
        other => println!(
            "event of type {} (not known to these bindings)",
            other.discriminator()
        ),
    }
}
