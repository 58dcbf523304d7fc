//! Deadlines, retries within them, and the rate limiter, timed against a loopback server.
//!
//! The bounds asserted are the acceptance bounds of the client's contract; the lower bounds
//! prove the waits happened, the upper ones that nothing waited longer than it should.

mod support;

use std::time::{Duration, Instant};

use mews_connector::runtime::{ApiErrorKind, RateLimit, RetryPolicy, TimeoutLimit};
use mews_connector::{Client, Environment, Error};
use support::api::*;
use support::{MewsServer, Reply, ACCESS_TOKEN, CLIENT_NAME, CLIENT_TOKEN};

/// A server that answers every request with an empty page after `delay`.
async fn slow_server(delay: Duration) -> MewsServer {
    MewsServer::with_handler(move |_, _| Reply::ok(page(&[])).after(delay)).await
}

#[tokio::test]
async fn the_timeout_bounds_the_whole_call() {
    // Retry-safe, so a per-attempt timeout would have retried: the deadline must not.
    let server = slow_server(Duration::from_secs(5)).await;
    let client = builder(&server)
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = get_all_error(&client).await;
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(500), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(700), "{elapsed:?}");
    let Error::Timeout(timeout) = &err else {
        panic!("expected a timeout, got {err:?}");
    };
    assert_eq!(timeout.limit, TimeoutLimit::Call);
    assert_eq!(timeout.timeout, Duration::from_millis(500));
    let attempts = err.attempts().expect("attempts are reported");
    assert_eq!(attempts.count, 1);
    assert!(
        attempts.elapsed >= Duration::from_millis(500),
        "{attempts:?}"
    );
    assert!(err.to_string().contains("after 1 attempt in"), "{err}");
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn slow_attempts_are_retried_within_the_deadline() {
    let server = MewsServer::with_handler(|_, index| {
        let answer = Reply::ok(page(&[0]));
        if index < 2 {
            answer.after(Duration::from_secs(3))
        } else {
            answer
        }
    })
    .await;
    let client = builder(&server)
        .attempt_timeout(Duration::from_millis(200))
        .timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let started = Instant::now();
    let result = client
        .with_raw(|client| async move { client.order_items().get_all(&order_items(10)).await })
        .await;
    let elapsed = started.elapsed();
    let page = result.expect("the third attempt answers");
    assert_eq!(page.value.order_items.len(), 1);
    assert_eq!(
        server.request_count(),
        3,
        "two slow attempts, then the answer"
    );
    assert!(elapsed >= Duration::from_millis(400), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
}

#[tokio::test]
async fn the_last_attempt_timeout_is_reported_with_its_attempts() {
    let server = slow_server(Duration::from_secs(3)).await;
    let client = builder(&server)
        .attempt_timeout(Duration::from_millis(100))
        .timeout(Duration::from_secs(5))
        .retry(
            RetryPolicy::new()
                .with_max_attempts(2)
                .with_backoff(Duration::ZERO, Duration::ZERO),
        )
        .build()
        .unwrap();
    let err = get_all_error(&client).await;
    assert!(
        matches!(&err, Error::Timeout(t) if t.limit == TimeoutLimit::Attempt),
        "{err:?}"
    );
    assert_eq!(err.attempts().map(|a| a.count), Some(2));
    assert!(err.to_string().contains("after 2 attempts in"), "{err}");
}

#[tokio::test]
async fn retry_after_beyond_the_deadline_ends_the_call_at_once() {
    let server = MewsServer::scripted(vec![
        Reply::error(429, "slow down").with_header("Retry-After", "5"),
        order_added(),
    ])
    .await;
    let client = builder(&server)
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.orders().add(&add_order()).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    let Error::Api(api) = &err else {
        panic!("expected the 429, got {err:?}");
    };
    assert_eq!(
        api.kind,
        ApiErrorKind::TooManyRequests {
            retry_after: Some(Duration::from_secs(5))
        }
    );
    assert_eq!(api.attempts.count, 1);
    assert_eq!(server.request_count(), 1);
}

/// Arrivals recorded by the server never exceed the limit in any window of its length.
fn most_arrivals_in_any_window(arrivals: &[Instant], window: Duration) -> usize {
    let mut sorted = arrivals.to_vec();
    sorted.sort();
    (0..sorted.len())
        .map(|i| {
            sorted[i..]
                .iter()
                .take_while(|&&t| t.duration_since(sorted[i]) < window)
                .count()
        })
        .max()
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rate_limit_holds_on_the_servers_clock() {
    const CALLS: usize = 100;
    let window = Duration::from_secs(1);
    let server = MewsServer::with_handler(|_, _| order_added()).await;
    let client = builder(&server)
        .rate_limit(RateLimit::new(20, window))
        .build()
        .unwrap();
    let started = Instant::now();
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..CALLS {
        let client = client.clone();
        calls.spawn(async move { client.orders().add(&add_order()).await });
    }
    while let Some(result) = calls.join_next().await {
        result.expect("task").expect("call");
    }
    let elapsed = started.elapsed();
    let arrivals: Vec<Instant> = server.requests().iter().map(|r| r.received).collect();
    assert_eq!(arrivals.len(), CALLS);
    let most = most_arrivals_in_any_window(&arrivals, window);
    eprintln!("{CALLS} calls in {elapsed:?}; at most {most} arrivals in any {window:?}");
    assert!(most <= 20, "{most} arrivals within one window");
    // 100 calls at 20 per second: the last batch can start after 4 windows.
    let ideal = window * 4;
    assert!(elapsed >= ideal, "{elapsed:?}");
    assert!(
        elapsed <= ideal.mul_f64(1.15),
        "{elapsed:?}, ideal {ideal:?}"
    );
}

#[tokio::test]
async fn a_retried_attempt_that_may_have_reached_the_server_is_not_forgotten() {
    // The first attempt reaches a server that never answers (it times out, and Mews may have
    // run it); the server is then gone, so every retry fails to connect. The call's error must
    // still say the request may have reached the server.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let held = tokio::spawn(async move {
        let (connection, _) = listener.accept().await.unwrap();
        drop(listener);
        tokio::time::sleep(Duration::from_secs(3)).await;
        drop(connection);
    });
    let client = Client::builder()
        .environment(Environment::Custom(format!("http://{addr}")))
        .client_token(CLIENT_TOKEN)
        .access_token(ACCESS_TOKEN)
        .client(CLIENT_NAME)
        .retry(RetryPolicy::new().with_backoff(Duration::from_millis(5), Duration::from_millis(20)))
        .attempt_timeout(Duration::from_millis(200))
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let err = get_all_error(&client).await;
    let attempts = err.attempts().expect("attempts are reported");
    assert!(attempts.count >= 2, "{err:?}");
    assert!(attempts.earlier_may_have_reached_server, "{err:?}");
    assert!(err.request_may_have_reached_server(), "{err:?}");
    held.abort();
}
