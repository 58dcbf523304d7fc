//! Syncs the order items updated during the last day, page by page as the stream is read.
//!
//! A lenient sync: an item that does not decode is reported (page, index, JSON path, raw JSON)
//! and skipped, and the sync goes on; any other error ends it. The listing gets per-call
//! options of its own: a longer deadline for the whole call and a shorter one per attempt.
//!
//! ```sh
//! MEWS_CLIENT_TOKEN=... MEWS_ACCESS_TOKEN=... cargo run --example order_items
//! ```
//! Without the variables it uses the public demo tokens on the demo environment;
//! `MEWS_BASE_URL` points it at another platform address.

use std::time::Duration;

use chrono::Utc;
use futures_util::StreamExt;
use mews_connector::CallOptions;
use mews_connector::{
    Client, Environment, Error, Limitation, OrderItemFilterParameters, TimeInterval,
};

/// Public tokens of the Mews demo environment (gross pricing), from the Mews documentation.
const DEMO_CLIENT_TOKEN: &str = "E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D";
const DEMO_ACCESS_TOKEN: &str = "C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let env = |name: &str, fallback: &str| std::env::var(name).unwrap_or_else(|_| fallback.into());
    let environment = match std::env::var("MEWS_BASE_URL") {
        Ok(url) => Environment::custom(url),
        Err(_) => Environment::Demo,
    };
    let client = Client::builder()
        .environment(environment)
        .client_token(env("MEWS_CLIENT_TOKEN", DEMO_CLIENT_TOKEN))
        .access_token(env("MEWS_ACCESS_TOKEN", DEMO_ACCESS_TOKEN))
        .client(concat!(
            "mews-connector example ",
            env!("CARGO_PKG_VERSION")
        ))
        .build()?;

    let now = Utc::now();
    let request = OrderItemFilterParameters {
        updated_utc: Some(TimeInterval {
            start_utc: now - chrono::Duration::days(1),
            end_utc: now,
        }),
        ..OrderItemFilterParameters::new(Limitation::new(1000))
    };

    // Each page request may take 30 s and be retried; the whole call up to 2 minutes.
    let sync = client.with_options(
        &CallOptions::new()
            .lenient(true)
            .attempt_timeout(Duration::from_secs(30))
            .timeout(Duration::from_secs(120)),
    );
    let mut items = sync.order_items().get_all_stream(request);
    let (mut count, mut skipped) = (0usize, 0usize);
    while let Some(item) = items.next().await {
        let item = match item {
            Ok(item) => item,
            Err(Error::Item(bad)) => {
                skipped += 1;
                eprintln!(
                    "skipped page {} item {} at `{}`: {}\n  {}",
                    bad.page, bad.index, bad.path, bad.message, bad.raw
                );
                continue;
            }
            Err(other) => return Err(other.into()),
        };
        count += 1;
        println!(
            "{}  {:>12} {}  {:?}",
            item.id, item.amount.gross_value, item.amount.currency, item.r#type
        );
    }
    println!("{count} order items updated in the last day, {skipped} skipped");
    Ok(())
}
