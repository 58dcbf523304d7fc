//! Adds an order of one product to an account.
//!
//! ```sh
//! MEWS_SERVICE_ID=... MEWS_ACCOUNT_ID=... MEWS_PRODUCT_ID=... cargo run --example add_order
//! ```
//! Tokens come from `MEWS_CLIENT_TOKEN`/`MEWS_ACCESS_TOKEN` (default: the public demo tokens on
//! the demo environment); `MEWS_BASE_URL` points it at another platform address.
//!
//! `orders/add` is not idempotent, so the client never repeats it once it may have reached Mews;
//! on a timeout or lost connection, check whether the order exists before adding it again.

use mews_connector::runtime::ApiErrorKind;
use mews_connector::{Client, Environment, Error, OrderAddParameters, ProductOrderParameters};
use uuid::Uuid;

/// Public tokens of the Mews demo environment (gross pricing), from the Mews documentation.
const DEMO_CLIENT_TOKEN: &str = "E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D";
const DEMO_ACCESS_TOKEN: &str = "C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D";

fn uuid_var(name: &str) -> Result<Uuid, Box<dyn std::error::Error>> {
    let value = std::env::var(name).map_err(|_| format!("set {name} to a Mews id"))?;
    Ok(Uuid::parse_str(value.trim()).map_err(|e| format!("{name}: {e}"))?)
}

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

    #[allow(deprecated)] // `customer_id` is superseded by `account_id` but still a field.
    let request = OrderAddParameters {
        enterprise_id: None,
        service_id: uuid_var("MEWS_SERVICE_ID")?,
        account_id: uuid_var("MEWS_ACCOUNT_ID")?,
        options: None,
        product_orders: Some(vec![ProductOrderParameters {
            product_id: uuid_var("MEWS_PRODUCT_ID")?,
            count: Some(1),
            unit_amount: None,
            start_utc: None,
            end_utc: None,
            external_identifier: None,
        }]),
        items: None,
        consumption_utc: None,
        notes: Some("Added by the mews-connector example".into()),
        business_segment_id: None,
        bill_id: None,
        linked_reservation_id: None,
        customer_id: None,
    };

    match client.orders().add(&request).await {
        Ok(result) => println!("added order {}", result.order_id),
        Err(Error::Api(e)) if e.kind == ApiErrorKind::Forbidden => {
            // 403 carries a message meant for the end user (a business rule was violated).
            eprintln!("Mews refused the order: {}", e.message.unwrap_or_default());
        }
        Err(e @ (Error::Transport(_) | Error::Timeout(_)))
            if e.request_may_have_reached_server() =>
        {
            eprintln!("the order may or may not have been added; check before retrying: {e}");
            return Err(e.into());
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}
