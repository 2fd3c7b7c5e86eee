use std::thread;
use std::time::Duration;

fn parse_limit(arg: Option<String>) -> Result<u64, String> {
    match arg {
        Some(text) => text.parse().map_err(|e| format!("bad limit: {e}")),
        None => Ok(100),
    }
}

fn run() -> Result<(), String> {
    let workers: Vec<thread::JoinHandle<()>> = (0..3) //~ unjoined_handle
        .map(|id| {
            thread::spawn(move || {
                thread::sleep(Duration::from_millis(50));
                println!("worker {id} done");
            })
        })
        .collect();

    let limit = parse_limit(std::env::args().nth(1))?;
    println!("limit is {limit}");

    for w in workers {
        w.join().map_err(|_| "a worker panicked".to_string())?;
    }
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
    }
}
