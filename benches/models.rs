//! Decoding and encoding with the generated models, against hand-written serde types with the
//! same field types (the limit for typed decoding) and `serde_json::Value`.
//!
//! `cargo bench --bench models`; prints criterion's estimates, then a summary with MB/s
//! (10^6 bytes per second, from the median) and the ratios to the hand-written baseline.

mod baseline;
mod payload;
mod summary;

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, Throughput};
use mews_connector::{OrderAddParameters, OrderItemData, OrderItemResult};
use serde::de::DeserializeOwned;
use serde_json::Value;

const DECODE: &str = "decode_order_items_1000";
const DECODE_NO_UNION: &str = "decode_order_items_1000_data_null";
const ENCODE: &str = "encode_orders_add_100";
/// Alternating pairs for the paired decode ratios (about 5 s in all).
const PAIRS: usize = 200;

/// Decodes like the client does: `runtime::decode_json`, the function its transport calls
/// (plain serde, then the trailing-bytes check; the path is tracked only after a failure).
fn decode_like_client<T: DeserializeOwned>(bytes: &[u8]) -> T {
    mews_connector::runtime::decode_json(bytes).expect("decodes")
}

fn decode(c: &mut Criterion, page: &[u8]) {
    let mut group = c.benchmark_group(DECODE);
    group.throughput(Throughput::Bytes(page.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::from_slice::<OrderItemResult>(black_box(page)).expect("decodes"))
    });
    group.bench_function("generated_client_path", |b| {
        b.iter(|| decode_like_client::<OrderItemResult>(black_box(page)))
    });
    group.bench_function("handwritten", |b| {
        b.iter(|| {
            serde_json::from_slice::<baseline::OrderItemResult>(black_box(page)).expect("decodes")
        })
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(page)).expect("decodes"))
    });
    group.finish();
}

/// The same page with every `Data` set to `null`: isolates the cost of the union's decoding.
fn decode_without_union(c: &mut Criterion, page: &[u8]) {
    let mut value: Value = serde_json::from_slice(page).expect("JSON");
    for item in value["OrderItems"].as_array_mut().expect("items") {
        item["Data"] = Value::Null;
    }
    let page = serde_json::to_vec(&value).expect("JSON");
    let page = page.as_slice();
    let mut group = c.benchmark_group(DECODE_NO_UNION);
    group.throughput(Throughput::Bytes(page.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::from_slice::<OrderItemResult>(black_box(page)).expect("decodes"))
    });
    group.bench_function("handwritten", |b| {
        b.iter(|| {
            serde_json::from_slice::<baseline::OrderItemResult>(black_box(page)).expect("decodes")
        })
    });
    group.finish();
}

fn encode(c: &mut Criterion, request: &str) {
    let generated: OrderAddParameters = serde_json::from_str(request).expect("generated decodes");
    let handwritten: baseline::OrderAddParameters =
        serde_json::from_str(request).expect("baseline decodes");
    let encoded = serde_json::to_vec(&generated).expect("encodes");
    assert_eq!(
        serde_json::from_slice::<Value>(&encoded).expect("JSON"),
        serde_json::from_str::<Value>(request).expect("JSON"),
        "the generated request re-encodes to the same JSON"
    );
    let mut group = c.benchmark_group(ENCODE);
    group.throughput(Throughput::Bytes(encoded.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::to_vec(black_box(&generated)).expect("encodes"))
    });
    group.bench_function("handwritten", |b| {
        b.iter(|| serde_json::to_vec(black_box(&handwritten)).expect("encodes"))
    });
    group.finish();
}

