// The application side of the comparison: the three seed operations called through
// mews-connector as an application calls them. Each request is read from JSON (no field spelled
// out) and each call's future is boxed, so that its code is generated as when it is awaited;
// nothing runs. benches/compare.sh times the cold build of the bindings with this example.
#![allow(deprecated)] // reservations/getAllItems is deprecated by Mews; still a seed operation.

use std::future::Future;
use std::pin::Pin;

use mews_connector::{Client, Environment};

type Call<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + 'a>>;

fn calls<'a>(client: &'a Client, body: &'a str) -> Vec<Call<'a>> {
    vec![
        Box::pin(async move {
            let request = serde_json::from_str(body).map_err(|e| e.to_string())?;
            let added = client.orders().add(&request).await.map_err(|e| format!("{e:?}"))?;
            println!("{added:?}");
            Ok(())
        }),
        Box::pin(async move {
            let request = serde_json::from_str(body).map_err(|e| e.to_string())?;
            let page = client.order_items().get_all(&request).await.map_err(|e| format!("{e:?}"))?;
            println!("{page:?}");
            Ok(())
        }),
        Box::pin(async move {
            let request = serde_json::from_str(body).map_err(|e| e.to_string())?;
            let items = client
                .reservations()
                .get_all_items(&request)
                .await
                .map_err(|e| format!("{e:?}"))?;
            println!("{items:?}");
            Ok(())
        }),
    ]
}

fn main() {
    let client = Client::builder()
        .environment(Environment::Demo)
        .client_token("client-token")
        .access_token("access-token")
        .client("seed calls 1.0")
        .build()
        .expect("a valid configuration");
    std::hint::black_box(calls(&client, "{}"));
}
