//! Process-wide state the idiomatic way: `OnceLock` for configuration set once,
//! `LazyLock` for tables built on first use, atomics for counters.

use std::collections::HashMap;
use std::env;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, OnceLock};
use std::thread;

#[derive(Debug)]
pub struct Config {
    pub workers: usize,
    pub verbose: bool,
    pub prefix: String,
}

static CONFIG: OnceLock<Config> = OnceLock::new();

static STATUS_TEXT: LazyLock<HashMap<u16, &'static str>> = LazyLock::new(|| {
    HashMap::from([
        (200, "OK"),
        (301, "Moved Permanently"),
        (404, "Not Found"),
        (500, "Internal Server Error"),
    ])
});

static REQUESTS_SERVED: AtomicU64 = AtomicU64::new(0);

pub fn config() -> &'static Config {
    CONFIG.get_or_init(|| Config {
        workers: env::var("WORKERS")
            .ok()
            .and_then(|w| w.parse().ok())
            .unwrap_or(4),
        verbose: env::var_os("VERBOSE").is_some(),
        prefix: env::var("PREFIX").unwrap_or_else(|_| "/api".into()),
    })
}

fn status_line(code: u16) -> String {
    let text = STATUS_TEXT.get(&code).copied().unwrap_or("Unknown");
    format!("HTTP/1.1 {code} {text}")
}

fn serve(path: &str) -> String {
    let cfg = config();
    let code = if path.starts_with(&cfg.prefix) {
        200
    } else {
        404
    };
    let served = REQUESTS_SERVED.fetch_add(1, Ordering::Relaxed) + 1;
    if cfg.verbose {
        eprintln!("request #{served}: {path} -> {code}");
    }
    status_line(code)
}

fn main() {
    let cfg = config();
    let paths = ["/api/users", "/favicon.ico", "/api/orders", "/"];
    let responses: Vec<String> = thread::scope(|s| {
        let handles: Vec<_> = (0..cfg.workers)
            .map(|w| {
                s.spawn(move || {
                    paths
                        .iter()
                        .skip(w % paths.len())
                        .take(2)
                        .map(|p| serve(p))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker panicked"))
            .collect()
    });
    for r in &responses {
        println!("{r}");
    }
    println!(
        "{} requests served",
        REQUESTS_SERVED.load(Ordering::Relaxed)
    );
}
