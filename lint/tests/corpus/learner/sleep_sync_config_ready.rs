use std::sync::{Arc, RwLock};
use std::thread;
use std::time::Duration;

#[derive(Default, Debug)]
struct Config {
    workers: usize,
    name: String,
}

fn main() {
    let config = Arc::new(RwLock::new(Config::default()));

    let loader = {
        let config = Arc::clone(&config);
        thread::spawn(move || {
            let mut cfg = config.write().unwrap();
            cfg.workers = 4;
            cfg.name = "production".to_string();
        })
    };

    let server = {
        let config = Arc::clone(&config);
        thread::spawn(move || {
            // wait until the loader has filled in the config
            thread::sleep(Duration::from_millis(100)); //~ sleep_sync
            let cfg = config.read().unwrap();
            println!("starting {} with {} workers", cfg.name, cfg.workers);
        })
    };

    loader.join().unwrap();
    server.join().unwrap();
}
