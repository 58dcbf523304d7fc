//! Receives Mews webhooks: checks the secret Mews adds to the URL, answers every delivery at
//! once, and works on the message afterwards, in a task of its own: each changed customer is
//! fetched once, however many of the message's events name it.
//!
//! ```sh
//! MEWS_WEBHOOK_SECRET=... cargo run --example webhook_receiver --features axum
//! # then, from another shell (Mews would post to https://your.host/mews/webhooks?secret=...):
//! curl -i -X POST 'http://127.0.0.1:8080/mews/webhooks?secret=...' -d '{
//!   "EnterpriseId": "851df8c8-90f2-4c4a-8e01-a4fc46b25178",
//!   "IntegrationId": "c8bee838-7fb1-4f4e-8fac-ac87008b2f90",
//!   "Events": [
//!     {"Discriminator": "CustomerAdded", "Value": {"Id": "35d4b117-4e60-44a3-9580-c582117eff98"}},
//!     {"Discriminator": "CustomerUpdated", "Value": {"Id": "35d4b117-4e60-44a3-9580-c582117eff98"}}
//!   ]}'
//! ```
//! `MEWS_WEBHOOK_ADDRESS` sets where it listens (default `127.0.0.1:8080`). Mews retries a
//! delivery it gets no success answer for within a few seconds, so the answer never waits for
//! the application: a wrong or missing secret is 401 (the body is not even read), a body that
//! does not decode is 400 naming the JSON path, and any other delivery is 200 before the
//! handler runs. An event type these bindings do not know is kept (`Unknown`), never a 400.
//!
//! With `MEWS_CLIENT_TOKEN` and `MEWS_ACCESS_TOKEN` set (and `MEWS_BASE_URL` for another
//! platform than the demo), the changed customers are fetched through the API; without them,
//! the example prints the request it would send.

use std::sync::Arc;

use mews_connector::events::{GeneralWebhookMessage, IntegrationWebhookMessage, Webhook};
use mews_connector::runtime::axum;
use mews_connector::runtime::{WebhookReceiver, WebhookSecret};
use mews_connector::{Client, CustomerExtent, Environment, Limitation};

/// The API client, when the environment has tokens for it.
type Api = Option<Arc<Client>>;

/// The application's work on one delivery.
async fn handle(api: Api, delivery: Webhook) {
    match delivery {
        Webhook::GeneralWebhook(message) => general(api.as_deref(), message).await,
        Webhook::IntegrationWebhook(message) => integration(&message),
        other => println!("a webhook these bindings do not tell apart: {other:?}"),
    }
}

/// A General Webhook: its events, then each changed customer fetched once.
async fn general(api: Option<&Client>, message: GeneralWebhookMessage) {
    println!(
        "general webhook of enterprise {}: {} events",
        message.enterprise_id,
        message.events.len()
    );
    for event in &message.events {
        match event.entity() {
            Some(entity) => println!(
                "  {} -> fetch {entity:?} with {}",
                event.discriminator(),
                entity.operation_id()
            ),
            None => println!("  {} (nothing to fetch)", event.discriminator()),
        }
    }
    // `CustomerAdded` and `CustomerUpdated` of one customer are one customer to fetch.
    let entities = message.entities();
    let customers = CustomerExtent {
        customers: Some(true),
        ..CustomerExtent::default()
    };
    let Some(request) = entities.customers_get_all(customers, Limitation::new(100)) else {
        return;
    };
    let Some(api) = api else {
        println!("  would fetch customers {:?}", request.customer_ids);
        return;
    };
    match api.customers().get_all(&request).await {
        Ok(found) => {
            for customer in found.customers {
                println!("  customer {}: {}", customer.id, customer.last_name);
            }
        }
        Err(error) => eprintln!("  fetching the customers failed: {error}"),
    }
}

/// An Integration Webhook: a change to the integration itself.
fn integration(message: &IntegrationWebhookMessage) {
    match message {
        IntegrationWebhookMessage::IntegrationCreated(created) => println!(
            "integration {} created for {} (enabled: {})",
            created.integration.name, created.enterprise.name, created.is_enabled
        ),
        IntegrationWebhookMessage::IntegrationDeleted(deleted) => println!(
            "integration {} deleted at {}",
            deleted.integration.name, deleted.deleted_utc
        ),
        other => println!("integration webhook: {}", other.discriminator()),
    }
}

/// A client for the API when the tokens are in the environment.
fn api_client() -> Result<Api, Box<dyn std::error::Error>> {
    let (Ok(client_token), Ok(access_token)) = (
        std::env::var("MEWS_CLIENT_TOKEN"),
        std::env::var("MEWS_ACCESS_TOKEN"),
    ) else {
        return Ok(None);
    };
    let environment = match std::env::var("MEWS_BASE_URL") {
        Ok(url) => Environment::custom(url),
        Err(_) => Environment::Demo,
    };
    let client = Client::builder()
        .environment(environment)
        .client_token(client_token)
        .access_token(access_token)
        .client(concat!(
            "mews-connector example ",
            env!("CARGO_PKG_VERSION")
        ))
        .build()?;
    Ok(Some(Arc::new(client)))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = std::env::var("MEWS_WEBHOOK_SECRET")
        .map_err(|_| "set MEWS_WEBHOOK_SECRET to the secret registered with Mews")?;
    let address =
        std::env::var("MEWS_WEBHOOK_ADDRESS").unwrap_or_else(|_| "127.0.0.1:8080".to_owned());
    let api = api_client()?;
    // `Webhook` decodes either webhook, told apart by its keys. The secret is in the query
    // (`?secret=`); `.secret_in(SecretIn::LastPathSegment)` reads it from the path instead.
    let router = WebhookReceiver::new(WebhookSecret::new(secret)?)
        .router("/mews/webhooks", move |delivery: Webhook| {
            handle(api.clone(), delivery)
        });
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!(
        "listening on http://{}/mews/webhooks",
        listener.local_addr()?
    );
    axum::serve(listener, router).await?;
    Ok(())
}
