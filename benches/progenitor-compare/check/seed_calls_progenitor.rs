// The application side of the comparison: the three seed operations called through
// progenitor's crate as an application calls them. Each request is read from JSON (no field
// spelled out) and each call's future is boxed, so that its code is generated as when it is
// awaited; nothing runs. benches/compare.sh times the cold build of the bindings with it.

use std::future::Future;
use std::pin::Pin;

use mews_connector_progenitor::Client;

type Call<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + 'a>>;

fn calls<'a>(client: &'a Client, body: &'a str) -> Vec<Call<'a>> {
    vec![
        Box::pin(async move {
            let request = serde_json::from_str(body).map_err(|e| e.to_string())?;
            let added = client.orders_add(&request).await.map_err(|e| format!("{e:?}"))?;
            println!("{added:?}");
            Ok(())
        }),
        Box::pin(async move {
            let request = serde_json::from_str(body).map_err(|e| e.to_string())?;
            let page = client
                .order_items_get_all(&request)
                .await
                .map_err(|e| format!("{e:?}"))?;
            println!("{page:?}");
            Ok(())
        }),
        Box::pin(async move {
            let request = serde_json::from_str(body).map_err(|e| e.to_string())?;
            let items = client
                .reservations_get_all_items(&request)
                .await
                .map_err(|e| format!("{e:?}"))?;
            println!("{items:?}");
            Ok(())
        }),
    ]
}

fn main() {
    let client = Client::new("https://api.mews-demo.com");
    std::hint::black_box(calls(&client, "{}"));
}
