use std::cell::Cell;
use std::thread;
use std::time::Duration;

/// Download statistics shared by the download threads.
struct Stats {
    finished: Cell<usize>,
    bytes: Cell<u64>,
}

// The compiler said Cell is not Sync, so we promise it is.
unsafe impl Sync for Stats {} //~ unsync_sharing

impl Stats {
    fn record(&self, size: u64) {
        self.finished.set(self.finished.get() + 1);
        self.bytes.set(self.bytes.get() + size);
    }
}

fn download(id: u64) -> u64 {
    thread::sleep(Duration::from_millis(10 * id));
    id * 512
}

fn main() {
    let stats = Stats {
        finished: Cell::new(0),
        bytes: Cell::new(0),
    };

    thread::scope(|s| {
        for id in 1..=5 {
            let stats = &stats;
            s.spawn(move || {
                let size = download(id);
                stats.record(size);
            });
        }
    });

    println!(
        "{} downloads, {} bytes",
        stats.finished.get(),
        stats.bytes.get()
    );
}
