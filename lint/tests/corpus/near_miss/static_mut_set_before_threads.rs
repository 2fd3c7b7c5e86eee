use std::thread;

// Set once from the command line, before any thread starts; only read after.
static mut VERBOSE: bool = false;
static mut LIMIT: u32 = 10;

fn log(msg: &str) {
    if unsafe { VERBOSE } {
        println!("[debug] {msg}");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    unsafe {
        VERBOSE = args.iter().any(|a| a == "-v");
        LIMIT = args
            .iter()
            .find_map(|a| a.strip_prefix("--limit="))
            .and_then(|n| n.parse().ok())
            .unwrap_or(10);
    }

    let handles: Vec<_> = (0..3)
        .map(|id| {
            thread::spawn(move || {
                let limit = unsafe { LIMIT };
                log(&format!("worker {id} counting to {limit}"));
                (0..limit).sum::<u32>()
            })
        })
        .collect();

    for h in handles {
        println!("sum: {}", h.join().unwrap());
    }
}
