//! Receives Mews webhooks: checks the secret Mews adds to the URL, answers every delivery at
//! once, and works on the message afterwards, in a task of its own.
//!
//! ```sh
//! MEWS_WEBHOOK_SECRET=... cargo run --example webhook_receiver --features axum
//! # then, from another shell (Mews would post to https://your.host/mews/webhooks?secret=...):
//! curl -i -X POST 'http://127.0.0.1:8080/mews/webhooks?secret=...' \
//!   -d '{"EnterpriseId":"851df8c8-90f2-4c4a-8e01-a4fc46b25178","Events":[]}'
//! ```
//! `MEWS_WEBHOOK_ADDRESS` sets where it listens (default `127.0.0.1:8080`). Mews retries a
//! delivery it gets no success answer for within a few seconds, so the answer never waits for
//! the application: a wrong or missing secret is 401 (the body is not even read), a body that
//! does not decode is 400 naming the JSON path, and any other delivery is 200 before the
//! handler runs.
//!
//! The message type: until the committed spec is imported from docs that have the events pages,
//! this example decodes the body as JSON and tells the two webhooks apart by their keys; with
//! them, the bindings' generated `Webhook` (General and Integration Webhook messages, their
//! events as open unions, `entities()` to fetch each changed entity once) takes its place.

use mews_connector::runtime::axum;
use mews_connector::runtime::{
    decode_webhook, JsonPathError, WebhookPayload, WebhookReceiver, WebhookSecret,
};

/// A delivery of either webhook, as JSON (see the module's note).
#[derive(Debug)]
enum Delivery {
    /// `{"EnterpriseId", "IntegrationId", "Events": [...]}`.
    General(serde_json::Value),
    /// `{"Action", "Data"}`.
    Integration(serde_json::Value),
}

impl WebhookPayload for Delivery {
    fn decode(body: &[u8]) -> Result<Self, JsonPathError> {
        let value: serde_json::Value = decode_webhook(body)?;
        if value.get("Events").is_some() {
            Ok(Delivery::General(value))
        } else if value.get("Action").is_some() {
            Ok(Delivery::Integration(value))
        } else {
            Err(mews_connector::runtime::unknown_message(
                "`Events` (General Webhook) or `Action` (Integration Webhook)",
            ))
        }
    }
}

/// The application's work on one delivery: here it only prints what arrived.
async fn handle(delivery: Delivery) {
    match delivery {
        Delivery::General(message) => {
            let events = message["Events"].as_array().map_or(0, Vec::len);
            println!("general webhook: {events} events");
            for event in message["Events"].as_array().into_iter().flatten() {
                println!("  {} {}", event["Discriminator"], event["Value"]["Id"]);
            }
        }
        Delivery::Integration(message) => {
            println!("integration webhook: {}", message["Action"]);
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = std::env::var("MEWS_WEBHOOK_SECRET")
        .map_err(|_| "set MEWS_WEBHOOK_SECRET to the secret registered with Mews")?;
    let address =
        std::env::var("MEWS_WEBHOOK_ADDRESS").unwrap_or_else(|_| "127.0.0.1:8080".to_owned());
    // The secret is in the query (`?secret=`); `.secret_in(SecretIn::LastPathSegment)` reads it
    // from the path instead.
    let router = WebhookReceiver::new(WebhookSecret::new(secret)?).router("/mews/webhooks", handle);
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!(
        "listening on http://{}/mews/webhooks",
        listener.local_addr()?
    );
    axum::serve(listener, router).await?;
    Ok(())
}
