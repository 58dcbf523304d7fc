//! Streams `orderItems/getAll` pages from a loopback server through
//! `client.order_items().get_all_stream(...)`, to show that memory does not grow with the
//! number of pages. `benches/memory.sh` runs it under `/usr/bin/time -v` (see BENCHMARKS.md).
//!
//! ```sh
//! cargo run --release --example stream_memory -- --pages 100
//! cargo run --release --example stream_memory -- --pages 10 --collect   # control: keeps items
//! ```
//! Options: `--pages N` (default 10), `--items N` per page (default 1000, at most 1000),
//! `--collect` keeps every item (a control that must grow with the pages).
//!
//! The server listens on 127.0.0.1 only, answers at most `pages` requests, and the whole run
//! is bounded by a 120 s timeout: it always stops by itself.

#[path = "../benches/payload.rs"]
mod payload;

use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use mews_connector::{Client, Environment, Limitation, OrderItemFilterParameters};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const LIMIT: Duration = Duration::from_secs(120);

struct Options {
    pages: usize,
    items: usize,
    collect: bool,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        pages: 10,
        items: 1000,
        collect: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<usize, String> {
            args.next()
                .and_then(|value| value.parse().ok())
                .ok_or_else(|| format!("{name} needs a number"))
        };
        match arg.as_str() {
            "--pages" => options.pages = number("--pages")?.max(1),
            "--items" => options.items = number("--items")?.clamp(1, 1000),
            "--collect" => options.collect = true,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(options)
}

/// Page `k` of `pages` full pages, its cursor naming the next page; past them, the empty page
/// (cursor null) with which Mews ends the data.
fn page_body(k: usize, pages: usize, items: usize) -> String {
    if k >= pages {
        return payload::order_items_page(k as u64, 0, None);
    }
    payload::order_items_page(k as u64, items, Some(&format!("page-{}", k + 1)))
}

/// Reads one HTTP/1.1 request (headers, then a `Content-Length` body) and returns its body.
///
/// Not tests/support's server: that one records every request, which in a 300-page run is
/// memory growing with the page count, the very thing this program measures.
async fn read_body(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if buffer.len() > 64 * 1024 {
            return None;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0);
    let mut body = buffer[end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(body)
}

/// Answers `pages + 1` requests (the full pages and the empty last one), one connection each,
/// choosing the page from the request's `Limitation.Cursor` (`null` is the first page), then
/// stops.
async fn serve(listener: TcpListener, pages: usize, items: usize) {
    for _ in 0..=pages {
        let Ok((mut stream, _)) = listener.accept().await else {
            return;
        };
        let Some(body) = read_body(&mut stream).await else {
            continue;
        };
        let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let k = request["Limitation"]["Cursor"]
            .as_str()
            .and_then(|cursor| cursor.strip_prefix("page-"))
            .and_then(|k| k.parse().ok())
            .unwrap_or(0);
        let page = page_body(k, pages, items);
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n",
            page.len()
        );
        let _ = stream.write_all(head.as_bytes()).await;
        let _ = stream.write_all(page.as_bytes()).await;
        let _ = stream.shutdown().await;
    }
}

/// Peak resident set size so far, from `/proc/self/status` (`VmHWM`), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}

async fn run(options: &Options) -> Result<(usize, usize), Box<dyn std::error::Error>> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let server = tokio::spawn(serve(listener, options.pages, options.items));
    let client = Client::builder()
        .environment(Environment::custom(format!("http://{address}")))
        .client_token("stream-memory-client-token")
        .access_token("stream-memory-access-token")
        .client("mews-connector stream_memory 1.0")
        // A local server: Mews' request limit would only slow the 300-page run down.
        .no_rate_limit()
        .build()?;
    let request = OrderItemFilterParameters::new(Limitation::new(options.items as i32));
    let mut items = client.order_items().get_all_stream(request);
    let mut kept = Vec::new();
    let (mut count, mut units) = (0, 0);
    while let Some(item) = items.try_next().await? {
        count += 1;
        units += item.unit_count as usize;
        if options.collect {
            kept.push(item);
        }
    }
    server.abort();
    drop(kept);
    Ok((count, units))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = options()?;
    let started = Instant::now();
    let (items, units) = tokio::time::timeout(LIMIT, run(&options))
        .await
        .map_err(|_| format!("not done after {LIMIT:?}"))??;
    let expected = options.pages * options.items;
    if items != expected {
        return Err(format!("streamed {items} items, expected {expected}").into());
    }
    println!(
        "pages={} items={items} units={units} collect={} elapsed_ms={} peak_rss_kib={}",
        options.pages,
        options.collect,
        started.elapsed().as_millis(),
        peak_rss_kib().map_or_else(|| "?".to_owned(), |kib| kib.to_string()),
    );
    Ok(())
}
