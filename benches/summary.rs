//! The criterion settings shared by the benches, and a summary read back from criterion's
//! results: median time, MB/s (10^6 bytes per second) and the ratio to a baseline.

#![allow(dead_code)] // Each bench uses a different part.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use criterion::Criterion;
use serde_json::Value;

/// Where criterion writes its results: `$CRITERION_HOME`, else `$CARGO_TARGET_DIR/criterion`,
/// else `target/criterion` of this repository.
pub fn output_directory() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        PathBuf::from(home)
    } else if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        PathBuf::from(target).join("criterion")
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/criterion")
    }
}

/// When [`criterion`] was first called: results older than that are from an earlier run.
static STARTED: OnceLock<SystemTime> = OnceLock::new();

/// Modest settings so `cargo bench` stays within a few minutes on two cores.
pub fn criterion() -> Criterion {
    STARTED.get_or_init(SystemTime::now);
    Criterion::default()
        .output_directory(&output_directory())
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .sample_size(20)
}

/// Whether this run measures (`cargo bench`), rather than listing the benches or running each
/// once as a test (`cargo test --benches`): only then are the summary and extra runs worth it.
pub fn measuring() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|arg| arg == "--bench")
        && !args
            .iter()
            .any(|arg| arg == "--list" || arg == "--test" || arg == "--profile-time")
}

struct Result {
    median_ns: f64,
    low_ns: f64,
    high_ns: f64,
    bytes: Option<f64>,
}

fn read(group: &str, name: &str) -> Option<Result> {
    let dir = output_directory().join(group).join(name).join("new");
    let written = std::fs::metadata(dir.join("estimates.json"))
        .and_then(|meta| meta.modified())
        .ok()?;
    if STARTED.get().is_some_and(|started| written < *started) {
        return None; // Not measured by this run (filtered out, or left out).
    }
    let estimates: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("estimates.json")).ok()?).ok()?;
    let benchmark: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("benchmark.json")).ok()?).ok()?;
    let median = &estimates["median"];
    Some(Result {
        median_ns: median["point_estimate"].as_f64()?,
        low_ns: median["confidence_interval"]["lower_bound"].as_f64()?,
        high_ns: median["confidence_interval"]["upper_bound"].as_f64()?,
        bytes: benchmark["throughput"]["Bytes"].as_f64(),
    })
}

fn duration(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.1} µs", ns / 1e3)
    }
}

/// Prints one line per benchmark of `group` that has results: median (95% interval), MB/s,
/// and, with a `baseline`, the throughput relative to it (above 1 is faster than the baseline).
pub fn print(group: &str, names: &[&str], baseline: Option<&str>) {
    let base = baseline.and_then(|baseline| read(group, baseline));
    match baseline {
        Some(baseline) => println!(
            "{group} (median, 95% CI; MB/s = 10^6 B/s; ratio = throughput / {baseline}'s):"
        ),
        None => println!("{group} (median, 95% CI; MB/s = 10^6 B/s of input):"),
    }
    for name in names {
        let Some(result) = read(group, name) else {
            println!("  {name:<24} (not measured in this run)");
            continue;
        };
        let rate = result
            .bytes
            .map(|bytes| format!("{:>8.1} MB/s", bytes / result.median_ns * 1e3))
            .unwrap_or_default();
        let ratio = base
            .as_ref()
            .map(|base| format!("{:.3}x", base.median_ns / result.median_ns))
            .unwrap_or_default();
        println!(
            "  {name:<24} {:>10} [{} .. {}] {rate}  {ratio}",
            duration(result.median_ns),
            duration(result.low_ns),
            duration(result.high_ns),
        );
    }
}