/// Throughput of `a` relative to `b` (above 1: `a` is faster), measured in alternating pairs
/// so that load from other processes hits both alike: the median and quartiles of the
/// per-pair ratios over `rounds` pairs, the order inside a pair alternating too.
fn paired_ratio(rounds: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> (f64, f64, f64) {
    fn time(f: &mut dyn FnMut()) -> f64 {
        let start = Instant::now();
        f();
        start.elapsed().as_secs_f64()
    }
    for _ in 0..5 {
        a();
        b();
    }
    let mut ratios: Vec<f64> = (0..rounds)
        .map(|round| {
            let (ta, tb) = if round % 2 == 0 {
                let ta = time(&mut a);
                (ta, time(&mut b))
            } else {
                let tb = time(&mut b);
                (time(&mut a), tb)
            };
            tb / ta
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    let at = |q: f64| ratios[((ratios.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.25), at(0.75))
}

/// Checks the page once, untimed: every decoder accepts it, the generated models re-encode it
/// exactly, and it holds what it should. Returns a one-line description.
fn describe_page(page: &[u8]) -> String {
    let generated: OrderItemResult = serde_json::from_slice(page).expect("generated decodes");
    let handwritten: baseline::OrderItemResult =
        serde_json::from_slice(page).expect("baseline decodes");
    assert_eq!(generated.order_items.len(), handwritten.order_items.len());
    let again = serde_json::to_vec(&generated).expect("encodes");
    assert_eq!(
        serde_json::from_slice::<Value>(&again).expect("JSON"),
        serde_json::from_slice::<Value>(page).expect("JSON"),
        "the generated models re-encode the page exactly"
    );
    let items = &generated.order_items;
    let product = items
        .iter()
        .filter(|item| matches!(item.data, Some(OrderItemData::Product(_))))
        .count();
    let rebate = items
        .iter()
        .filter(|item| matches!(item.data, Some(OrderItemData::Rebate(_))))
        .count();
    let taxes: usize = items
        .iter()
        .map(|item| {
            let breakdown = item.amount.breakdown.as_ref();
            item.amount.tax_values.len() + breakdown.map_or(0, |b| b.items.len())
        })
        .sum();
    format!(
        "{} bytes, {} items: Data = Product {product}, Rebate {rebate}, null {}; \
         {} null AccountId; {taxes} tax values + breakdown items in Amount",
        page.len(),
        items.len(),
        items.len() - product - rebate,
        items
            .iter()
            .filter(|item| item.account_id.is_none())
            .count(),
    )
}

fn main() {
    let page = payload::order_items_page(2026, 1000, Some("b8a8b8c0-cafe-4d1e-9f8a-7b6c5d4e3f2a"));
    let request = payload::orders_add_request(2026, 100);
    let description = describe_page(page.as_bytes());

    let mut c = summary::criterion().configure_from_args();
    decode(&mut c, page.as_bytes());
    decode_without_union(&mut c, page.as_bytes());
    encode(&mut c, &request);
    c.final_summary();
    if !summary::measuring() {
        return;
    }

    // Criterion measures one benchmark after the other; on a shared machine, load that comes
    // and goes between them moves their ratio. Alternating pairs cancel most of that out.
    let bytes = page.as_bytes();
    let paired = [
        (
            "generated / handwritten",
            paired_ratio(
                PAIRS,
                || {
                    drop(black_box(
                        serde_json::from_slice::<OrderItemResult>(bytes).unwrap(),
                    ))
                },
                || {
                    drop(black_box(
                        serde_json::from_slice::<baseline::OrderItemResult>(bytes).unwrap(),
                    ))
                },
            ),
        ),
        (
            "generated_client_path / handwritten",
            paired_ratio(
                PAIRS,
                || drop(black_box(decode_like_client::<OrderItemResult>(bytes))),
                || {
                    drop(black_box(
                        serde_json::from_slice::<baseline::OrderItemResult>(bytes).unwrap(),
                    ))
                },
            ),
        ),
    ];

    println!("\norderItems/getAll page: {description}");
    summary::print(
        DECODE,
        &["generated", "generated_client_path", "handwritten", "value"],
        Some("handwritten"),
    );
    summary::print(
        DECODE_NO_UNION,
        &["generated", "handwritten"],
        Some("handwritten"),
    );
    summary::print(ENCODE, &["generated", "handwritten"], Some("handwritten"));
    println!(
        "{DECODE}, paired (throughput ratio, median [quartiles] of {PAIRS} alternating pairs):"
    );
    for (name, (median, low, high)) in paired {
        println!("  {name:<36} {median:.3}x [{low:.3} .. {high:.3}]");
    }
}
