use std::thread;
use std::time::Duration;

static mut TOTAL_BYTES: u64 = 0;

fn record(bytes: u64) {
    unsafe {
        TOTAL_BYTES += bytes; //~ static_mut_race
    }
}

fn download(name: &str) -> u64 {
    // pretend we are waiting for the network
    thread::sleep(Duration::from_millis(50));
    let size = name.len() as u64 * 1024;
    record(size);
    size
}

fn main() {
    let files = ["song.mp3", "video.mp4", "notes.txt"];
    let workers: Vec<_> = files
        .iter()
        .map(|&name| {
            thread::Builder::new()
                .name(format!("download-{name}"))
                .spawn(move || download(name))
                .expect("could not spawn")
        })
        .collect();

    for worker in workers {
        let size = worker.join().unwrap();
        println!("one file: {size} bytes");
    }

    println!("total: {} bytes", unsafe { TOTAL_BYTES });
}
